import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SweepQueue } from '#shared/domain/health/sweep-plan.ts';
import { startCollectorSchedule } from '../../local/scheduler.ts';
import { handlerHarness } from '../support/api.ts';

/**
 * The local schedule runs the deployed fan-out and collector handlers, with an in-process queue
 * standing in for SQS (the one stand-in: SQS cannot run here).
 */
describe('local collector schedule', () => {
  let api: Awaited<ReturnType<typeof handlerHarness>>;
  const environments = Array.from({ length: 12 }, (_, i) => `env-${i + 1}`);

  beforeAll(async () => {
    process.env.METRICS_SINK = 'log';
    api = await handlerHarness();
    await api.call('POST', '/api/regions', { body: { id: 'kr', name: 'KR-IKT' } });
    for (const id of environments) await api.call('POST', '/api/regions/kr/environments', { body: { id, name: id, site: 'x', key: { type: 'equal' } } });
    await api.call('POST', '/api/regions/kr/devices', {
      body: { id: 'srv-1', name: 'Server 1', kind: 'server', environmentId: 'env-1', purchaseDate: '2020-01-01', purchaseCostNok: 1, criticality: 3, payer: { type: 'shared' }, monitoring: { checks: [] } },
    });
  });

  it('sweeps every environment through the deployed handlers, one message each', async () => {
    const lines: string[] = [];
    const schedule = await startCollectorSchedule({ intervalMs: 3_600_000, runImmediately: false, log: (line) => lines.push(line) });
    try {
      const run = await schedule.runOnce();
      expect(run).toEqual({ messages: 12, failed: 0 });
      const board = await api.call('GET', '/api/regions/kr/environments/env-1/health');
      expect(board.body.items).toEqual([expect.objectContaining({ deviceId: 'srv-1', status: 'unknown', checks: [] })]);
      const region = await api.call('GET', '/api/regions/kr/health');
      expect(region.body.environments.filter((e: { lastSweepAt: string | null }) => e.lastSweepAt !== null).map((e: { environmentId: string }) => e.environmentId)).toEqual(['env-1']);
    } finally {
      await schedule.stop();
    }
  });

  it('hands the collector SQS-sized batches, redelivers what it reports failed, and dead-letters after three receives', async () => {
    const batches: number[] = [];
    const receives = new Map<string, number>();
    const collect = async (event: Pick<SQSEvent, 'Records'>): Promise<SQSBatchResponse> => {
      batches.push(event.Records.length);
      const failures = event.Records.filter((record) => {
        const { environmentId } = JSON.parse(record.body) as { environmentId: string };
        receives.set(environmentId, (receives.get(environmentId) ?? 0) + 1);
        // env-2 always fails; env-3 fails once and then succeeds.
        return environmentId === 'env-2' || (environmentId === 'env-3' && receives.get('env-3') === 1);
      });
      return { batchItemFailures: failures.map((record) => ({ itemIdentifier: record.messageId })) };
    };
    const schedule = await startCollectorSchedule({ intervalMs: 3_600_000, runImmediately: false, collect, log: () => undefined });
    try {
      const run = await schedule.runOnce();
      expect(run).toEqual({ messages: 12, failed: 4 });
      expect(batches[0]).toBe(10);
      expect(Math.max(...batches)).toBeLessThanOrEqual(10);
      expect(receives.get('env-1')).toBe(1);
      expect(receives.get('env-2')).toBe(3);
      expect(receives.get('env-3')).toBe(2);
      expect(schedule.deadLetters.map((m) => m.environmentId)).toEqual(['env-2']);
    } finally {
      await schedule.stop();
    }
  });

  it('runs on its interval and skips a tick while the previous sweep still runs', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (release = resolve));
    // The first sweep hangs until released; later ones finish at once.
    const collect = async (): Promise<SQSBatchResponse> => {
      calls++;
      if (calls === 1) await firstHeld;
      return { batchItemFailures: [] };
    };
    const fanOut = (queue: SweepQueue) => async () => {
      await queue.send([{ regionId: 'kr', environmentId: 'env-1', scheduledAt: new Date().toISOString() }]);
      return { messages: 1 };
    };
    const lines: string[] = [];
    const schedule = await startCollectorSchedule({ intervalMs: 20, fanOut, collect, log: (line) => lines.push(line) });
    try {
      await vi.waitFor(() => expect(lines.filter((line) => line.includes('still running')).length).toBeGreaterThanOrEqual(2));
      expect(calls).toBe(1);
      release();
      await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(3));
    } finally {
      release();
      await schedule.stop();
    }
  });
});
