import { gunzipSync } from 'node:zlib';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { responseStatuses } from '#shared/api/contract.ts';
import { openApiDocument } from '#shared/api/openapi.ts';
import { ROUTES } from '#shared/api/routes.ts';
import { acceptsGzip } from '#shared/http/responses.ts';

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document by a standard validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument() as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route of the contract with its roles', () => {
    const document = openApiDocument() as { paths: Record<string, Record<string, { 'x-roles'?: string[]; security?: unknown[] }>> };
    for (const route of ROUTES) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      if (route.allow === 'public') expect(operation?.security).toEqual([]);
      else expect(operation?.['x-roles']).toEqual(route.allow);
    }
  });

  it('lists for every operation exactly the statuses its route contract can answer', () => {
    const document = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    for (const route of ROUTES) {
      const responses = document.paths[route.path]?.[route.method.toLowerCase()]?.responses ?? {};
      expect(Object.keys(responses).map(Number).sort((a, b) => a - b), `${route.method} ${route.path}`).toEqual(responseStatuses(route));
    }
    // The chain's statuses by a route's shape, and a route's own.
    const ingest = ROUTES.find((route) => route.functionName === 'ingest-backup-results');
    expect(ingest && responseStatuses(ingest)).toEqual([202, 400, 401, 404, 413, 415, 429, 503]);
    const openapi = ROUTES.find((route) => route.functionName === 'get-openapi');
    expect(openapi && responseStatuses(openapi)).toEqual([200, 429]);
  });
});

describe('GET /api/openapi.json as the local host runs it (the document built at import)', () => {
  const event = (headers: Record<string, string>) => ({
    version: '2.0',
    routeKey: 'GET /api/openapi.json',
    rawPath: '/api/openapi.json',
    rawQueryString: '',
    headers,
    isBase64Encoded: false,
    requestContext: { requestId: 'test', routeKey: 'GET /api/openapi.json', http: { method: 'GET', path: '/api/openapi.json' } },
  });
  const call = async (headers: Record<string, string>) => {
    const { handler } = await import('#functions/get-openapi.ts');
    return (await handler(event(headers) as never, { awsRequestId: 'test' } as never)) as { statusCode: number; body: string; isBase64Encoded?: boolean; headers: Record<string, string> };
  };

  it('serves the contract\'s document whole to an anonymous reader (no viewer redaction of `secretRef` in schemas), plain or gzipped', async () => {
    const expected = openApiDocument();
    expect(JSON.stringify(expected)).toContain('"secretRef"');
    const plain = await call({});
    expect(plain).toMatchObject({ statusCode: 200, headers: { vary: 'accept-encoding' } });
    expect(plain.isBase64Encoded).toBeUndefined();
    expect(JSON.parse(plain.body)).toEqual(expected);
    const gzipped = await call({ 'accept-encoding': 'br;q=1, gzip;q=0.5' });
    expect(gzipped).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { 'content-encoding': 'gzip' } });
    expect(JSON.parse(gunzipSync(Buffer.from(gzipped.body, 'base64')).toString('utf8'))).toEqual(expected);
    expect((await call({ 'accept-encoding': 'gzip;q=0, deflate' })).isBase64Encoded).toBeUndefined();
  });

  it('reads Accept-Encoding as RFC 9110 does: gzip or *, unless its q is 0', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, GZIP;q=0.3')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip; q=0.0')).toBe(false);
    expect(acceptsGzip('br, deflate')).toBe(false);
    expect(acceptsGzip('x-gzip-ish')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
