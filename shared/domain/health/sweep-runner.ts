/**
 * Runs a sweep: many checks, at most `concurrency` at a time, each within its own timeout. Pure
 * except for the `runCheck` it is given (the real one in `#shared/adapters/probes/index.ts`, a
 * fake in unit tests) and timers: one slow or dead device holds one slot for at most its
 * timeout, never the whole sweep.
 */
import type { CheckDefinition } from '#shared/schemas/checks.ts';
import { mapWithConcurrency } from '#shared/domain/concurrency.ts';
import type { CheckResult, ProbeContext, ProbeOutput } from './probe.ts';
import { percentile } from './samples.ts';
import { checkMessage, type CodedMessage } from '#shared/messages/health.ts';

export interface SweepItem {
  /** Who the check belongs to, e.g. the device id; carried through to the outcome. */
  key: string;
  check: CheckDefinition;
  /** This check's previous results on this device (SNMP reboot detection, CPU counters). */
  previous?: CheckResult[];
}

export interface SweepOutcome {
  key: string;
  check: CheckDefinition;
  output: ProbeOutput;
  /** Wall time of this check as the runner saw it, queueing excluded. */
  durationMs: number;
}

export interface SweepReport {
  outcomes: SweepOutcome[];
  /** Wall time of the whole sweep. */
  totalMs: number;
  concurrency: number;
  durations: { p50: number; p95: number; max: number };
}

export interface SweepOptions {
  items: readonly SweepItem[];
  /** Checks in flight at once (≥ 1). */
  concurrency: number;
  runCheck: (check: CheckDefinition, context: ProbeContext) => Promise<ProbeOutput>;
  /** Shared by every check; `previous` is set per item. */
  context: Omit<ProbeContext, 'previous'>;
  /**
   * Extra time beyond a check's own `timeoutMs` before the runner gives up on it by itself, should
   * `runCheck` fail to keep its deadline. Default 1000 ms.
   */
  graceMs?: number;
  /** Clock for durations; `performance.now` by default. */
  clock?: () => number;
}

/** Runs every item and returns the outcomes in the order of `items`. Never throws for a check. */
export async function runSweep(options: SweepOptions): Promise<SweepReport> {
  const clock = options.clock ?? (() => performance.now());
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const graceMs = options.graceMs ?? 1000;
  const sweepStarted = clock();

  const runOne = async (item: SweepItem): Promise<SweepOutcome> => {
    const started = clock();
    const context: ProbeContext = { ...options.context, ...(item.previous ? { previous: item.previous } : {}) };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const backstop = new Promise<ProbeOutput>((resolve) => {
      timer = setTimeout(
        () => resolve(failed(item.check, context, 'critical', checkMessage('check.no-answer-backstop', { ms: item.check.timeoutMs }), clock() - started)),
        item.check.timeoutMs + graceMs,
      );
    });
    let output: ProbeOutput;
    try {
      output = await Promise.race([options.runCheck(item.check, context), backstop]);
    } catch (error) {
      output = failed(item.check, context, 'unknown', checkMessage('check.failed', { error: error instanceof Error ? error.message : String(error) }), clock() - started);
    } finally {
      clearTimeout(timer);
    }
    return { key: item.key, check: item.check, output, durationMs: clock() - started };
  };

  // runOne never throws, so every item runs; the pool keeps the order of `items`.
  const outcomes = await mapWithConcurrency(options.items, concurrency, runOne);

  const durations = outcomes.map((outcome) => outcome.durationMs);
  return {
    outcomes,
    totalMs: clock() - sweepStarted,
    concurrency,
    durations: { p50: percentile(durations, 50) ?? 0, p95: percentile(durations, 95) ?? 0, max: durations.reduce((longest, duration) => Math.max(longest, duration), 0) },
  };
}

function failed(check: CheckDefinition, context: ProbeContext, status: CheckResult['status'], text: CodedMessage, durationMs: number): ProbeOutput {
  return { results: [{ name: check.name, type: check.type, status, ...text, observedAt: context.now().toISOString() }], durationMs };
}
