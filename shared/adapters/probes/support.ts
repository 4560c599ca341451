/**
 * Small helpers shared by the protocol probes: building results, reading secrets, wording errors.
 * Nothing here does I/O of its own.
 */
import type { CheckResult, CheckStatus, InventoryFacts, ProbeContext, ProbeOutput } from '#shared/domain/health/probe.ts';
import { STATUS_SEVERITY } from '#shared/domain/health/probe.ts';
import type { CheckType } from '#shared/schemas/checks.ts';
import { checkMessage } from '#shared/messages/health.ts';

/** A result's message as a code with raw parameters, and its English (`shared/messages/health.ts`). */
export type Said = ReturnType<typeof checkMessage>;
export { checkMessage as said };

/** The fields a probe fills in; name, type and time are added by `makeResult`. */
export type ResultFields = Omit<CheckResult, 'name' | 'type' | 'observedAt'>;

/** A result named `<check>` or, with `part`, `<check>.<part>`, stamped with the context's clock. */
export function makeResult(
  check: { name: string; type: CheckType },
  context: Pick<ProbeContext, 'now'>,
  fields: ResultFields,
  part?: string,
): CheckResult {
  return {
    name: part ? `${check.name}.${part}` : check.name,
    type: check.type,
    observedAt: context.now().toISOString(),
    ...fields,
  };
}

/** The worst of several statuses (critical > warning > unknown > ok). */
export function worst(...statuses: CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((a, b) => (STATUS_SEVERITY[b] > STATUS_SEVERITY[a] ? b : a), 'ok');
}

/** Rounds for display and storage: probes keep one or two decimals, not float noise. */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The Node error code (`ECONNREFUSED`, `ENOENT`…) of an error, when it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A failure that knows its coded text: the probe turns it into a result with that message. */
export class SaidError extends Error {
  constructor(readonly said: Said) {
    super(said.message);
    this.name = 'SaidError';
  }
}

/** Thrown by a probe's own deadline; the probe turns it into a critical result. */
export class ProbeTimeoutError extends SaidError {
  constructor(readonly timeoutMs: number, code: Parameters<typeof checkMessage>[0]) {
    super(checkMessage(code, { ms: timeoutMs }));
    this.name = 'ProbeTimeoutError';
  }
}

/**
 * Reads a secret by reference. A missing secret is a configuration fault, not a device fault, so
 * callers report it as `unknown` with this message rather than as `critical`.
 */
export async function readSecret(context: ProbeContext, ref: string): Promise<{ ok: true; value: string } | { ok: false; said: Said }> {
  try {
    return { ok: true, value: await context.secrets.get(ref) };
  } catch (error) {
    return { ok: false, said: checkMessage('check.secret-unreadable', { ref, error: errorMessage(error) }) };
  }
}

/**
 * The probe's own time budget: a little under the check's timeout, so the probe can report a
 * specific reason ("no SNMP answer…") before `runCheck`'s hard deadline cuts it off generically.
 */
export function probeBudgetMs(timeoutMs: number): number {
  return Math.max(50, Math.floor(timeoutMs * 0.9));
}

/**
 * Starts a probe's clock and returns the function that finishes its output: the results, the
 * facts read off the device (left out when there are none), and how long the probe took.
 */
export function startProbeOutput(): (results: CheckResult[], facts?: InventoryFacts) => ProbeOutput {
  const started = performance.now();
  return (results, facts) => ({
    results,
    ...(facts && Object.keys(facts).length > 0 ? { facts } : {}),
    durationMs: performance.now() - started,
  });
}
