import { ENTITIES, fill, itemKey, partitionKey, sortPrefix, type ItemKey } from './entities.ts';

/**
 * Keys of the health area, registry entries in entities.ts (`health`, `backup`, `sample-bucket`,
 * `hourly-rollup`, `backup-job`, `maintenance-window`, `ingest-key`). No index: every pattern is one
 * GetItem, one Query (page by page) or a batch write on the base table.
 *
 * Why this shape:
 * - Board: the latest health of a device is one item, and its backup state is a second item right
 *   beside it (`DEVICE#{d}#BACKUP` sorts after `DEVICE#{d}`), so the board — both — is one Query,
 *   while the sweep and the ingest each write only their own item and never overwrite each other.
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

export const healthKeys = {
  board: (regionId: string, environmentId: string) => partitionKey('health', { regionId, environmentId }),
  boardPrefix: HEALTH_PREFIX,
  health: (regionId: string, environmentId: string, deviceId: string): ItemKey => itemKey('health', { regionId, environmentId, deviceId }),
  backup: (regionId: string, environmentId: string, deviceId: string): ItemKey => itemKey('backup', { regionId, environmentId, deviceId }),
  /** Tells the two kinds of board rows apart: `{ deviceId, backup: true }` for a backup row. */
  parseBoardSort(sk: string): { deviceId: string; backup: boolean } {
    const rest = sk.slice(HEALTH_PREFIX.length);
    return rest.endsWith(BACKUP_SUFFIX) ? { deviceId: rest.slice(0, -BACKUP_SUFFIX.length), backup: true } : { deviceId: rest, backup: false };
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
