import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteContract } from '#shared/api/routes.ts';
import { handlerHarness, type CallOptions, type CallResult } from '../support/api.ts';
import { deviceBody, loadDemoRegion } from '../support/demo.ts';

type Harness = Awaited<ReturnType<typeof handlerHarness>>;
let api: Harness;

const R = '/api/regions/kr-ikt';
const ENV = `${R}/environments/lillesand-datapark`;
const admin = { as: { role: 'admin' as const } };
const operator = { as: { role: 'operator' as const } };
const lillesand = { as: { role: 'member' as const, memberId: 'lillesand' } };

interface Entry {
  id: string;
  regionId: string;
  at: string;
  actor: { subject: string; role: string; memberId?: string };
  route: string;
  recordType: string;
  recordId: string;
  action: string;
  changes: Array<{ field: string; before?: unknown; after?: unknown }>;
  reason?: string;
}

beforeAll(async () => {
  api = await handlerHarness();
  await loadDemoRegion(api);
});

/** The region's whole trail as an admin sees it, newest first. */
async function trail(regionId = 'kr-ikt', query = ''): Promise<Entry[]> {
  const response = await api.call('GET', `/api/regions/${regionId}/audit?limit=1000${query}`, admin);
  expect(response.status).toBe(200);
  return response.body.items;
}

/** Entries written by `act`, read from the trail before and after it. */
async function entriesWrittenBy(act: () => Promise<CallResult>, regionId = 'kr-ikt'): Promise<{ response: CallResult; entries: Entry[] }> {
  const regionExists = (await api.call('GET', `/api/regions/${regionId}`, admin)).status === 200;
  const before = new Set(regionExists ? (await trail(regionId)).map((entry) => entry.id) : []);
  const response = await act();
  const entries = (await trail(regionId)).filter((entry) => !before.has(entry.id));
  return { response, entries };
}

/** `body` with a `reason`, where the route's body schema takes one (membership facts need one once the authorisation rules land). */
function withReason(routeKey: string, body: Record<string, unknown>, reason: string): Record<string, unknown> {
  const contract = ROUTES.find((candidate) => `${candidate.method} ${candidate.path}` === routeKey) as RouteContract | undefined;
  const candidate = { ...body, reason };
  return contract?.body?.safeParse(candidate).success ? candidate : body;
}

async function read(path: string): Promise<Record<string, unknown> & { version: number }> {
  const response = await api.call('GET', path, admin);
  expect(response.status).toBe(200);
  return response.body;
}

/**
 * One valid call per write route, each with the record it must be recorded against. Keyed by the
 * contract's route key: a write route added to the contract without a line here fails the test
 * below, so nobody adds a write the audit trail does not see.
 */
interface WriteCase {
  /** Region whose trail gets the entry. */
  regionId?: string;
  recordType: string;
  /** Calls made first (their entries are not counted); returns what `call` needs. */
  setup?: () => Promise<Record<string, string>>;
  call: (context: Record<string, string>) => Promise<CallResult>;
  recordId?: (context: Record<string, string>, response: CallResult) => string;
}

const memberKey = 'PUT /api/regions/{regionId}/members/{memberId}';
const csvHeader = 'id,name,kind,environmentId,purchaseDate,purchaseCostNok,criticality,payerMemberId,payerKey,vendorEndOfSupport,tags';
const backupResult = () => ({ deviceId: 'srv-lill-03', job: 'srv-lill-03 daily', system: 'veeam', result: 'success', start: new Date(Date.now() - 7_200_000).toISOString(), end: new Date(Date.now() - 3_600_000).toISOString() });
const newIncident = async () => ({ incidentId: (await api.call('POST', `${ENV}/incidents`, { ...operator, body: { title: 'Audit test' } })).body.id as string });

const WRITE_CASES: Record<string, WriteCase> = {
  'POST /api/regions': { regionId: 'audit-region', recordType: 'region', call: () => api.call('POST', '/api/regions', { ...admin, body: { id: 'audit-region', name: 'Revisjon' } }), recordId: () => 'audit-region' },
  'PUT /api/regions/{regionId}': {
    recordType: 'region',
    call: async () => {
      const { version, ...region } = await read(R);
      return api.call('PUT', R, { ...admin, body: { ...region, priceIndex: 0.031, version } });
    },
    recordId: () => 'kr-ikt',
  },
  'POST /api/regions/{regionId}/members': {
    recordType: 'member',
    call: () => api.call('POST', `${R}/members`, { ...admin, body: withReason('POST /api/regions/{regionId}/members', { id: 'revisjon', name: 'Revisjon kommune', joinedOn: '2021-01-01', population: [{ from: '2021-01-01', value: 1000 }] }, 'ny kommune') }),
    recordId: () => 'revisjon',
  },
  [memberKey]: {
    recordType: 'member',
    call: async () => {
      const { version, ...member } = await read(`${R}/members/revisjon`);
      return api.call('PUT', `${R}/members/revisjon`, { ...admin, body: withReason(memberKey, { ...member, population: [{ from: '2021-01-01', value: 1001 }], version }, 'SSB-tall') });
    },
    recordId: () => 'revisjon',
  },
  'POST /api/regions/{regionId}/environments': {
    recordType: 'environment',
    call: () => api.call('POST', `${R}/environments`, { ...operator, body: { id: 'revisjon-park', name: 'Revisjonspark', site: 'Lillesand', key: { type: 'equal' } } }),
    recordId: () => 'revisjon-park',
  },
  'PUT /api/regions/{regionId}/environments/{environmentId}': {
    recordType: 'environment',
    call: async () => {
      const { version, ...environment } = await read(`${R}/environments/revisjon-park`);
      return api.call('PUT', `${R}/environments/revisjon-park`, { ...operator, body: { ...environment, serves: [{ memberId: 'revisjon', from: '2021-01-01' }], version } });
    },
    recordId: () => 'revisjon-park',
  },
  'POST /api/regions/{regionId}/devices': { recordType: 'device', call: () => api.call('POST', `${R}/devices`, { ...operator, body: deviceBody({ id: 'audit-srv' }) }), recordId: () => 'audit-srv' },
  'PUT /api/regions/{regionId}/devices/{deviceId}': {
    recordType: 'device',
    call: async () => {
      const { version, id: _id, ...device } = await read(`${R}/devices/audit-srv`);
      return api.call('PUT', `${R}/devices/audit-srv`, { ...operator, body: { ...device, purchaseCostNok: 130000, version } });
    },
    recordId: () => 'audit-srv',
  },
  'PATCH /api/regions/{regionId}/devices/{deviceId}': {
    recordType: 'device',
    call: async () => api.call('PATCH', `${R}/devices/audit-srv`, { ...operator, body: { serial: 'SN-1', version: (await read(`${R}/devices/audit-srv`)).version } }),
    recordId: () => 'audit-srv',
  },
  'DELETE /api/regions/{regionId}/devices/{deviceId}': {
    recordType: 'device',
    call: async () => api.call('DELETE', `${R}/devices/audit-srv?version=${(await read(`${R}/devices/audit-srv`)).version}`, operator),
    recordId: () => 'audit-srv',
  },
  'POST /api/regions/{regionId}/devices/import': {
    recordType: 'device-import',
    call: () =>
      api.call('POST', `${R}/devices/import`, {
        ...operator,
        rawBody: [csvHeader, 'audit-imp-01,Importert 1,switch,lillesand-datapark,2016-05-01,10000,3,lillesand,,,', 'audit-imp-02,Importert 2,switch,lillesand-datapark,2016-05-01,10000,3,lillesand,,,'].join('\n'),
        headers: { 'content-type': 'text/csv' },
      }),
  },
  'POST /api/regions/{regionId}/budget-lines': {
    recordType: 'budget-line',
    call: () => api.call('POST', `${R}/budget-lines`, { ...admin, body: { id: 'revisjon-linje', name: 'Revisjon', fromYear: 2021, toYear: 2022, amountNok: 100_000, per: 'year', kinds: ['switch'] } }),
    recordId: () => 'revisjon-linje',
  },
  'PUT /api/regions/{regionId}/budget-lines/{budgetLineId}': {
    recordType: 'budget-line',
    call: async () => {
      const { version, id: _id, ...line } = await read(`${R}/budget-lines/revisjon-linje`);
      return api.call('PUT', `${R}/budget-lines/revisjon-linje`, { ...admin, body: { ...line, amountNok: 200_000, version } });
    },
    recordId: () => 'revisjon-linje',
  },
  'DELETE /api/regions/{regionId}/budget-lines/{budgetLineId}': {
    recordType: 'budget-line',
    call: async () => api.call('DELETE', `${R}/budget-lines/revisjon-linje?version=${(await read(`${R}/budget-lines/revisjon-linje`)).version}`, admin),
    recordId: () => 'revisjon-linje',
  },
  'POST /api/regions/{regionId}/environments/{environmentId}/incidents': {
    recordType: 'incident',
    call: () => api.call('POST', `${ENV}/incidents`, { ...operator, body: { title: 'Strømbrudd' } }),
    recordId: (_context, response) => response.body.id,
  },
  'POST /api/regions/{regionId}/environments/{environmentId}/incidents/{incidentId}/acknowledge': {
    recordType: 'incident',
    setup: newIncident,
    call: ({ incidentId }) => api.call('POST', `${ENV}/incidents/${incidentId}/acknowledge`, { ...operator, body: { comment: 'ser på det' } }),
    recordId: ({ incidentId }) => incidentId as string,
  },
  'POST /api/regions/{regionId}/environments/{environmentId}/incidents/{incidentId}/resolve': {
    recordType: 'incident',
    setup: newIncident,
    call: ({ incidentId }) => api.call('POST', `${ENV}/incidents/${incidentId}/resolve`, { ...operator, body: { note: 'fikset' } }),
    recordId: ({ incidentId }) => incidentId as string,
  },
  'POST /api/regions/{regionId}/environments/{environmentId}/incidents/{incidentId}/comments': {
    recordType: 'incident',
    setup: newIncident,
    call: ({ incidentId }) => api.call('POST', `${ENV}/incidents/${incidentId}/comments`, { ...operator, body: { text: 'leverandør ringt' } }),
    recordId: ({ incidentId }) => incidentId as string,
  },
  'POST /api/regions/{regionId}/environments/{environmentId}/maintenance-windows': {
    recordType: 'maintenance-window',
    call: () => api.call('POST', `${ENV}/maintenance-windows`, { ...operator, body: { reason: 'Patch-tirsdag', schedule: { type: 'weekly', days: ['tue'], start: '22:00', end: '02:00' } } }),
    recordId: (_context, response) => response.body.id,
  },
  'DELETE /api/regions/{regionId}/environments/{environmentId}/maintenance-windows/{windowId}': {
    recordType: 'maintenance-window',
    setup: async () => ({
      windowId: (await api.call('POST', `${ENV}/maintenance-windows`, { ...operator, body: { reason: 'Engangs', schedule: { type: 'one-off', start: '2030-05-01T08:00:00Z', end: '2030-05-01T09:00:00Z' } } })).body.id,
    }),
    call: ({ windowId }) => api.call('DELETE', `${ENV}/maintenance-windows/${windowId}`, operator),
    recordId: ({ windowId }) => windowId as string,
  },
  'POST /api/regions/{regionId}/environments/{environmentId}/ingest-key': {
    recordType: 'ingest-key',
    call: () => api.call('POST', `${ENV}/ingest-key`, operator),
    recordId: () => 'lillesand-datapark',
  },
  'POST /api/ingest/{regionId}/{environmentId}/backup-results': {
    recordType: 'backup-push',
    setup: async () => ({ key: (await api.call('POST', `${ENV}/ingest-key`, operator)).body.key }),
    call: ({ key }) => api.call('POST', '/api/ingest/kr-ikt/lillesand-datapark/backup-results', { as: 'anonymous', headers: { 'x-ingest-key': key as string }, body: { results: [backupResult(), { ...backupResult(), job: 'second' }] } }),
    recordId: () => 'lillesand-datapark',
  },
  // The portfolio (issue 8): a project's history is its trail.
  'POST /api/regions/{regionId}/projects': {
    recordType: 'project',
    call: () => api.call('POST', `${R}/projects`, { ...operator, body: portfolioProject('audit-project') }),
    recordId: () => 'audit-project',
  },
  'POST /api/regions/{regionId}/projects/proposals-from-plan': {
    // A region of its own with one device due in 2022: one proposal, one entry.
    regionId: 'audit-pf',
    recordType: 'project',
    setup: async () => {
      const P = '/api/regions/audit-pf';
      await api.call('POST', '/api/regions', { ...admin, body: { id: 'audit-pf', name: 'Revisjon portefølje', defaultKey: { type: 'equal' } } });
      await api.call('POST', `${P}/members`, { ...admin, body: { id: 'a', name: 'A', joinedOn: '2014-01-01', reason: 'test' } });
      await api.call('POST', `${P}/environments`, { ...admin, body: { id: 'env', name: 'Miljø', site: 'Sted', key: { type: 'equal' }, serves: [{ memberId: 'a', from: '2014-01-01' }] } });
      await api.call('POST', `${P}/devices`, { ...admin, body: deviceBody({ id: 'fw-1', kind: 'firewall', environmentId: 'env', purchaseDate: '2017-03-01', payer: { type: 'member', memberId: 'a' } }) });
      return {};
    },
    call: () => api.call('POST', '/api/regions/audit-pf/projects/proposals-from-plan?from=2022&to=2022', operator),
    recordId: () => 'reinv-2022-firewall-env',
  },
  'PUT /api/regions/{regionId}/projects/{projectId}': {
    recordType: 'project',
    call: async () => {
      const { version, id: _id, status: _status, ...project } = await read(`${R}/projects/audit-project`);
      return api.call('PUT', `${R}/projects/audit-project`, { ...operator, body: { ...project, description: 'Presisert', version } });
    },
    recordId: () => 'audit-project',
  },
  'PATCH /api/regions/{regionId}/projects/{projectId}': {
    recordType: 'project',
    call: async () => api.call('PATCH', `${R}/projects/audit-project`, { ...operator, body: { category: 'sikkerhet', version: (await read(`${R}/projects/audit-project`)).version } }),
    recordId: () => 'audit-project',
  },
  'DELETE /api/regions/{regionId}/projects/{projectId}': {
    recordType: 'project',
    call: async () => api.call('DELETE', `${R}/projects/audit-project?version=${(await read(`${R}/projects/audit-project`)).version}`, operator),
    recordId: () => 'audit-project',
  },
  'POST /api/regions/{regionId}/projects/{projectId}/transitions': {
    recordType: 'project',
    setup: async () => ({ projectId: (await api.call('POST', `${R}/projects`, { ...operator, body: portfolioProject('audit-transition') })).body.id }),
    call: ({ projectId }) => api.call('POST', `${R}/projects/${projectId}/transitions`, { ...operator, body: { to: 'assessed', reason: 'vurdert' } }),
    recordId: ({ projectId }) => projectId as string,
  },
  'PUT /api/regions/{regionId}/portfolio-settings': {
    recordType: 'portfolio-settings',
    call: async () => {
      const settings = await read(`${R}/portfolio-settings`);
      return api.call('PUT', `${R}/portfolio-settings`, { ...admin, body: { ...settings, alpha: 0.6 } });
    },
    recordId: () => 'portfolio-settings',
  },
  'PUT /api/regions/{regionId}/rankings/{memberId}': {
    recordType: 'ranking',
    setup: async () => ({ projectId: (await api.call('POST', `${R}/projects`, { ...operator, body: portfolioProject('audit-ranked') })).body.id }),
    call: ({ projectId }) => api.call('PUT', `${R}/rankings/lillesand`, { ...lillesand, body: { projectIds: [projectId] } }),
    recordId: () => 'lillesand',
  },
  'POST /api/regions/{regionId}/scenarios': {
    recordType: 'scenario',
    call: () => api.call('POST', `${R}/scenarios`, { ...admin, body: { id: 'audit-scenario', name: 'Revisjon' } }),
    recordId: () => 'audit-scenario',
  },
  'PUT /api/regions/{regionId}/scenarios/{scenarioId}': {
    recordType: 'scenario',
    call: async () => {
      const { version, id: _id, ...scenario } = await read(`${R}/scenarios/audit-scenario`);
      return api.call('PUT', `${R}/scenarios/audit-scenario`, { ...admin, body: { ...scenario, overrides: { envelopes: [{ year: 2021, amountNok: 1 }] }, version } });
    },
    recordId: () => 'audit-scenario',
  },
  'DELETE /api/regions/{regionId}/scenarios/{scenarioId}': {
    recordType: 'scenario',
    call: async () => api.call('DELETE', `${R}/scenarios/audit-scenario?version=${(await read(`${R}/scenarios/audit-scenario`)).version}`, admin),
    recordId: () => 'audit-scenario',
  },
};

function portfolioProject(id: string) {
  return { id, title: 'Revisjonsprosjekt', proposedBy: 'lillesand', participants: ['lillesand'], category: 'infrastruktur' };
}

const WRITE_ROUTES = ROUTES.filter((candidate) => candidate.method !== 'GET').map((candidate) => `${candidate.method} ${candidate.path}`);

describe('audit trail: every write through the API', () => {
  it('has a case here for every write route of the contract (a new write route must be audited)', () => {
    expect(WRITE_ROUTES.filter((key) => !(key in WRITE_CASES))).toEqual([]);
    expect(Object.keys(WRITE_CASES).filter((key) => !WRITE_ROUTES.includes(key))).toEqual([]);
  });

  // In contract order; cases build on each other (the device a PUT changes is the one POST made).
  it.each(WRITE_ROUTES.filter((key) => key in WRITE_CASES))('%s appends exactly one entry, naming who, the route and the record', async (routeKey) => {
    const write = WRITE_CASES[routeKey] as WriteCase;
    const context = (await write.setup?.()) ?? {};
    const { response, entries } = await entriesWrittenBy(() => write.call(context), write.regionId);
    expect(response.status, response.text).toBeLessThan(300);
    expect(entries).toHaveLength(1);
    const [entry] = entries as [Entry];
    expect(entry).toMatchObject({ route: routeKey, recordType: write.recordType, regionId: write.regionId ?? 'kr-ikt' });
    if (write.recordId) expect(entry.recordId).toBe(write.recordId(context, response));
    // A member writes only its own ranking; everything else here is written by operators and admins.
    expect(entry.actor.subject).toMatch(routeKey.startsWith('POST /api/ingest') ? /^ingest-key$/ : write.recordType === 'ranking' ? /^test-member-lillesand$/ : /^test-(admin|operator)$/);
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(120_000);
    if (write.recordType !== 'backup-push' && write.recordType !== 'device-import') expect(entry.changes.length).toBeGreaterThan(0);
  });

  it('records before → after of the changed fields only, and the reason from the body', async () => {
    const history = await trail('kr-ikt', '&recordType=device&recordId=audit-srv');
    expect(history.map((entry) => entry.action)).toEqual(['delete', 'update', 'update', 'create']);
    const costChange = history.find((entry) => entry.route === 'PUT /api/regions/{regionId}/devices/{deviceId}');
    expect(costChange?.changes).toEqual([{ field: 'purchaseCostNok', before: 120000, after: 130000 }]);
    const serial = history.find((entry) => entry.route === 'PATCH /api/regions/{regionId}/devices/{deviceId}');
    expect(serial?.changes).toEqual([{ field: 'serial', before: '', after: 'SN-1' }]);

    // Reason: any write whose body carries one; maintenance windows have always had one.
    const windows = await trail('kr-ikt', '&recordType=maintenance-window');
    const created = windows.find((entry) => entry.action === 'create' && entry.changes.some((change) => change.after === 'Patch-tirsdag'));
    expect(created?.reason).toBe('Patch-tirsdag');
    expect(windows.find((entry) => entry.action === 'delete')?.reason).toBeUndefined();
  });
});

describe('audit trail: writes that do not happen leave no entry', () => {
  const cases: Array<[string, () => Promise<CallResult>, number]> = [
    ['a member changing another member’s device (403)', async () => api.call('PATCH', `${R}/devices/fw-birk-01`, { ...lillesand, body: { serial: 'x', version: 1 } }), 403],
    ['a stale version (409)', async () => api.call('PATCH', `${R}/devices/fw-lill-01`, { ...operator, body: { serial: 'x', version: 999 } }), 409],
    ['a create of an id that exists (409)', async () => api.call('POST', `${R}/devices`, { ...operator, body: deviceBody({ id: 'fw-lill-01' }) }), 409],
    ['an invalid body (400)', async () => api.call('POST', `${R}/devices`, { ...operator, body: deviceBody({ criticality: 9 }) }), 400],
    ['an import with a bad row (400)', async () => api.call('POST', `${R}/devices/import`, { ...operator, rawBody: `${csvHeader}\nbad-01,Dårlig,toaster,lillesand-datapark,2016-05-01,1,3,lillesand,,,`, headers: { 'content-type': 'text/csv' } }), 400],
    ['a delete of a maintenance window that is gone (404)', async () => api.call('DELETE', `${ENV}/maintenance-windows/no-such-window`, operator), 404],
    ['a role that may not write (403)', async () => api.call('POST', `${R}/budget-lines`, { ...operator, body: { name: 'x', fromYear: 2021, toYear: 2021, amountNok: 1, per: 'year' } }), 403],
  ];
  it.each(cases)('%s', async (_name, act, status) => {
    const { response, entries } = await entriesWrittenBy(act);
    expect(response.status).toBe(status);
    expect(entries).toEqual([]);
  });

  it('leaves none when a version conflict is found only by the write itself (the condition in the transaction)', async () => {
    const device = await read(`${R}/devices/fw-lill-01`);
    const [first, second] = await Promise.all(
      [1, 2].map((n) => entriesWrittenBy(() => api.call('PATCH', `${R}/devices/fw-lill-01`, { ...operator, body: { firmware: `race-${n}`, version: device.version } }))),
    );
    const statuses = [first?.response.status, second?.response.status].sort();
    expect(statuses).toEqual([200, 409]);
    const entries = (await trail('kr-ikt', '&recordType=device&recordId=fw-lill-01')).filter((entry) => entry.changes.some((change) => String(change.after).startsWith('race-')));
    expect(entries).toHaveLength(1);
  });
});

describe('audit trail: who sees what', () => {
  beforeAll(async () => {
    const device = await read(`${R}/devices/fw-lill-01`);
    // Operations-only change: members must not see it.
    await api.call('PATCH', `${R}/devices/fw-lill-01`, {
      ...operator,
      body: { monitoring: { checks: [{ type: 'snmp', name: 'snmp', host: '10.20.0.1', version: '2c', secretRef: 'lillesand-datapark/snmp-community' }] }, version: device.version },
    });
    // A cost change together with an operations change: members see the cost part only.
    const again = await read(`${R}/devices/fw-lill-01`);
    await api.call('PATCH', `${R}/devices/fw-lill-01`, { ...operator, body: { replacementCostNok: 95_000, serial: 'FGT-NEW', version: again.version } });
  });

  it.each<[string, CallOptions['as']]>([
    ['a member', { role: 'member', memberId: 'iveland' }],
    ['a budget owner', { role: 'budget-owner' }],
  ])('%s sees changes that move cost shares, and no operations detail', async (_name, as) => {
    const response = await api.call('GET', `${R}/audit?limit=1000`, { as });
    expect(response.status).toBe(200);
    const entries: Entry[] = response.body.items;
    const types = new Set(entries.map((entry) => entry.recordType));
    for (const hidden of ['incident', 'maintenance-window', 'backup-push', 'budget-line']) expect(types.has(hidden)).toBe(false);
    for (const shown of ['member', 'environment', 'device', 'region', 'ingest-key', 'device-import']) expect(types.has(shown)).toBe(true);
    const fields = new Set(entries.flatMap((entry) => entry.changes.map((change) => change.field)));
    for (const hidden of ['monitoring', 'serial', 'firmware', 'site']) expect(fields.has(hidden)).toBe(false);
    const replacement = entries.find((entry) => entry.recordId === 'fw-lill-01' && entry.changes.some((change) => change.field === 'replacementCostNok'));
    expect(replacement?.changes).toEqual([{ field: 'replacementCostNok', after: 95_000 }]);
    expect(response.text).not.toContain('10.20.0.1');
  });

  it('an operator sees every entry, the whole change', async () => {
    const entries = (await api.call('GET', `${R}/audit?limit=1000&recordType=device&recordId=fw-lill-01`, operator)).body.items as Entry[];
    expect(entries.some((entry) => entry.changes.some((change) => change.field === 'monitoring'))).toBe(true);
    expect(entries.some((entry) => entry.changes.some((change) => change.field === 'serial'))).toBe(true);
  });

  it('filters by record type without a record id', async () => {
    const entries = await trail('kr-ikt', '&recordType=environment');
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((entry) => entry.recordType))).toEqual(new Set(['environment']));
  });
});

describe('audit trail: no secrets', () => {
  it('redacts secret references and never holds ingest key material', async () => {
    const key = (await api.call('POST', `${R}/environments/birkenes-datapark/ingest-key`, operator)).body;
    const text = (await api.call('GET', `${R}/audit?limit=1000`, admin)).text;
    expect(text).not.toContain('lillesand-datapark/snmp-community');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(key.key);
    expect(text).not.toContain(key.keyPrefix);
    const [entry] = await trail('kr-ikt', '&recordType=ingest-key&recordId=birkenes-datapark');
    expect(entry?.changes.find((change) => change.field === 'keyHash')?.after).toBe('[redacted]');
  });

  it('has no write route and refuses one', () => {
    const auditRoutes = ROUTES.filter((candidate) => candidate.path.includes('/audit'));
    expect(auditRoutes.map((candidate) => candidate.method)).toEqual(['GET']);
  });
});

describe('audit trail: paging', () => {
  it('pages newest first with an opaque cursor, without overlap', async () => {
    const all = await trail();
    const seen: Entry[] = [];
    let cursor: string | undefined;
    do {
      const response = await api.call('GET', `${R}/audit?limit=40${cursor ? `&cursor=${cursor}` : ''}`, admin);
      expect(response.status).toBe(200);
      seen.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen.map((entry) => entry.id)).toEqual(all.map((entry) => entry.id));
    expect([...seen.map((entry) => entry.id)].sort().reverse()).toEqual(seen.map((entry) => entry.id));
    expect(all.length).toBeGreaterThan(80);
  });

  it('keeps to [from, to) and refuses a cursor from another list', async () => {
    const all = await trail();
    const middle = all[Math.floor(all.length / 2)] as Entry;
    const newest = all[0] as Entry;
    const window = await trail('kr-ikt', `&from=${encodeURIComponent(middle.at)}&to=${encodeURIComponent(newest.at)}`);
    expect(window.length).toBeGreaterThan(0);
    for (const entry of window) expect(entry.at >= middle.at && entry.at < newest.at).toBe(true);
    const page = await api.call('GET', `${R}/audit?limit=1`, admin);
    const foreign = await api.call('GET', `${R}/audit?limit=1&recordType=member&recordId=lillesand&cursor=${page.body.nextCursor}`, admin);
    expect(foreign.status).toBe(400);
    expect((await api.call('GET', `${R}/audit?recordId=lillesand`, admin)).status).toBe(400);
    expect((await api.call('GET', `${R}/audit?from=2020-01-02&to=2020-01-01`, admin)).status).toBe(400);
    expect((await api.call('GET', '/api/regions/nowhere/audit', admin)).status).toBe(404);
  });
});

describe('audit trail: the plan’s explanation links the entries of its figures', () => {
  const explain = `${R}/reinvestment-plan/items/fw-kris-01?from=2020&to=2023`;
  interface Source {
    code: string;
    recordType: string;
    recordId: string;
    field: string;
    value: unknown;
    params: Record<string, string | number>;
    entry?: { id: string; at: string; actor: { subject: string }; reason?: string };
  }

  it('names the demo import as the source of Kristiansand’s population 111 458 from 01.01.2020', async () => {
    const response = await api.call('GET', explain, lillesand);
    expect(response.status).toBe(200);
    const sources: Source[] = response.body.sources;
    const population = sources.find((source) => source.code === 'audit.source.population' && source.recordId === 'kristiansand');
    expect(population).toMatchObject({ field: 'population', value: { from: '2020-01-01', value: 111458 }, params: { member: 'Kristiansand kommune', value: 111458, from: '2020-01-01' } });
    expect(population?.entry?.actor.subject).toBe('demo-import');
    const entry = (await trail('kr-ikt', '&recordType=member&recordId=kristiansand')).find((candidate) => candidate.id === population?.entry?.id);
    expect(entry?.route).toBe('region-bundle');
    for (const code of ['audit.source.purchase-cost', 'audit.source.price-index', 'audit.source.serves', 'audit.source.environment-key', 'audit.source.membership']) {
      expect(sources.some((source) => source.code === code && source.entry !== undefined), code).toBe(true);
    }
  });

  it('links the newest change of a figure, with who changed it and why', async () => {
    const member = await read(`${R}/members/kristiansand`);
    const population = (member.population as Array<{ from: string; value: number }>).map((figure) => (figure.from === '2020-01-01' ? { ...figure, value: 111_500 } : figure));
    const { version, ...rest } = member;
    const changed = await api.call('PUT', `${R}/members/kristiansand`, { ...admin, body: withReason(memberKey, { ...rest, population, version }, 'SSB-korrigering') });
    expect(changed.status).toBe(200);
    const sources: Source[] = (await api.call('GET', explain, lillesand)).body.sources;
    const linked = sources.find((source) => source.code === 'audit.source.population' && source.recordId === 'kristiansand');
    expect(linked?.value).toEqual({ from: '2020-01-01', value: 111_500 });
    expect(linked?.entry?.actor.subject).toBe('test-admin');
    const [newest] = await trail('kr-ikt', '&recordType=member&recordId=kristiansand');
    expect(linked?.entry?.id).toBe(newest?.id);
    // A figure the change did not touch still links the demo import.
    const songdalen = sources.find((source) => source.code === 'audit.source.population' && source.recordId !== 'kristiansand');
    expect(songdalen?.entry?.actor.subject).toBe('demo-import');
  });
});

