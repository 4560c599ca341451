import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { currentAuditScope } from '#shared/domain/audit/audit-scope.ts';
import { mapWithConcurrency } from '#shared/domain/concurrency.ts';
import { VersionConflictError } from '#shared/domain/errors.ts';
import type { BackupJob, BackupState } from '#shared/domain/health/backup-coverage.ts';
import type { ObservedFacts } from '#shared/schemas/health.ts';
import { checkMessage, type HealthCode, type HealthParams } from '#shared/messages/health.ts';
import { LETTER_STATUS, STATUS_LETTER, type CheckState } from '#shared/domain/health/check-state.ts';
import type { BoardEntry, BoardHealth, BoardViewEntry, DeviceHealth } from '#shared/domain/health/device-status.ts';
import type { HealthStore, IngestKeyRecord, MaintenanceStore } from '#shared/domain/health/health-store.ts';
import type { MaintenanceWindow } from '#shared/domain/health/maintenance.ts';
import { RAW_RETENTION_DAYS, ROLLUP_RETENTION_DAYS, type HourlyRollup, type SampleBucket, type SamplePoint } from '#shared/domain/health/samples.ts';
import { cancellationOf, transactWithAudit } from './audit-store.ts';
import { batchWrite, type BatchWriteOptions, type BatchWriteStats, type WriteRequest } from './batch-writer.ts';
import { DynamoDbRollupReader, queryRange, rollupItem } from './health-rollups.ts';
import { expiresAfterDays, healthKeys, ingestKeyKeys, maintenanceKeys, sampleKeys } from './health-keys.ts';
import { queryAll } from './query-all.ts';
import { withoutLayout } from './versioned-items.ts';

/** Backup jobs are kept as long as roll-ups. */
const BACKUP_JOB_RETENTION_DAYS = ROLLUP_RETENTION_DAYS;
/** Ended maintenance windows stay listed for a year, then TTL removes them. */
const ENDED_WINDOW_RETENTION_DAYS = 365;
/** Conditional puts of board rows in flight at once. */
const PUT_CONCURRENCY = 8;

/** Attribute name of the device's own status in sample buckets (see health-keys.ts; the roll-ups' in health-rollups.ts). */
export const SAMPLE_STATUS = 's';

/** A stored backup item as its state: without the layout, the device id and the `version` kept beside it. */
function backupStateOf(item: Record<string, unknown>): BackupState {
  const { deviceId: _deviceId, version: _version, ...state } = withoutLayout<BackupState & { deviceId: string; version?: number }>(item);
  return state;
}

// --- the compact sample encodings (see health-keys.ts) ------------------------------------------

/** `o12.5` = ok with 12.5; `c` = critical without a number. */
export function encodeSamplePoint(point: SamplePoint): string {
  return `${STATUS_LETTER[point.status]}${point.value ?? ''}`;
}

export function decodeSamplePoint(encoded: string): SamplePoint {
  const status = LETTER_STATUS[encoded[0] ?? 'u'] ?? 'unknown';
  const rest = encoded.slice(1);
  return rest === '' ? { status } : { status, value: Number(rest) };
}

/** `s`: the device's status letter after the sweep (absent in buckets written before it was kept). */
export function sampleItem(regionId: string, bucket: SampleBucket): Record<string, unknown> {
  return {
    pk: sampleKeys.samples(regionId, bucket.deviceId),
    sk: bucket.at,
    c: Object.fromEntries(Object.entries(bucket.checks).map(([name, point]) => [name, encodeSamplePoint(point)])),
    ...(bucket.status !== undefined ? { [SAMPLE_STATUS]: STATUS_LETTER[bucket.status] } : {}),
    expiresAt: expiresAfterDays(bucket.at, RAW_RETENTION_DAYS),
  };
}

// --- the board row: a state item written on change, a latest item written every sweep -----------

/**
 * What the board view reads of each row: from the state item what a row shows and the roll-up counts
 * (a state item of the older one-item layout has its measurements and sweep time in `checks` and
 * `lastSweepAt` too), from the latest item its sweep time and measurements, from the backup item
 * its last success. `name` and `status` are reserved words in expressions.
 */
const BOARD_VIEW_PROJECTION = {
  ProjectionExpression: 'sk, deviceId, #name, kind, #status, since, checks, flapping, inMaintenance, openIncidentId, lastSweepAt, c, lastSuccessAt',
  ExpressionAttributeNames: { '#name': 'name', '#status': 'status' },
};

/** The latest item's sweep time (its condition attribute) and its checks' compact encoding. */
const LATEST_SWEEP_AT = 'lastSweepAt';
const LATEST_CHECKS = 'c';
/** When the device's facts (firmware, serial…) were last read: every SNMP sweep reads them. */
const LATEST_FACTS_AT = 'fa';
/** The sweep that last wrote a state item (its condition attribute; not part of the health). */
const STATE_WRITTEN_AT = 'stateAt';

/** What of a check changes with every measurement, and so lives in the latest item. */
type VolatileCheck = Pick<CheckState, 'rawStatus' | 'value' | 'message' | 'messageCode' | 'messageParams' | 'observedAt' | 'failStreak' | 'passStreak' | 'recent' | 'extra'>;
type StableCheck = Omit<CheckState, keyof VolatileCheck>;

/**
 * Splits a device's health into its stable state and its latest measurements. The latest item
 * holds per check `[name, raw status letter, value, message, failStreak, passStreak, recent,
 * observedAt (0 when it is the sweep's time), extra (0 when none), message code (when coded) and
 * its parameters (0 when none)]` as one JSON string: attribute names and maps would cost more bytes
 * than the values. A coded message is stored as its code only: its English is rendered on reading.
 */
export function splitHealth(health: DeviceHealth): { state: Omit<DeviceHealth, 'lastSweepAt' | 'checks'> & { checks: StableCheck[] }; latest: Record<string, unknown> } {
  // The facts' observedAt moves every sweep that reads them: it goes with the measurements.
  const { lastSweepAt, checks, observed, ...device } = health;
  const stable: StableCheck[] = checks.map(({ rawStatus: _raw, value: _value, message: _message, messageCode: _code, messageParams: _params, observedAt: _observed, failStreak: _fail, passStreak: _pass, recent: _recent, extra: _extra, ...rest }) => rest);
  const volatile = checks.map((check) => [
    check.name,
    STATUS_LETTER[check.rawStatus],
    check.value ?? null,
    check.messageCode ? null : (check.message ?? null),
    check.failStreak,
    check.passStreak,
    check.recent,
    check.observedAt === lastSweepAt ? 0 : check.observedAt,
    check.extra ?? 0,
    ...(check.messageCode ? [check.messageCode, check.messageParams ?? 0] : []),
  ]);
  const { observedAt: factsAt, ...facts } = observed ?? { observedAt: undefined };
  return {
    state: { ...device, ...(observed ? { observed: facts as ObservedFacts } : {}), checks: stable },
    latest: { [LATEST_SWEEP_AT]: lastSweepAt, [LATEST_CHECKS]: JSON.stringify(volatile), ...(factsAt !== undefined ? { [LATEST_FACTS_AT]: factsAt === lastSweepAt ? 0 : factsAt } : {}) },
  };
}

/** The health a state item and a latest item stand for together (a state item of the older one-item layout carries its own measurements). */
export function mergeLatest<H extends BoardHealth & Pick<DeviceHealth, 'observed'>>(state: H, latest: Record<string, unknown>): H {
  const { [STATE_WRITTEN_AT]: _writtenAt, ...health } = state as H & { [STATE_WRITTEN_AT]?: string };
  const lastSweepAt = String(latest[LATEST_SWEEP_AT]);
  const measured = new Map(
    (JSON.parse(String(latest[LATEST_CHECKS] ?? '[]')) as Array<[string, string, number | string | null, string | null, number, number, string, string | 0, Record<string, number | string> | 0, string?, (HealthParams | 0)?]>).map(
      ([name, raw, value, message, failStreak, passStreak, recent, observedAt, extra, messageCode, messageParams]) => {
        const check: VolatileCheck = { rawStatus: LETTER_STATUS[raw] ?? 'unknown', failStreak, passStreak, recent, observedAt: observedAt === 0 ? lastSweepAt : observedAt };
        if (value !== null) check.value = value;
        if (message !== null) check.message = message;
        if (extra !== 0) check.extra = extra;
        if (messageCode) Object.assign(check, checkMessage(messageCode as HealthCode, messageParams || {}));
        return [name, check] as const;
      },
    ),
  );
  const factsAt = latest[LATEST_FACTS_AT];
  return {
    ...health,
    ...(health.observed && factsAt !== undefined ? { observed: { ...health.observed, observedAt: factsAt === 0 ? lastSweepAt : String(factsAt) } } : {}),
    lastSweepAt,
    // A check the state has but the latest item not (cannot happen with both written together) keeps what the state has.
    checks: health.checks.map((check) => ({ ...check, ...measured.get(check.name) }) as CheckState),
  } as H;
}

/** JSON with object keys sorted, so a state read back from DynamoDB (maps come back in any order) compares equal to the same state built anew. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : entry,
  );
}

export interface DynamoDbHealthStoreOptions {
  /** Passed to every batch write (concurrency, backoff, measuring capacity). */
  batch?: BatchWriteOptions;
  /** Called after each batch write with its statistics (the benchmark reads write units here). */
  onBatchWrite?: (stats: BatchWriteStats) => void;
}

/** {@link HealthStore} and {@link MaintenanceStore} on the single table (keys in health-keys.ts). */
export class DynamoDbHealthStore implements HealthStore, MaintenanceStore {
  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
    private readonly options: DynamoDbHealthStoreOptions = {},
  ) {}

  // --- board -----------------------------------------------------------------------------------

  async readBoard(regionId: string, environmentId: string): Promise<BoardEntry[]> {
    return this.readBoardItems(regionId, environmentId, (state) => withoutLayout<DeviceHealth>(state), backupStateOf);
  }

  /**
   * The board as the dashboard shows it: the same one Query, but DynamoDB returns only the
   * attributes the board draws or counts (BOARD_VIEW_ATTRIBUTES), not the device page's drift, facts,
   * maintenance-window ids or backup job lists; fewer bytes to read, send and unmarshal per device.
   */
  async readBoardView(regionId: string, environmentId: string): Promise<BoardViewEntry[]> {
    return this.readBoardItems(regionId, environmentId, ({ sk: _sk, ...state }) => state as unknown as BoardHealth, (item) => ({ ...(item.lastSuccessAt !== undefined ? { lastSuccessAt: String(item.lastSuccessAt) } : {}) }), BOARD_VIEW_PROJECTION);
  }

  private async readBoardItems<H extends BoardHealth, B>(
    regionId: string,
    environmentId: string,
    stateOf: (item: Record<string, unknown>) => H,
    backupOf: (item: Record<string, unknown>) => B,
    projection?: { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> },
  ): Promise<Array<{ deviceId: string; health?: H; backup?: B }>> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': healthKeys.board(regionId, environmentId), ':prefix': healthKeys.boardPrefix },
      ...projection,
    });
    const entries = new Map<string, { deviceId: string; health?: H; backup?: B }>();
    const latest = new Map<string, Record<string, unknown>>();
    for (const item of items) {
      const { deviceId, backup, latest: isLatest } = healthKeys.parseBoardSort(String(item.sk));
      const entry = entries.get(deviceId) ?? { deviceId };
      if (backup) entry.backup = backupOf(item);
      else if (isLatest) latest.set(deviceId, item);
      else entry.health = stateOf(item);
      entries.set(deviceId, entry);
    }
    for (const [deviceId, item] of latest) {
      const entry = entries.get(deviceId)!;
      if (entry.health) entry.health = mergeLatest(entry.health, item);
      // Measurements without a state (the state's put failed after the latest one) show nothing until the next sweep writes both.
      else if (!entry.backup) entries.delete(deviceId);
    }
    return [...entries.values()];
  }

  /**
   * Every sweep writes each device's small latest item (≤ 1 KB: one write unit); the state item
   * only when its stable part differs from the `previous` the sweep read (or there is none). Both
   * are conditional on the sweep time, so an older sweep never overwrites a newer one.
   */
  async saveHealth(regionId: string, environmentId: string, health: readonly DeviceHealth[], previous?: ReadonlyMap<string, DeviceHealth>): Promise<{ skipped: string[] }> {
    const skipped: string[] = [];
    await mapWithConcurrency(health, PUT_CONCURRENCY, async (row) => {
      const { state, latest } = splitHealth(row);
      const before = previous?.get(row.deviceId);
      const stateChanged = !before || canonicalJson(splitHealth(before).state) !== canonicalJson(state);
      const written = await this.putUnlessNewer({ ...latest, ...healthKeys.latest(regionId, environmentId, row.deviceId) }, LATEST_SWEEP_AT, row.lastSweepAt);
      if (!written) {
        skipped.push(row.deviceId);
        return;
      }
      if (stateChanged) await this.putUnlessNewer({ ...state, ...healthKeys.health(regionId, environmentId, row.deviceId), entity: 'health', [STATE_WRITTEN_AT]: row.lastSweepAt }, STATE_WRITTEN_AT, row.lastSweepAt);
    });
    return { skipped };
  }

  /** A put that leaves a row written by a later sweep alone; false when it did. */
  private async putUnlessNewer(item: Record<string, unknown>, attribute: string, at: string): Promise<boolean> {
    try {
      const output = await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(#at) OR #at < :at',
          ExpressionAttributeNames: { '#at': attribute },
          ExpressionAttributeValues: { ':at': at },
          ...(this.options.batch?.measureCapacity ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
        }),
      );
      this.options.onBatchWrite?.({ calls: 1, retries: 0, consumedWriteUnits: output.ConsumedCapacity?.CapacityUnits ?? 0 });
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return false;
    }
  }

  async removeFromBoard(regionId: string, environmentId: string, deviceIds: readonly string[]): Promise<void> {
    await this.write(
      deviceIds.flatMap((deviceId) => [
        { DeleteRequest: { Key: healthKeys.health(regionId, environmentId, deviceId) } },
        { DeleteRequest: { Key: healthKeys.latest(regionId, environmentId, deviceId) } },
        { DeleteRequest: { Key: healthKeys.backup(regionId, environmentId, deviceId) } },
      ]),
    );
  }

  // --- history ---------------------------------------------------------------------------------

  async writeHistory(regionId: string, samples: readonly SampleBucket[], rollups: readonly HourlyRollup[]): Promise<void> {
    await this.write([
      ...samples.map((bucket) => ({ PutRequest: { Item: sampleItem(regionId, bucket) } })),
      ...rollups.map((rollup) => ({ PutRequest: { Item: rollupItem(regionId, rollup) } })),
    ]);
  }

  async readSamples(regionId: string, deviceId: string, from: Date, to: Date): Promise<SampleBucket[]> {
    const items = await this.queryRange(sampleKeys.samples(regionId, deviceId), from, to);
    return items.map((item) => {
      const bucket: SampleBucket = {
        deviceId,
        at: String(item.sk),
        checks: Object.fromEntries(Object.entries((item.c ?? {}) as Record<string, string>).map(([name, encoded]) => [name, decodeSamplePoint(encoded)])),
      };
      const status = typeof item[SAMPLE_STATUS] === 'string' ? LETTER_STATUS[item[SAMPLE_STATUS]] : undefined;
      if (status) bucket.status = status;
      return bucket;
    });
  }

  readRollups(regionId: string, deviceId: string, from: Date, to: Date): Promise<HourlyRollup[]> {
    return new DynamoDbRollupReader(this.doc, this.tableName).readRollups(regionId, deviceId, from, to);
  }

  // --- backups ---------------------------------------------------------------------------------

  async getBackup(regionId: string, environmentId: string, deviceId: string): Promise<{ state: BackupState; version: number } | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: healthKeys.backup(regionId, environmentId, deviceId) }));
    if (!Item) return undefined;
    return { state: backupStateOf(Item), version: Number(Item.version) };
  }

  async saveBackup(regionId: string, environmentId: string, deviceId: string, state: BackupState, expectedVersion: number): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...state, deviceId, ...healthKeys.backup(regionId, environmentId, deviceId), entity: 'backup', version: expectedVersion + 1 },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflictError('backup state', deviceId, expectedVersion + 1);
      throw error;
    }
  }

  async recordBackupJobs(regionId: string, jobs: ReadonlyArray<BackupJob & { deviceId: string }>): Promise<void> {
    await this.write(
      jobs.map(({ deviceId, ...job }) => ({
        PutRequest: {
          Item: {
            pk: sampleKeys.backupJobs(regionId, deviceId),
            sk: sampleKeys.backupJobSort(job.end, createHash('sha256').update(`${job.job}\u0000${job.start}`).digest('hex').slice(0, 12)),
            entity: 'backup-job',
            deviceId,
            ...job,
            expiresAt: expiresAfterDays(job.end, BACKUP_JOB_RETENTION_DAYS),
          },
        },
      })),
    );
  }

  // --- ingest key ------------------------------------------------------------------------------

  async getIngestKey(regionId: string, environmentId: string): Promise<IngestKeyRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: ingestKeyKeys.item(regionId, environmentId), ConsistentRead: true }));
    return Item ? withoutLayout<IngestKeyRecord>(Item) : undefined;
  }

  /** Replaces the key; the audit entry says a key was made (its hash and prefix are redacted there). */
  async putIngestKey(regionId: string, environmentId: string, record: IngestKeyRecord): Promise<void> {
    const before = currentAuditScope() ? await this.getIngestKey(regionId, environmentId) : undefined;
    await transactWithAudit(this.doc, this.tableName, [{ Put: { TableName: this.tableName, Item: { ...record, ...ingestKeyKeys.item(regionId, environmentId), entity: 'ingest-key' } } }], {
      recordType: 'ingest-key',
      recordId: environmentId,
      ...(before ? { before } : {}),
      after: record,
    });
  }

  // --- maintenance windows ---------------------------------------------------------------------

  async listWindows(regionId: string, environmentId: string): Promise<MaintenanceWindow[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': maintenanceKeys.partition(regionId, environmentId), ':prefix': maintenanceKeys.prefix },
    });
    return items.map((item) => withoutLayout<MaintenanceWindow>(item));
  }

  async createWindow(regionId: string, window: MaintenanceWindow): Promise<void> {
    const schedule = window.schedule;
    const endsAt = schedule.type === 'one-off' ? schedule.end : schedule.validUntil;
    const item = {
      ...window,
      ...maintenanceKeys.item(regionId, window.environmentId, window.id),
      entity: 'maintenance-window',
      ...(endsAt ? { expiresAt: expiresAfterDays(endsAt, ENDED_WINDOW_RETENTION_DAYS) } : {}),
    };
    await transactWithAudit(this.doc, this.tableName, [{ Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }], {
      recordType: 'maintenance-window',
      recordId: window.id,
      after: window,
    });
  }

  async deleteWindow(regionId: string, environmentId: string, windowId: string): Promise<boolean> {
    const key = maintenanceKeys.item(regionId, environmentId, windowId);
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    if (!Item) return false;
    try {
      await transactWithAudit(this.doc, this.tableName, [{ Delete: { TableName: this.tableName, Key: key, ConditionExpression: 'attribute_exists(pk)' } }], {
        recordType: 'maintenance-window',
        recordId: windowId,
        before: withoutLayout<MaintenanceWindow>(Item),
      });
    } catch (error) {
      // Someone removed it between the read and the delete.
      if (cancellationOf(error, 0)?.code === 'ConditionalCheckFailed') return false;
      throw error;
    }
    return true;
  }

  // --- helpers ---------------------------------------------------------------------------------

  private async write(requests: WriteRequest[]): Promise<void> {
    if (requests.length === 0) return;
    const stats = await batchWrite(this.doc, this.tableName, requests, this.options.batch);
    this.options.onBatchWrite?.(stats);
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Array<Record<string, unknown>>> {
    return queryAll(this.doc, { TableName: this.tableName, ...input });
  }

  private queryRange(pk: string, from: Date, to: Date): Promise<Array<Record<string, unknown>>> {
    return queryRange(this.doc, this.tableName, pk, from, to);
  }
}
