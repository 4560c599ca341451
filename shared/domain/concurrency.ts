/**
 * Bounded concurrency without a queue library: the one place the project runs "at most N at once".
 */

/** A tiny semaphore: at most `limit` (≥ 1) of the functions given to it run at once. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  const max = Math.max(1, Math.floor(limit));
  let active = 0;
  const waiting: Array<() => void> = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= max) await new Promise<void>((resume) => waiting.push(resume));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * `map` over `items` with at most `limit` (≥ 1) calls in flight, results in the order of `items`.
 * On the first failure no further item is started; the calls already in flight are waited for,
 * then the promise rejects with that first failure (so nothing still runs once it has settled).
 */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, Math.floor(limit)), items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
