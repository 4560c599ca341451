/**
 * A small certificate authority for the lab and the tests: one CA, and server certificates it
 * signs with chosen validity (valid for 60 days, about to expire, already expired). Collectors
 * trust the CA through a `caRef` secret, exactly as they would trust an internal company CA.
 * EC keys: generating them takes milliseconds, RSA takes seconds.
 */
import { generate } from 'selfsigned';

const DAY_MS = 86_400_000;

export interface CertificateAuthority {
  /** PEM of the CA certificate: the value of the `caRef` secret. */
  cert: string;
  key: string;
}

export interface ServerCertificate {
  cert: string;
  key: string;
  notBefore: Date;
  notAfter: Date;
}

export async function createCertificateAuthority(name = 'Driftsbilde Lab CA'): Promise<CertificateAuthority> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: name }, { name: 'organizationName', value: 'KR-IKT lab' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + 5 * 365 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

export interface IssueOptions {
  /** Common name; also a DNS name in the certificate. Default `localhost`. */
  commonName?: string;
  notBefore?: Date;
  notAfter: Date;
}

/** A server certificate for 127.0.0.1 and localhost, signed by `ca`. */
export async function issueServerCertificate(ca: CertificateAuthority, options: IssueOptions): Promise<ServerCertificate> {
  const commonName = options.commonName ?? 'localhost';
  const notBefore = options.notBefore ?? new Date(Math.min(Date.now() - DAY_MS, options.notAfter.getTime() - DAY_MS));
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: options.notAfter,
    ca: { key: ca.key, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: commonName }, { type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private, notBefore, notAfter: options.notAfter };
}

/** `days` from now (fractional allowed), for readable call sites. */
export function daysFromNow(days: number, now = Date.now()): Date {
  return new Date(now + days * DAY_MS);
}
