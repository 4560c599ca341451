import type { z } from '#shared/schemas/zod.ts';
import type { Role } from '#shared/domain/identity.ts';

/** Statuses a route may answer besides its success; see {@link responseStatuses}. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

export interface RouteContract {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax: `/api/regions/{regionId}`. */
  path: string;
  /** The Lambda entry in `functions/` that serves the route (file name without `.ts`). */
  functionName: string;
  summary: string;
  /** Roles allowed; `public` routes need no token. */
  allow: readonly Role[] | 'public';
  params?: z.ZodMiniType;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  /** Media type of the body; JSON unless said otherwise. */
  bodyType?: 'application/json' | 'text/csv';
  /**
   * What to do instead when the body is over the API's limit: the 413's message ends with
   * `advice: cli` and its details carry `cli` (e.g. a command line that has no size limit).
   */
  tooLargeHint?: { advice: string; cli: string };
  successStatus?: number;
  response?: z.ZodMiniType;
  /**
   * Statuses the route's use case answers beyond those the middy chain gives every route of its
   * shape (see {@link responseStatuses}): 409 for a taken id or a stale version, 422 for a rule of
   * the domain, 401 for a credential other than the token.
   */
  statuses?: readonly ErrorStatus[];
  /** False for a route that never reads the table (so it never answers 503). */
  usesStore?: false;
}

/** What each status means, for the OpenAPI document and the README. */
export const STATUS_MEANINGS: Record<ErrorStatus, string> = {
  400: 'A field is invalid; details name each field and the problem',
  401: 'The bearer token (or the ingest key) is missing or invalid',
  403: 'Your role may not do this',
  404: 'No such record',
  409: 'Exists already, or changed since you read it (details carry the current version)',
  413: 'The body is larger than 256 KiB',
  415: 'The body is not of the media type the route takes',
  422: 'A rule of the domain refuses it (e.g. acknowledging a resolved incident)',
  429: 'Too many requests: the API is throttling; wait and retry',
  503: 'The data store cannot be reached just now; retry after the seconds in Retry-After',
};

/**
 * Every status a route can answer: its success, what the middy chain answers for a route of its
 * shape (400 for anything validated, 401/403 behind a token, 404 for a path naming records,
 * 413/415 for a body, 503 when the store is down), 429 from API Gateway's throttling, and the
 * route's own `statuses`. The OpenAPI document lists exactly these, and the contract tests hold
 * every response to them.
 */
export function responseStatuses(contract: RouteContract): number[] {
  const statuses = new Set<number>([contract.successStatus ?? 200, 429]);
  if (contract.params || contract.query || contract.body) statuses.add(400);
  if (contract.allow !== 'public') {
    statuses.add(401);
    statuses.add(403);
  }
  if (contract.params) statuses.add(404);
  if (contract.body) {
    statuses.add(413);
    statuses.add(415);
  }
  if (contract.usesStore !== false) statuses.add(503);
  for (const status of contract.statuses ?? []) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}
