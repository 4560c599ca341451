import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from '#shared/schemas/zod.ts';
import type { RouteContract } from '#shared/api/routes.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { withAuditScope, type AuditRequest } from '#shared/domain/audit/audit-scope.ts';
import type { Identity, Role } from '#shared/domain/identity.ts';
import { withLogContext } from '#shared/logger.ts';
import type { AuditActor } from '#shared/schemas/audit.ts';
import { chain as handlerChain } from './chain.ts';
import { authenticateOther, authorise, errorResponses, readBody, redactResponse, validate, type ParsedEvent } from './middlewares.ts';
import { jsonResponse } from './responses.ts';

type Infer<S> = S extends z.ZodMiniType ? z.infer<S> : undefined;

export interface ApiRequest<R extends RouteContract> {
  params: Infer<R['params']>;
  query: Infer<R['query']>;
  body: Infer<R['body']>;
  /** Present on every route that is not public. */
  identity: Identity;
  headers: Record<string, string | undefined>;
}

/** A use case's answer: a body for JSON, or a finished response (files, empty bodies). */
export type ApiReply = { body: unknown; headers?: Record<string, string> } | APIGatewayProxyStructuredResultV2;

export interface HandlerOptions {
  /**
   * A credential other than the user token (e.g. an ingest key), checked right after the token and
   * before the body is read or validated: a caller without it learns nothing about the body (401 before 400).
   */
  authenticate?: (request: { pathParameters: Record<string, string | undefined>; headers: Record<string, string | undefined> }) => Promise<void>;
  /**
   * `false` for a body that describes the API rather than holding data (the OpenAPI document,
   * whose schemas name `secretRef` and `monitoring`): the viewer's redaction would cut them out.
   */
  redact?: false;
}

/**
 * Builds a Lambda handler for one route of the contract. The middy chain does everything routes
 * share (error mapping, body limits, authorisation, validation) so the body is one use-case call.
 */
export function httpHandler<R extends RouteContract>(contract: R, run: (request: ApiRequest<R>) => Promise<ApiReply>, options: HandlerOptions = {}) {
  const chain = handlerChain<ParsedEvent, APIGatewayProxyStructuredResultV2>().use(errorResponses());
  if (options.redact !== false) chain.use(redactResponse());
  chain
    .use(authorise(contract))
    .use(authenticateOther(options.authenticate))
    .use(readBody(contract.body ? (contract.bodyType ?? 'application/json') : undefined, contract.tooLargeHint))
    .use(validate(contract))
    .handler(async function runUseCase(event) {
      const request = {
        ...(event.parsed as { params: never; query: never; body: never }),
        identity: event.identity as Identity,
        headers: event.headers ?? {},
      };
      // Every write is recorded in the audit trail, in the same transaction as the record (audit-scope.ts).
      const reply = contract.method === 'GET' ? await run(request) : await withAuditScope(auditRequestOf(contract, event), () => run(request));
      if ('statusCode' in reply) return reply;
      return jsonResponse(contract.successStatus ?? 200, reply.body, (reply as { headers?: Record<string, string> }).headers);
    });
  // API Gateway hands over a plain v2 event; the chain adds `parsed` and `identity` before the body runs.
  const runChain = chain as unknown as (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
  const route = `${contract.method} ${contract.path}`;
  // Every line logged while the chain runs (the error mapping's included) carries the request's context.
  return function handleRequest(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
    return withLogContext(requestLogContext(route, event, context), () => runChain(event, context));
  };
}

/** Request id (API Gateway's, which its access log shows too), Lambda's request id, route and region. */
export function requestLogContext(route: string, event: Partial<APIGatewayProxyEventV2> | undefined, context: Partial<Context> | undefined) {
  return {
    requestId: event?.requestContext?.requestId,
    lambdaRequestId: context?.awsRequestId,
    route,
    regionId: event?.pathParameters?.regionId,
  };
}

/** Who writes, through which route, in which region and why: what every audit entry of the request shares. */
function auditRequestOf(contract: RouteContract, event: ParsedEvent): AuditRequest {
  const { params, body } = event.parsed as { params?: { regionId?: string }; body?: unknown };
  const reason = body !== null && typeof body === 'object' && typeof (body as { reason?: unknown }).reason === 'string' ? (body as { reason: string }).reason : undefined;
  return {
    actor: auditActor(contract, event.identity),
    route: `${contract.method} ${contract.path}`,
    ...(params?.regionId !== undefined ? { regionId: params.regionId } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

/**
 * The identity as the trail names it: the role the route was allowed by (an admin who is also an
 * operator writes as admin). The only write without a token is the backup ingest, whose credential
 * is the environment's ingest key.
 */
function auditActor(contract: RouteContract, identity: Identity | undefined): AuditActor {
  if (!identity) return { subject: 'ingest-key', role: 'public' };
  const allowed = contract.allow === 'public' ? identity.roles : identity.roles.filter((role) => contract.allow.includes(role));
  const role = ['admin', 'operator', 'budget-owner', 'member'].find((candidate) => allowed.includes(candidate as Role)) ?? 'unknown';
  return { subject: identity.subject, role, ...(identity.memberId !== undefined ? { memberId: identity.memberId } : {}) };
}

/** The version a write is based on: from the body, else from `If-Match` (`"3"` or `3`), else from `?version=`. */
export function expectedVersion(request: { body?: unknown; query?: unknown; headers: Record<string, string | undefined> }): number {
  const fromBody = (request.body as { version?: number } | undefined)?.version;
  if (fromBody !== undefined) return fromBody;
  const fromQuery = (request.query as { version?: number } | undefined)?.version;
  if (fromQuery !== undefined) return fromQuery;
  const ifMatch = request.headers['if-match']?.replace(/^W\//, '').replace(/"/g, '').trim();
  if (ifMatch && /^[1-9]\d*$/.test(ifMatch)) return Number(ifMatch);
  throw new ValidationError('say which version you are changing', [{ field: 'body.version', problem: 'send the version you read, in the body or as an If-Match header' }]);
}

/** The ETag a single record is served with, so a client can send it back in If-Match. */
export function etag(record: { version: number }): Record<string, string> {
  return { etag: `"${record.version}"` };
}
