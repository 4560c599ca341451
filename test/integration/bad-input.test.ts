import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openApiDocument } from '#shared/api/openapi.ts';
import { responseStatuses } from '#shared/api/contract.ts';
import { route, ROUTES } from '#shared/api/routes.ts';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/adapters/dynamodb/client.ts';
import { healthKeys, sampleKeys } from '#shared/adapters/dynamodb/health-keys.ts';
import { DynamoDbInventoryStore } from '#shared/adapters/dynamodb/inventory-store.ts';
import { matchRoute, toApiGatewayEvent } from '#shared/http/api-gateway-event.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import { freePort } from '../../local/dynamodb-local.ts';
import { claimsFor, handlerHarness, type CallOptions, type CallResult } from '../support/api.ts';
import { expectResponseInContract } from '../support/contract-check.ts';
import { deviceBody, loadDemoRegion } from '../support/demo.ts';

/**
 * The bad input and faults issue 7 lists, each reproduced first (every one answered 500 or wrote
 * half a record before the fix), through the deployed handler modules on DynamoDB Local. Every
 * response here is also held to the route contract: a listed status and the documented body.
 */
describe('bad input and faults', () => {
  let api: Awaited<ReturnType<typeof handlerHarness>>;
  let checked = 0;
  const operator = { as: { role: 'operator' as const } };
  const ENV = '/api/regions/kr-ikt/environments/lillesand-datapark';
  const INGEST = '/api/ingest/kr-ikt/lillesand-datapark/backup-results';

  /** A call whose response must be in the route's contract. */
  async function call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const response = await api.call(method, path, options);
    expectResponseInContract(method, path, response);
    checked++;
    return response;
  }

  beforeAll(async () => {
    api = await handlerHarness();
    await loadDemoRegion(api);
  });
  afterAll(() => {
    console.log(`bad input and faults: ${checked} responses held to the route contract`);
  });

  describe('backup pushes', () => {
    let key = '';
    const lillesandDevices: string[] = [];
    beforeAll(async () => {
      key = (await call('POST', `${ENV}/ingest-key`, operator)).body.key;
      const devices = await call('GET', '/api/regions/kr-ikt/devices?environmentId=lillesand-datapark&limit=1000', operator);
      lillesandDevices.push(...devices.body.items.map((device: { id: string }) => device.id));
      expect(lillesandDevices.length).toBeGreaterThanOrEqual(3);
    });
    const job = (deviceId: string, day: number, overrides: object = {}) => ({
      deviceId,
      job: `${deviceId} nightly`,
      system: 'veeam',
      result: 'success',
      start: `2026-10-${String(day).padStart(2, '0')}T01:00:00Z`,
      end: `2026-10-${String(day).padStart(2, '0')}T02:00:00Z`,
      ...overrides,
    });
    const ingest = (results: object[]) => call('POST', INGEST, { as: 'anonymous', headers: { 'x-ingest-key': key }, body: { results } });
    const storedJobs = async (deviceId: string) => {
      const history = await api.doc.send(
        new QueryCommand({
          TableName: api.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': sampleKeys.backupJobs('kr-ikt', deviceId) },
        }),
      );
      return history.Items ?? [];
    };
    const backupItem = async (deviceId: string) => {
      return (await api.doc.send(new GetCommand({ TableName: api.tableName, Key: healthKeys.backup('kr-ikt', 'lillesand-datapark', deviceId) }))).Item;
    };

    it('stores a push with the same job twice once per job, never a 500 or half a push', async () => {
      // 30 results over 3 devices, the last one a repeat of the first: this answered 500 with 25 written.
      const devices = lillesandDevices.slice(0, 3);
      const results = Array.from({ length: 29 }, (_, index) => job(devices[index % 3] as string, 1 + Math.floor(index / 3)));
      results.push(results[0] as ReturnType<typeof job>);
      const pushed = await ingest(results);
      expect(pushed.status).toBe(202);
      expect(pushed.body).toEqual({ accepted: 30, rejected: [] });
      const stored = await Promise.all(devices.map(storedJobs));
      expect(stored.map((items) => items.length)).toEqual([10, 10, 9]);
    });

    it('refuses the later of two different results under one identity, and keeps the first', async () => {
      const deviceId = lillesandDevices[0] as string;
      const first = job(deviceId, 20);
      const pushed = await ingest([first, { ...first, result: 'failed', message: 'other' }]);
      expect(pushed.status).toBe(202);
      expect(pushed.body.accepted).toBe(1);
      expect(pushed.body.rejected).toEqual([{ index: 1, deviceId, problem: expect.stringContaining('repeats result 0') }]);
      const stored = (await storedJobs(deviceId)).filter((item) => item.start === new Date(first.start).toISOString());
      expect(stored.map((item) => item.result)).toEqual(['success']);
    });

    it('changes nothing when the same push is replayed', async () => {
      const devices = lillesandDevices.slice(0, 2);
      const push = devices.flatMap((deviceId) => [job(deviceId, 25), job(deviceId, 26, { result: 'failed' })]);
      expect((await ingest(push)).status).toBe(202);
      const before = await Promise.all(devices.map(async (deviceId) => ({ item: await backupItem(deviceId), jobs: await storedJobs(deviceId) })));
      for (let replay = 0; replay < 3; replay++) expect((await ingest(push)).body).toEqual({ accepted: 4, rejected: [] });
      const after = await Promise.all(devices.map(async (deviceId) => ({ item: await backupItem(deviceId), jobs: await storedJobs(deviceId) })));
      expect(after).toEqual(before);
      expect(after[0]?.item?.version).toBe(before[0]?.item?.version);
    });

    it('checks the ingest key before the body: 401 for a bad body without the key', async () => {
      const noKey = await call('POST', INGEST, { as: 'anonymous', body: { results: 'not a list', extra: 1 } });
      expect(noKey.status).toBe(401);
      const wrongKey = await call('POST', INGEST, { as: 'anonymous', rawBody: '{not json', headers: { 'content-type': 'application/json', 'x-ingest-key': 'dbi_wrong' } });
      expect(wrongKey.status).toBe(401);
      const wrongType = await call('POST', INGEST, { as: 'anonymous', rawBody: 'a,b', headers: { 'content-type': 'text/csv' } });
      expect(wrongType.status).toBe(401);
      // With the key, the same bad body is a 400 naming the field.
      const withKey = await call('POST', INGEST, { as: 'anonymous', headers: { 'x-ingest-key': key }, body: { results: 'not a list' } });
      expect(withKey.status).toBe(400);
      expect(withKey.body.error.details).toEqual([{ field: 'body.results', code: 'field-type', params: { expected: 'array' }, problem: 'must be array' }]);
    });
  });

  describe('list cursors', () => {
    const crafted = (key: object) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const lists = [
      '/api/regions/kr-ikt/devices?limit=2',
      '/api/regions/kr-ikt/devices?limit=2&environmentId=felles-kristiansand',
      '/api/regions/kr-ikt/devices?limit=2&memberId=kristiansand',
      '/api/regions/kr-ikt/members?limit=2',
      `${ENV}/incidents?limit=2`,
      '/api/regions?limit=1',
    ];

    it.each(lists)('refuses a crafted cursor on %s with 400 naming query.cursor', async (list) => {
      const cursors = [
        crafted({ pk: 'REGION#kr-ikt#DEVICES' }),
        crafted({ pk: 'REGION#kr-ikt', sk: 'MEMBER#a', extra: 'x' }),
        crafted({ pk: 'REGION#other', sk: 'X' }),
        crafted({ pk: 1, sk: 2 }),
        crafted({ gsi1pk: 'REGION#kr-ikt#ENV#felles-kristiansand', gsi1sk: 'ZZZ', pk: 'a', sk: 'b' }),
        crafted([]),
        'not-base64-%%%',
      ];
      for (const cursor of cursors) {
        const response = await call('GET', `${list}&cursor=${encodeURIComponent(cursor)}`, operator);
        expect(response.status, `${list} with cursor ${cursor}`).toBe(400);
        expect(response.body.error.details).toEqual([{ field: 'query.cursor', code: expect.stringMatching(/^field-cursor-/), params: {}, problem: expect.any(String) }]);
      }
    });

    it('still pages with the cursors it gives out', async () => {
      const first = await call('GET', '/api/regions/kr-ikt/devices?limit=2&environmentId=felles-kristiansand', operator);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await call('GET', `/api/regions/kr-ikt/devices?limit=2&environmentId=felles-kristiansand&cursor=${first.body.nextCursor}`, operator);
      expect(second.status).toBe(200);
      expect(second.body.items).toHaveLength(2);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    });
  });

  describe('dates and amounts', () => {
    it.each(['0000-01-01', '1899-12-31', '2200-01-01', '9999-12-31'])('refuses purchase date %s with 400 naming the field', async (purchaseDate) => {
      const response = await call('POST', '/api/regions/kr-ikt/devices', { ...operator, body: deviceBody({ id: `old-${purchaseDate.slice(0, 4)}`, purchaseDate }) });
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([
        { field: 'body.purchaseDate', code: 'field-date-between', params: { min: '1900', max: '2199' }, problem: 'must be between 1900-01-01 and 2199-12-31' },
      ]);
      expect((await call('GET', `/api/regions/kr-ikt/devices/old-${purchaseDate.slice(0, 4)}`, operator)).status).toBe(404);
    });

    it('refuses a backup time in year 0000', async () => {
      const response = await call('GET', '/api/regions/kr-ikt/devices/fw-kris-01/history?from=0000-01-01T00:00:00Z', operator);
      expect(response.status).toBe(400);
      expect(response.body.error.details[0].field).toBe('query.from');
    });

    it('keeps every computed amount of a plan inside the schema, however far a price index grows', async () => {
      const region = await call('GET', '/api/regions/kr-ikt', operator);
      const updated = await call('PUT', '/api/regions/kr-ikt', { as: { role: 'admin' }, body: { ...region.body, priceIndex: 1 } });
      expect(updated.status).toBe(200);
      const oldest = await call('POST', '/api/regions/kr-ikt/devices', {
        ...operator,
        body: deviceBody({ id: 'oldest-server', purchaseDate: '1900-01-01', purchaseCostNok: 1e12, vendorEndOfSupport: '2100-01-01' }),
      });
      expect(oldest.status).toBe(201);
      const plan = await call('GET', '/api/regions/kr-ikt/reinvestment-plan?from=2099&to=2100', operator);
      expect(plan.status).toBe(200);
      expect(ReinvestmentPlan.safeParse(plan.body).success).toBe(true);
      const item = plan.body.items.find((candidate: { deviceId: string }) => candidate.deviceId === 'oldest-server');
      expect(item.costNok).toBe(1e12);
      expect(item.warnings[0]).toContain('above 1,000,000,000,000 NOK');
      const explained = await call('GET', '/api/regions/kr-ikt/reinvestment-plan/items/oldest-server?from=2099&to=2100', operator);
      expect(explained.status).toBe(200);
      await call('PUT', '/api/regions/kr-ikt', { as: { role: 'admin' }, body: { ...region.body, version: updated.body.version } });
      await call('DELETE', '/api/regions/kr-ikt/devices/oldest-server?version=1', operator);
    });
  });

  describe('incidents', () => {
    it('answers 422 for acting on a resolved incident, a status its contract and the OpenAPI document list', async () => {
      const opened = await call('POST', `${ENV}/incidents`, { ...operator, body: { title: 'Strømbrudd', severity: 'critical' } });
      expect(opened.status).toBe(201);
      const id = opened.body.id;
      expect((await call('POST', `${ENV}/incidents/${id}/resolve`, { ...operator, body: { note: 'ok' } })).status).toBe(200);
      const again = await call('POST', `${ENV}/incidents/${id}/acknowledge`, { ...operator, body: {} });
      expect(again.status).toBe(422);
      expect((await call('POST', `${ENV}/incidents/${id}/resolve`, { ...operator, body: {} })).status).toBe(422);
      const document = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
      for (const action of ['acknowledge', 'resolve']) {
        const path = `/api/regions/{regionId}/environments/{environmentId}/incidents/{incidentId}/${action}`;
        expect(document.paths[path]?.post?.responses).toHaveProperty('422');
        expect(responseStatuses(route(`POST ${path}` as never))).toContain(422);
      }
    });
  });

  describe('an unreachable store', () => {
    it('answers 503 with Retry-After and writes one error log naming the store', async () => {
      // A document client aimed at a port nothing listens on: the SDK gets ECONNREFUSED.
      const deadStore = new DynamoDbInventoryStore(createDocumentClient({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${await freePort()}`, AWS_REGION: 'eu-north-1' }), 'nowhere');
      const contract = route('GET /api/regions');
      const handler = httpHandler(contract, async ({ query }) => ({ body: await deadStore.listRegions(query) }));
      // The one logger writes JSON lines to stdout; keep the error lines.
      const written = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      const errorLines = () => written.mock.calls.map(([chunk]) => String(chunk)).filter((line) => line.startsWith('{') && JSON.parse(line).level === 'error');
      try {
        const matched = matchRoute(ROUTES, 'GET', '/api/regions');
        if (!matched || matched === 'method-not-allowed') throw new Error('no route');
        const event = toApiGatewayEvent({ method: 'GET', path: '/api/regions', claims: claimsFor('operator') }, matched);
        const response = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
        expect(response.statusCode).toBe(503);
        expect(response.headers?.['retry-after']).toBe('5');
        const body = JSON.parse(response.body ?? '');
        expect(body.error).toMatchObject({ code: 'store-unavailable', details: { store: 'DynamoDB' } });
        expect(response.body).not.toContain('127.0.0.1');
        expect(errorLines()).toHaveLength(1);
        expect(JSON.parse(errorLines()[0] ?? '')).toMatchObject({ level: 'error', message: 'store unavailable', store: 'DynamoDB' });
        expectResponseInContract('GET', '/api/regions', { status: response.statusCode ?? 0, headers: response.headers as Record<string, string>, body });
      } finally {
        written.mockRestore();
      }
    });
  });
});
