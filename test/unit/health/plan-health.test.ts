import { describe, expect, it } from 'vitest';
import { incidentIdPrefix, newIncidentId } from '#shared/domain/health/incidents.ts';
import { criticalTime, healthSummaryOf, healthWindows, incidentCounts, type IncidentFacts } from '#shared/domain/health/plan-health.ts';
import { rollupHour, sampleBucketOf } from '#shared/domain/health/samples.ts';
import { isUnhealthy } from '#shared/domain/reinvestment/health-summary.ts';

// As of 2025-06-30 the windows end at 2025-07-01T00:00Z (the whole of asOf is in them):
// 90 days back is 2025-04-02T00:00Z, 365 days back is 2024-07-01T00:00Z.
const windows = healthWindows('2025-06-30');
const rollup = (hour: string, sweeps: number, critical: number) => ({ hour, device: { sweeps, critical } });
/** An incident's counted facts; `deviceId` null for an incident about no device. */
const incident = (openedAt: string, deviceId: string | null = 'd', planned = false): IncidentFacts => ({ openedAt, planned, ...(deviceId !== null ? { deviceId } : {}) });

describe('health figures for the reinvestment plan', () => {
  describe('windows', () => {
    it('are whole UTC days ending with asOf: 90 days for the critical share, 365 for incidents', () => {
      expect(windows.critical).toEqual({ from: new Date('2025-04-02T00:00:00.000Z'), to: new Date('2025-07-01T00:00:00.000Z') });
      expect(windows.incidents).toEqual({ from: new Date('2024-07-01T00:00:00.000Z'), to: new Date('2025-07-01T00:00:00.000Z') });
      // Over a leap day the 365 days start one calendar day later.
      expect(healthWindows('2024-06-30').incidents.from).toEqual(new Date('2023-07-02T00:00:00.000Z'));
    });

    it('refuse anything but a date', () => {
      expect(() => healthWindows('2025-06-30T10:00:00Z')).toThrow(RangeError);
      expect(() => healthWindows('2025-13-45')).toThrow(/asOf must be a date/);
    });
  });

  describe('critical share of the last 90 days', () => {
    it('sums the roll-ups whose hour starts in the window: the first hour in, the hour at its end out', () => {
      const time = criticalTime(
        [
          rollup('2025-04-01T23:00:00.000Z', 60, 60), // the hour before the window
          rollup('2025-04-02T00:00:00.000Z', 60, 30), // the window's first hour
          rollup('2025-06-30T23:00:00.000Z', 60, 0), // its last hour
          rollup('2025-07-01T00:00:00.000Z', 60, 60), // after it
        ],
        windows.critical,
      );
      expect(time).toEqual({ observedSweeps: 120, criticalSweeps: 30 });
    });

    it('skips roll-ups written before the device status was recorded: that time was not observed', () => {
      const time = criticalTime([{ hour: '2025-05-01T10:00:00.000Z' }, rollup('2025-05-01T11:00:00.000Z', 12, 3)], windows.critical);
      expect(time).toEqual({ observedSweeps: 12, criticalSweeps: 3 });
    });

    it('is a share of the observed sweeps, and exactly 10 % is enough to pull forward', () => {
      const tenPercent = healthSummaryOf({ observedSweeps: 600, criticalSweeps: 60 }, 0)!;
      expect(tenPercent).toEqual({ criticalFractionLast90Days: 0.1, incidentsLast365Days: 0, observedSweepsLast90Days: 600, criticalSweepsLast90Days: 60 });
      expect(isUnhealthy(tenPercent)).toBe(true);
      // One critical sweep fewer is below the threshold.
      expect(isUnhealthy(healthSummaryOf({ observedSweeps: 600, criticalSweeps: 59 }, 0)!)).toBe(false);
      // Any ratio that is exactly a tenth is at the threshold (division rounds to the same number as 0.1).
      for (const observed of [10, 30, 70, 90, 1230, 2160 * 60]) expect(isUnhealthy(healthSummaryOf({ observedSweeps: observed, criticalSweeps: observed / 10 }, 0)!)).toBe(true);
    });

    it('gives no share for a device never observed: only incidents can move it, and with none there are no figures', () => {
      expect(healthSummaryOf({ observedSweeps: 0, criticalSweeps: 0 }, 0)).toBeUndefined();
      const incidentsOnly = healthSummaryOf({ observedSweeps: 0, criticalSweeps: 0 }, 3)!;
      expect(incidentsOnly).toEqual({ criticalFractionLast90Days: null, incidentsLast365Days: 3 });
      expect(isUnhealthy(incidentsOnly)).toBe(true);
      expect(isUnhealthy(healthSummaryOf({ observedSweeps: 0, criticalSweeps: 0 }, 2)!)).toBe(false);
    });
  });

  describe('incidents in the last 365 days', () => {
    it('counts incidents opened in the window per device: its first millisecond in, its end out', () => {
      const counts = incidentCounts(
        [
          incident('2024-06-30T23:59:59.999Z'), // 365 days and a millisecond ago: ignored
          incident('2024-07-01T00:00:00.000Z'), // the window's first instant
          incident('2025-01-15T08:00:00.000Z'),
          incident('2025-06-30T23:59:59.999Z'), // the last instant of asOf
          incident('2025-07-01T00:00:00.000Z'), // after asOf
          incident('2025-02-01T00:00:00.000Z', 'other'),
        ],
        windows.incidents,
      );
      expect(counts).toEqual(
        new Map([
          ['d', 3],
          ['other', 1],
        ]),
      );
      expect(isUnhealthy({ criticalFractionLast90Days: 0, incidentsLast365Days: counts.get('d')! })).toBe(true);
    });

    it('ignores planned incidents, incidents about no device and, when asked, other devices', () => {
      const counts = incidentCounts(
        [incident('2025-01-01T00:00:00.000Z', 'd', true), incident('2025-01-02T00:00:00.000Z', null), incident('2025-01-03T00:00:00.000Z', 'd'), incident('2025-01-04T00:00:00.000Z', 'x')],
        windows.incidents,
        new Set(['d']),
      );
      expect(counts).toEqual(new Map([['d', 1]]));
    });

    it('bounds ids by their opening time, so a time range is a key range', () => {
      const from = new Date('2024-07-01T00:00:00.000Z');
      expect(incidentIdPrefix(from)).toBe('inc-20240701t000000000');
      const at = (iso: string) => newIncidentId(new Date(iso));
      expect(at('2024-07-01T00:00:00.000Z') >= incidentIdPrefix(from)).toBe(true);
      expect(at('2024-06-30T23:59:59.999Z') < incidentIdPrefix(from)).toBe(true);
      expect(newIncidentId(from, () => 'abc123')).toBe('inc-20240701t000000000-abc123');
    });
  });

  describe('what the sweep keeps for them', () => {
    it('records the device status in each sample bucket and counts sweeps and critical ones per roll-up hour', () => {
      const hour = new Date('2025-03-14T10:00:00Z');
      const check = (at: string) => [{ name: 'ping', type: 'tcp' as const, status: 'ok' as const, value: 1, observedAt: at }];
      const samples = [
        sampleBucketOf('d', '2025-03-14T10:00:00.000Z', check('a'), 'critical'),
        sampleBucketOf('d', '2025-03-14T10:20:00.000Z', check('b'), 'warning'),
        sampleBucketOf('d', '2025-03-14T10:40:00.000Z', check('c'), 'critical'),
        sampleBucketOf('d', '2025-03-14T10:50:00.000Z', check('d')), // written before statuses were kept
        sampleBucketOf('d', '2025-03-14T11:00:00.000Z', check('e'), 'critical'), // the next hour
      ];
      expect(samples[0]?.status).toBe('critical');
      expect(samples[3]).not.toHaveProperty('status');
      expect(rollupHour('d', hour, samples)?.device).toEqual({ sweeps: 3, critical: 2 });
      // An hour whose samples never recorded the status has no device counts (not "0 of 0").
      expect(rollupHour('d', hour, [samples[3]!])).not.toHaveProperty('device');
    });
  });
});
