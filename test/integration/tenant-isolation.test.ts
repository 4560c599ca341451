import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#shared/api/routes.ts';
import type { RouteContract } from '#shared/api/contract.ts';
import { writeRuleOf, type WriteRule } from '#shared/domain/authorisation.ts';
import type { Role } from '#shared/domain/identity.ts';
import { handlerHarness, type CallOptions } from '../support/api.ts';
import { deviceBody, loadDemoRegion } from '../support/demo.ts';

/**
 * Tenant isolation, generated from the route contract and the domain's rules: every write route ×
 * every role × a record of the caller's own municipality, another member's record, and a record of
 * another region (where a member with the same id exists). The expected answer comes from the
 * rule (`shared/domain/authorisation.ts`); a denied call must be 403 and must change nothing, which
 * is proven by reading the record back. Runs the deployed handlers on DynamoDB Local.
 */
type Harness = Awaited<ReturnType<typeof handlerHarness>>;
let api: Harness;

type Variant = 'own' | 'other' | 'foreign';
const VARIANTS: Variant[] = ['own', 'other', 'foreign'];
const ROLES_UNDER_TEST: Role[] = ['operator', 'member', 'budget-owner', 'admin'];
/** Every token but an admin's is bound to KR-IKT; the member acts for Lillesand. */
const CALLERS: Record<Role, NonNullable<Exclude<CallOptions['as'], 'anonymous'>>> = {
  operator: { role: 'operator', regionIds: 'kr-ikt' },
  member: { role: 'member', memberId: 'lillesand', regionIds: 'kr-ikt' },
  'budget-owner': { role: 'budget-owner', regionIds: 'kr-ikt' },
  admin: { role: 'admin', regionIds: '*' },
};
const ADMIN = { as: CALLERS.admin };

/** Per variant: the region, the member whose record it is, and that member's environment. */
const PLACES: Record<Variant, { region: string; member: string; environment: string }> = {
  own: { region: 'kr-ikt', member: 'lillesand', environment: 'lillesand-datapark' },
  other: { region: 'kr-ikt', member: 'birkenes', environment: 'birkenes-datapark' },
  foreign: { region: 'vestland', member: 'lillesand', environment: 'vest-datapark' },
};

interface Call {
  method: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** Read back as admin before and after: a denied call must leave it exactly as it was. */
  readBack: string;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

async function read(path: string) {
  const response = await api.call('GET', path, ADMIN);
  const { generatedAt: _readAt, ...body } = response.body ?? {};
  return { status: response.status, body: Array.isArray(response.body) ? response.body : body };
}
async function created(method: string, path: string, body?: unknown) {
  const response = await api.call(method, path, { ...ADMIN, ...(body !== undefined ? { body } : {}) });
  expect(response.status, response.text).toBeLessThan(300);
  return response.body;
}
const without = <T extends Record<string, unknown>>(record: T, ...keys: string[]) => Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));

/** A device of the place's member, paid by it alone, in its environment. */
async function memberDevice(place: (typeof PLACES)[Variant]) {
  return created('POST', `/api/regions/${place.region}/devices`, deviceBody({ id: unique('dev'), environmentId: place.environment, payer: { type: 'member', memberId: place.member } }));
}
async function incident(place: (typeof PLACES)[Variant]) {
  const env = `/api/regions/${place.region}/environments/${place.environment}`;
  const made = await created('POST', `${env}/incidents`, { title: 'Fiberbrudd', severity: 'critical' });
  return `${env}/incidents/${made.id}`;
}

/**
 * How to call each write route on a variant's record. Creates take fresh ids; deletes and incident
 * actions get a fresh record first. A write route missing here fails the coverage test.
 */
const CALLS: Record<string, (place: (typeof PLACES)[Variant], role: Role) => Promise<Call>> = {
  'create-region': async () => {
    const id = unique('region');
    return { method: 'POST', path: '/api/regions', body: { id, name: 'Ny region' }, readBack: `/api/regions/${id}` };
  },
  'update-region': async ({ region }) => {
    const current = (await read(`/api/regions/${region}`)).body;
    return { method: 'PUT', path: `/api/regions/${region}`, body: { ...current, priceIndex: current.priceIndex + 0.001 }, readBack: `/api/regions/${region}` };
  },
  'create-member': async ({ region }) => {
    const id = unique('member');
    return { method: 'POST', path: `/api/regions/${region}/members`, body: { id, name: 'Ny kommune', joinedOn: '2021-01-01', reason: 'vedtak' }, readBack: `/api/regions/${region}/members/${id}` };
  },
  'update-member': async ({ region, member }) => {
    const path = `/api/regions/${region}/members/${member}`;
    const current = (await read(path)).body;
    return { method: 'PUT', path, body: { ...current, contactPerson: unique('Kari') }, readBack: path };
  },
  'create-environment': async ({ region }) => {
    const id = unique('env');
    return { method: 'POST', path: `/api/regions/${region}/environments`, body: { id, name: 'Nytt miljø', site: 'Sted', key: { type: 'equal' } }, readBack: `/api/regions/${region}/environments/${id}` };
  },
  'update-environment': async ({ region, environment }) => {
    const path = `/api/regions/${region}/environments/${environment}`;
    const current = (await read(path)).body;
    return { method: 'PUT', path, body: { ...current, site: unique('Sted') }, readBack: path };
  },
  'create-device': async (place) => {
    const id = unique('dev');
    return {
      method: 'POST',
      path: `/api/regions/${place.region}/devices`,
      body: deviceBody({ id, environmentId: place.environment, payer: { type: 'member', memberId: place.member } }),
      readBack: `/api/regions/${place.region}/devices/${id}`,
    };
  },
  'replace-device': async (place) => {
    const device = await memberDevice(place);
    const path = `/api/regions/${place.region}/devices/${device.id}`;
    return { method: 'PUT', path, body: { ...without(device, 'id'), firmware: 'ny' }, readBack: path };
  },
  'patch-device': async (place) => {
    const device = await memberDevice(place);
    const path = `/api/regions/${place.region}/devices/${device.id}`;
    return { method: 'PATCH', path, body: { firmware: 'ny', version: device.version }, readBack: path };
  },
  'delete-device': async (place) => {
    const device = await memberDevice(place);
    const path = `/api/regions/${place.region}/devices/${device.id}`;
    return { method: 'DELETE', path: `${path}?version=${device.version}`, readBack: path };
  },
  'import-devices': async ({ region, environment, member }) => ({
    method: 'POST',
    path: `/api/regions/${region}/devices/import`,
    rawBody: `id,name,kind,environmentId,purchaseDate,purchaseCostNok,criticality,payerMemberId\n${unique('imp')},Importert,server,${environment},2020-01-01,1000,3,${member}\n`,
    headers: { 'content-type': 'text/csv' },
    readBack: `/api/regions/${region}/devices?environmentId=${environment}&limit=1000`,
  }),
  'create-incident': async ({ region, environment }) => {
    const env = `/api/regions/${region}/environments/${environment}`;
    return { method: 'POST', path: `${env}/incidents`, body: { title: 'Strømbrudd' }, readBack: `${env}/incidents?state=all&limit=1000` };
  },
  'acknowledge-incident': async (place) => {
    const path = await incident(place);
    return { method: 'POST', path: `${path}/acknowledge`, body: { comment: 'ser på det' }, readBack: path };
  },
  'resolve-incident': async (place) => {
    const path = await incident(place);
    return { method: 'POST', path: `${path}/resolve`, body: { note: 'fikset' }, readBack: path };
  },
  'comment-incident': async (place) => {
    const path = await incident(place);
    return { method: 'POST', path: `${path}/comments`, body: { text: 'leverandør ringt' }, readBack: path };
  },
  'create-maintenance-window': async ({ region, environment }) => {
    const env = `/api/regions/${region}/environments/${environment}`;
    return {
      method: 'POST',
      path: `${env}/maintenance-windows`,
      body: { reason: 'Oppdatering', schedule: { type: 'one-off', start: '2030-05-01T08:00:00Z', end: '2030-05-01T09:00:00Z' } },
      readBack: `${env}/maintenance-windows`,
    };
  },
  'delete-maintenance-window': async ({ region, environment }) => {
    const env = `/api/regions/${region}/environments/${environment}`;
    const window = await created('POST', `${env}/maintenance-windows`, { reason: 'Oppdatering', schedule: { type: 'one-off', start: '2030-05-01T08:00:00Z', end: '2030-05-01T09:00:00Z' } });
    return { method: 'DELETE', path: `${env}/maintenance-windows/${window.id}`, readBack: `${env}/maintenance-windows` };
  },
  'create-ingest-key': async ({ region, environment }) => {
    const env = `/api/regions/${region}/environments/${environment}`;
    // The key in place before the call: after a denied call it must still be the valid one.
    const { key } = await created('POST', `${env}/ingest-key`);
    keys.set(`${region}/${environment}`, key);
    return { method: 'POST', path: `${env}/ingest-key`, readBack: `ingest-key:${region}/${environment}` };
  },
  // Always presents the key of Lillesand's KR-IKT environment: it opens that environment and no other.
  'ingest-backup-results': async ({ region, environment }) => ({
    method: 'POST',
    path: `/api/ingest/${region}/${environment}/backup-results`,
    headers: { authorization: `Bearer ${(await created('POST', '/api/regions/kr-ikt/environments/lillesand-datapark/ingest-key')).key}` },
    body: { results: [{ deviceId: 'srv-lill-01', job: 'nightly', system: 'veeam', result: 'success', start: '2025-01-01T00:00:00Z', end: '2025-01-01T01:00:00Z' }] },
    readBack: `/api/regions/${region}/environments/${environment}/health`,
  }),
  'create-budget-line': async ({ region }) => {
    const id = unique('line');
    return { method: 'POST', path: `/api/regions/${region}/budget-lines`, body: { id, name: 'Linje', fromYear: 2017, toYear: 2020, amountNok: 1_000_000, per: 'total', kinds: ['server'] }, readBack: `/api/regions/${region}/budget-lines/${id}` };
  },
  'update-budget-line': async ({ region }) => {
    const line = await created('POST', `/api/regions/${region}/budget-lines`, { id: unique('line'), name: 'Linje', fromYear: 2017, toYear: 2020, amountNok: 1_000_000, per: 'total', kinds: ['server'] });
    const path = `/api/regions/${region}/budget-lines/${line.id}`;
    return { method: 'PUT', path, body: { ...without(line, 'id'), amountNok: 2_000_000 }, readBack: path };
  },
  'delete-budget-line': async ({ region }) => {
    const line = await created('POST', `/api/regions/${region}/budget-lines`, { id: unique('line'), name: 'Linje', fromYear: 2017, toYear: 2020, amountNok: 1_000_000, per: 'total', kinds: ['server'] });
    const path = `/api/regions/${region}/budget-lines/${line.id}`;
    return { method: 'DELETE', path: `${path}?version=${line.version}`, readBack: path };
  },
  // The portfolio: a project is the place's member's proposal (an idea), made by an admin.
  'create-project': async ({ region, member }) => {
    const id = unique('project');
    return { method: 'POST', path: `/api/regions/${region}/projects`, body: projectBody(id, member), readBack: `/api/regions/${region}/projects/${id}` };
  },
  'replace-project': async (place) => {
    const project = await memberProject(place);
    const path = `/api/regions/${place.region}/projects/${project.id}`;
    return { method: 'PUT', path, body: { ...without(project, 'id', 'status'), description: unique('Beskrivelse') }, readBack: path };
  },
  'patch-project': async (place) => {
    const project = await memberProject(place);
    const path = `/api/regions/${place.region}/projects/${project.id}`;
    return { method: 'PATCH', path, body: { description: unique('Beskrivelse'), version: project.version }, readBack: path };
  },
  'delete-project': async (place) => {
    const project = await memberProject(place);
    const path = `/api/regions/${place.region}/projects/${project.id}`;
    return { method: 'DELETE', path: `${path}?version=${project.version}`, readBack: path };
  },
  // Each role tries a step of an idea its role makes (operators assess, budget owners put on hold).
  'transition-project': async (place, role) => {
    const project = await memberProject(place, { ratings: FULL_RATINGS });
    const path = `/api/regions/${place.region}/projects/${project.id}`;
    const to = role === 'budget-owner' ? 'on-hold' : 'assessed';
    return { method: 'POST', path: `${path}/transitions`, body: { to, reason: 'vurdert' }, readBack: path };
  },
  'create-project-proposals': async ({ region }) => ({
    method: 'POST',
    path: `/api/regions/${region}/projects/proposals-from-plan?from=2017&to=2018`,
    readBack: `/api/regions/${region}/projects?limit=1000`,
  }),
  'update-portfolio-settings': async ({ region }) => {
    const path = `/api/regions/${region}/portfolio-settings`;
    const current = (await read(path)).body;
    return { method: 'PUT', path, body: { ...current, alpha: current.alpha === 0.5 ? 0.6 : 0.5 }, readBack: path };
  },
  'update-ranking': async ({ region, member }) => {
    const path = `/api/regions/${region}/rankings/${member}`;
    const current = (await read(path)).body;
    return { method: 'PUT', path, body: { projectIds: [], ...(current.version !== undefined ? { version: current.version } : {}) }, readBack: path };
  },
  'create-scenario': async ({ region }) => {
    const id = unique('scenario');
    return { method: 'POST', path: `/api/regions/${region}/scenarios`, body: { id, name: 'Scenario' }, readBack: `/api/regions/${region}/scenarios/${id}` };
  },
  'update-scenario': async ({ region }) => {
    const scenario = await created('POST', `/api/regions/${region}/scenarios`, { id: unique('scenario'), name: 'Scenario' });
    const path = `/api/regions/${region}/scenarios/${scenario.id}`;
    return { method: 'PUT', path, body: { ...without(scenario, 'id'), name: unique('Scenario') }, readBack: path };
  },
  'delete-scenario': async ({ region }) => {
    const scenario = await created('POST', `/api/regions/${region}/scenarios`, { id: unique('scenario'), name: 'Scenario' });
    const path = `/api/regions/${region}/scenarios/${scenario.id}`;
    return { method: 'DELETE', path: `${path}?version=${scenario.version}`, readBack: path };
  },
};

/** Every default criterion rated: a project ready to be assessed. */
const FULL_RATINGS = { benefit: 4, 'risk-reduction': 3, urgency: 3, 'strategic-fit': 2, cost: 3 };

function projectBody(id: string, member: string, extra: Record<string, unknown> = {}) {
  return { id, title: 'Felles prosjekt', proposedBy: member, participants: [member], category: 'infrastruktur', ...extra };
}

/** A proposal (idea) of the place's member, made by an admin. */
async function memberProject(place: (typeof PLACES)[Variant], extra: Record<string, unknown> = {}) {
  return created('POST', `/api/regions/${place.region}/projects`, projectBody(unique('project'), place.member, extra));
}

/** Ingest keys made during the run, by `region/environment`. */
const keys = new Map<string, string>();

/** Scopes under which a member writes only its own municipality's records. */
const OWNED_SCOPES: readonly WriteRule['scope'][] = ['own-member', 'own-device', 'own-proposal', 'own-ranking'];

/** The answer the domain's rule promises: allowed, or 403. */
function expected(rule: WriteRule, role: Role, variant: Variant): 'allowed' | 403 {
  if (rule.roles === 'ingest-key' || !rule.roles.includes(role)) return 403;
  if (rule.scope === 'none') return 'allowed';
  if (variant === 'foreign') return role === 'admin' ? 'allowed' : 403;
  if (role === 'member' && variant === 'other' && OWNED_SCOPES.includes(rule.scope)) return 403;
  return 'allowed';
}

async function readBack(path: string) {
  if (!path.startsWith('ingest-key:')) return read(path);
  // An ingest key cannot be read; whether the key in place still opens the door is what matters.
  const [region, environment] = path.slice('ingest-key:'.length).split('/');
  const response = await api.call('POST', `/api/ingest/${region}/${environment}/backup-results`, {
    as: 'anonymous',
    headers: { authorization: `Bearer ${keys.get(`${region}/${environment}`)}` },
    body: { results: [{ deviceId: 'no-such-device', job: 'probe', system: 'veeam', result: 'success', start: '2025-01-01T00:00:00Z', end: '2025-01-01T01:00:00Z' }] },
  });
  return { status: response.status, body: undefined };
}

const writeRoutes = (ROUTES as readonly RouteContract[]).filter((route) => route.method !== 'GET');

beforeAll(async () => {
  api = await handlerHarness();
  await loadDemoRegion(api);
  // Another region with a member of the same id: a KR-IKT token must not act for it there.
  await created('POST', '/api/regions', { id: 'vestland', name: 'Vestland IKT' });
  await created('POST', '/api/regions/vestland/members', { id: 'lillesand', name: 'Lillesand (Vestland)', joinedOn: '2014-05-01', reason: 'test region' });
  await created('POST', '/api/regions/vestland/environments', { id: 'vest-datapark', name: 'Vest', site: 'Bergen', key: { type: 'equal' }, serves: [{ memberId: 'lillesand', from: '2014-05-01' }] });
}, 60_000);

describe('tenant isolation: every write route × role × own / other member’s / other region’s record', () => {
  it('has a call for every write route of the contract, and a rule for each', () => {
    expect(writeRoutes.map((route) => route.functionName).filter((name) => !(name in CALLS))).toEqual([]);
    expect(writeRoutes.map((route) => route.functionName).filter((name) => writeRuleOf(name) === undefined)).toEqual([]);
  });

  for (const route of writeRoutes) {
    it(`${route.method} ${route.path} (${route.functionName})`, async () => {
      const rule = writeRuleOf(route.functionName);
      const makeCall = CALLS[route.functionName];
      expect(rule && makeCall, `rule and call for ${route.functionName}`).toBeTruthy();
      const outcomes: string[] = [];
      for (const role of ROLES_UNDER_TEST) {
        for (const variant of rule!.scope === 'none' ? (['own'] as Variant[]) : VARIANTS) {
          const call = await makeCall!(PLACES[variant], role);
          const before = await readBack(call.readBack);
          const response = await api.call(call.method, call.path, {
            as: CALLERS[role],
            ...(call.body !== undefined ? { body: call.body } : {}),
            ...(call.rawBody !== undefined ? { rawBody: call.rawBody } : {}),
            ...(call.headers ? { headers: call.headers } : {}),
          });
          const want = rule!.roles === 'ingest-key' ? (variant === 'own' ? 'allowed' : 401) : expected(rule!, role, variant);
          const label = `${role} on ${variant}: ${response.status} ${response.text.slice(0, 200)}`;
          outcomes.push(`${role}/${variant}=${response.status}`);
          if (want === 'allowed') {
            expect(response.status, label).toBeGreaterThanOrEqual(200);
            expect(response.status, label).toBeLessThan(300);
          } else {
            expect(response.status, label).toBe(want);
            expect(await readBack(call.readBack), `${label}: the record changed`).toEqual(before);
          }
        }
      }
      expect(outcomes.length).toBeGreaterThanOrEqual(4);
    }, 120_000);
  }

  it('answers a KR-IKT member token in another region with 403 region-not-allowed, even for reads', async () => {
    const response = await api.call('GET', '/api/regions/vestland/members/lillesand', { as: CALLERS.member });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('region-not-allowed');
    const star = await api.call('GET', '/api/regions/kr-ikt/devices', { as: { role: 'operator', regionIds: '*' } });
    expect(star.status).toBe(403);
  });

  it('lists only the regions a token may act in', async () => {
    const ids = async (as: NonNullable<CallOptions['as']>) => ((await api.call('GET', '/api/regions', { as })).body.items as Array<{ id: string }>).map((region) => region.id).sort();
    expect(await ids(CALLERS.member)).toEqual(['kr-ikt']);
    expect(await ids(CALLERS.operator)).toEqual(['kr-ikt']);
    expect(await ids(CALLERS.admin)).toEqual(expect.arrayContaining(['kr-ikt', 'vestland']));
  });
});
