import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchGet } from '#shared/adapters/dynamodb/batch-get.ts';
import { DynamoDbDeviceBatchWriter, ImportUndoError } from '#shared/adapters/dynamodb/device-batch-writer.ts';
import { AlreadyExistsError } from '#shared/domain/errors.ts';
import type { DeviceFields } from '#shared/schemas/device.ts';

const device = (id: string) => ({ id, name: id, kind: 'switch', role: '', vendor: '', model: '', serial: '', environmentId: 'e', payer: { type: 'shared' } }) as unknown as DeviceFields;

describe('device batch writer undo', () => {
  it('reports (and logs) devices it could not remove again instead of claiming nothing was written', async () => {
    const doc = {
      send: async (command: unknown) => {
        if (command instanceof TransactWriteCommand) {
          const ids = (command.input.TransactItems ?? []).map((item) => String(item.Put?.Item?.id));
          if (ids.includes('d-100')) throw new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] });
          return {};
        }
        if (command instanceof DeleteCommand) {
          const sk = String(command.input.Key?.sk);
          if (sk.endsWith('#d-5')) throw new Error('throttled');
          if (sk.endsWith('#d-6')) throw new ConditionalCheckFailedException({ message: 'changed', $metadata: {}, Item: { version: { N: '2' } } });
          return {};
        }
        throw new Error('unexpected command');
      },
    } as unknown as DynamoDBDocumentClient;
    const logged: Array<Record<string, unknown>> = [];
    const writer = new DynamoDbDeviceBatchWriter(doc, 't', (entry) => logged.push(entry));
    const error = await writer.createAll('r', Array.from({ length: 150 }, (_, i) => device(`d-${i}`))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportUndoError);
    expect((error as ImportUndoError).devicesLeft).toEqual(['d-5']);
    expect((error as ImportUndoError).cause).toBeInstanceOf(AlreadyExistsError);
    expect((error as Error).message).toMatch(/could not be removed again.*d-5/);
    expect(logged).toEqual([expect.objectContaining({ level: 'error', devicesLeft: [{ deviceId: 'd-5', error: 'throttled' }] })]);
  });
});

describe('batchGet', () => {
  const key = (i: number) => ({ pk: 'p', sk: `k${i}` });
  it('asks again for unprocessed keys, 100 keys per call, and throws rather than answer with keys missing', async () => {
    const sizes: number[] = [];
    let round = 0;
    const doc = {
      send: async (command: BatchGetCommand) => {
        const keys = command.input.RequestItems?.t?.Keys ?? [];
        sizes.push(keys.length);
        // The first answer leaves two keys unprocessed; the rest are answered whole.
        const unprocessed = round++ === 0 ? keys.slice(0, 2) : [];
        return { Responses: { t: keys.slice(unprocessed.length) }, UnprocessedKeys: unprocessed.length ? { t: { Keys: unprocessed } } : {} };
      },
    };
    const items = await batchGet(doc as never, 't', Array.from({ length: 150 }, (_, i) => key(i)), { concurrency: 1, sleep: async () => {} });
    expect(items).toHaveLength(150);
    expect(sizes).toEqual([100, 2, 50]);

    const stuck = { send: async (command: BatchGetCommand) => ({ Responses: { t: [] }, UnprocessedKeys: { t: { Keys: command.input.RequestItems?.t?.Keys } } }) };
    await expect(batchGet(stuck as never, 't', [key(1)], { maxAttempts: 3, sleep: async () => {} })).rejects.toThrow(/1 keys unprocessed after 3 attempts/);
  });
});
