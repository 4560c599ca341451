import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RecordChange } from '#shared/domain/audit/audit-scope.ts';
import { limiter, mapWithConcurrency } from '#shared/domain/concurrency.ts';
import type { DeviceBatchWriter } from '#shared/domain/device-import/import-devices.ts';
import type { DeviceUpdate } from '#shared/domain/device-import/parse-csv.ts';
import { logger, type LogEntry } from '#shared/logger.ts';
import { AlreadyExistsError, NotFoundError, VersionConflictError } from '#shared/domain/errors.ts';
import { timedId } from '#shared/domain/ids.ts';
import type { Device, DeviceFields } from '#shared/schemas/device.ts';
import { appendAuditEntry } from './audit-store.ts';
import { deviceIndexAttributes, type StoredDevice } from './inventory-store.ts';
import { deviceKeys } from './keys.ts';
import { VersionedItems } from './versioned-items.ts';

/** DynamoDB's limit of items in one TransactWriteItems request. */
const TRANSACTION_SIZE = 100;
/** Transactions in flight at once: fast enough for 10 000 rows, gentle on a provisioned table. */
const PARALLEL_TRANSACTIONS = 4;
/** Undo requests in flight at once: a burst of hundreds would queue past the client's connect timeout on a busy store. */
const PARALLEL_UNDOS = 16;

/** One write of an import: a new device, or an existing one replaced at the version the import read. */
type ImportWrite = { device: DeviceFields; previous?: Device };

/**
 * Writes an import's devices in TransactWriteItems of 100: a new device conditional on its id
 * being free (stored at version 1), an updated one conditional on still being at the version the
 * import read (stored at that version + 1), each stored exactly as {@link DynamoDbInventoryStore}
 * stores a device (same index attributes).
 *
 * One transaction is atomic; a whole import of many transactions is made all-or-nothing by
 * compensation: when any transaction is refused (an id was taken, or a device changed, since the
 * import checked), everything this import already wrote is undone: created devices are deleted
 * and updated ones put back as they were, each only if nobody has changed it since. Should part
 * of the undo fail, the import fails with an {@link ImportUndoError} naming the devices that may
 * be left as the import wrote them, never with an answer that implies nothing was written.
 */
export class DynamoDbDeviceBatchWriter implements DeviceBatchWriter {
  private readonly devices: VersionedItems<StoredDevice>;
  private readonly log: (entry: LogEntry) => void;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    log?: (entry: LogEntry) => void,
  ) {
    this.devices = new VersionedItems<StoredDevice>(doc, tableName, 'device', deviceIndexAttributes);
    this.log = log ?? logger.log;
  }

  /** Only new devices (the import before re-import matching, and tests). */
  createAll(regionId: string, devices: readonly DeviceFields[], onProgress?: (written: number, total: number) => void): Promise<void> {
    return this.writeAll(regionId, { creates: devices, updates: [] }, onProgress);
  }

  async writeAll(regionId: string, batch: { creates: readonly DeviceFields[]; updates: readonly DeviceUpdate[] }, onProgress?: (written: number, total: number) => void): Promise<void> {
    const writes: ImportWrite[] = [...batch.creates.map((device) => ({ device })), ...batch.updates];
    const chunks: ImportWrite[][] = [];
    for (let start = 0; start < writes.length; start += TRANSACTION_SIZE) chunks.push(writes.slice(start, start + TRANSACTION_SIZE));
    const written: ImportWrite[][] = [];
    let writtenCount = 0;
    try {
      // Stops starting transactions at the first refusal and waits for those in flight, so `written` is complete.
      await mapWithConcurrency(chunks, PARALLEL_TRANSACTIONS, async (chunk) => {
        try {
          await this.putChunk(regionId, chunk);
        } catch (error) {
          throw this.explain(error, chunk);
        }
        written.push(chunk);
        writtenCount += chunk.length;
        onProgress?.(writtenCount, writes.length);
      });
      // One entry for the whole import (inside an audited request); if it cannot be written, the import is undone like any refusal.
      await appendAuditEntry(this.doc, this.tableName, importSummary(writes));
    } catch (failure) {
      const undoSlot = limiter(PARALLEL_UNDOS);
      const undoFailures = (await Promise.all(written.map((chunk) => this.undoChunk(regionId, chunk, undoSlot)))).flat();
      if (undoFailures.length === 0) throw failure;
      const error = new ImportUndoError(failure, undoFailures);
      this.log({
        level: 'error',
        message: error.message,
        regionId,
        importFailure: messageOf(failure),
        devicesLeft: undoFailures.map(({ deviceId, error: cause }) => ({ deviceId, error: messageOf(cause) })),
      });
      throw error;
    }
  }

  private async putChunk(regionId: string, chunk: readonly ImportWrite[]): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: chunk.map(({ device, previous }) => ({
          Put: {
            TableName: this.tableName,
            Item: this.devices.toItem(deviceKeys.item(regionId, device.id), { ...device, regionId, version: previous ? previous.version + 1 : 1 }),
            ...(previous
              ? { ConditionExpression: '#version = :read', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':read': previous.version } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        })),
      }),
    );
  }

  /**
   * Undo: deletes what this import created and puts back what it updated, unless someone has
   * changed it since (its version moved on) or it is gone already. Returns the undos that failed
   * otherwise (throttling, a network error): those devices may be left as the import wrote them.
   */
  private async undoChunk(regionId: string, chunk: readonly ImportWrite[], slot: ReturnType<typeof limiter>): Promise<UndoFailure[]> {
    const settled = await Promise.allSettled(
      chunk.map(({ device, previous }) =>
        slot(() => {
          const key = deviceKeys.item(regionId, device.id);
          if (!previous) return this.devices.deleteUnaudited(key, device.id, 1);
          return this.restore(key, previous, regionId);
        }),
      ),
    );
    return settled.flatMap((outcome, index) =>
      outcome.status === 'rejected' && !(outcome.reason instanceof VersionConflictError || outcome.reason instanceof NotFoundError)
        ? [{ deviceId: (chunk[index] as ImportWrite).device.id, error: outcome.reason as unknown }]
        : [],
    );
  }

  /** Puts a device back exactly as it was read, if it is still at the version the import wrote. */
  private async restore(key: ReturnType<typeof deviceKeys.item>, previous: Device, regionId: string): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.devices.toItem(key, { ...previous, regionId }),
          ConditionExpression: '#version = :written',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':written': previous.version + 1 },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflictError('device', previous.id, previous.version + 1);
      throw error;
    }
  }

  /** A refused transaction names the item whose condition failed: that id was taken, or that device changed, meanwhile. */
  private explain(error: unknown, chunk: readonly ImportWrite[]): unknown {
    if (error instanceof TransactionCanceledException) {
      const index = error.CancellationReasons?.findIndex((reason) => reason.Code === 'ConditionalCheckFailed') ?? -1;
      const refused = index >= 0 ? chunk[index] : undefined;
      if (refused?.previous) return new VersionConflictError('device', refused.device.id, refused.previous.version);
      if (refused) return new AlreadyExistsError('device', refused.device.id);
    }
    return error;
  }
}

/** Ids listed in an import's audit entry; the count is always whole (an item stays far below DynamoDB's 400 KB). */
const LISTED_IMPORT_IDS = 500;

/** An import's audit entry: how many devices it created and updated, and which (the devices' own trails start at their next change). */
function importSummary(writes: readonly ImportWrite[]): RecordChange {
  const ids = writes.map((write) => write.device.id);
  const updated = writes.filter((write) => write.previous !== undefined).length;
  return {
    recordType: 'device-import',
    recordId: timedId('imp', new Date()),
    after: { devices: ids.length, created: ids.length - updated, updated, deviceIds: ids.slice(0, LISTED_IMPORT_IDS), ...(ids.length > LISTED_IMPORT_IDS ? { moreDevices: ids.length - LISTED_IMPORT_IDS } : {}) },
  };
}

interface UndoFailure {
  deviceId: string;
  error: unknown;
}

/**
 * An import failed and undoing it failed too: the devices in `devicesLeft` were written and may
 * still be there (an operator removes them or imports the rest). `cause` is why the import failed.
 */
export class ImportUndoError extends Error {
  readonly devicesLeft: string[];
  readonly undoErrors: unknown[];

  constructor(failure: unknown, undoFailures: readonly UndoFailure[]) {
    const ids = undoFailures.map((entry) => entry.deviceId);
    const listed = ids.slice(0, 20).join(', ') + (ids.length > 20 ? `, … (${ids.length - 20} more)` : '');
    super(`the import failed (${messageOf(failure)}) and ${ids.length} of the devices it had written could not be removed again, so they may remain: ${listed}`, { cause: failure });
    this.name = 'ImportUndoError';
    this.devicesLeft = ids;
    this.undoErrors = undoFailures.map((entry) => entry.error);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
