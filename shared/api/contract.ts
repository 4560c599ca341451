import type { z } from 'zod';
import type { Role } from '#shared/domain/identity.ts';

export interface RouteContract {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax: `/api/regions/{regionId}`. */
  path: string;
  /** The Lambda entry in `functions/` that serves the route (file name without `.ts`). */
  functionName: string;
  summary: string;
  /** Roles allowed; `public` routes need no token. */
  allow: readonly Role[] | 'public';
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Media type of the body; JSON unless said otherwise. */
  bodyType?: 'application/json' | 'text/csv';
  /**
   * What to do instead when the body is over the API's limit: the 413's message ends with
   * `advice: cli` and its details carry `cli` (e.g. a command line that has no size limit).
   */
  tooLargeHint?: { advice: string; cli: string };
  successStatus?: number;
  response?: z.ZodType;
}

