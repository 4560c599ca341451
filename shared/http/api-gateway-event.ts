import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { RouteContract } from '#shared/api/contract.ts';

export interface IncomingRequest {
  method: string;
  /** Path without query string. */
  path: string;
  /** Raw query string without `?`. */
  rawQueryString?: string;
  headers?: Record<string, string | string[] | undefined>;
  body?: Buffer | string;
  /** Claims of a verified JWT, or undefined for an anonymous request. */
  claims?: Record<string, string | number | boolean | string[]>;
}

export interface MatchedRoute {
  contract: RouteContract;
  pathParameters: Record<string, string>;
}

/** Finds the route a request hits, the way API Gateway matches `/api/regions/{regionId}`. */
export function matchRoute(routes: readonly RouteContract[], method: string, path: string): MatchedRoute | 'method-not-allowed' | undefined {
  let pathMatched = false;
  for (const contract of routes) {
    const parameters = matchPath(contract.path, path);
    if (!parameters) continue;
    pathMatched = true;
    if (contract.method === method.toUpperCase()) return { contract, pathParameters: parameters };
  }
  return pathMatched ? 'method-not-allowed' : undefined;
}

function matchPath(template: string, path: string): Record<string, string> | undefined {
  const templateParts = template.split('/');
  const pathParts = path.replace(/\/+$/, '').split('/');
  if (templateParts.length !== pathParts.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, part] of templateParts.entries()) {
    const actual = pathParts[index] ?? '';
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name) {
      if (actual === '') return undefined;
      try {
        parameters[name] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (part !== actual) return undefined;
  }
  return parameters;
}

/**
 * Builds the API Gateway HTTP API (payload 2.0) event a deployed function receives, including the
 * JWT authorizer's claims, so local calls and tests exercise exactly the deployed handler code.
 */
export function toApiGatewayEvent(request: IncomingRequest, matched: MatchedRoute): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const rawQueryString = request.rawQueryString ?? '';
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    // API Gateway joins repeated parameters with a comma.
    queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  const isText = /json|text|csv|xml|form-urlencoded/.test(headers['content-type'] ?? '');
  const routeKey = `${matched.contract.method} ${matched.contract.path}`;
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: request.path,
    rawQueryString,
    headers,
    ...(Object.keys(queryStringParameters).length ? { queryStringParameters } : {}),
    ...(Object.keys(matched.pathParameters).length ? { pathParameters: matched.pathParameters } : {}),
    ...(body && body.length > 0
      ? isText
        ? { body: body.toString('utf8'), isBase64Encoded: false }
        : { body: body.toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: { method: request.method.toUpperCase(), path: request.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: `local-${now.getTime()}-${Math.random().toString(36).slice(2, 8)}`,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: request.claims ?? {}, scopes: [] } },
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}
