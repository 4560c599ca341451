import { createHash } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsSweepQueue } from '#shared/adapters/sqs/sweep-queue.ts';
import { planSweeps, SweepMessage } from '#shared/domain/health/sweep-plan.ts';
import { captureRequests, type CapturedRequest } from '../../support/aws-capture.ts';

const QUEUE = 'https://sqs.eu-north-1.amazonaws.com/123456789012/driftsbilde-sweeps';
const messages = Array.from({ length: 23 }, (_, i) => ({ regionId: 'kr', environmentId: `env-${i}`, scheduledAt: '2025-03-14T10:00:00.000Z' }));

/** SQS answers with the MD5 of each body, which the SDK checks. */
function ok(entries: Array<{ Id: string; MessageBody: string }>) {
  return entries.map((e) => ({ Id: e.Id, MessageId: `msg-${e.Id}`, MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex') }));
}

function client(respond: (request: CapturedRequest) => unknown) {
  const sqs = new SQSClient({ region: 'eu-north-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return { sqs, requests: captureRequests(sqs, respond) };
}

describe('SQS sweep queue', () => {
  it('sends ten messages per SendMessageBatch', async () => {
    const { sqs, requests } = client((request) => ({ Successful: ok(request.json.Entries), Failed: [] }));
    await new SqsSweepQueue(sqs, QUEUE).send(messages);
    expect(requests.map((r) => r.target)).toEqual(Array(3).fill('AmazonSQS.SendMessageBatch'));
    expect(requests.map((r) => r.json.Entries.length)).toEqual([10, 10, 3]);
    expect(requests[0]?.json.QueueUrl).toBe(QUEUE);
    const bodies = requests.flatMap((r) => r.json.Entries.map((e: { MessageBody: string }) => SweepMessage.parse(JSON.parse(e.MessageBody))));
    expect(bodies).toEqual(messages);
  });

  it('sends the entries SQS reports as failed again, and fails after three attempts', async () => {
    let call = 0;
    const { sqs, requests } = client((request) => {
      call++;
      const entries = request.json.Entries as Array<{ Id: string; MessageBody: string }>;
      const failed = call === 1 ? [entries[0]!.Id] : [];
      return { Successful: ok(entries.filter((e) => !failed.includes(e.Id))), Failed: failed.map((Id) => ({ Id, SenderFault: false, Code: 'InternalError' })) };
    });
    await new SqsSweepQueue(sqs, QUEUE).send(messages.slice(0, 3));
    expect(requests.map((r) => r.json.Entries.map((e: { Id: string }) => e.Id))).toEqual([['0', '1', '2'], ['0']]);

    const { sqs: stubborn } = client((request) => ({ Successful: [], Failed: request.json.Entries.map((e: { Id: string }) => ({ Id: e.Id, SenderFault: false, Code: 'InternalError', Message: 'busy' })) }));
    await expect(new SqsSweepQueue(stubborn, QUEUE).send(messages.slice(0, 2))).rejects.toThrow(/refused 2 sweep messages: busy/);
  });
});

describe('sweep plan', () => {
  it('is one message per environment of every region, across pages', async () => {
    const inventory = {
      listRegions: async ({ cursor }: { cursor?: string }) => (cursor ? { items: [{ id: 'r2' }] } : { items: [{ id: 'r1' }], nextCursor: 'p2' }),
      listEnvironments: async (regionId: string) => ({ items: regionId === 'r1' ? [{ id: 'a' }, { id: 'b' }] : [{ id: 'c' }] }),
    };
    const planned = await planSweeps(inventory as never, new Date('2025-03-14T10:00:00Z'));
    expect(planned.map((m) => `${m.regionId}/${m.environmentId}`)).toEqual(['r1/a', 'r1/b', 'r2/c']);
    expect(planned.every((m) => m.scheduledAt === '2025-03-14T10:00:00.000Z')).toBe(true);
  });
});
