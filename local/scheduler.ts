/**
 * The deployed schedule, locally: every `intervalMs` the fan-out handler runs (as EventBridge
 * Scheduler starts it in AWS), and the messages it sends go into an in-process queue that hands
 * them to the collector handler in SQS-shaped batches. The queue is the one stand-in: SQS cannot
 * run here. It keeps SQS's behaviour that matters to the handlers: batches of at most 10 records,
 * redelivery of the records a handler reports in `batchItemFailures`, and a dead-letter list after
 * `maxReceiveCount` receives.
 *
 * The handlers are the deployed modules themselves (`functions/fan-out-sweeps.ts`,
 * `functions/collect-environment.ts`), imported only when the schedule starts, after the caller
 * has set TABLE_NAME and DYNAMODB_ENDPOINT. Metrics go to the log locally (METRICS_SINK=log).
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { SweepMessage, SweepQueue } from '#shared/domain/health/sweep-plan.ts';

export interface CollectorScheduleOptions {
  /** Default one minute, as deployed. */
  intervalMs?: number;
  /** Run a sweep at once instead of waiting one interval (default true). */
  runImmediately?: boolean;
  /** Receives before a message goes to the dead-letter list (default 3, as the deployed queue). */
  maxReceiveCount?: number;
  /** Records per collector invocation (default 10, SQS's largest batch). */
  batchSize?: number;
  /** Replace the deployed handlers (tests). */
  fanOut?: (queue: SweepQueue) => (event?: unknown) => Promise<{ messages: number }>;
  collect?: (event: Pick<SQSEvent, 'Records'>) => Promise<SQSBatchResponse>;
  log?: (line: string) => void;
}

export interface CollectorSchedule {
  /** Runs one fan-out and drains the queue; resolves when every message is done or dead-lettered. */
  runOnce(): Promise<{ messages: number; failed: number }>;
  /** Messages that failed `maxReceiveCount` times. */
  deadLetters: SweepMessage[];
  stop(): Promise<void>;
}

interface Queued {
  message: SweepMessage;
  messageId: string;
  receives: number;
}

export async function startCollectorSchedule(options: CollectorScheduleOptions = {}): Promise<CollectorSchedule> {
  const log = options.log ?? ((line: string) => console.log(line));
  const maxReceiveCount = options.maxReceiveCount ?? 3;
  const batchSize = options.batchSize ?? 10;
  const pending: Queued[] = [];
  const deadLetters: SweepMessage[] = [];
  const queue: SweepQueue = {
    async send(messages) {
      for (const message of messages) pending.push({ message, messageId: randomUUID(), receives: 0 });
    },
  };

  const fanOut = options.fanOut ? options.fanOut(queue) : await deployedFanOut(queue);
  const collect = options.collect ?? (await import('#functions/collect-environment.ts')).handler;

  async function drain(): Promise<number> {
    let failed = 0;
    while (pending.length > 0) {
      const batch = pending.splice(0, batchSize);
      for (const item of batch) item.receives++;
      const records = batch.map((item) => toRecord(item));
      let failures: Set<string>;
      try {
        const response = await collect({ Records: records });
        failures = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      } catch (error) {
        // A handler that throws fails the whole batch, as with SQS.
        log(`collector failed: ${(error as Error).message}`);
        failures = new Set(batch.map((item) => item.messageId));
      }
      for (const item of batch) {
        if (!failures.has(item.messageId)) continue;
        failed++;
        if (item.receives >= maxReceiveCount) {
          deadLetters.push(item.message);
          log(`sweep of ${item.message.regionId}/${item.message.environmentId} failed ${item.receives} times: moved to the dead letters`);
        } else pending.push(item);
      }
    }
    return failed;
  }

  let running: Promise<{ messages: number; failed: number }> | undefined;
  async function runOnce(): Promise<{ messages: number; failed: number }> {
    const { messages } = await fanOut({ source: 'local.scheduler', time: new Date().toISOString() });
    const failed = await drain();
    return { messages, failed };
  }
  function tick(): void {
    if (running) {
      log('the previous sweep is still running; this tick is skipped');
      return;
    }
    running = runOnce()
      .catch((error: unknown) => {
        log(`sweep schedule: ${(error as Error).message}`);
        return { messages: 0, failed: 0 };
      })
      .finally(() => (running = undefined));
  }

  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  if (options.runImmediately ?? true) tick();
  return {
    runOnce,
    deadLetters,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** The deployed fan-out handler's code with the in-process queue in place of SQS. */
async function deployedFanOut(queue: SweepQueue) {
  const [{ createFanOutHandler }, { inventoryStore }] = await Promise.all([import('#functions/commons/sweep-handlers.ts'), import('#functions/commons/services.ts')]);
  return createFanOutHandler({ inventory: inventoryStore, queue });
}

function toRecord(item: Queued): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: item.messageId,
    receiptHandle: item.messageId,
    body: JSON.stringify(item.message),
    attributes: {
      ApproximateReceiveCount: String(item.receives),
      SentTimestamp: now,
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:sweeps',
    awsRegion: 'local',
  };
}
