import type { Device } from '#shared/schemas/device.ts';
import type { TimelineEntry } from '#shared/schemas/health.ts';
import { advanceCheck, DEFAULT_FLAP_POLICY, DEFAULT_HYSTERESIS, type CheckState, type CheckTransition, type FlapPolicy } from './check-state.ts';
import { worstStatus, type DeviceHealth } from './device-status.ts';
import { detectDrift, mergeObservedFacts } from './drift.ts';
import type { IncidentPlan, OpenIncidentSummary } from './incidents.ts';
import type { CheckResult, InventoryFacts } from './probe.ts';
import { incidentTitle, timelineText, type TimelineDetail } from '#shared/messages/health.ts';

/**
 * One device, one sweep: the previous health and this sweep's results in; the next health, the
 * check transitions and what to do with the device's automatic incident out. Pure.
 */
export interface DeviceEvaluationInput {
  device: Pick<Device, 'id' | 'name' | 'kind' | 'environmentId' | 'firmware' | 'serial' | 'monitoring'>;
  previous?: DeviceHealth;
  /** Probe results and the backup results of this sweep. */
  results: readonly CheckResult[];
  facts?: InventoryFacts;
  sweepAt: string;
  /** Maintenance windows in force for this device now. */
  activeWindowIds: readonly string[];
  /** The device's open automatic incident, if one is open. */
  openIncident?: OpenIncidentSummary;
  flapPolicy?: FlapPolicy;
  /** A device failing again within this long after the monitor resolved its incident reopens it (default 30 minutes). */
  reopenWithinMs?: number;
}

export const DEFAULT_REOPEN_WITHIN_MS = 30 * 60_000;

export interface DeviceEvaluation {
  health: DeviceHealth;
  transitions: CheckTransition[];
  incident: IncidentPlan;
}

export function evaluateDevice(input: DeviceEvaluationInput): DeviceEvaluation {
  const { device, previous, sweepAt } = input;
  const hysteresis = {
    failuresToAlert: device.monitoring?.failuresToAlert ?? DEFAULT_HYSTERESIS.failuresToAlert,
    passesToRecover: device.monitoring?.passesToRecover ?? DEFAULT_HYSTERESIS.passesToRecover,
  };
  const flapPolicy = input.flapPolicy ?? DEFAULT_FLAP_POLICY;
  const before = new Map((previous?.checks ?? []).map((check) => [check.name, check]));
  // One result per name (the last wins); checks that report nothing any more are dropped.
  const latest = new Map(input.results.map((result) => [result.name, result]));
  const checks: CheckState[] = [];
  const transitions: CheckTransition[] = [];
  for (const result of latest.values()) {
    const advanced = advanceCheck(before.get(result.name), result, hysteresis, flapPolicy);
    checks.push(advanced.state);
    transitions.push(...advanced.transitions);
  }
  const status = worstStatus(checks.map((check) => check.status));
  const observed = mergeObservedFacts(previous?.observed, input.facts, sweepAt);
  const inMaintenance = input.activeWindowIds.length > 0;
  const health: DeviceHealth = {
    deviceId: device.id,
    name: device.name,
    kind: device.kind,
    environmentId: device.environmentId,
    status,
    since: previous && previous.status === status ? previous.since : sweepAt,
    checks,
    flapping: checks.some((check) => check.flapping),
    inMaintenance,
    maintenanceWindowIds: [...input.activeWindowIds],
    ...(input.openIncident ? { openIncidentId: input.openIncident.id } : {}),
    ...(observed ? { observed } : {}),
    drift: detectDrift(device, observed),
    lastSweepAt: sweepAt,
    ...(previous?.rolledUpThrough ? { rolledUpThrough: previous.rolledUpThrough } : {}),
    ...(previous?.lastResolvedIncident ? { lastResolvedIncident: previous.lastResolvedIncident } : {}),
  };
  const incident = planIncident(input, health, transitions, hysteresis.passesToRecover, flapPolicy);
  return { health, transitions, incident };
}

function planIncident(input: DeviceEvaluationInput, health: DeviceHealth, transitions: readonly CheckTransition[], passesToRecover: number, flapPolicy: FlapPolicy): IncidentPlan {
  const at = input.sweepAt;
  const open = input.openIncident;
  // Each check named with its message at the time: "ping: no answer within 5,000 ms".
  const details = (names: readonly string[]): TimelineDetail[] =>
    names.map((name) => {
      const check = health.checks.find((candidate) => candidate.name === name);
      return {
        check: name,
        ...(check?.message !== undefined ? { message: check.message } : {}),
        ...(check?.messageCode !== undefined ? { messageCode: check.messageCode } : {}),
        ...(check?.messageParams !== undefined ? { messageParams: check.messageParams } : {}),
      };
    });
  const becameCritical = transitions.filter((transition) => transition.kind === 'became-critical').map((transition) => transition.check);

  if (!open) {
    // Resolved by a person while the device was still failing (last sweep had an open incident, none
    // is open now, the checks are still critical): the monitor does not take the person's word for it
    // and opens a new incident that says why. (A resolved-by-hand incident is never reopened.)
    const resolvedWhileFailing = becameCritical.length === 0 && input.previous?.openIncidentId !== undefined;
    const stillCritical = resolvedWhileFailing ? health.checks.filter((check) => check.status === 'critical').map((check) => check.name) : [];
    if (stillCritical.length > 0) {
      return {
        action: 'open',
        ...incidentTitle(health.name, stillCritical),
        checks: stillCritical,
        planned: health.inMaintenance,
        flapping: false,
        entries: [{ at, type: 'opened', ...timelineText('incident.opened-still-critical', { incident: input.previous?.openIncidentId }, details(stillCritical)) }],
      };
    }
    if (becameCritical.length === 0) return { action: 'none' };
    const planned = health.inMaintenance;
    const recent = health.lastResolvedIncident;
    const reopen = recent && Date.parse(at) - Date.parse(recent.resolvedAt) <= (input.reopenWithinMs ?? DEFAULT_REOPEN_WITHIN_MS);
    const flappingChecks = health.checks.filter((check) => check.flapping && check.recent.includes('c')).map((check) => check.name);
    return {
      action: 'open',
      ...(reopen ? { reopenIncidentId: recent.id } : {}),
      ...incidentTitle(health.name, becameCritical),
      checks: becameCritical,
      planned,
      flapping: flappingChecks.length > 0,
      entries: [
        { at, type: 'opened', ...timelineText(planned ? 'incident.opened-planned' : 'incident.opened', {}, details(becameCritical)) },
        ...flappingChecks.map((check): TimelineEntry => ({ at, type: 'flapping-started', ...flappingText(check, flapPolicy) })),
      ],
    };
  }

  const entries: TimelineEntry[] = [];
  for (const transition of transitions) {
    // While a check flaps its individual changes are not noted: the flapping mark says it once.
    if (transition.kind === 'became-critical' && !transition.flapping) entries.push({ at, type: 'check-critical', ...timelineText('incident.check-critical', {}, details([transition.check])) });
    if (transition.kind === 'recovered' && !transition.flapping) entries.push({ at, type: 'check-recovered', ...timelineText('incident.check-recovered', {}, details([transition.check])) });
    if (transition.kind === 'flapping-started') entries.push({ at, type: 'flapping-started', ...flappingText(transition.check, flapPolicy) });
    if (transition.kind === 'flapping-stopped') entries.push({ at, type: 'flapping-stopped', ...timelineText('incident.flapping-stopped', { check: transition.check }) });
  }
  // Only a check that flaps into critical holds the incident open; an ok/warning flapper does not.
  const flappingIntoCritical = health.checks.some((check) => check.flapping && check.recent.includes('c'));
  const flapping = flappingIntoCritical !== open.flapping ? flappingIntoCritical : undefined;
  const stillCritical = health.checks.some((check) => check.status === 'critical');
  const resolveNote = !stillCritical && !flappingIntoCritical ? timelineText('incident.resolved-by-monitor', { count: passesToRecover }) : undefined;
  let planned: boolean | undefined;
  // A recovering incident keeps what it was; one that stays open follows the maintenance window.
  if (open.planned !== health.inMaintenance && resolveNote === undefined) {
    planned = health.inMaintenance;
    entries.push(
      planned
        ? { at, type: 'maintenance-started', ...timelineText('incident.maintenance-started') }
        : { at, type: 'maintenance-ended', ...timelineText('incident.maintenance-ended') },
    );
  }
  if (entries.length === 0 && becameCritical.length === 0 && planned === undefined && flapping === undefined && resolveNote === undefined) return { action: 'none' };
  return {
    action: 'update',
    incidentId: open.id,
    entries,
    addChecks: becameCritical,
    ...(planned !== undefined ? { planned } : {}),
    ...(flapping !== undefined ? { flapping } : {}),
    ...(resolveNote !== undefined ? { resolveNote } : {}),
  };
}

function flappingText(check: string, flapPolicy: FlapPolicy) {
  return timelineText('incident.flapping-started', { check, changes: flapPolicy.startChanges, window: flapPolicy.window });
}
