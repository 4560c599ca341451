/**
 * HTTP(S) probe: status code and latency, and for https the days until the server certificate
 * expires (result `<check>.certificate`). A certificate that does not verify (expired, unknown CA,
 * wrong host name) makes the main result critical; trust a lab or internal CA with `caRef`.
 */
import type { CheckResult, Probe, ProbeOutput } from '#shared/domain/health/probe.ts';
import { statusFor } from '#shared/domain/health/probe.ts';
import { HttpGetError, httpGet, type TlsInfo } from './http-client.ts';
import { errorMessage, makeResult, probeBudgetMs, readSecret, round, said, worst, startProbeOutput, type Said } from './support.ts';

const DAY_MS = 86_400_000;

export const httpProbe: Probe<'http'> = {
  type: 'http',
  async run(check, context): Promise<ProbeOutput> {
    const done = startProbeOutput();

    let ca: string | undefined;
    if (check.caRef) {
      const secret = await readSecret(context, check.caRef);
      if (!secret.ok) return done([makeResult(check, context, { status: 'unknown', ...secret.said })]);
      ca = secret.value;
    }

    let response;
    try {
      response = await httpGet(check.url, { timeoutMs: probeBudgetMs(check.timeoutMs), ...(context.signal ? { signal: context.signal } : {}), ...(ca ? { ca } : {}) });
    } catch (error) {
      const text = error instanceof HttpGetError ? error.said : said('check.http-request-failed', { error: errorMessage(error) });
      return done([makeResult(check, context, { status: 'critical', ...text })]);
    }

    const latency = round(response.latencyMs);
    const statusOk = response.status === check.expectStatus;
    const latencyStatus = statusFor(latency, check.latencyMs);
    const trusted = !response.tls || response.tls.authorized;
    // Status codes are names, not amounts: strings, so "200" is never grouped or rounded.
    const http = { status: String(response.status), expected: String(check.expectStatus), ms: latency };
    const thenCode = statusOk ? 'check.http-ok' : 'check.http-unexpected';
    const text: Said = trusted ? said(thenCode, http) : said('check.http-untrusted', { ...http, thenCode, reason: response.tls?.authorizationError ?? '?' });
    const main = makeResult(check, context, {
      status: worst(statusOk && trusted ? 'ok' : 'critical', latencyStatus),
      value: latency,
      unit: 'ms',
      ...(check.latencyMs ? { thresholds: check.latencyMs } : {}),
      ...text,
      extra: { httpStatus: response.status },
    });
    const results = [main];
    if (response.tls) {
      const certificate = certificateResult(check, context, response.tls);
      if (certificate) results.push(certificate);
    }
    return done(results);
  },
};

function certificateResult(
  check: Parameters<Probe<'http'>['run']>[0],
  context: Parameters<Probe<'http'>['run']>[1],
  tls: TlsInfo,
): CheckResult | undefined {
  if (!tls.validTo || Number.isNaN(tls.validTo.getTime())) return undefined;
  const now = context.now();
  const msLeft = tls.validTo.getTime() - now.getTime();
  // Whole days left, rounded down: "expires in 6 days" while 6 days and some hours remain.
  const days = Math.floor(msLeft / DAY_MS);
  const date = tls.validTo.toISOString().slice(0, 10);
  const who = tls.subject ? { whoCode: 'check.certificate-for', subject: tls.subject } : { whoCode: 'check.certificate' };
  const expired = msLeft <= 0;
  const notYetValid = tls.validFrom !== undefined && tls.validFrom.getTime() > now.getTime();
  let status = expired ? 'critical' : statusFor(days, check.certificateDays);
  let text = expired
    ? said('check.certificate-expired', { ...who, count: Math.max(0, Math.floor(-msLeft / DAY_MS)), date })
    : said('check.certificate-expires', { ...who, count: days, date });
  if (notYetValid) {
    status = 'critical';
    text = said('check.certificate-not-yet-valid', { ...who, from: tls.validFrom!.toISOString() });
  }
  return makeResult(
    check,
    context,
    {
      status,
      value: days,
      unit: 'days',
      thresholds: check.certificateDays,
      ...text,
      extra: { notAfter: tls.validTo.toISOString(), ...(tls.issuer ? { issuer: tls.issuer } : {}) },
    },
    'certificate',
  );
}
