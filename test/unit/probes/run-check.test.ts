import { describe, expect, it } from 'vitest';
import { createRunCheck, httpProbe, probeFor, prometheusProbe, resticProbe, runCheck, snmpProbe } from '#shared/adapters/probes/index.ts';
import type { Probe, ProbeContext, ProbeOutput } from '#shared/domain/health/probe.ts';
import { CheckDefinition } from '#shared/schemas/checks.ts';

const now = () => new Date('2025-01-01T00:00:00Z');

describe('runCheck', () => {
  it('finds a probe for every check type', () => {
    for (const type of ['tcp', 'http', 'snmp', 'prometheus', 'restic'] as const) expect(probeFor(type).type).toBe(type);
  });

  it('returns critical at the deadline when a probe hangs', async () => {
    // A secret store that never answers keeps the probe waiting past every timer of its own.
    const context: ProbeContext = { now, secrets: { get: () => new Promise<string>(() => {}) } };
    const check = CheckDefinition.parse({ type: 'snmp', name: 'fw', host: '127.0.0.1', version: '2c', secretRef: 'x', timeoutMs: 200 });
    const started = performance.now();
    const output = await runCheck(check, context);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(output.results).toEqual([{ name: 'fw', type: 'snmp', status: 'critical', message: 'no answer within 200 ms', messageCode: 'check.no-answer', messageParams: { ms: 200 }, observedAt: '2025-01-01T00:00:00.000Z' }]);
  });

  it('aborts the signal it gives the probe once the deadline has passed', async () => {
    let seen: AbortSignal | undefined;
    const hangingTcp: Probe<'tcp'> = {
      type: 'tcp',
      run: (_check, context) => {
        seen = context.signal;
        return new Promise<ProbeOutput>(() => {});
      },
    };
    const run = createRunCheck({ tcp: hangingTcp, http: httpProbe, snmp: snmpProbe, prometheus: prometheusProbe, restic: resticProbe });
    const output = await run(CheckDefinition.parse({ type: 'tcp', name: 'ssh', host: '127.0.0.1', port: 22, timeoutMs: 150 }), { now, secrets: { get: async () => '' } });
    expect(output.results[0]).toMatchObject({ status: 'critical', message: 'no answer within 150 ms', messageCode: 'check.no-answer', messageParams: { ms: 150 } });
    expect(seen?.aborted).toBe(true);
  });

  it('returns unknown when a probe returns no results', async () => {
    const empty: Probe<'tcp'> = { type: 'tcp', run: async () => ({ results: [], durationMs: 0 }) };
    const run = createRunCheck({ tcp: empty, http: httpProbe, snmp: snmpProbe, prometheus: prometheusProbe, restic: resticProbe });
    const output = await run(CheckDefinition.parse({ type: 'tcp', name: 'ssh', host: '127.0.0.1', port: 22 }), { now, secrets: { get: async () => '' } });
    expect(output.results).toEqual([expect.objectContaining({ name: 'ssh', status: 'unknown', message: 'the tcp probe returned no results', messageCode: 'check.no-results', messageParams: { type: 'tcp' } })]);
  });

  it('returns unknown, never throws, when the probe fails', async () => {
    const bogus = { type: 'telnet', name: 'x', timeoutMs: 1000 } as unknown as CheckDefinition;
    const output = await runCheck(bogus, { now, secrets: { get: async () => '' } });
    expect(output.results[0]).toMatchObject({ status: 'unknown', message: "the telnet probe failed: no probe for check type 'telnet'", messageCode: 'check.probe-failed', messageParams: { type: 'telnet', error: "no probe for check type 'telnet'" } });
  });

  it('returns unknown for a missing secret: a configuration fault, not a device fault', async () => {
    const check = CheckDefinition.parse({ type: 'snmp', name: 'fw', host: '127.0.0.1', version: '2c', secretRef: 'missing' });
    const output = await runCheck(check, { now, secrets: { get: async (ref) => Promise.reject(new Error(`no secret ${ref}`)) } });
    expect(output.results[0]).toMatchObject({ status: 'unknown', message: "secret 'missing' could not be read: no secret missing", messageCode: 'check.secret-unreadable', messageParams: { ref: 'missing', error: 'no secret missing' } });
  });

  it('returns unknown at once when the caller has already cancelled', async () => {
    const check = CheckDefinition.parse({ type: 'tcp', name: 'ssh', host: '127.0.0.1', port: 22 });
    const output = await runCheck(check, { now, secrets: { get: async () => '' }, signal: AbortSignal.abort() });
    expect(output.results[0]).toMatchObject({ status: 'unknown', message: 'check cancelled before it ran', messageCode: 'check.cancelled-before-run' });
  });
});
