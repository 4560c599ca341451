/**
 * TCP probe: how long a connection to host:port takes to open. Refused or no answer is critical.
 */
import { connect } from 'node:net';
import type { Probe, ProbeOutput } from '#shared/domain/health/probe.ts';
import { errorCode, errorMessage, makeResult, probeBudgetMs, round } from './support.ts';

export const tcpProbe: Probe<'tcp'> = {
  type: 'tcp',
  async run(check, context): Promise<ProbeOutput> {
    const started = performance.now();
    const budget = probeBudgetMs(check.timeoutMs);
    const outcome = await new Promise<{ ok: true; ms: number } | { ok: false; message: string }>((resolve) => {
      const socket = connect({ host: check.host, port: check.port });
      const finish = (value: { ok: true; ms: number } | { ok: false; message: string }) => {
        clearTimeout(timer);
        context.signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(value);
      };
      const onAbort = () => finish({ ok: false, message: `no answer within ${check.timeoutMs} ms` });
      // SYNs to a full or filtered port are dropped silently: only our own timer ends the wait.
      const timer = setTimeout(() => finish({ ok: false, message: `no answer within ${budget} ms` }), budget);
      context.signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => finish({ ok: true, ms: performance.now() - started }));
      socket.once('error', (error) => finish({ ok: false, message: describeSocketError(error, check.host, check.port) }));
    });
    const durationMs = performance.now() - started;
    if (!outcome.ok) return { durationMs, results: [makeResult(check, context, { status: 'critical', message: outcome.message })] };
    const ms = round(outcome.ms);
    return {
      durationMs,
      results: [makeResult(check, context, { status: 'ok', value: ms, unit: 'ms', message: `connected to ${check.host}:${check.port} in ${ms} ms` })],
    };
  },
};

/** Socket errors in an operator's words; shared with the HTTP client. */
export function describeSocketError(error: unknown, host: string, port: number | string): string {
  switch (errorCode(error)) {
    case 'ECONNREFUSED':
      return `connection refused by ${host}:${port} (nothing listening?)`;
    case 'ECONNRESET':
      return `connection reset by ${host}:${port}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name ${host} could not be resolved`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} is unreachable`;
    default:
      return errorMessage(error);
  }
}
