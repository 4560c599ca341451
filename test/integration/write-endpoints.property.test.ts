import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#shared/api/routes.ts';
import type { RouteContract } from '#shared/api/contract.ts';
import { handlerHarness, type CallOptions } from '../support/api.ts';
import { loadDemoRegion, deviceBody } from '../support/demo.ts';

/**
 * Throws generated bodies at every JSON write endpoint: junk of every JSON shape, and valid bodies
 * with one field replaced by junk. Whatever arrives: never a 5xx; a body the route's schema refuses
 * gets 400; and a rejected body leaves the stored record exactly as it was.
 */
const RUNS_PER_ENDPOINT = 1000;
type Harness = Awaited<ReturnType<typeof handlerHarness>>;
let api: Harness;

interface Target {
  /** Concrete path to call. */
  path: string;
  /** A body the route accepts, mutated field by field. */
  valid: () => Record<string, unknown>;
  /** Where the record a body would write is read back; `idFromBody` for creates. */
  readBack: (body: unknown) => string | undefined;
  as: CallOptions['as'];
}

const region = '/api/regions/kr-ikt';
const idOf = (body: unknown) => (body && typeof body === 'object' && typeof (body as { id?: unknown }).id === 'string' ? (body as { id: string }).id : undefined);
const safeSegment = (id: string | undefined) => (id && /^[a-z0-9-]{1,64}$/.test(id) ? id : undefined);

/** One entry per JSON write route; a write route missing here fails the coverage test below. */
const TARGETS: Record<string, Target> = {
  'POST /api/regions': { path: '/api/regions', valid: () => ({ id: 'prop-region', name: 'P' }), readBack: (b) => safeSegment(idOf(b)) && `/api/regions/${idOf(b)}`, as: { role: 'admin' } },
  'PUT /api/regions/{regionId}': { path: region, valid: () => ({ id: 'kr-ikt', name: 'KR-IKT', priceIndex: 0.025, lifetimes: {}, defaultKey: { type: 'equal' } }), readBack: () => region, as: { role: 'admin' } },
  'POST /api/regions/{regionId}/members': { path: `${region}/members`, valid: () => ({ id: 'prop-member', name: 'P', joinedOn: '2020-01-01', reason: 'joined by council decision' }), readBack: (b) => safeSegment(idOf(b)) && `${region}/members/${idOf(b)}`, as: { role: 'admin' } },
  'PUT /api/regions/{regionId}/members/{memberId}': { path: `${region}/members/iveland`, valid: () => ({ name: 'Iveland kommune', joinedOn: '2014-05-01', population: [{ from: '2011-01-01', value: 1305 }], reason: 'SSB figures' }), readBack: () => `${region}/members/iveland`, as: { role: 'admin' } },
  'POST /api/regions/{regionId}/environments': { path: `${region}/environments`, valid: () => ({ id: 'prop-env', name: 'P', site: 'S', key: { type: 'equal' }, serves: [] }), readBack: (b) => safeSegment(idOf(b)) && `${region}/environments/${idOf(b)}`, as: { role: 'operator' } },
  'PUT /api/regions/{regionId}/environments/{environmentId}': { path: `${region}/environments/birkenes-datapark`, valid: () => ({ name: 'Lokal datapark Birkenes', site: 'Birkeland', key: { type: 'equal' }, serves: [{ memberId: 'birkenes', from: '2014-05-01' }] }), readBack: () => `${region}/environments/birkenes-datapark`, as: { role: 'operator' } },
  'POST /api/regions/{regionId}/devices': { path: `${region}/devices`, valid: () => deviceBody({ id: 'prop-device' }), readBack: (b) => safeSegment(idOf(b)) && `${region}/devices/${idOf(b)}`, as: { role: 'operator' } },
  'PUT /api/regions/{regionId}/devices/{deviceId}': { path: `${region}/devices/srv-birk-02`, valid: () => deviceBody({ environmentId: 'birkenes-datapark', payer: { type: 'shared' } }), readBack: () => `${region}/devices/srv-birk-02`, as: { role: 'operator' } },
  'PATCH /api/regions/{regionId}/devices/{deviceId}': { path: `${region}/devices/srv-birk-03`, valid: () => ({ firmware: 'iDRAC 2.70', criticality: 4 }), readBack: () => `${region}/devices/srv-birk-03`, as: { role: 'operator' } },
  // Health (issue 3): creates have server-made ids (no read-back); incident actions aim at an incident that does not exist, so a valid body gets 404.
  'POST /api/regions/{regionId}/budget-lines': { path: `${region}/budget-lines`, valid: () => ({ id: 'prop-line-new', name: 'Line', fromYear: 2017, toYear: 2020, amountNok: 1000000, per: 'total', kinds: ['server'] }), readBack: (b) => safeSegment(idOf(b)) && `${region}/budget-lines/${idOf(b)}`, as: { role: 'budget-owner' } },
  'PUT /api/regions/{regionId}/budget-lines/{budgetLineId}': { path: `${region}/budget-lines/prop-line`, valid: () => ({ name: 'Line', fromYear: 2017, toYear: 2020, amountNok: 2000000, per: 'year', kinds: ['firewall'] }), readBack: () => `${region}/budget-lines/prop-line`, as: { role: 'budget-owner' } },
  'POST /api/regions/{regionId}/environments/{environmentId}/incidents': { path: `${region}/environments/birkenes-datapark/incidents`, valid: () => ({ title: 'Fiber cut', severity: 'critical' }), readBack: () => undefined, as: { role: 'operator' } },
  'POST /api/regions/{regionId}/environments/{environmentId}/incidents/{incidentId}/acknowledge': { path: `${region}/environments/birkenes-datapark/incidents/inc-20200101t000000-000000/acknowledge`, valid: () => ({ comment: 'on it' }), readBack: () => undefined, as: { role: 'operator' } },
  'POST /api/regions/{regionId}/environments/{environmentId}/incidents/{incidentId}/resolve': { path: `${region}/environments/birkenes-datapark/incidents/inc-20200101t000000-000000/resolve`, valid: () => ({ note: 'fixed' }), readBack: () => undefined, as: { role: 'operator' } },
  'POST /api/regions/{regionId}/environments/{environmentId}/incidents/{incidentId}/comments': { path: `${region}/environments/birkenes-datapark/incidents/inc-20200101t000000-000000/comments`, valid: () => ({ text: 'supplier called' }), readBack: () => undefined, as: { role: 'operator' } },
  'POST /api/regions/{regionId}/environments/{environmentId}/maintenance-windows': { path: `${region}/environments/birkenes-datapark/maintenance-windows`, valid: () => ({ reason: 'Patch', schedule: { type: 'one-off', start: '2025-05-01T08:00:00Z', end: '2025-05-01T09:00:00Z' } }), readBack: () => undefined, as: { role: 'operator' } },
  // The portfolio (issue 8): a project and a scenario made in beforeAll; transitions aim at a project that does not exist, so a valid body gets 404.
  'POST /api/regions/{regionId}/projects': { path: `${region}/projects`, valid: () => ({ id: 'prop-project-new', title: 'P', proposedBy: 'lillesand', participants: ['lillesand'], category: 'c', costs: [{ year: 2021, investmentNok: 1, operatingNok: 0 }] }), readBack: (b) => safeSegment(idOf(b)) && `${region}/projects/${idOf(b)}`, as: { role: 'operator' } },
  'PUT /api/regions/{regionId}/projects/{projectId}': { path: `${region}/projects/prop-project`, valid: () => ({ title: 'P', proposedBy: 'lillesand', participants: ['lillesand', 'birkenes'], category: 'c', ratings: { benefit: 3 } }), readBack: () => `${region}/projects/prop-project`, as: { role: 'operator' } },
  'PATCH /api/regions/{regionId}/projects/{projectId}': { path: `${region}/projects/prop-project`, valid: () => ({ description: 'd', risks: [{ description: 'r', probability: 2, impact: 3 }] }), readBack: () => `${region}/projects/prop-project`, as: { role: 'operator' } },
  'POST /api/regions/{regionId}/projects/{projectId}/transitions': { path: `${region}/projects/no-such-project/transitions`, valid: () => ({ to: 'assessed', reason: 'r' }), readBack: () => undefined, as: { role: 'operator' } },
  'PUT /api/regions/{regionId}/portfolio-settings': { path: `${region}/portfolio-settings`, valid: () => ({ criteria: [{ id: 'benefit', name: 'Nytte', weight: 2, lowerIsBetter: false }], alpha: 0.4, memberWeighting: 'cost-share' }), readBack: () => `${region}/portfolio-settings`, as: { role: 'budget-owner' } },
  'PUT /api/regions/{regionId}/rankings/{memberId}': { path: `${region}/rankings/lillesand`, valid: () => ({ projectIds: ['prop-project'] }), readBack: () => `${region}/rankings/lillesand`, as: { role: 'member', memberId: 'lillesand' } },
  'POST /api/regions/{regionId}/scenarios': { path: `${region}/scenarios`, valid: () => ({ id: 'prop-scenario-new', name: 'S', overrides: { delays: [{ projectId: 'prop-project', years: 1 }] } }), readBack: (b) => safeSegment(idOf(b)) && `${region}/scenarios/${idOf(b)}`, as: { role: 'budget-owner' } },
  'PUT /api/regions/{regionId}/scenarios/{scenarioId}': { path: `${region}/scenarios/prop-scenario`, valid: () => ({ name: 'S', overrides: { envelopes: [{ year: 2021, amountNok: 5 }], alpha: 0.3 } }), readBack: () => `${region}/scenarios/prop-scenario`, as: { role: 'budget-owner' } },
};

const jsonWriteRoutes = (ROUTES as readonly RouteContract[]).filter(
  (route) => route.body && (route.bodyType ?? 'application/json') === 'application/json' && route.method !== 'GET' && !route.path.startsWith('/api/ingest/'),
);

/** Junk for one field: any JSON value, long strings, wrong dates, negative and fractional numbers. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 300 }),
  fc.constantFrom('', '2021-02-30', '99999-01-01', 'announced-unknown', 'ÆØÅ', '../..', '<script>', null, -1, 0.5, 1e308, true),
);

function bodies(target: Target) {
  const base = target.valid();
  const fields = [...Object.keys(base), 'id', 'version', 'payer', 'kind', 'unexpected'];
  const mutated = fc.record({ field: fc.constantFrom(...fields), value: junk }).map(({ field, value }) => ({ ...base, [field]: value }));
  return fc.oneof(fc.jsonValue({ maxDepth: 3 }), mutated, fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 8 }));
}

beforeAll(async () => {
  api = await handlerHarness();
  await loadDemoRegion(api);
  const line = await api.call('POST', `${region}/budget-lines`, { body: { id: 'prop-line', name: 'Line', fromYear: 2017, toYear: 2020, amountNok: 1000000, per: 'total', kinds: ['server'] }, as: { role: 'budget-owner' } });
  expect(line.status).toBe(201);
  const project = await api.call('POST', `${region}/projects`, { body: { id: 'prop-project', title: 'P', proposedBy: 'lillesand', participants: ['lillesand'], category: 'c' }, as: { role: 'operator' } });
  expect(project.status).toBe(201);
  const scenario = await api.call('POST', `${region}/scenarios`, { body: { id: 'prop-scenario', name: 'S' }, as: { role: 'budget-owner' } });
  expect(scenario.status).toBe(201);
});

describe('every write endpoint under generated bodies', () => {
  it('has a property run for every JSON write route of the contract', () => {
    const missing = jsonWriteRoutes.map((route) => `${route.method} ${route.path}`).filter((key) => !(key in TARGETS));
    expect(missing).toEqual([]);
  });

  for (const [routeKey, target] of Object.entries(TARGETS)) {
    it(`${routeKey}: never 5xx, invalid → 400, nothing stored for a rejected body`, async () => {
      const contract = jsonWriteRoutes.find((route) => `${route.method} ${route.path}` === routeKey);
      expect(contract, `${routeKey} is in the contract`).toBeDefined();
      const schema = contract?.body;
      let rejected = 0;
      await fc.assert(
        fc.asyncProperty(bodies(target), async (body) => {
          const readPath = target.readBack(body);
          const before = readPath ? await api.call('GET', readPath, { as: { role: 'admin' } }) : undefined;
          const withVersion = before?.status === 200 && body && typeof body === 'object' && !Array.isArray(body) && !('version' in body) ? { ...body, version: before.body.version } : body;
          const response = await api.call(contract?.method ?? 'POST', target.path, { body: withVersion, as: target.as });
          expect(response.status, response.text).toBeLessThan(500);
          expect(response.status).not.toBe(0);
          if (schema && !schema.safeParse(withVersion).success) expect(response.status, response.text).toBe(400);
          if (response.status >= 400) {
            rejected++;
            expect(response.body.error.code).toEqual(expect.any(String));
            if (readPath) {
              const after = await api.call('GET', readPath, { as: { role: 'admin' } });
              expect(after.status).toBe(before?.status);
              expect(after.body).toEqual(before?.body);
            }
          } else if (readPath && response.status < 300 && contract?.method === 'POST') {
            // A create that went through is undone so the next run starts from the same state.
            await cleanUp(readPath, response.body);
          }
        }),
        { numRuns: RUNS_PER_ENDPOINT },
      );
      expect(rejected).toBeGreaterThan(RUNS_PER_ENDPOINT / 2);
    }, 300_000);
  }
});

async function cleanUp(readPath: string, created: { version?: number }): Promise<void> {
  if (['/devices/', '/budget-lines/', '/projects/', '/scenarios/'].some((kind) => readPath.includes(kind))) await api.call('DELETE', `${readPath}?version=${created.version ?? 1}`, { as: { role: 'admin' } });
  else {
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    const segments = readPath.split('/');
    const id = segments.at(-1) ?? '';
    const key = readPath.startsWith('/api/regions/') && segments.length === 4 ? { pk: 'REGIONS', sk: `REGION#${id}` } : { pk: 'REGION#kr-ikt', sk: `${readPath.includes('/members/') ? 'MEMBER' : 'ENV'}#${id}` };
    await api.doc.send(new DeleteCommand({ TableName: api.tableName, Key: key }));
  }
}
