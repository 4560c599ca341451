import type { ItemKey } from './keys.ts';

/**
 * Keys of the health area in the single table, with the access patterns they serve. No new index:
 * every pattern is one GetItem, one Query (page by page) or a batch write on the base table.
 *
 * | access pattern                                  | operation       | key                                                                    |
 * |-------------------------------------------------|-----------------|------------------------------------------------------------------------|
 * | an environment's board (health + backup rows)    | Query           | pk = REGION#{r}#ENV#{e}#HEALTH, sk begins_with DEVICE#                  |
 * | one device's health state (sweep, when changed)  | Put (condition) | pk = REGION#{r}#ENV#{e}#HEALTH, sk = DEVICE#{d}                         |
 * | one device's latest measurements (every sweep)   | Put (condition) | pk = REGION#{r}#ENV#{e}#HEALTH, sk = DEVICE#{d}#LATEST                  |
 * | one device's pushed backup state (ingest)        | Get / Put       | pk = REGION#{r}#ENV#{e}#HEALTH, sk = DEVICE#{d}#BACKUP                  |
 * | a device's raw samples in [from, to)             | Query           | pk = REGION#{r}#DEVICE#{d}#SAMPLES, sk BETWEEN {from} AND {to}          |
 * | a device's hourly roll-ups in [from, to)         | Query           | pk = REGION#{r}#DEVICE#{d}#HOURLY, sk BETWEEN {hour} AND {hour}         |
 * | a device's critical share, 90 days (the plan)    | Query, projected| pk = REGION#{r}#DEVICE#{d}#HOURLY, sk BETWEEN {from} AND {to}: sk,sw,cr |
 * | a device's pushed backup jobs (history)          | BatchWrite      | pk = REGION#{r}#DEVICE#{d}#BACKUPS, sk = JOB#{end}#{hash}               |
 * | an environment's maintenance windows             | Query           | pk = REGION#{r}#ENV#{e}#MAINTENANCE, sk begins_with WINDOW#             |
 * | an environment's ingest key (hash)               | Get / Put       | pk = REGION#{r}#ENV#{e}#INGEST, sk = KEY                                |
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
export const HEALTH_PREFIX = 'DEVICE#';

export const healthKeys = {
  board: (regionId: string, environmentId: string) => `REGION#${regionId}#ENV#${environmentId}#HEALTH`,
  boardPrefix: HEALTH_PREFIX,
  health: (regionId: string, environmentId: string, deviceId: string): ItemKey => ({
    pk: healthKeys.board(regionId, environmentId),
    sk: `${HEALTH_PREFIX}${deviceId}`,
  }),
  backup: (regionId: string, environmentId: string, deviceId: string): ItemKey => ({
    pk: healthKeys.board(regionId, environmentId),
    sk: `${HEALTH_PREFIX}${deviceId}#BACKUP`,
  }),
  /** The small item a sweep writes every time: what of the health changes with each measurement. */
  latest: (regionId: string, environmentId: string, deviceId: string): ItemKey => ({
    pk: healthKeys.board(regionId, environmentId),
    sk: `${HEALTH_PREFIX}${deviceId}#LATEST`,
  }),
  /** Tells the kinds of board rows apart: health state, latest measurements, backup. */
  parseBoardSort(sk: string): { deviceId: string; backup: boolean; latest: boolean } {
    const rest = sk.slice(HEALTH_PREFIX.length);
    if (rest.endsWith('#BACKUP')) return { deviceId: rest.slice(0, -'#BACKUP'.length), backup: true, latest: false };
    if (rest.endsWith('#LATEST')) return { deviceId: rest.slice(0, -'#LATEST'.length), backup: false, latest: true };
    return { deviceId: rest, backup: false, latest: false };
  },
};

export const sampleKeys = {
  samples: (regionId: string, deviceId: string) => `REGION#${regionId}#DEVICE#${deviceId}#SAMPLES`,
  hourly: (regionId: string, deviceId: string) => `REGION#${regionId}#DEVICE#${deviceId}#HOURLY`,
  backupJobs: (regionId: string, deviceId: string) => `REGION#${regionId}#DEVICE#${deviceId}#BACKUPS`,
  /** `JOB#{end}#{first 12 hex of sha256(job, start)}`: the same job pushed twice lands on one item. */
  backupJobSort: (end: string, hash: string) => `JOB#${end}#${hash}`,
};

export const maintenanceKeys = {
  partition: (regionId: string, environmentId: string) => `REGION#${regionId}#ENV#${environmentId}#MAINTENANCE`,
  item: (regionId: string, environmentId: string, windowId: string): ItemKey => ({
    pk: maintenanceKeys.partition(regionId, environmentId),
    sk: `WINDOW#${windowId}`,
  }),
  prefix: 'WINDOW#',
};

export const ingestKeyKeys = {
  item: (regionId: string, environmentId: string): ItemKey => ({ pk: `REGION#${regionId}#ENV#${environmentId}#INGEST`, sk: 'KEY' }),
};

/** Epoch seconds `days` after `from`: the `expiresAt` TTL attribute. */
export function expiresAfterDays(from: Date | string, days: number): number {
  const time = typeof from === 'string' ? Date.parse(from) : from.getTime();
  return Math.floor(time / 1000) + days * 86_400;
}
