import { describe, expect, it } from 'vitest';
import { limiter, mapWithConcurrency } from '#shared/domain/concurrency.ts';
import { VersionConflictError } from '#shared/domain/errors.ts';
import { idFromName, newDeviceId, timedId } from '#shared/domain/ids.ts';
import { retryOnConflict } from '#shared/domain/retry.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapWithConcurrency', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3, 6, 7], 3, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 60, 70]);
    expect(peak).toBe(3);
  });

  it('starts nothing after the first failure and settles only once the calls in flight have', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw new Error('boom');
      await tick();
      finished.push(n);
    });
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });
});

describe('limiter', () => {
  it('runs at most `limit` tasks at once', async () => {
    const run = limiter(2);
    let inFlight = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 6 }, () => run(async () => { peak = Math.max(peak, ++inFlight); await tick(); inFlight--; })));
    expect(peak).toBe(2);
  });
});

describe('retryOnConflict', () => {
  it('tries again on a version conflict, up to the attempts given, and passes anything else on', async () => {
    let calls = 0;
    expect(await retryOnConflict(async () => (++calls < 3 ? Promise.reject(new VersionConflictError('x', 'a', 2)) : 'done'), 3)).toBe('done');
    calls = 0;
    await expect(retryOnConflict(async () => { calls++; throw new VersionConflictError('x', 'a', 2); }, 2)).rejects.toBeInstanceOf(VersionConflictError);
    expect(calls).toBe(2);
    calls = 0;
    await expect(retryOnConflict(async () => { calls++; throw new Error('other'); })).rejects.toThrow('other');
    expect(calls).toBe(1);
  });
});

describe('ids', () => {
  it('makes timed ids and ids from names', () => {
    expect(timedId('mw', new Date('2025-03-14T10:15:00.123Z'), () => 'abc123')).toBe('mw-20250314t101500123-abc123');
    expect(idFromName('Brannmur Kristiansand 1', 'device', () => 'abc123')).toBe('brannmur-kristiansand-1-abc123');
    expect(idFromName('!!!', 'budget-line')).toMatch(/^budget-line-[0-9a-f]{6}$/);
    expect(newDeviceId('Core 1')).toMatch(/^core-1-[0-9a-f]{6}$/);
  });
});
