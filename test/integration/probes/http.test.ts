import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { createCertificateAuthority, daysFromNow, issueServerCertificate, type CertificateAuthority } from '../../../local/lab/certificates.ts';
import { startHttpsServer, type HttpsPeer } from '../../support/peers/https.ts';
import { startJunkTcpServer, startSilentTcpServer, startTextHttpServer, type FaultPeer } from '../../support/peers/faults.ts';
import { byName, check, contextWith } from '../../support/peers/context.ts';

let ca: CertificateAuthority;
let otherCa: CertificateAuthority;
let valid60: HttpsPeer;
let expiring5: HttpsPeer;
let expired: HttpsPeer;
let untrusted: HttpsPeer;
let failing: HttpsPeer;
let plain: FaultPeer & { url: string };
let silent: FaultPeer;
let junk: FaultPeer;

beforeAll(async () => {
  ca = await createCertificateAuthority('Test CA');
  otherCa = await createCertificateAuthority('Somebody Else CA');
  valid60 = await startHttpsServer(await issueServerCertificate(ca, { commonName: 'web60.lab', notAfter: daysFromNow(60.5) }));
  expiring5 = await startHttpsServer(await issueServerCertificate(ca, { commonName: 'web5.lab', notAfter: daysFromNow(5.5) }));
  expired = await startHttpsServer(await issueServerCertificate(ca, { commonName: 'old.lab', notBefore: daysFromNow(-90), notAfter: daysFromNow(-3.5) }));
  untrusted = await startHttpsServer(await issueServerCertificate(otherCa, { notAfter: daysFromNow(60) }));
  failing = await startHttpsServer(await issueServerCertificate(ca, { notAfter: daysFromNow(60) }), 503);
  plain = await startTextHttpServer('ok', 200, 'text/plain');
  silent = await startSilentTcpServer();
  junk = await startJunkTcpServer();
});

afterAll(async () => {
  for (const peer of [valid60, expiring5, expired, untrusted, failing, plain, silent, junk]) await peer?.stop();
});

const context = () => contextWith({ 'lab/ca': ca.cert });
const web = (url: string, extra: Record<string, unknown> = {}) => check({ type: 'http', name: 'web', url, caRef: 'lab/ca', timeoutMs: 3000, ...extra });

describe('http probe against real HTTPS servers with generated certificates', () => {
  it('is ok for a 60-day certificate from a CA trusted through caRef', async () => {
    const { results } = await runCheck(web(valid60.url), context());
    expect(byName(results, 'web')).toMatchObject({ status: 'ok', unit: 'ms', extra: { httpStatus: 200 }, message: expect.stringMatching(/^HTTP 200 in [\d.]+ ms$/) });
    expect(byName(results, 'web.certificate')).toMatchObject({ status: 'ok', value: 60, unit: 'days', message: expect.stringMatching(/^certificate for web60.lab expires in 60 days \(\d{4}-\d\d-\d\d\)$/) });
  });

  it('is critical for a certificate with 5 days left (default thresholds 30/7)', async () => {
    const { results } = await runCheck(web(expiring5.url), context());
    expect(byName(results, 'web').status).toBe('ok');
    expect(byName(results, 'web.certificate')).toMatchObject({ status: 'critical', value: 5, thresholds: { warning: 30, critical: 7, direction: 'below' } });
  });

  it('is a warning for 5 days left when the check sets critical below 3', async () => {
    const { results } = await runCheck(web(expiring5.url, { certificateDays: { warning: 30, critical: 3, direction: 'below' } }), context());
    expect(byName(results, 'web.certificate').status).toBe('warning');
  });

  it('is critical for an expired certificate, and still says when it expired', async () => {
    const { results } = await runCheck(web(expired.url), context());
    expect(byName(results, 'web')).toMatchObject({ status: 'critical', message: expect.stringMatching(/^certificate not trusted \(CERT_HAS_EXPIRED\)/) });
    expect(byName(results, 'web.certificate')).toMatchObject({ status: 'critical', value: -4, message: expect.stringMatching(/^certificate for old.lab expired 3 days ago/) });
  });

  it('is critical for a certificate from a CA it does not trust', async () => {
    const { results } = await runCheck(web(untrusted.url), context());
    expect(byName(results, 'web')).toMatchObject({ status: 'critical', message: expect.stringMatching(/^certificate not trusted \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/) });
    // Without the lab CA even our own good certificate is untrusted: caRef is what makes it work.
    const withoutCa = await runCheck(check({ type: 'http', name: 'web', url: valid60.url, timeoutMs: 3000 }), context());
    expect(byName(withoutCa.results, 'web').status).toBe('critical');
  });

  it('is critical for an unexpected status code', async () => {
    const { results } = await runCheck(web(failing.url), context());
    expect(byName(results, 'web')).toMatchObject({ status: 'critical', message: expect.stringMatching(/^HTTP 503, expected 200/), extra: { httpStatus: 503 } });
    const expected503 = await runCheck(web(failing.url, { expectStatus: 503 }), context());
    expect(byName(expected503.results, 'web').status).toBe('ok');
  });

  it('checks plain http without a certificate result, and applies the latency threshold', async () => {
    const { results } = await runCheck(web(plain.url, { caRef: undefined }), context());
    expect(results.map((r) => r.name)).toEqual(['web']);
    expect(results[0]!.status).toBe('ok');
    const slow = await runCheck(web(plain.url, { caRef: undefined, latencyMs: { warning: 0, direction: 'above' } }), context());
    expect(slow.results[0]!.status).toBe('warning');
  });

  it('is critical within the timeout for a server that accepts and never answers', async () => {
    const output = await runCheck(web(`http://127.0.0.1:${silent.port}/`, { timeoutMs: 600 }), context());
    expect(output.results).toEqual([expect.objectContaining({ status: 'critical', message: expect.stringMatching(/^no (HTTP response|answer) within \d+ ms$/) })]);
    expect(output.durationMs).toBeLessThan(1600);
  });

  it('is critical when the server speaks something that is not TLS', async () => {
    const { results } = await runCheck(web(`https://127.0.0.1:${junk.port}/`), context());
    expect(results).toEqual([expect.objectContaining({ status: 'critical', message: expect.stringMatching(/^TLS handshake failed/) })]);
  });

  it('is unknown when the CA secret is missing (configuration, not the device)', async () => {
    const { results } = await runCheck(web(valid60.url, { caRef: 'lab/missing' }), context());
    expect(results[0]).toMatchObject({ status: 'unknown', message: expect.stringContaining("secret 'lab/missing'") });
  });
});

describe('tcp probe', () => {
  it('measures the connect time to an open port', async () => {
    const { results } = await runCheck(check({ type: 'tcp', name: 'ssh', host: '127.0.0.1', port: plain.port }), context());
    expect(results[0]).toMatchObject({ name: 'ssh', status: 'ok', unit: 'ms', message: expect.stringMatching(/^connected to 127.0.0.1:\d+ in/) });
  });

  it('is critical for a closed port', async () => {
    const closed = await startSilentTcpServer();
    await closed.stop();
    const { results } = await runCheck(check({ type: 'tcp', name: 'ssh', host: '127.0.0.1', port: closed.port }), context());
    expect(results[0]).toMatchObject({ status: 'critical', message: expect.stringMatching(/^connection refused by 127.0.0.1:\d+/) });
  });
});
