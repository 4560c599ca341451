/**
 * HTTP(S) probe: status code and latency, and for https the days until the server certificate
 * expires (result `<check>.certificate`). A certificate that does not verify (expired, unknown CA,
 * wrong host name) makes the main result critical; trust a lab or internal CA with `caRef`.
 */
import type { CheckResult, Probe, ProbeOutput } from '#shared/domain/health/probe.ts';
import { statusFor } from '#shared/domain/health/probe.ts';
import { HttpGetError, httpGet, type TlsInfo } from './http-client.ts';
import { errorMessage, makeResult, probeBudgetMs, readSecret, round, worst, startProbeOutput } from './support.ts';

const DAY_MS = 86_400_000;

export const httpProbe: Probe<'http'> = {
  type: 'http',
  async run(check, context): Promise<ProbeOutput> {
    const done = startProbeOutput();

    let ca: string | undefined;
    if (check.caRef) {
      const secret = await readSecret(context, check.caRef);
      if (!secret.ok) return done([makeResult(check, context, { status: 'unknown', message: secret.message })]);
      ca = secret.value;
    }

    let response;
    try {
      response = await httpGet(check.url, { timeoutMs: probeBudgetMs(check.timeoutMs), ...(context.signal ? { signal: context.signal } : {}), ...(ca ? { ca } : {}) });
    } catch (error) {
      const message = error instanceof HttpGetError ? error.message : `request failed: ${errorMessage(error)}`;
      return done([makeResult(check, context, { status: 'critical', message })]);
    }

    const latency = round(response.latencyMs);
    const statusOk = response.status === check.expectStatus;
    const latencyStatus = statusFor(latency, check.latencyMs);
    const trusted = !response.tls || response.tls.authorized;
    let message = `HTTP ${response.status} in ${latency} ms`;
    if (!statusOk) message = `HTTP ${response.status}, expected ${check.expectStatus} (in ${latency} ms)`;
    if (!trusted) message = `certificate not trusted (${response.tls?.authorizationError ?? 'unknown reason'}); ${message}`;
    const main = makeResult(check, context, {
      status: worst(statusOk && trusted ? 'ok' : 'critical', latencyStatus),
      value: latency,
      unit: 'ms',
      ...(check.latencyMs ? { thresholds: check.latencyMs } : {}),
      message,
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
  const who = tls.subject ? `certificate for ${tls.subject}` : 'certificate';
  const expired = msLeft <= 0;
  const notYetValid = tls.validFrom !== undefined && tls.validFrom.getTime() > now.getTime();
  let status = expired ? 'critical' : statusFor(days, check.certificateDays);
  let message = expired
    ? `${who} expired ${Math.max(0, Math.floor(-msLeft / DAY_MS))} days ago (${date})`
    : `${who} expires in ${days} days (${date})`;
  if (notYetValid) {
    status = 'critical';
    message = `${who} is not valid before ${tls.validFrom!.toISOString()}`;
  }
  return makeResult(
    check,
    context,
    {
      status,
      value: days,
      unit: 'days',
      thresholds: check.certificateDays,
      message,
      extra: { notAfter: tls.validTo.toISOString(), ...(tls.issuer ? { issuer: tls.issuer } : {}) },
    },
    'certificate',
  );
}
