import type { Device } from '#shared/schemas/device.ts';
import type { TimelineEntry } from '#shared/schemas/health.ts';
import { advanceCheck, DEFAULT_FLAP_POLICY, DEFAULT_HYSTERESIS, type CheckState, type CheckTransition, type FlapPolicy } from './check-state.ts';
import { worstStatus, type DeviceHealth } from './device-status.ts';
import { detectDrift, mergeObservedFacts } from './drift.ts';
import type { IncidentPlan, OpenIncidentSummary } from './incidents.ts';
import type { CheckResult, InventoryFacts } from './probe.ts';

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
  const message = (name: string) => health.checks.find((check) => check.name === name)?.message;
  const describe = (name: string) => `${name}${message(name) ? `: ${message(name)}` : ''}`;
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
        title: `${health.name}: ${stillCritical.join(', ')} critical`,
        checks: stillCritical,
        planned: health.inMaintenance,
        flapping: false,
        entries: [{ at, type: 'opened', text: `still critical after incident ${input.previous?.openIncidentId} was resolved: ${stillCritical.map(describe).join('; ')}` }],
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
      title: `${health.name}: ${becameCritical.join(', ')} critical`,
      checks: becameCritical,
      planned,
      flapping: flappingChecks.length > 0,
      entries: [
        {
          at,
          type: 'opened',
          text: `${becameCritical.map(describe).join('; ')}${planned ? ' (inside a maintenance window: planned, not alerted)' : ''}`,
        },
        ...flappingChecks.map((check): TimelineEntry => ({ at, type: 'flapping-started', text: flappingText(check, flapPolicy) })),
      ],
    };
  }

  const entries: TimelineEntry[] = [];
  for (const transition of transitions) {
    // While a check flaps its individual changes are not noted: the flapping mark says it once.
    if (transition.kind === 'became-critical' && !transition.flapping) entries.push({ at, type: 'check-critical', text: describe(transition.check) });
    if (transition.kind === 'recovered' && !transition.flapping) entries.push({ at, type: 'check-recovered', text: describe(transition.check) });
    if (transition.kind === 'flapping-started') entries.push({ at, type: 'flapping-started', text: flappingText(transition.check, flapPolicy) });
    if (transition.kind === 'flapping-stopped') entries.push({ at, type: 'flapping-stopped', text: `${transition.check} has stopped flapping` });
  }
  // Only a check that flaps into critical holds the incident open; an ok/warning flapper does not.
  const flappingIntoCritical = health.checks.some((check) => check.flapping && check.recent.includes('c'));
  const flapping = flappingIntoCritical !== open.flapping ? flappingIntoCritical : undefined;
  const stillCritical = health.checks.some((check) => check.status === 'critical');
  const resolveNote =
    !stillCritical && !flappingIntoCritical
      ? `recovered: no check is critical any more (each passed ${passesToRecover} time${passesToRecover === 1 ? '' : 's'} in a row); resolved by the monitor`
      : undefined;
  let planned: boolean | undefined;
  // A recovering incident keeps what it was; one that stays open follows the maintenance window.
  if (open.planned !== health.inMaintenance && resolveNote === undefined) {
    planned = health.inMaintenance;
    entries.push(
      planned
        ? { at, type: 'maintenance-started', text: 'a maintenance window started: planned, not alerted' }
        : { at, type: 'maintenance-ended', text: 'the maintenance window ended and the device is still not healthy: alerts apply again' },
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

function flappingText(check: string, flapPolicy: FlapPolicy): string {
  return `${check} is flapping (${flapPolicy.startChanges}+ changes in its last ${flapPolicy.window} results); its changes are no longer noted one by one`;
}
