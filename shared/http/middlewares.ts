import type { MiddlewareObj } from './chain.ts';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from '#shared/schemas/zod.ts';
import type { RouteContract } from '#shared/api/contract.ts';
import { ForbiddenError, PayloadTooLargeError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from '#shared/domain/errors.ts';
import { assertMayActInRegion, mayConfigureMonitoring, redactForViewer, writeRuleOf } from '#shared/domain/authorisation.ts';
import { hasAnyRole, ROLES, type Identity, type Role } from '#shared/domain/identity.ts';
import { assertTokenInForce } from '#shared/domain/token-validity.ts';
import { fieldProblems } from '#shared/schemas/validate.ts';
import { errorResponse } from './responses.ts';

/** Bodies above this size are refused before they are parsed. */
export const MAX_BODY_BYTES = 256 * 1024;

/** The event as it leaves the middy chain: authenticated, parsed and validated. */
export interface ParsedEvent extends APIGatewayProxyEventV2WithJWTAuthorizer {
  identity?: Identity;
  /** The body as text (decoded from base64 when API Gateway encoded it). */
  bodyText?: string;
  parsed: { params: unknown; query: unknown; body: unknown };
}

type Middleware = MiddlewareObj<ParsedEvent, APIGatewayProxyStructuredResultV2>;

/** Maps any thrown error to the one error shape. Registered first so it wraps all others. */
export function errorResponses(): Middleware {
  return {
    onError: function mapErrorToResponse(request) {
      request.response = errorResponse(request.error);
    },
  };
}

/**
 * Reads the identity from JWT claims as API Gateway's JWT authorizer passes them, and checks the
 * role (a write route's roles come from the domain's rules, `shared/domain/authorisation.ts`) and
 * that the token may act in the path's region. Runs before the body is read: a refused call
 * changes nothing.
 */
export function authorise(contract: Pick<RouteContract, 'allow' | 'functionName'>): Middleware {
  const rule = writeRuleOf(contract.functionName);
  const allow = rule ? (rule.roles === 'ingest-key' ? 'public' : rule.roles) : contract.allow;
  return {
    before: function checkRole(request) {
      if (allow === 'public') return;
      assertTokenInForceIfPresent(request.event.requestContext?.authorizer?.jwt?.claims);
      const identity = identityFromClaims(request.event.requestContext?.authorizer?.jwt?.claims);
      if (!identity) throw new UnauthorizedError();
      if (!hasAnyRole(identity, allow)) {
        throw new ForbiddenError(`this needs one of the roles ${allow.join(', ')}; you have ${identity.roles.join(', ') || 'none'}`);
      }
      const regionId = request.event.pathParameters?.regionId;
      if (regionId !== undefined) assertMayActInRegion(identity, regionId);
      request.event.identity = identity;
    },
  };
}

/** The authorizer leaves some time rules to us (`shared/domain/token-validity.ts`); no claims at all stays the plain 401 below. */
function assertTokenInForceIfPresent(claims: Record<string, string | number | boolean | string[]> | undefined): void {
  if (claims) assertTokenInForce(claims);
}

/** Response stage: every JSON answer passes the domain's redaction for the caller's role. */
export function redactResponse(): Middleware {
  return {
    after: function redactForRole(request) {
      const response = request.response;
      if (!response || typeof response.body !== 'string' || !response.body) return;
      if (!String(response.headers?.['content-type'] ?? '').includes('json')) return;
      // Those who see everything get the body as it is: no parse and re-serialise of a large answer (the 1,000-device board).
      const identity = request.event.identity;
      if (identity && mayConfigureMonitoring(identity)) return;
      const body = JSON.parse(response.body) as unknown;
      const redacted = redactForViewer(request.event.identity, body);
      if (redacted !== body) response.body = JSON.stringify(redacted);
    },
  };
}

/** Runs a route's own credential check (see `HandlerOptions.authenticate`) before the body is touched. */
export function authenticateOther(
  check: ((request: { pathParameters: Record<string, string | undefined>; headers: Record<string, string | undefined> }) => Promise<void>) | undefined,
): Middleware {
  return {
    before: async function checkCredential(request) {
      if (!check) return;
      await check({ pathParameters: request.event.pathParameters ?? {}, headers: request.event.headers ?? {} });
    },
  };
}

/**
 * Enforces size and media type, then decodes the body (JSON is parsed; CSV is kept as text).
 * `tooLargeHint` (from the route's contract) tells a caller over the limit what to do instead.
 */
export function readBody(expected: 'application/json' | 'text/csv' | undefined, tooLargeHint?: RouteContract['tooLargeHint']): Middleware {
  return {
    before: function decodeBody(request) {
      const { event } = request;
      const raw = event.body ?? '';
      const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES, tooLargeHint);
      event.parsed = { params: event.pathParameters ?? {}, query: event.queryStringParameters ?? {}, body: undefined };
      if (expected === undefined) return;
      const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (contentType !== expected) throw new UnsupportedMediaTypeError(expected);
      event.bodyText = text;
      if (expected === 'text/csv') {
        event.parsed.body = text;
        return;
      }
      try {
        event.parsed.body = JSON.parse(text);
      } catch {
        throw new ValidationError('the body is not valid JSON', [{ field: 'body', problem: 'is not valid JSON' }]);
      }
    },
  };
}

/** Validates path parameters, query and body with the route's zod schemas; names every bad field. */
export function validate(schemas: { params?: z.ZodMiniType; query?: z.ZodMiniType; body?: z.ZodMiniType }): Middleware {
  return {
    before: function validateRequest(request) {
      const parsed = request.event.parsed;
      const problems = [];
      for (const part of ['params', 'query', 'body'] as const) {
        const schema = schemas[part];
        if (!schema) continue;
        const result = schema.safeParse(parsed[part]);
        if (result.success) parsed[part] = result.data;
        else problems.push(...fieldProblems(result.error.issues, part === 'params' ? 'path' : part));
      }
      if (problems.length > 0) {
        throw new ValidationError(`the request is not valid: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
      }
    },
  };
}

/**
 * Cognito puts groups in `cognito:groups`; API Gateway's HTTP API passes an array claim as the
 * string "[a b]". The member a municipality user acts for is the custom claim `custom:memberId`.
 */
export function identityFromClaims(claims: Record<string, string | number | boolean | string[]> | undefined): Identity | undefined {
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const rawGroups = claims['cognito:groups'];
  const groups = Array.isArray(rawGroups)
    ? rawGroups
    : typeof rawGroups === 'string'
      ? rawGroups
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
          .filter(Boolean)
      : [];
  const roles = groups.filter((group): group is Role => (ROLES as readonly string[]).includes(group));
  const memberId = claims['custom:memberId'];
  return {
    subject: claims.sub,
    roles,
    ...(typeof memberId === 'string' && memberId ? { memberId } : {}),
    ...regionIdsOf(claims['custom:regionIds']),
  };
}

/** `custom:regionIds`: comma-separated region ids, or `*`. Absent or empty: no region. */
function regionIdsOf(claim: unknown): { regionIds?: string[] | '*' } {
  if (typeof claim !== 'string') return {};
  const trimmed = claim.trim();
  if (trimmed === '*') return { regionIds: '*' };
  const ids = trimmed
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return ids.length > 0 ? { regionIds: ids } : {};
}
