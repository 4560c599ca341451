import { STATUS_SEVERITY, type CheckResult, type CheckStatus } from './probe.ts';

/**
 * History: raw samples and hourly roll-ups.
 *
 * A *sample bucket* is everything one sweep measured on one device — every check's status and
 * numeric value — in one record, so a device's sweep is written as one small item (1 write unit
 * while it fits in 1 KB) instead of one item per check. Raw buckets are kept 30 days; hourly
 * roll-ups (min/avg/max and the worst status per check) are kept 2 years.
 *
 * Each bucket also records the device's own status after the sweep (the worst of its checks after
 * hysteresis, as the board shows it), and each roll-up counts those sweeps and how many found the
 * device critical: the reinvestment plan's "critical share of the last 90 days" is read from
 * roll-ups, which outlive the raw samples.
 */
export const RAW_RETENTION_DAYS = 30;
export const ROLLUP_RETENTION_DAYS = 730;
/** Ranges up to this long (and inside the raw retention) are answered from raw samples. */
export const RAW_RANGE_LIMIT_MS = 48 * 3_600_000;
/**
 * The longest range answered from hourly roll-ups (9 600 points per check): a year and a bit, so a
 * history answer stays well inside a Lambda response. Raw samples are limited to RAW_RANGE_LIMIT_MS.
 */
export const HOURLY_RANGE_LIMIT_MS = 400 * 24 * 3_600_000;
const HOUR_MS = 3_600_000;

export interface SamplePoint {
  status: CheckStatus;
  /** Only numbers are kept in history; text values (an HA state) show up in the status. */
  value?: number;
}

export interface SampleBucket {
  deviceId: string;
  /** The sweep's time, ISO UTC. */
  at: string;
  checks: Record<string, SamplePoint>;
  /** The device's status after this sweep; absent in buckets written before it was recorded. */
  status?: CheckStatus;
}

export interface RollupPoint {
  worst: CheckStatus;
  /** Samples in the hour. */
  samples: number;
  /** Samples that had a number; min/avg/max are over those. */
  valued: number;
  min?: number;
  avg?: number;
  max?: number;
}

export interface HourlyRollup {
  deviceId: string;
  /** Start of the hour, ISO UTC (`2025-03-14T10:00:00.000Z`). */
  hour: string;
  checks: Record<string, RollupPoint>;
  /** The device's own status over the hour; absent when no sample of the hour recorded it. */
  device?: DeviceRollup;
}

/** Sweeps in an hour that recorded the device's status, and how many of them found it critical. */
export interface DeviceRollup {
  sweeps: number;
  critical: number;
}

/** One sweep's bucket for a device; `status` is the device's status after the sweep (as on the board). */
export function sampleBucketOf(deviceId: string, at: string, results: readonly CheckResult[], status?: CheckStatus): SampleBucket {
  const checks: Record<string, SamplePoint> = {};
  for (const result of results) {
    checks[result.name] = {
      status: result.status,
      ...(typeof result.value === 'number' && Number.isFinite(result.value) ? { value: result.value } : {}),
    };
  }
  return status === undefined ? { deviceId, at, checks } : { deviceId, at, checks, status };
}

export function hourStart(at: Date | string): Date {
  const time = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(Math.floor(time / HOUR_MS) * HOUR_MS);
}

/** Rolls the samples of one hour up; undefined when the hour had none. */
export function rollupHour(deviceId: string, hour: Date, samples: readonly SampleBucket[]): HourlyRollup | undefined {
  const start = hour.getTime();
  const inHour = samples.filter((sample) => {
    const time = Date.parse(sample.at);
    return time >= start && time < start + HOUR_MS;
  });
  if (inHour.length === 0) return undefined;
  const sums = new Map<string, { point: RollupPoint; sum: number }>();
  const device: DeviceRollup = { sweeps: 0, critical: 0 };
  for (const sample of inHour) {
    if (sample.status !== undefined) {
      device.sweeps++;
      if (sample.status === 'critical') device.critical++;
    }
    for (const [name, point] of Object.entries(sample.checks)) {
      let entry = sums.get(name);
      if (!entry) {
        entry = { point: { worst: point.status, samples: 0, valued: 0 }, sum: 0 };
        sums.set(name, entry);
      }
      entry.point.samples++;
      if (STATUS_SEVERITY[point.status] > STATUS_SEVERITY[entry.point.worst]) entry.point.worst = point.status;
      if (point.value !== undefined) {
        entry.point.valued++;
        entry.sum += point.value;
        entry.point.min = entry.point.min === undefined ? point.value : Math.min(entry.point.min, point.value);
        entry.point.max = entry.point.max === undefined ? point.value : Math.max(entry.point.max, point.value);
      }
    }
  }
  const checks: Record<string, RollupPoint> = {};
  for (const [name, { point, sum }] of sums) {
    checks[name] = point.valued > 0 ? { ...point, avg: Math.round((sum / point.valued) * 1000) / 1000 } : point;
  }
  return device.sweeps > 0 ? { deviceId, hour: hour.toISOString(), checks, device } : { deviceId, hour: hour.toISOString(), checks };
}

/**
 * The hours a sweep should roll up for a device: every complete hour after the last one rolled up,
 * at most `maxHours` of them (the oldest first; the rest follow in later sweeps). A device never
 * rolled up starts with the hour before `now`.
 */
export function hoursToRollUp(rolledUpThrough: string | undefined, now: Date, maxHours = 3): Date[] {
  const lastComplete = hourStart(now).getTime() - HOUR_MS;
  const earliestKept = hourStart(now).getTime() - RAW_RETENTION_DAYS * 24 * HOUR_MS;
  let next = rolledUpThrough === undefined ? lastComplete : Math.max(Date.parse(rolledUpThrough) + HOUR_MS, earliestKept);
  const hours: Date[] = [];
  for (; next <= lastComplete && hours.length < maxHours; next += HOUR_MS) hours.push(new Date(next));
  return hours;
}

/** Whether a history request is answered from raw samples or from hourly roll-ups. */
export function chooseResolution(from: Date, to: Date, now: Date, requested: 'auto' | 'raw' | 'hourly'): 'raw' | 'hourly' {
  if (requested !== 'auto') return requested;
  const rawKeptSince = now.getTime() - RAW_RETENTION_DAYS * 24 * HOUR_MS;
  return to.getTime() - from.getTime() <= RAW_RANGE_LIMIT_MS && from.getTime() >= rawKeptSince ? 'raw' : 'hourly';
}

/** Whether a stored check name is asked for: `snmp` matches `snmp` and `snmp.cpu`; `snmp.cpu` only itself. */
export function matchesCheck(name: string, asked: string | undefined): boolean {
  return asked === undefined || name === asked || name.startsWith(`${asked}.`);
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers; undefined for an empty list. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}
