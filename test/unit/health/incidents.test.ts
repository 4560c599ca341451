import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '#shared/domain/errors.ts';
import type { DeviceHealth } from '#shared/domain/health/device-status.ts';
import { evaluateDevice, type DeviceEvaluation } from '#shared/domain/health/evaluate.ts';
import {
  acknowledgeIncident,
  applyIncidentUpdate,
  canReopen,
  commentOnIncident,
  newIncidentId,
  openAutomaticIncident,
  openManualIncident,
  reopenIncident,
  resolveIncident,
  summaryOf,
  type IncidentRecord,
  type OpenIncidentSummary,
} from '#shared/domain/health/incidents.ts';
import type { CheckStatus } from '#shared/domain/health/probe.ts';
import type { Device } from '#shared/schemas/device.ts';

const device: Pick<Device, 'id' | 'name' | 'kind' | 'environmentId' | 'firmware' | 'serial' | 'monitoring'> = {
  id: 'fw-1',
  name: 'Brannmur 1',
  kind: 'firewall',
  environmentId: 'e',
  firmware: '7.2.5',
  serial: 'SN1',
  monitoring: { checks: [], failuresToAlert: 3, passesToRecover: 2 },
};

/**
 * Drives a device sweep by sweep with one check's raw statuses, keeping its automatic incident the
 * way the sweep does (open → update → resolve), and returns every evaluation and the incident.
 */
function simulate(statuses: Array<CheckStatus | { status: CheckStatus; maintenance: boolean }>) {
  let previous: DeviceHealth | undefined;
  let incident: IncidentRecord | undefined;
  const evaluations: DeviceEvaluation[] = [];
  const opened: string[] = [];
  statuses.forEach((step, index) => {
    const { status, maintenance } = typeof step === 'string' ? { status: step, maintenance: false } : step;
    const sweepAt = new Date(Date.parse('2025-03-14T10:00:00Z') + index * 60_000).toISOString();
    const open: OpenIncidentSummary | undefined = incident && incident.state !== 'resolved' ? summaryOf(incident) : undefined;
    const evaluation = evaluateDevice({
      device,
      ...(previous ? { previous } : {}),
      results: [{ name: 'ping', type: 'tcp', status, observedAt: sweepAt, message: `ping ${status}` }],
      sweepAt,
      activeWindowIds: maintenance ? ['mw-1'] : [],
      ...(open ? { openIncident: open } : {}),
    });
    // What the sweep does with the plan (environment-sweep.ts carries it out through the store).
    const plan = evaluation.incident;
    if (plan.action === 'open') {
      if (plan.reopenIncidentId && incident?.id === plan.reopenIncidentId && canReopen(incident)) incident = reopenIncident(incident, plan, sweepAt);
      else {
        incident = openAutomaticIncident(newIncidentId(new Date(sweepAt)), 'e', device.id, sweepAt, plan);
        opened.push(incident.id);
      }
      delete evaluation.health.lastResolvedIncident;
    } else if (plan.action === 'update' && incident) {
      incident = applyIncidentUpdate(incident, plan, sweepAt);
      if (incident.state === 'resolved') evaluation.health.lastResolvedIncident = { id: incident.id, resolvedAt: sweepAt };
    }
    evaluations.push(evaluation);
    previous = evaluation.health;
  });
  return { evaluations, incident, opened };
}

describe('automatic incidents', () => {
  it('open when a check goes critical (after hysteresis) and resolve on recovery with a note', () => {
    const { evaluations, incident, opened } = simulate(['ok', 'critical', 'critical', 'critical', 'critical', 'ok', 'ok', 'ok']);
    expect(opened).toHaveLength(1);
    expect(evaluations[3]?.incident).toMatchObject({ action: 'open', planned: false, checks: ['ping'] });
    expect(evaluations[4]?.incident).toEqual({ action: 'none' });
    expect(evaluations[6]?.incident).toMatchObject({ action: 'update', resolveNote: { textCode: 'incident.resolved-by-monitor', textParams: { count: 2 }, text: expect.stringMatching(/^recovered/) } });
    expect(incident?.state).toBe('resolved');
    expect(incident?.resolvedBy).toBeUndefined();
    expect(incident?.timeline.map((entry) => entry.type)).toEqual(['opened', 'check-recovered', 'resolved']);
    expect(incident?.timeline.at(-1)?.text).toMatch(/passed 2 times in a row/);
  });

  it('open a new incident, saying why, when a person resolved one while the device was still failing', () => {
    // Critical from the 4th sweep; after sweep 5 an operator resolves it by hand; sweep 6 still fails.
    const first = simulate(['ok', 'critical', 'critical', 'critical', 'critical']);
    const resolvedByHand = resolveIncident(first.incident!, 'kari', '2025-03-14T10:04:30.000Z', 'restarted');
    const previous = first.evaluations.at(-1)!.health;
    expect(previous.openIncidentId).toBe(resolvedByHand.id);
    const sweepAt = '2025-03-14T10:05:00.000Z';
    const next = evaluateDevice({ device, previous, results: [{ name: 'ping', type: 'tcp', status: 'critical', observedAt: sweepAt, message: 'ping critical' }], sweepAt, activeWindowIds: [] });
    expect(next.incident).toMatchObject({ action: 'open', checks: ['ping'], title: 'Brannmur 1: ping critical' });
    expect(next.incident.action === 'open' && next.incident.reopenIncidentId).toBeFalsy();
    expect(next.incident.action === 'open' && next.incident.entries[0]?.text).toBe(`still critical after incident ${resolvedByHand.id} was resolved: ping: ping critical`);
    // Without an incident to have been resolved (none was open last sweep), a device still critical opens nothing new.
    const { openIncidentId: _none, ...withoutIncident } = previous;
    const quiet = evaluateDevice({ device, previous: withoutIncident, results: [{ name: 'ping', type: 'tcp', status: 'critical', observedAt: sweepAt }], sweepAt, activeWindowIds: [] });
    expect(quiet.incident).toEqual({ action: 'none' });
  });

  it('are not opened for failures the hysteresis absorbs', () => {
    expect(simulate(['critical', 'critical', 'ok', 'critical', 'ok']).opened).toEqual([]);
  });

  it('inside a maintenance window are marked planned, and become unplanned when the window ends with the device still down', () => {
    const down = { status: 'critical' as const, maintenance: true };
    const { incident, evaluations } = simulate([down, down, down, { status: 'critical', maintenance: false }]);
    expect(evaluations[2]?.incident).toMatchObject({ action: 'open', planned: true });
    expect(evaluations[2]?.health.inMaintenance).toBe(true);
    expect(incident?.planned).toBe(false);
    expect(incident?.timeline.map((entry) => entry.type)).toEqual(['opened', 'maintenance-ended']);
  });

  it('a planned incident that recovers inside the window stays planned', () => {
    const { incident } = simulate(['critical', 'critical', 'critical', 'ok', 'ok'].map((status) => ({ status: status as CheckStatus, maintenance: true })));
    expect(incident).toMatchObject({ state: 'resolved', planned: true });
  });

  it('a device failing again soon after recovering reopens its incident; much later it gets a new one', () => {
    const outage: CheckStatus[] = ['critical', 'critical', 'critical', 'ok', 'ok'];
    const soon = simulate([...outage, ...Array<CheckStatus>(10).fill('ok'), ...outage]);
    expect(soon.opened).toHaveLength(1);
    expect(soon.incident?.timeline.map((entry) => entry.type)).toEqual(['opened', 'check-recovered', 'resolved', 'reopened', 'check-recovered', 'resolved']);
    const later = simulate([...outage, ...Array<CheckStatus>(40).fill('ok'), ...outage]);
    expect(later.opened).toHaveLength(2);
  });

  it('a flapping check yields one incident, held open while it flaps, its changes not noted one by one', () => {
    const cycle: CheckStatus[] = ['critical', 'critical', 'critical', 'ok', 'ok'];
    const flapping = [...cycle, ...cycle, ...cycle, ...cycle, ...cycle, ...cycle];
    const { opened, incident, evaluations } = simulate([...flapping, ...Array<CheckStatus>(25).fill('ok')]);
    // Without reopening and flapping control this would be six incidents.
    expect(opened).toHaveLength(1);
    const types = incident?.timeline.map((entry) => entry.type) ?? [];
    expect(types.filter((type) => type === 'flapping-started')).toHaveLength(1);
    // From the flapping mark on, nothing is noted per change until the check settles.
    const marked = types.indexOf('flapping-started');
    const settled = types.indexOf('flapping-stopped');
    expect(settled).toBeGreaterThan(marked);
    expect(types.slice(marked + 1, settled).filter((type) => ['check-critical', 'check-recovered', 'reopened', 'resolved'].includes(type))).toEqual([]);
    // Still open at the end of the flapping stretch, resolved by the monitor once the check settled.
    const lastResolve = evaluations.findLastIndex((evaluation) => evaluation.incident.action === 'update' && evaluation.incident.resolveNote !== undefined);
    expect(lastResolve).toBeGreaterThan(flapping.length);
    expect(incident).toMatchObject({ state: 'resolved', flapping: false });
  });
});

describe('incident lifecycle', () => {
  const at = '2025-03-14T10:00:00.000Z';
  const manual = () =>
    openManualIncident({ id: newIncidentId(new Date(at), () => 'abc123'), environmentId: 'e', title: 'Fiber cut', severity: 'critical', by: 'op', at, planned: false });

  it('has sortable, slug-shaped ids', () => {
    expect(newIncidentId(new Date(at), () => 'abc123')).toBe('inc-20250314t100000000-abc123');
    expect(newIncidentId(new Date('2025-03-14T10:00:01Z')) > newIncidentId(new Date(at))).toBe(true);
  });

  it('goes open → acknowledged → resolved, with comments in any state, each on the timeline', () => {
    let incident = manual();
    incident = acknowledgeIncident(incident, 'kari', '2025-03-14T10:05:00.000Z', 'on my way');
    incident = commentOnIncident(incident, 'kari', '2025-03-14T10:20:00.000Z', 'supplier notified');
    incident = resolveIncident(incident, 'kari', '2025-03-14T11:00:00.000Z', 'spliced');
    incident = commentOnIncident(incident, 'ola', '2025-03-15T09:00:00.000Z', 'post-mortem on Monday');
    expect(incident).toMatchObject({ state: 'resolved', acknowledgedBy: 'kari', resolvedBy: 'kari', resolvedAt: '2025-03-14T11:00:00.000Z' });
    expect(incident.timeline.map((entry) => [entry.type, entry.by, entry.text])).toEqual([
      ['opened', 'op', 'Fiber cut'],
      ['acknowledged', 'kari', 'on my way'],
      ['comment', 'kari', 'supplier notified'],
      ['resolved', 'kari', 'spliced'],
      ['comment', 'ola', 'post-mortem on Monday'],
    ]);
  });

  it('refuses a second acknowledgement and acting on a resolved incident', () => {
    const acknowledged = acknowledgeIncident(manual(), 'kari', at);
    expect(() => acknowledgeIncident(acknowledged, 'ola', at)).toThrow(RuleViolationError);
    const resolved = resolveIncident(acknowledged, 'kari', at);
    expect(() => resolveIncident(resolved, 'ola', at)).toThrow(/resolved already/);
    expect(() => acknowledgeIncident(resolved, 'ola', at)).toThrow(RuleViolationError);
  });

  it('a sweep leaves an incident resolved by hand alone', () => {
    const resolved = resolveIncident(manual(), 'kari', at);
    expect(applyIncidentUpdate(resolved, { action: 'update', incidentId: resolved.id, entries: [], addChecks: ['x'], resolveNote: 'recovered' }, at)).toBe(resolved);
  });
});

describe('drift on the board', () => {
  it('comes from collected facts and never changes the registered values', () => {
    const evaluation = evaluateDevice({
      device,
      results: [],
      facts: { firmware: '7.4.1', serial: 'SN1' },
      sweepAt: '2025-03-14T10:00:00.000Z',
      activeWindowIds: [],
    });
    expect(evaluation.health.drift).toEqual([{ field: 'firmware', kind: 'mismatch', registered: '7.2.5', observed: '7.4.1', observedAt: '2025-03-14T10:00:00.000Z' }]);
    expect(evaluation.health.observed?.firmware).toBe('7.4.1');
    expect(device.firmware).toBe('7.2.5');
    expect(evaluation.health.status).toBe('unknown');
  });
});
