import { describe, expect, it } from 'vitest';
import { routeByKey } from '#shared/http/router.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { route } from '#shared/api/routes.ts';
import { Logger, parseLogLevel, withLogContext } from '#shared/logger.ts';
import { tokenTimes } from '../support/api.ts';

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  const logger = new Logger({ ...(level ? { level } : {}), write: (line) => lines.push(line), now: () => new Date('2026-11-27T12:00:00Z') });
  return { logger, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('structured logger', () => {
  it('writes one JSON line with time, level, message, the context and the fields', () => {
    const { logger, entries } = capture();
    withLogContext({ requestId: 'req-1', route: 'GET /api/regions/{regionId}', regionId: 'kr-ikt' }, () => logger.info('region read', { items: 3 }));
    expect(entries()).toEqual([
      { time: '2026-11-27T12:00:00.000Z', level: 'info', message: 'region read', requestId: 'req-1', route: 'GET /api/regions/{regionId}', regionId: 'kr-ikt', items: 3 },
    ]);
  });

  it('keeps the context of concurrent requests apart', async () => {
    const { logger, entries } = capture();
    const request = (id: string, delayMs: number) =>
      withLogContext({ requestId: id }, async () => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        logger.info('done');
      });
    await Promise.all([request('slow', 20), request('fast', 1)]);
    expect(entries().map((entry) => entry.requestId).sort()).toEqual(['fast', 'slow']);
    expect(entries().every((entry) => entry.message === 'done')).toBe(true);
  });

  it('adds nested context to the outer one, and drops undefined keys', () => {
    const { logger, entries } = capture();
    withLogContext({ requestId: 'r', regionId: undefined }, () => withLogContext({ environmentId: 'lillesand-datapark' }, () => logger.warn('late')));
    expect(entries()[0]).toMatchObject({ requestId: 'r', environmentId: 'lillesand-datapark' });
    expect(entries()[0]).not.toHaveProperty('regionId');
  });

  it('filters below its level and serialises errors with their stack', () => {
    const { logger, entries } = capture('warn');
    logger.debug('hidden');
    logger.info('hidden');
    logger.error('failed', { error: new TypeError('boom') });
    expect(entries()).toHaveLength(1);
    expect(entries()[0]).toMatchObject({ level: 'error', error: { name: 'TypeError', message: 'boom', stack: expect.stringContaining('TypeError: boom') } });
  });

  it('reads the level from LOG_LEVEL names, Lambda\'s included', () => {
    expect(parseLogLevel('DEBUG')).toBe('debug');
    expect(parseLogLevel('TRACE')).toBe('debug');
    expect(parseLogLevel('FATAL')).toBe('error');
    expect(parseLogLevel('loud')).toBeUndefined();
  });
});

describe('capability router', () => {
  const event = (routeKey: string) => ({ version: '2.0', routeKey, rawPath: '/api/openapi.json', rawQueryString: '', headers: {}, isBase64Encoded: false, requestContext: { requestId: 'req-9', routeKey, http: { method: 'GET', path: '/' } } });

  it('calls the handler of the event\'s route key', async () => {
    const router = routeByKey({ 'GET /a': async () => ({ statusCode: 204 }), 'GET /b': async () => ({ statusCode: 200 }) });
    expect((await router(event('GET /b') as never, {} as never)).statusCode).toBe(200);
  });

  it('answers 500 with the error shape for a route key it does not serve (a deployment fault), never another handler', async () => {
    const router = routeByKey({ 'GET /a': async () => ({ statusCode: 204 }) });
    for (const key of ['GET /z', 'toString', '__proto__']) {
      const response = await router(event(key) as never, {} as never);
      expect(response.statusCode, key).toBe(500);
      expect(JSON.parse(String(response.body))).toMatchObject({ error: { code: 'internal-error' } });
    }
  });

  it('gives a contract handler request id, route and region on its lines', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      if (chunk.startsWith('{')) lines.push(JSON.parse(chunk) as Record<string, unknown>);
      return true;
    }) as typeof process.stdout.write;
    try {
      const handler = httpHandler(route('GET /api/regions/{regionId}'), async () => {
        throw new Error('storage fell over');
      });
      const response = await handler(
        { ...event('GET /api/regions/{regionId}'), pathParameters: { regionId: 'kr-ikt' }, requestContext: { ...event('x').requestContext, authorizer: { jwt: { claims: { sub: 'u', 'cognito:groups': '[operator]', 'custom:regionIds': 'kr-ikt', ...tokenTimes() }, scopes: [] } } } } as never,
        { awsRequestId: 'lambda-1' } as never,
      );
      expect(response.statusCode).toBe(500);
    } finally {
      process.stdout.write = original;
    }
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'unexpected error', requestId: 'req-9', lambdaRequestId: 'lambda-1', route: 'GET /api/regions/{regionId}', regionId: 'kr-ikt' }));
  });
});
