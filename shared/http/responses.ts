import { gunzipSync } from 'node:zlib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DriftsbildeError, StoreUnavailableError } from '#shared/domain/errors.ts';
import { logger, type LogEntry } from '#shared/logger.ts';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: body === undefined ? '' : JSON.stringify(body) };
}

/**
 * A JSON body kept gzipped (base64): sent as it is to a client that accepts gzip, else unzipped
 * once and kept. `vary` tells caches the answer depends on Accept-Encoding.
 */
export function gzippedJsonResponder(gzipBase64: string): (acceptEncoding: string | undefined) => APIGatewayProxyStructuredResultV2 {
  let plain: string | undefined;
  const headers = { ...JSON_HEADERS, vary: 'accept-encoding' };
  return (acceptEncoding) => {
    if (acceptsGzip(acceptEncoding)) return { statusCode: 200, headers: { ...headers, 'content-encoding': 'gzip' }, isBase64Encoded: true, body: gzipBase64 };
    plain ??= gunzipSync(Buffer.from(gzipBase64, 'base64')).toString('utf8');
    return { statusCode: 200, headers, body: plain };
  };
}

/** Whether an Accept-Encoding header takes gzip (`gzip`, `*`, not with `q=0`). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? '').split(',').some((part) => {
    const [coding = '', ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith('q='));
    return (coding.trim() === 'gzip' || coding.trim() === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * The one place errors become responses: `{ error: { code, message, details } }`. A 4xx keeps its
 * message and details; an unreachable store is one error log naming the store and a 503 with
 * `Retry-After`; anything else is logged and answered with a generic 500, never internals.
 */
export function errorResponse(error: unknown, log: (entry: LogEntry) => void = logger.log): APIGatewayProxyStructuredResultV2 {
  if (error instanceof StoreUnavailableError) {
    log({ level: 'error', message: 'store unavailable', store: error.store, reason: error.reason });
    return jsonResponse(503, bodyOf(error), { 'retry-after': String(error.retryAfterSeconds) });
  }
  if (error instanceof DriftsbildeError && error.expose) return jsonResponse(error.statusCode, bodyOf(error));
  log({ level: 'error', message: 'unexpected error', error: error instanceof Error ? error : String(error) });
  return jsonResponse(500, { error: { code: 'internal-error', message: 'something went wrong on our side; try again, and tell KR-IKT if it keeps happening' } });
}

function bodyOf(error: DriftsbildeError) {
  return { error: { code: error.code, message: error.message, details: error.details } };
}
