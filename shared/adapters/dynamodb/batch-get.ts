import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '#shared/domain/concurrency.ts';
import { backoffDelayMs, defaultSleep } from './batch-writer.ts';

/**
 * BatchGetItem done like {@link batchWrite}: 100 keys per call (the API's limit), a few calls in
 * flight, `UnprocessedKeys` asked for again with exponential backoff and full jitter, and an error
 * after `maxAttempts` rounds rather than an answer that silently lacks items. Keys that do not
 * exist are simply absent from the result; the order of the items is not that of the keys.
 */
export interface BatchGetOptions {
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** Rounds per chunk before giving up (default 8). */
  maxAttempts?: number;
  /** First backoff in ms (default 25); doubles each round, capped at 2 s. */
  baseDelayMs?: number;
  /** Strongly consistent reads. */
  consistentRead?: boolean;
  sleep?: (ms: number) => Promise<void>;
}

export const BATCH_GET_LIMIT = 100;

type Key = Record<string, unknown>;

export async function batchGet(
  doc: Pick<DynamoDBDocumentClient, 'send'>,
  tableName: string,
  keys: readonly Key[],
  options: BatchGetOptions = {},
): Promise<Array<Record<string, unknown>>> {
  const chunks: Key[][] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) chunks.push(keys.slice(start, start + BATCH_GET_LIMIT));
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? 25;

  async function readChunk(chunk: Key[]): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let pending: Key[] = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${maxAttempts} attempts`);
      if (attempt > 1) await sleep(backoffDelayMs(base, attempt));
      const output: BatchGetCommandOutput = await doc.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ...(options.consistentRead ? { ConsistentRead: true } : {}) } } }),
      );
      items.push(...(output.Responses?.[tableName] ?? []));
      pending = (output.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    }
    return items;
  }

  return (await mapWithConcurrency(chunks, options.concurrency ?? 4, readChunk)).flat();
}
