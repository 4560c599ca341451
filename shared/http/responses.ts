import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DriftsbildeError, StoreUnavailableError } from '#shared/domain/errors.ts';
import { logger, type LogEntry } from '#shared/logger.ts';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: body === undefined ? '' : JSON.stringify(body) };
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
