import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { SweepMessage, SweepQueue } from '#shared/domain/health/sweep-plan.ts';

/** SendMessageBatch takes at most 10 messages. */
const SQS_BATCH_LIMIT = 10;
const ATTEMPTS = 3;

/**
 * The sweep queue on SQS: messages go out ten per SendMessageBatch; entries SQS reports as failed
 * are sent again (twice), and if some still fail the fan-out fails so the schedule's next run and
 * the function's error metric show it.
 */
export class SqsSweepQueue implements SweepQueue {
  constructor(
    private readonly client: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly SweepMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += SQS_BATCH_LIMIT) {
      let entries: SendMessageBatchRequestEntry[] = messages
        .slice(start, start + SQS_BATCH_LIMIT)
        .map((message, index) => ({ Id: String(start + index), MessageBody: JSON.stringify(message) }));
      for (let attempt = 1; entries.length > 0; attempt++) {
        const output = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
        const failed = new Set((output.Failed ?? []).map((failure) => failure.Id));
        entries = entries.filter((entry) => failed.has(entry.Id));
        if (entries.length > 0 && attempt >= ATTEMPTS) {
          throw new Error(`SQS refused ${entries.length} sweep messages: ${(output.Failed ?? []).map((failure) => failure.Message ?? failure.Code).join('; ')}`);
        }
      }
    }
  }
}
