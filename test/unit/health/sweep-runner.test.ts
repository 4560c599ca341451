import { describe, expect, it } from 'vitest';
import { runSweep, type SweepItem } from '#shared/domain/health/sweep-runner.ts';
import { percentile } from '#shared/domain/health/samples.ts';
import type { ProbeOutput } from '#shared/domain/health/probe.ts';
import { CheckDefinition } from '#shared/schemas/checks.ts';

const context = { now: () => new Date('2025-01-01T00:00:00Z'), secrets: { get: async () => '' } };
const tcp = (name: string, timeoutMs = 1000) => CheckDefinition.parse({ type: 'tcp', name, host: '127.0.0.1', port: 1, timeoutMs });
const ok = (name: string): ProbeOutput => ({ results: [{ name, type: 'tcp', status: 'ok', observedAt: '' }], durationMs: 0 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runSweep', () => {
  it('never runs more than `concurrency` checks at once, and keeps the order of the items', async () => {
    let inFlight = 0;
    let peak = 0;
    const items: SweepItem[] = Array.from({ length: 40 }, (_, i) => ({ key: `d${i}`, check: tcp(`c${i}`) }));
    const report = await runSweep({
      items,
      concurrency: 7,
      context,
      runCheck: async (check) => {
        peak = Math.max(peak, ++inFlight);
        await sleep(5 + (Number(check.name.slice(1)) % 3) * 5);
        inFlight--;
        return ok(check.name);
      },
    });
    expect(peak).toBe(7);
    expect(report.outcomes.map((o) => o.key)).toEqual(items.map((i) => i.key));
    expect(report.outcomes.every((o) => o.output.results[0]!.name === o.check.name)).toBe(true);
    expect(report.concurrency).toBe(7);
    expect(report.durations.max).toBeGreaterThanOrEqual(report.durations.p95);
    expect(report.durations.p95).toBeGreaterThanOrEqual(report.durations.p50);
  });

  it('passes each item its own previous results', async () => {
    const seen: unknown[] = [];
    const previous = [{ name: 'a', type: 'tcp' as const, status: 'ok' as const, observedAt: 'x' }];
    await runSweep({
      items: [{ key: 'a', check: tcp('a'), previous }, { key: 'b', check: tcp('b') }],
      concurrency: 1,
      context,
      runCheck: async (check, ctx) => {
        seen.push(ctx.previous);
        return ok(check.name);
      },
    });
    expect(seen).toEqual([previous, undefined]);
  });

  it('turns a runCheck that throws into unknown and one that hangs into critical, without stopping the sweep', async () => {
    const report = await runSweep({
      items: [{ key: 'a', check: tcp('throws') }, { key: 'b', check: tcp('hangs', 100) }, { key: 'c', check: tcp('fine') }],
      concurrency: 2,
      graceMs: 50,
      context,
      runCheck: async (check) => {
        if (check.name === 'throws') throw new Error('boom');
        if (check.name === 'hangs') return new Promise<ProbeOutput>(() => {});
        return ok(check.name);
      },
    });
    expect(report.outcomes.map((o) => o.output.results[0]!.status)).toEqual(['unknown', 'critical', 'ok']);
    expect(report.outcomes[0]!.output.results[0]!.message).toBe('check failed: boom');
    expect(report.outcomes[1]!.output.results[0]!.message).toMatch(/sweep backstop/);
    expect(report.outcomes[1]!.durationMs).toBeGreaterThanOrEqual(140);
  });

  it('handles an empty sweep', async () => {
    const report = await runSweep({ items: [], concurrency: 4, context, runCheck: async () => ok('x') });
    expect(report.outcomes).toEqual([]);
    expect(report.durations).toEqual({ p50: 0, p95: 0, max: 0 });
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
  });
});
