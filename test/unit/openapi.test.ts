import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { responseStatuses } from '#shared/api/contract.ts';
import { openApiDocument } from '#shared/api/openapi.ts';
import { ROUTES } from '#shared/api/routes.ts';

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
