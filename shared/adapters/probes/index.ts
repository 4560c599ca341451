/**
 * The probe registry: `probeFor(type)` finds the adapter for a check type, and `runCheck` runs one
 * check with its deadline enforced. `runCheck` never throws and never hangs past `timeoutMs`:
 *  - the check's time runs out → one `critical` result, "no answer within N ms" (for a monitor, a
 *    device that does not answer in time is down);
 *  - the probe throws (a bug, a bad configuration) → one `unknown` result saying why: we do not know
 *    the device's state, so we must not claim it is down.
 * Probes get an AbortSignal in the context, fired at the deadline, so sockets and child processes
 * are closed rather than left behind.
 */
import type { CheckResult, Probe, ProbeContext, ProbeOutput } from '#shared/domain/health/probe.ts';
import type { CheckDefinition } from '#shared/schemas/checks.ts';
import { httpProbe } from './http.ts';
import { prometheusProbe } from './prometheus.ts';
import { resticProbe } from './restic.ts';
import { snmpProbe } from './snmp.ts';
import { errorMessage, said, type Said } from './support.ts';
import { tcpProbe } from './tcp.ts';

export type ProbeType = CheckDefinition['type'];

const PROBES: ProbeSet = {
  tcp: tcpProbe,
  http: httpProbe,
  snmp: snmpProbe,
  prometheus: prometheusProbe,
  restic: resticProbe,
};

/** The adapter for a check type. */
export function probeFor<T extends ProbeType>(type: T): Probe<T> {
  const probe = PROBES[type];
  if (!probe) throw new Error(`no probe for check type '${String(type)}'`);
  return probe;
}

/** The signature the sweep runner takes, so tests can pass a fake. */
export type RunCheck = (check: CheckDefinition, context: ProbeContext) => Promise<ProbeOutput>;

/** The probes by type; `createRunCheck` takes another set in tests. */
export type ProbeSet = { [T in ProbeType]: Probe<T> };

/** Runs one check through its probe within `check.timeoutMs`. Never throws. */
export const runCheck: RunCheck = (check, context) => runWith(PROBES, check, context);

/** A `runCheck` over other probes (fakes in unit tests), with the same deadline and error handling. */
export function createRunCheck(probes: ProbeSet): RunCheck {
  return (check, context) => runWith(probes, check, context);
}

async function runWith(probes: ProbeSet, check: CheckDefinition, context: ProbeContext): Promise<ProbeOutput> {
  const started = performance.now();
  const controller = new AbortController();
  const outer = context.signal;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;

  const single = (status: CheckResult['status'], text: Said): ProbeOutput => {
    let observedAt: string;
    try {
      observedAt = context.now().toISOString();
    } catch {
      observedAt = new Date().toISOString(); // a broken clock must not make runCheck throw
    }
    return { results: [{ name: check.name, type: check.type, status, ...text, observedAt }], durationMs: performance.now() - started };
  };

  try {
    if (controller.signal.aborted) return single('unknown', said('check.cancelled-before-run'));
    const running = Promise.resolve().then(() => {
      const probe = probes[check.type] as Probe | undefined;
      if (!probe) throw new Error(`no probe for check type '${String(check.type)}'`);
      return probe.run(check as never, { ...context, signal: controller.signal });
    });
    // The losing side of the race must not become an unhandled rejection.
    running.catch(() => {});
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), check.timeoutMs);
    });
    const cancelled = new Promise<'cancelled'>((resolve) => controller.signal.addEventListener('abort', () => resolve('cancelled'), { once: true }));
    const outcome = await Promise.race([running, deadline, cancelled]);
    if (outcome === 'timeout') {
      controller.abort(new Error(`timed out after ${check.timeoutMs} ms`));
      return single('critical', said('check.no-answer', { ms: check.timeoutMs }));
    }
    if (outcome === 'cancelled') return single('unknown', said('check.cancelled'));
    if (outcome.results.length === 0) return single('unknown', said('check.no-results', { type: check.type }));
    return { ...outcome, durationMs: performance.now() - started };
  } catch (error) {
    return single('unknown', said('check.probe-failed', { type: check.type, error: errorMessage(error) }));
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
    // Frees whatever the probe still holds once we have our answer.
    if (!controller.signal.aborted) controller.abort(new Error('check finished'));
  }
}

export { createResticProbe } from './restic.ts';
export { httpProbe, prometheusProbe, resticProbe, snmpProbe, tcpProbe };
