import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as z from '#shared/schemas/zod.ts';
import { ForbiddenError } from '#shared/domain/errors.ts';
import { assertMayEditMemberRecord, type Identity } from '#shared/domain/identity.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { identityFromClaims } from '#shared/http/middlewares.ts';
import { matchRoute, toApiGatewayEvent } from '#shared/http/api-gateway-event.ts';
import type { RouteContract } from '#shared/api/contract.ts';
import { claimsFor } from '../support/api.ts';

const operator: Identity = { subject: 'o', roles: ['operator'] };
const lillesand: Identity = { subject: 'l', roles: ['member'], memberId: 'lillesand' };

describe('authorisation', () => {
  it('reads roles from Cognito groups as API Gateway passes them, string or array', () => {
    expect(identityFromClaims({ sub: 'u1', 'cognito:groups': '[operator budget-owner]' })).toEqual({ subject: 'u1', roles: ['operator', 'budget-owner'] });
    expect(identityFromClaims({ sub: 'u2', 'cognito:groups': ['member'], 'custom:memberId': 'iveland' })).toEqual({ subject: 'u2', roles: ['member'], memberId: 'iveland' });
    expect(identityFromClaims({ sub: 'u3', 'cognito:groups': '[superuser]' })?.roles).toEqual([]);
    expect(identityFromClaims({})).toBeUndefined();
  });

  it('lets operators edit any member’s record and a member only its own', () => {
    expect(() => assertMayEditMemberRecord(operator, ['birkenes'], 'device x')).not.toThrow();
    expect(() => assertMayEditMemberRecord(lillesand, ['lillesand'], 'device x')).not.toThrow();
    expect(() => assertMayEditMemberRecord(lillesand, ['birkenes'], 'device x')).toThrow(ForbiddenError);
    expect(() => assertMayEditMemberRecord(lillesand, ['lillesand', 'birkenes'], 'device x')).toThrow(ForbiddenError);
    expect(() => assertMayEditMemberRecord(lillesand, [undefined], 'shared device')).toThrow(ForbiddenError);
    expect(() => assertMayEditMemberRecord({ subject: 'm', roles: ['member'] }, ['lillesand'], 'device x')).toThrow(ForbiddenError);
  });

  describe('the handler chain', () => {
    const contract = {
      method: 'POST',
      path: '/api/things/{thingId}',
      functionName: 'x',
      summary: 'x',
      allow: ['operator'],
      params: z.object({ thingId: z.string().check(z.regex(/^[a-z]+$/)) }),
      body: z.strictObject({ n: z.number() }),
    } as const satisfies RouteContract;
    const handler = httpHandler(contract, async ({ params, body, identity }) => ({ body: { thing: params.thingId, n: body.n, by: identity.subject } }));
    async function call(path: string, body: string, claims?: Record<string, string>, contentType = 'application/json') {
      const matched = matchRoute([contract], 'POST', path);
      if (!matched || matched === 'method-not-allowed') throw new Error('no route');
      const event = toApiGatewayEvent({ method: 'POST', path, body, headers: { 'content-type': contentType }, claims }, matched);
      const result = await handler(event as APIGatewayProxyEventV2, {} as Context);
      return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') };
    }

    it('runs the use case for an allowed role with validated input', async () => {
      expect(await call('/api/things/abc', '{"n":2}', claimsFor('operator'))).toEqual({ status: 200, body: { thing: 'abc', n: 2, by: 'test-operator' } });
    });
    it('answers 401 without claims and 403 for another role, before reading the body', async () => {
      expect((await call('/api/things/abc', 'not json', undefined)).status).toBe(401);
      expect((await call('/api/things/abc', 'not json', claimsFor('budget-owner'))).body.error.code).toBe('forbidden');
    });
    it('names path and body fields together in one 400', async () => {
      const result = await call('/api/things/ABC', '{"n":"two","m":1}', claimsFor('operator'));
      expect(result.status).toBe(400);
      expect(result.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['body.m', 'body.n', 'path.thingId']);
    });
    it('hides internals of an unexpected error behind a generic 500', async () => {
      const failing = httpHandler(contract, async () => {
        throw new Error('ECONNREFUSED 10.0.0.1 secret-table-name');
      });
      const matched = matchRoute([contract], 'POST', '/api/things/abc');
      if (!matched || matched === 'method-not-allowed') throw new Error('no route');
      const quiet = console.error;
      console.error = () => undefined;
      try {
        const result = await failing(
          toApiGatewayEvent(
            { method: 'POST', path: '/api/things/abc', body: '{"n":1}', headers: { 'content-type': 'application/json' }, claims: claimsFor('operator') },
            matched,
          ) as APIGatewayProxyEventV2,
          {} as Context,
        );
        expect(result.statusCode).toBe(500);
        expect(result.body).not.toContain('ECONNREFUSED');
        expect(JSON.parse(result.body ?? '').error.code).toBe('internal-error');
      } finally {
        console.error = quiet;
      }
    });
  });
});
