import { BatchWriteCommand, type BatchWriteCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '#shared/domain/concurrency.ts';

/**
 * BatchWriteItem done properly: 25 requests per call (the API's limit), a few calls in flight, and
 * whatever DynamoDB hands back as `UnprocessedItems` (throttling, a busy partition) sent again
 * with exponential backoff and full jitter, as the AWS docs ask. Gives up with an error after
 * `maxAttempts` rounds so that a message is retried by SQS instead of silently losing samples.
 */
export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: { pk: string; sk: string } } };

export interface BatchWriteOptions {
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** Rounds per chunk before giving up (default 8). */
  maxAttempts?: number;
  /** First backoff in ms (default 25); doubles each round, capped at 2 s. */
  baseDelayMs?: number;
  /** Ask DynamoDB for the write units consumed (ReturnConsumedCapacity TOTAL). */
  measureCapacity?: boolean;
  sleep?: (ms: number) => Promise<void>;
}

export interface BatchWriteStats {
  /** BatchWriteItem calls made, retries included. */
  calls: number;
  /** Calls that were retries of unprocessed items. */
  retries: number;
  /** Write units DynamoDB reported (only with `measureCapacity`). */
  consumedWriteUnits: number;
}

export const BATCH_WRITE_LIMIT = 25;

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Full-jitter backoff before round `attempt` (≥ 2): random up to `base`·2^(attempt−2) ms, capped at 2 s. */
export function backoffDelayMs(base: number, attempt: number): number {
  return Math.random() * Math.min(2_000, base * 2 ** (attempt - 2));
}

export async function batchWrite(
  doc: Pick<DynamoDBDocumentClient, 'send'>,
  tableName: string,
  requests: readonly WriteRequest[],
  options: BatchWriteOptions = {},
): Promise<BatchWriteStats> {
  const stats: BatchWriteStats = { calls: 0, retries: 0, consumedWriteUnits: 0 };
  const chunks: WriteRequest[][] = [];
  for (let start = 0; start < requests.length; start += BATCH_WRITE_LIMIT) chunks.push(requests.slice(start, start + BATCH_WRITE_LIMIT));
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? 25;

  async function writeChunk(chunk: WriteRequest[]): Promise<void> {
    let pending: WriteRequest[] = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${maxAttempts} attempts`);
      if (attempt > 1) {
        stats.retries++;
        await sleep(backoffDelayMs(base, attempt));
      }
      stats.calls++;
      const output: BatchWriteCommandOutput = await doc.send(
        new BatchWriteCommand({
          RequestItems: { [tableName]: pending as never },
          ...(options.measureCapacity ? { ReturnConsumedCapacity: 'TOTAL' } : {}),
        }),
      );
      for (const consumed of output.ConsumedCapacity ?? []) stats.consumedWriteUnits += consumed.CapacityUnits ?? 0;
      pending = (output.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    }
  }

  await mapWithConcurrency(chunks, options.concurrency ?? 4, writeChunk);
  return stats;
}
