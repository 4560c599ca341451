import { ENTITIES, fill, itemKey, partitionKey, sortPrefix, type ItemKey } from './entities.ts';

/**
 * Keys of the health area, registry entries in entities.ts (`health`, `health-latest`, `backup`, `sample-bucket`,
 * `hourly-rollup`, `backup-job`, `maintenance-window`, `ingest-key`). No index: every pattern is one
 * GetItem, one Query (page by page) or a batch write on the base table.
 *
 * Why this shape:
 * - Board: a device's health is two items — its state (statuses, since, streak-free check states,
 *   incidents, drift, facts; ~2–3 KB) written only when it changes, and its latest measurements
 *   (`DEVICE#{d}#LATEST`: each check's raw status, value, message, streaks and recent letters in
 *   one compact string, ~0.6–0.9 KB) written every sweep, so a steady device costs one write unit
 *   per sweep instead of three (DynamoDB bills a put by the larger of the old and new item) — and its
 *   backup state a third item (`DEVICE#{d}#BACKUP`). All sort after `DEVICE#{d}`, so the board is
 *   one Query, merged per device when read; the sweep and the ingest each write only their own items.
 * - Samples: one item per device per sweep (a *bucket* holding every check's status and value in a
 *   compact map) so a device's sweep costs one write unit while it fits in 1 KB. They are keyed by
 *   device, not environment, so history follows a device that moves. Sort keys are ISO instants,
 *   so a time range is a key condition. Samples carry `expiresAt` (30 days), roll-ups 2 years;
 *   DynamoDB's TTL deletes them for free. A bucket's `s` is the device's status letter after the
 *   sweep; a roll-up's `sw`/`cr` count the sweeps of the hour that recorded it and the critical
 *   ones (the reinvestment plan's health rule reads them: health-summary-source.ts).
 * - Maintenance windows and the ingest key are per environment and small.
 */
export const HEALTH_PREFIX = sortPrefix('health');
const BACKUP_SUFFIX = ENTITIES.backup.sk.slice(ENTITIES.health.sk.length);
const LATEST_SUFFIX = ENTITIES['health-latest'].sk.slice(ENTITIES.health.sk.length);

export const healthKeys = {
  board: (regionId: string, environmentId: string) => partitionKey('health', { regionId, environmentId }),
  boardPrefix: HEALTH_PREFIX,
  health: (regionId: string, environmentId: string, deviceId: string): ItemKey => itemKey('health', { regionId, environmentId, deviceId }),
  backup: (regionId: string, environmentId: string, deviceId: string): ItemKey => itemKey('backup', { regionId, environmentId, deviceId }),
  /** The small item a sweep writes every time: what of the health changes with each measurement. */
  latest: (regionId: string, environmentId: string, deviceId: string): ItemKey => itemKey('health-latest', { regionId, environmentId, deviceId }),
  /** Tells the kinds of board rows apart: health state, latest measurements, backup. */
  parseBoardSort(sk: string): { deviceId: string; backup: boolean; latest: boolean } {
    const rest = sk.slice(HEALTH_PREFIX.length);
    if (rest.endsWith(BACKUP_SUFFIX)) return { deviceId: rest.slice(0, -BACKUP_SUFFIX.length), backup: true, latest: false };
    if (rest.endsWith(LATEST_SUFFIX)) return { deviceId: rest.slice(0, -LATEST_SUFFIX.length), backup: false, latest: true };
    return { deviceId: rest, backup: false, latest: false };
  },
};

export const sampleKeys = {
  samples: (regionId: string, deviceId: string) => partitionKey('sample-bucket', { regionId, deviceId }),
  hourly: (regionId: string, deviceId: string) => partitionKey('hourly-rollup', { regionId, deviceId }),
  backupJobs: (regionId: string, deviceId: string) => partitionKey('backup-job', { regionId, deviceId }),
  /** `JOB#{end}#{first 12 hex of sha256(job, start)}`: the same job pushed twice lands on one item. */
  backupJobSort: (end: string, hash: string) => fill(ENTITIES['backup-job'].sk, { end, hash }),
};

export const maintenanceKeys = {
  partition: (regionId: string, environmentId: string) => partitionKey('maintenance-window', { regionId, environmentId }),
  item: (regionId: string, environmentId: string, windowId: string): ItemKey => itemKey('maintenance-window', { regionId, environmentId, windowId }),
  prefix: sortPrefix('maintenance-window'),
};

export const ingestKeyKeys = {
  item: (regionId: string, environmentId: string): ItemKey => itemKey('ingest-key', { regionId, environmentId }),
};

/** Epoch seconds `days` after `from`: the `expiresAt` TTL attribute. */
export function expiresAfterDays(from: Date | string, days: number): number {
  const time = typeof from === 'string' ? Date.parse(from) : from.getTime();
  return Math.floor(time / 1000) + days * 86_400;
}
