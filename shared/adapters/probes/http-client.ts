/**
 * One HTTP(S) GET for the http and prometheus probes, on Node's own client so that the TLS peer
 * certificate can be read (fetch hides it). Certificates are verified by us, not by the
 * handshake: an expired certificate must still let us report its expiry date.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createSecureContext, rootCertificates, type PeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import { describeSocketError } from './tcp.ts';
import { ProbeTimeoutError, SaidError, errorMessage, said, type Said } from './support.ts';

export interface HttpGetOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Extra PEM CA(s) trusted in addition to the system's. */
  ca?: string;
  headers?: Record<string, string>;
  /** Bodies above this are refused (a scrape is a few hundred KiB). */
  maxBytes?: number;
}

export interface TlsInfo {
  /** True when the chain and the host name verified. */
  authorized: boolean;
  /** Why not (`CERT_HAS_EXPIRED`, `DEPTH_ZERO_SELF_SIGNED_CERT`, `ERR_TLS_CERT_ALTNAME_INVALID`…). */
  authorizationError?: string;
  validFrom?: Date;
  validTo?: Date;
  subject?: string;
  issuer?: string;
}

export interface HttpGetResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Time to the response headers, connection and TLS handshake included. */
  latencyMs: number;
  tls?: TlsInfo;
}

/** A failed request, with a message an operator understands. */
export class HttpGetError extends SaidError {
  constructor(text: Said, readonly timedOut = false) {
    super(text);
    this.name = 'HttpGetError';
  }
}

export function httpGet(url: string, options: HttpGetOptions): Promise<HttpGetResponse> {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  if (!https && target.protocol !== 'http:') return Promise.reject(new HttpGetError(said('check.http-unsupported-scheme', { scheme: target.protocol })));
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const started = performance.now();

  return new Promise<HttpGetResponse>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | undefined, value?: HttpGetResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(value!);
    };
    const requestOptions = {
      method: 'GET',
      headers: { 'user-agent': 'driftsbilde-probe', ...options.headers },
      // A fresh connection each time: the latency is honest and the peer certificate is read anew.
      agent: false as const,
    };
    const req = https
      ? httpsRequest(target, {
          ...requestOptions,
          // We judge the certificate ourselves below (socket.authorized), so an expired one still
          // yields its dates.
          rejectUnauthorized: false,
          ...(options.ca ? { secureContext: secureContextWith(options.ca) } : {}),
        })
      : httpRequest(target, requestOptions);

    const timer = setTimeout(
      () => settle(new HttpGetError(said('check.http-no-response', { ms: options.timeoutMs }), true)),
      options.timeoutMs,
    );
    const onAbort = () => settle(new ProbeTimeoutError(options.timeoutMs, 'check.http-no-response'));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    req.on('error', (error) => {
      const code = (error as { code?: string }).code ?? '';
      const tlsFailure = https && (code.startsWith('ERR_SSL') || code === 'EPROTO' || /SSL|TLS|wrong version/i.test(error.message));
      const text = tlsFailure
        ? said('check.http-tls-failed', { error: errorMessage(error) })
        : describeSocketError(error, target.hostname, target.port || (https ? 443 : 80));
      settle(new HttpGetError(text));
    });
    req.on('response', (res) => {
      const latencyMs = performance.now() - started;
      let tls: TlsInfo | undefined;
      if (https) tls = readTls(res.socket as TLSSocket);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) settle(new HttpGetError(said('check.http-too-large', { bytes: maxBytes })));
        else chunks.push(chunk);
      });
      res.on('error', (error) => settle(new HttpGetError(said('check.http-broke-off', { error: errorMessage(error) }))));
      res.on('end', () =>
        settle(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), latencyMs, ...(tls ? { tls } : {}) }),
      );
    });
    req.end();
  });
}

const contexts = new Map<string, SecureContext>();

/**
 * The system CAs plus `ca`. Node replaces the system CAs when `ca` is given, hence the merge; and
 * parsing some 140 root certificates costs tens of milliseconds, hence one context per CA, kept.
 */
function secureContextWith(ca: string): SecureContext {
  let context = contexts.get(ca);
  if (!context) {
    if (contexts.size >= 32) contexts.clear();
    context = createSecureContext({ ca: [...rootCertificates, ca] });
    contexts.set(ca, context);
  }
  return context;
}

function readTls(socket: TLSSocket): TlsInfo {
  const cert: PeerCertificate | undefined = socket.getPeerCertificate?.();
  const hasCert = cert && Object.keys(cert).length > 0;
  const authorizationError = socket.authorizationError;
  return {
    authorized: socket.authorized,
    ...(authorizationError ? { authorizationError: typeof authorizationError === 'string' ? authorizationError : authorizationError.message } : {}),
    ...(hasCert
      ? {
          validFrom: new Date(cert.valid_from),
          validTo: new Date(cert.valid_to),
          subject: firstValue(cert.subject?.CN),
          issuer: firstValue(cert.issuer?.CN),
        }
      : {}),
  };
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
