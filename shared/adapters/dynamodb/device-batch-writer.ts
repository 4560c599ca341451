import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '#shared/domain/concurrency.ts';
import type { DeviceBatchWriter } from '#shared/domain/device-import/import-devices.ts';
import { logger, type LogEntry } from '#shared/logger.ts';
import { AlreadyExistsError, NotFoundError, VersionConflictError } from '#shared/domain/errors.ts';
import type { DeviceFields } from '#shared/schemas/device.ts';
import { deviceIndexAttributes, type StoredDevice } from './inventory-store.ts';
import { deviceKeys } from './keys.ts';
import { VersionedItems } from './versioned-items.ts';

/** DynamoDB's limit of items in one TransactWriteItems request. */
const TRANSACTION_SIZE = 100;
/** Transactions in flight at once: fast enough for 10 000 rows, gentle on a provisioned table. */
const PARALLEL_TRANSACTIONS = 4;

/**
 * Creates devices in TransactWriteItems of 100, each put conditional on the id being free, and
 * stored exactly as {@link DynamoDbInventoryStore} stores a device (same index attributes, version 1).
 *
 * One transaction is atomic; a whole import of many transactions is made all-or-nothing by
 * compensation: when any transaction is refused (an id was taken since the import checked), every
 * device this import already wrote is deleted again (conditional on still being at version 1,
 * so a device someone changed meanwhile is left alone), and the import fails with a conflict.
 * Should a delete of the undo itself fail, the import fails with an {@link ImportUndoError} naming
 * the devices that may remain, never with an answer that implies nothing was written.
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

  async createAll(regionId: string, devices: readonly DeviceFields[], onProgress?: (written: number, total: number) => void): Promise<void> {
    const chunks: DeviceFields[][] = [];
    for (let start = 0; start < devices.length; start += TRANSACTION_SIZE) chunks.push(devices.slice(start, start + TRANSACTION_SIZE));
    const written: DeviceFields[][] = [];
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
        onProgress?.(writtenCount, devices.length);
      });
    } catch (failure) {
      const undoFailures = (await Promise.all(written.map((chunk) => this.deleteChunk(regionId, chunk)))).flat();
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

  private async putChunk(regionId: string, chunk: readonly DeviceFields[]): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: chunk.map((device) => ({
          Put: {
            TableName: this.tableName,
            Item: this.devices.toItem(deviceKeys.item(regionId, device.id), { ...device, regionId, version: 1 }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        })),
      }),
    );
  }

  /**
   * Undo: deletes what this import wrote, unless someone has changed it since (version > 1) or it
   * is gone already. Returns the deletes that failed otherwise (throttling, a network error): those
   * devices may still be there.
   */
  private async deleteChunk(regionId: string, chunk: readonly DeviceFields[]): Promise<UndoFailure[]> {
    const settled = await Promise.allSettled(chunk.map((device) => this.devices.delete(deviceKeys.item(regionId, device.id), device.id, 1)));
    return settled.flatMap((outcome, index) =>
      outcome.status === 'rejected' && !(outcome.reason instanceof VersionConflictError || outcome.reason instanceof NotFoundError)
        ? [{ deviceId: (chunk[index] as DeviceFields).id, error: outcome.reason as unknown }]
        : [],
    );
  }

  /** A refused transaction names the item whose condition failed: that id was taken meanwhile. */
  private explain(error: unknown, chunk: readonly DeviceFields[]): unknown {
    if (error instanceof TransactionCanceledException) {
      const index = error.CancellationReasons?.findIndex((reason) => reason.Code === 'ConditionalCheckFailed') ?? -1;
      const taken = index >= 0 ? chunk[index] : undefined;
      if (taken) return new AlreadyExistsError('device', taken.id);
    }
    return error;
  }
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
