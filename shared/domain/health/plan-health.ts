import type { HealthSummary } from '#shared/domain/reinvestment/health-summary.ts';
import type { Incident } from '#shared/schemas/health.ts';
import type { DeviceRollup } from './samples.ts';

/**
 * The health figures the reinvestment plan asks for (its `HealthSummary`), computed from what the
 * monitor keeps. Pure: the DynamoDB adapter (`health-summary-source.ts`) reads, these count.
 *
 * - Critical share of the last 90 days: from the hourly roll-ups (kept 2 years; raw samples only
 *   30 days). Each roll-up counts the sweeps in its hour that recorded the device's status and how
 *   many found it critical; the share is critical sweeps / observed sweeps over the roll-ups whose
 *   hour starts in the window. It is a share of the *observed* time: hours nobody swept (the
 *   monitor was down, the device was not monitored yet) count neither way. A device no sweep
 *   observed in the window has no share at all (null), so that test cannot fire for it.
 * - Incidents in the last 365 days: those opened in the window on the device; planned ones
 *   (maintenance, announced work) are not counted: they say nothing about the device's health.
 *
 * Both windows are whole UTC days ending with the day `asOf` (included): the 90 days are
 * `[asOf + 1 day − 90 days, asOf + 1 day)`, and likewise for 365.
 */
export const CRITICAL_WINDOW_DAYS = 90;
export const INCIDENT_WINDOW_DAYS = 365;
const DAY_MS = 86_400_000;

/** `[from, to)`. */
export interface TimeWindow {
  from: Date;
  to: Date;
}

export interface HealthWindows {
  critical: TimeWindow;
  incidents: TimeWindow;
}

/** The windows of the figures as of `asOf` (`YYYY-MM-DD`). */
export function healthWindows(asOf: string): HealthWindows {
  const start = Date.parse(`${asOf}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(start)) throw new RangeError(`asOf must be a date (YYYY-MM-DD), not '${asOf}'`);
  const to = start + DAY_MS;
  return {
    critical: { from: new Date(to - CRITICAL_WINDOW_DAYS * DAY_MS), to: new Date(to) },
    incidents: { from: new Date(to - INCIDENT_WINDOW_DAYS * DAY_MS), to: new Date(to) },
  };
}

function inWindow(instant: string, window: TimeWindow): boolean {
  const time = Date.parse(instant);
  return time >= window.from.getTime() && time < window.to.getTime();
}

/** What the roll-ups of one device say about the window. */
export interface CriticalTime {
  /** Sweeps that recorded the device's status. */
  observedSweeps: number;
  /** Of those, sweeps that found it critical. */
  criticalSweeps: number;
}

/**
 * Sums a device's roll-ups whose hour starts in `window`. Roll-ups without device counts (written
 * before the sweep recorded the device's status) are skipped: that time was not observed.
 */
export function criticalTime(rollups: Iterable<{ hour: string; device?: DeviceRollup }>, window: TimeWindow): CriticalTime {
  const total: CriticalTime = { observedSweeps: 0, criticalSweeps: 0 };
  for (const rollup of rollups) {
    if (!rollup.device || !inWindow(rollup.hour, window)) continue;
    total.observedSweeps += rollup.device.sweeps;
    total.criticalSweeps += rollup.device.critical;
  }
  return total;
}

export type IncidentFacts = Pick<Incident, 'openedAt' | 'planned'> & { deviceId?: string | undefined };

/**
 * Unplanned incidents opened in `window`, per device id. Incidents without a device (about a whole
 * environment) are nobody's; with `deviceIds`, only those devices are counted.
 */
export function incidentCounts(incidents: Iterable<IncidentFacts>, window: TimeWindow, deviceIds?: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const incident of incidents) {
    const deviceId = incident.deviceId;
    if (deviceId === undefined || incident.planned || !inWindow(incident.openedAt, window)) continue;
    if (deviceIds && !deviceIds.has(deviceId)) continue;
    counts.set(deviceId, (counts.get(deviceId) ?? 0) + 1);
  }
  return counts;
}

/**
 * One device's figures, or undefined when nothing is known (never observed and no incident): the
 * plan then says "no health figures" rather than "healthy".
 */
export function healthSummaryOf(critical: CriticalTime, incidents: number): HealthSummary | undefined {
  if (critical.observedSweeps === 0) return incidents > 0 ? { criticalFractionLast90Days: null, incidentsLast365Days: incidents } : undefined;
  return {
    criticalFractionLast90Days: critical.criticalSweeps / critical.observedSweeps,
    incidentsLast365Days: incidents,
    observedSweepsLast90Days: critical.observedSweeps,
    criticalSweepsLast90Days: critical.criticalSweeps,
  };
}
