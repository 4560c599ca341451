import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ROUTES } from '#shared/api/routes.ts';
import type { Role } from '#shared/domain/identity.ts';
import { matchRoute, toApiGatewayEvent } from '#shared/http/api-gateway-event.ts';
import { freshTable } from './dynamodb.ts';

export interface CallOptions {
  body?: unknown;
  /** Sent as is (no JSON encoding) when a string. */
  rawBody?: string;
  headers?: Record<string, string>;
  /**
   * Who calls: a role (member needs `memberId`), or `anonymous`. `regionIds` is the token's
   * `custom:regionIds` claim; left out, the token is bound to the region the call is for (admins: `*`).
   */
  as?: { role: Role; memberId?: string; regionIds?: string } | 'anonymous';
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read any JSON shape
  text: string;
}

/** Claims as Cognito issues them and API Gateway's JWT authorizer passes them on (numbers as strings). */
export function claimsFor(role: Role, memberId?: string, regionIds: string = role === 'admin' ? '*' : 'kr-ikt'): Record<string, string> {
  return {
    sub: `test-${role}${memberId ? `-${memberId}` : ''}`,
    'cognito:groups': `[${role}]`,
    ...(memberId ? { 'custom:memberId': memberId } : {}),
    'custom:regionIds': regionIds,
    ...tokenTimes(),
  };
}

/** `iat` a minute ago and `exp` in an hour: a token in force (see `shared/domain/token-validity.ts`). */
export function tokenTimes(nowMs: number = Date.now()): { iat: string; exp: string } {
  const now = Math.floor(nowMs / 1000);
  return { iat: String(now - 60), exp: String(now + 3600) };
}

/**
 * Calls the deployed handler modules directly with API Gateway v2 events, against a fresh table
 * in the run's DynamoDB Local. Must be set up before any handler module is imported, because
 * handlers read their configuration at module scope.
 */
export async function handlerHarness() {
  const table = await freshTable('api');
  process.env.TABLE_NAME = table.tableName;
  process.env.DYNAMODB_ENDPOINT = table.endpoint;
  process.env.AWS_REGION = 'eu-north-1';

  async function call(method: string, pathAndQuery: string, options: CallOptions = {}): Promise<CallResult> {
    const [path = '', rawQueryString = ''] = pathAndQuery.split('?');
    const matched = matchRoute(ROUTES, method, path);
    if (!matched || matched === 'method-not-allowed') throw new Error(`no route for ${method} ${path}`);
    const as = options.as ?? { role: 'admin' };
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const event = toApiGatewayEvent(
      { method, path, rawQueryString, headers, body, claims: as === 'anonymous' ? undefined : claimsFor(as.role, as.memberId, as.regionIds ?? defaultRegions(as.role, matched.pathParameters.regionId)) },
      matched,
    );
    const module = (await import(`../../functions/${matched.contract.functionName}.ts`)) as {
      handler: (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
    };
    const result = await module.handler(event, {} as Context);
    const text = result.body ?? '';
    const responseHeaders = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
    let parsed: unknown = undefined;
    if (responseHeaders['content-type']?.includes('json') && text) parsed = JSON.parse(text);
    return { status: result.statusCode ?? 200, headers: responseHeaders, body: parsed, text };
  }

  return { ...table, call };
}

/** A token made for the call at hand: bound to the path's region, or every region for an admin. */
function defaultRegions(role: Role, pathRegion: string | undefined): string {
  return role === 'admin' ? '*' : (pathRegion ?? 'kr-ikt');
}
