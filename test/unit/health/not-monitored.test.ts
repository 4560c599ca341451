import { describe, expect, it } from 'vitest';
import { summarizeEnvironment, type BoardEntry } from '#shared/domain/health/device-status.ts';
import { checkState, deviceHealth } from '../../support/health-fixtures.ts';

/**
 * A device without checks has nothing to judge: the board counts it as "not monitored", never as
 * a monitored device whose state is unknown (issue 11: 37 of 45 "Ukjent" were devices without checks).
 */
const at = '2026-11-27T10:00:00.000Z';
const now = new Date(at);

describe('an environment summary', () => {
  it('counts devices without checks apart, and only checked devices per status and kind', () => {
    const board: BoardEntry[] = [
      { deviceId: 'fw', health: deviceHealth('fw', at, { kind: 'firewall' }) },
      { deviceId: 'sw-unknown', health: deviceHealth('sw-unknown', at, { kind: 'switch', status: 'unknown', checks: [checkState('ping', at, { status: 'unknown', rawStatus: 'unknown' })] }) },
      { deviceId: 'ap-1', health: deviceHealth('ap-1', at, { kind: 'storage', status: 'unknown', checks: [] }) },
      { deviceId: 'ap-2', health: deviceHealth('ap-2', at, { kind: 'storage', status: 'unknown', checks: [] }) },
    ];
    const summary = summarizeEnvironment(board, [], now);
    expect(summary.devices).toBe(2);
    expect(summary.notMonitored).toBe(2);
    expect(summary.byStatus).toEqual({ ok: 1, warning: 0, critical: 0, unknown: 1 });
    expect(summary.byKind['storage']).toBeUndefined();
    expect(summary.lastSweepAt).toBe(at);
  });

  it('counts monitored devices with a flapping check', () => {
    const flapping = deviceHealth('rt', at, { kind: 'router', flapping: true, checks: [checkState('wan', at, { flapping: true })] });
    const summary = summarizeEnvironment([{ deviceId: 'rt', health: flapping }, { deviceId: 'fw', health: deviceHealth('fw', at) }], [], now);
    expect(summary.flapping).toBe(1);
    expect(summary.notMonitored).toBe(0);
  });
});
