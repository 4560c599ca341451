import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceCheck, countChanges, type CheckState, type CheckTransition } from '#shared/domain/health/check-state.ts';
import type { CheckStatus } from '#shared/domain/health/probe.ts';

const T0 = Date.parse('2025-03-14T10:00:00Z');

/** Feeds raw statuses one per minute; returns every state and every transition. */
function run(statuses: CheckStatus[], policy = { failuresToAlert: 3, passesToRecover: 2 }) {
  let state: CheckState | undefined;
  const states: CheckState[] = [];
  const transitions: CheckTransition[] = [];
  statuses.forEach((status, index) => {
    const result = { name: 'ping', type: 'tcp' as const, status, observedAt: new Date(T0 + index * 60_000).toISOString(), message: status };
    const next = advanceCheck(state, result, policy);
    state = next.state;
    states.push(next.state);
    transitions.push(...next.transitions);
  });
  return { states, transitions, effective: states.map((s) => s.status) };
}

describe('hysteresis', () => {
  it('goes critical only on the third failure in a row; earlier failures show as warning', () => {
    const { effective, transitions } = run(['ok', 'critical', 'critical', 'critical', 'critical']);
    expect(effective).toEqual(['ok', 'warning', 'warning', 'critical', 'critical']);
    expect(transitions.filter((t) => t.kind === 'became-critical')).toHaveLength(1);
    expect(transitions[0]).toMatchObject({ kind: 'became-critical', at: new Date(T0 + 3 * 60_000).toISOString() });
  });

  it('does not alert when failures are interrupted by a pass', () => {
    const { effective, transitions } = run(['critical', 'critical', 'ok', 'critical', 'critical', 'ok']);
    expect(effective).not.toContain('critical');
    expect(transitions.some((t) => t.kind === 'became-critical')).toBe(false);
  });

  it('recovers only after two passes in a row, and a warning counts as a pass', () => {
    const { effective, transitions } = run(['critical', 'critical', 'critical', 'ok', 'critical', 'warning', 'ok']);
    expect(effective).toEqual(['warning', 'warning', 'critical', 'critical', 'critical', 'critical', 'ok']);
    const recovered = transitions.filter((t) => t.kind === 'recovered');
    expect(recovered).toHaveLength(1);
    expect(recovered[0]?.at).toBe(new Date(T0 + 6 * 60_000).toISOString());
  });

  it('recovers into warning when the passing result is a warning', () => {
    const { effective } = run(['critical', 'critical', 'critical', 'warning', 'warning']);
    expect(effective.at(-1)).toBe('warning');
  });

  it('never clears a critical on unknown, and unknown breaks a pass streak', () => {
    const { effective } = run(['critical', 'critical', 'critical', 'unknown', 'ok', 'unknown', 'ok', 'ok']);
    expect(effective).toEqual(['warning', 'warning', 'critical', 'critical', 'critical', 'critical', 'critical', 'ok']);
  });

  it('shows unknown as unknown when nothing was critical', () => {
    expect(run(['ok', 'unknown']).effective).toEqual(['ok', 'unknown']);
  });

  it('honours the device’s own policy (1 failure alerts, 1 pass recovers)', () => {
    const { effective } = run(['critical', 'ok'], { failuresToAlert: 1, passesToRecover: 1 });
    expect(effective).toEqual(['critical', 'ok']);
  });

  it('keeps `since` at the moment the effective status last changed', () => {
    const { states } = run(['ok', 'ok', 'critical', 'critical', 'critical', 'critical']);
    expect(states[1]?.since).toBe(new Date(T0).toISOString());
    expect(states[5]?.since).toBe(new Date(T0 + 4 * 60_000).toISOString());
  });

  it('property: critical is never reached without N raw criticals in a row, and never left without M passes in a row', () => {
    const status = fc.constantFrom<CheckStatus>('ok', 'warning', 'critical', 'unknown');
    fc.assert(
      fc.property(fc.array(status, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (raws, n, m) => {
        const { effective } = run(raws, { failuresToAlert: n, passesToRecover: m });
        for (let i = 0; i < raws.length; i++) {
          const was = i === 0 ? undefined : effective[i - 1];
          if (effective[i] === 'critical' && was !== 'critical') {
            expect(i + 1).toBeGreaterThanOrEqual(n);
            expect(raws.slice(i + 1 - n, i + 1).every((raw) => raw === 'critical')).toBe(true);
          }
          if (was === 'critical' && effective[i] !== 'critical') {
            expect(raws.slice(i + 1 - m, i + 1).every((raw) => raw === 'ok' || raw === 'warning')).toBe(true);
          }
        }
      }),
    );
  });
});

describe('flapping', () => {
  it('is marked once changes pile up, noted by one transition, and unmarked after the check settles', () => {
    const flappy: CheckStatus[] = ['critical', 'ok', 'critical', 'ok', 'critical', 'ok', 'critical'];
    const steady: CheckStatus[] = Array(20).fill('ok');
    const { states, transitions } = run([...flappy, ...steady]);
    const started = transitions.filter((t) => t.kind === 'flapping-started');
    expect(started).toHaveLength(1);
    // The sixth change (on the seventh result) starts the mark.
    expect(states[5]?.flapping).toBe(false);
    expect(states[6]?.flapping).toBe(true);
    const stopped = transitions.filter((t) => t.kind === 'flapping-stopped');
    expect(stopped).toHaveLength(1);
    expect(states.at(-1)?.flapping).toBe(false);
    // It stays marked while the window still holds more than two changes: no flapping of the mark itself.
    const firstUnmarked = states.findIndex((s, i) => i > 6 && !s.flapping);
    expect(countChanges(states[firstUnmarked]?.recent ?? '')).toBeLessThanOrEqual(2);
    expect(countChanges(states[firstUnmarked - 1]?.recent ?? '')).toBeGreaterThan(2);
  });

  it('marks a check that alternates critical/ok through the hysteresis, and flags its transitions as flapping', () => {
    const cycle: CheckStatus[] = ['critical', 'critical', 'critical', 'ok', 'ok'];
    const { transitions } = run([...cycle, ...cycle, ...cycle, ...cycle]);
    const critical = transitions.filter((t) => t.kind === 'became-critical');
    expect(critical.length).toBe(4);
    expect(critical[0]?.flapping).toBe(false);
    expect(critical.at(-1)?.flapping).toBe(true);
  });

  it('does not mark one outage and its recovery', () => {
    const { states } = run(['ok', 'critical', 'critical', 'critical', 'critical', 'ok', 'ok', 'ok']);
    expect(states.some((s) => s.flapping)).toBe(false);
  });

  it('keeps only the last 20 raw statuses', () => {
    const { states } = run(Array(30).fill('ok'));
    expect(states.at(-1)?.recent).toHaveLength(20);
  });
});
