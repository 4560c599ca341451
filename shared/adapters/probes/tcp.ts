/**
 * TCP probe: how long a connection to host:port takes to open. Refused or no answer is critical.
 */
import { connect } from 'node:net';
import type { Probe, ProbeOutput } from '#shared/domain/health/probe.ts';
import { errorCode, errorMessage, makeResult, probeBudgetMs, round, said, type Said } from './support.ts';

export const tcpProbe: Probe<'tcp'> = {
  type: 'tcp',
  async run(check, context): Promise<ProbeOutput> {
    const started = performance.now();
    const budget = probeBudgetMs(check.timeoutMs);
    type Outcome = { ok: true; ms: number } | { ok: false; said: Said };
    const outcome = await new Promise<Outcome>((resolve) => {
      const socket = connect({ host: check.host, port: check.port });
      const finish = (value: Outcome) => {
        clearTimeout(timer);
        context.signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(value);
      };
      const onAbort = () => finish({ ok: false, said: said('check.no-answer', { ms: check.timeoutMs }) });
      // SYNs to a full or filtered port are dropped silently: only our own timer ends the wait.
      const timer = setTimeout(() => finish({ ok: false, said: said('check.no-answer', { ms: budget }) }), budget);
      context.signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => finish({ ok: true, ms: performance.now() - started }));
      socket.once('error', (error) => finish({ ok: false, said: describeSocketError(error, check.host, check.port) }));
    });
    const durationMs = performance.now() - started;
    if (!outcome.ok) return { durationMs, results: [makeResult(check, context, { status: 'critical', ...outcome.said })] };
    const ms = round(outcome.ms);
    return {
      durationMs,
      results: [makeResult(check, context, { status: 'ok', value: ms, unit: 'ms', ...said('check.connected', { host: check.host, port: String(check.port), ms }) })],
    };
  },
};

/** Socket errors in an operator's words; shared with the HTTP client. */
export function describeSocketError(error: unknown, host: string, port: number | string): Said {
  // Ports are names here, not amounts: a string keeps "16100" from being grouped as "16,100".
  const where = { host, port: String(port) };
  switch (errorCode(error)) {
    case 'ECONNREFUSED':
      return said('check.connection-refused', where);
    case 'ECONNRESET':
      return said('check.connection-reset', where);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return said('check.host-not-resolved', { host });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return said('check.host-unreachable', { host });
    default:
      return said('check.error', { error: errorMessage(error) });
  }
}
