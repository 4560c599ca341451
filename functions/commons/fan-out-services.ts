import { SQSClient } from '@aws-sdk/client-sqs';
import * as z from '#shared/schemas/zod.ts';
import { SqsSweepQueue } from '#shared/adapters/sqs/sweep-queue.ts';
import type { SweepQueue } from '#shared/domain/health/sweep-plan.ts';
import { config } from './services.ts';

/**
 * The fan-out's own service, apart from `sweep-services.ts` so that the fan-out bundle carries
 * neither the probes nor CloudWatch. SWEEP_QUEUE_URL names the SQS queue (AWS only).
 */
const FanOutSettings = z.object({ SWEEP_QUEUE_URL: z.optional(z.url()) });
const settings = FanOutSettings.parse(process.env);

let sqsQueue: SweepQueue | undefined;
/** The SQS sweep queue, made on first use so that local runs (which pass their own queue) never need a URL. */
export function sqsSweepQueue(): SweepQueue {
  if (!settings.SWEEP_QUEUE_URL) throw new Error('SWEEP_QUEUE_URL must name the sweep queue for the fan-out');
  sqsQueue ??= new SqsSweepQueue(new SQSClient({ region: config.AWS_REGION }), settings.SWEEP_QUEUE_URL);
  return sqsQueue;
}
