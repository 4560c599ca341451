import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DriftsbildeError } from '#shared/domain/errors.ts';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: body === undefined ? '' : JSON.stringify(body) };
}

/**
 * The one place errors become responses: `{ error: { code, message, details } }`. A 4xx keeps its
 * message and details; anything else is logged and answered with a generic 500, never internals.
 */
export function errorResponse(error: unknown, log: (entry: object) => void = logUnexpected): APIGatewayProxyStructuredResultV2 {
  if (error instanceof DriftsbildeError && error.expose) {
    return jsonResponse(error.statusCode, { error: { code: error.code, message: error.message, details: error.details } });
  }
  log({ level: 'error', message: 'unexpected error', error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
  return jsonResponse(500, { error: { code: 'internal-error', message: 'something went wrong on our side; try again, and tell KR-IKT if it keeps happening' } });
}

function logUnexpected(entry: object): void {
  console.error(JSON.stringify(entry));
}
