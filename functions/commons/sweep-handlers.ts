import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { limiter } from '#shared/domain/concurrency.ts';
import type { InventoryStore } from '#shared/domain/inventory-store.ts';
import type { EnvironmentSweeper } from '#shared/domain/health/environment-sweep.ts';
import { planSweeps, SweepMessage, type SweepQueue } from '#shared/domain/health/sweep-plan.ts';
import { logger, withLogContext, type LogEntry } from '#shared/logger.ts';

/**
 * The sweep functions' handlers as factories, free of module-scope services: the deployed
 * functions (`functions/fan-out-sweeps.ts`, `functions/collect-environment.ts`) wire them to the
 * real services, the local scheduler to an in-process queue, tests to a fresh table.
 */

/**
 * Fan-out, started by EventBridge Scheduler every minute: one sweep message per environment on
 * the queue the collector polls.
 */
export interface FanOutDependencies {
  inventory: Pick<InventoryStore, 'listRegions' | 'listEnvironments'>;
  queue: SweepQueue;
  now?: () => Date;
}

export function createFanOutHandler(deps: FanOutDependencies) {
  return async function fanOutSweeps(_event?: unknown, context?: Pick<Context, 'awsRequestId'>): Promise<{ messages: number }> {
    return withLogContext({ lambdaRequestId: context?.awsRequestId, route: 'fan-out-sweeps' }, async () => {
      const messages = await planSweeps(deps.inventory, (deps.now ?? (() => new Date()))());
      await deps.queue.send(messages);
      logger.info('sweeps queued', { messages: messages.length });
      return { messages: messages.length };
    });
  };
}

/**
 * The collector: polls the sweep queue (SQS event source with ReportBatchItemFailures) and sweeps
 * one environment per message. A message that fails — a bad body, DynamoDB refusing a write — is
 * reported in `batchItemFailures`, so only it is retried and, after the queue's maxReceiveCount,
 * moved to the dead-letter queue; the others in the batch are done.
 *
 * A message older than `maxMessageAgeMs` is dropped as done: a newer sweep of the same environment
 * is already queued, and running the old one late would only repeat it.
 */
export interface CollectorDependencies {
  sweeper: Pick<EnvironmentSweeper, 'sweep'>;
  now?: () => Date;
  /** Default 5 minutes. */
  maxMessageAgeMs?: number;
  /** Environments swept at once from one batch (default 2; each sweep bounds its own checks). */
  concurrency?: number;
  log?: (entry: LogEntry) => void;
}

export function createCollectorHandler(deps: CollectorDependencies) {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? logger.log;
  const maxAge = deps.maxMessageAgeMs ?? 5 * 60_000;
  return async function collectEnvironments(event: Pick<SQSEvent, 'Records'>, context?: Pick<Context, 'awsRequestId'>): Promise<SQSBatchResponse> {
    const run = limiter(deps.concurrency ?? 2);
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    await Promise.all(
      event.Records.map((record) =>
        run(() =>
          // Every line of one message's sweep carries the message id, and its region and environment once read.
          withLogContext({ lambdaRequestId: context?.awsRequestId, route: 'collect-environment', messageId: record.messageId }, async () => {
            try {
              const message = SweepMessage.parse(JSON.parse(record.body));
              await withLogContext({ regionId: message.regionId, environmentId: message.environmentId }, () => collectOne(message, record.messageId));
            } catch (error) {
              log({ level: 'error', message: 'sweep failed', messageId: record.messageId, error: (error as Error).message });
              failures.push({ itemIdentifier: record.messageId });
            }
          }),
        ),
      ),
    );
    return { batchItemFailures: failures };
  };

  async function collectOne(message: SweepMessage, messageId: string): Promise<void> {
    const age = now().getTime() - Date.parse(message.scheduledAt);
    if (age > maxAge) {
      log({ level: 'warn', message: 'sweep message too old; dropped', messageId, ...message, ageMs: age });
      return;
    }
    const report = await deps.sweeper.sweep(message.regionId, message.environmentId);
    log({ level: 'info', message: 'environment swept', ...report });
  }
}
