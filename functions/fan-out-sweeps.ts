import { createFanOutHandler } from './commons/sweep-handlers.ts';
import { sqsSweepQueue } from './commons/fan-out-services.ts';
import { inventoryStore } from './commons/services.ts';

/**
 * Started by EventBridge Scheduler every minute: puts one sweep message per environment on the
 * SQS queue the collector polls (SWEEP_QUEUE_URL). Locally `local/scheduler.ts` runs the same
 * handler code with an in-process queue instead.
 */
export const handler = createFanOutHandler({ inventory: inventoryStore, queue: { send: (messages) => sqsSweepQueue().send(messages) } });
