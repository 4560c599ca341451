import { beforeAll, describe, expect, it } from 'vitest';
import { handlerHarness } from '../support/api.ts';
import { loadDemoRegion, deviceBody } from '../support/demo.ts';

type Harness = Awaited<ReturnType<typeof handlerHarness>>;
let api: Harness;
const devices = '/api/regions/kr-ikt/devices';

beforeAll(async () => {
  api = await handlerHarness();
  await loadDemoRegion(api);
});

describe('inventory API: reading', () => {
  it('lists the demo devices of one environment with cursor pagination', async () => {
    const first = await api.call('GET', `${devices}?environmentId=lillesand-datapark&limit=5`, { as: { role: 'operator' } });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(5);
    const rest = await api.call('GET', `${devices}?environmentId=lillesand-datapark&limit=50&cursor=${first.body.nextCursor}`, { as: { role: 'operator' } });
    expect(rest.body.nextCursor).toBeUndefined();
    expect(first.body.items.length + rest.body.items.length).toBe(11);
  });

  it('filters by kind, paying member and text', async () => {
    const firewalls = await api.call('GET', `${devices}?kind=firewall&environmentId=felles-kristiansand`, { as: { role: 'member', memberId: 'iveland' } });
    expect(firewalls.body.items.map((d: { id: string }) => d.id).sort()).toEqual(['fw-helse-01', 'fw-kris-01', 'fw-kris-02']);
    const songdalen = await api.call('GET', `${devices}?memberId=songdalen`, { as: { role: 'budget-owner' } });
    expect(songdalen.body.items.map((d: { id: string }) => d.id).sort()).toEqual(['srv-songd-fag-01', 'srv-songd-skole-01']);
    const sharepoint = await api.call('GET', `${devices}?q=sharepoint`, { as: { role: 'operator' } });
    expect(sharepoint.body.items.map((d: { id: string }) => d.id)).toEqual(['pf-sharepoint']);
  });

  it('answers an unknown id with 404 and the error shape', async () => {
    const missing = await api.call('GET', `${devices}/no-such-device`, { as: { role: 'operator' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not-found' });
    expect((await api.call('GET', '/api/regions/nowhere/devices', { as: { role: 'operator' } })).status).toBe(404);
  });

  it('names each bad query field', async () => {
    const bad = await api.call('GET', `${devices}?limit=0&kind=toaster`, { as: { role: 'operator' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['query.kind', 'query.limit']);
  });
});

describe('inventory API: identities and roles', () => {
  it('refuses a call without a token with 401', async () => {
    const anonymous = await api.call('GET', devices, { as: 'anonymous' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
  });

  it('lets only admins create regions', async () => {
    const region = { id: 'agder-test', name: 'Agder test' };
    for (const role of ['operator', 'budget-owner'] as const) {
      expect((await api.call('POST', '/api/regions', { body: region, as: { role } })).status).toBe(403);
    }
    expect((await api.call('POST', '/api/regions', { body: region, as: { role: 'member', memberId: 'lillesand' } })).status).toBe(403);
    const created = await api.call('POST', '/api/regions', { body: region, as: { role: 'admin' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'agder-test', version: 1, priceIndex: 0.025, defaultKey: { type: 'population' } });
  });

  it('lets budget owners change region settings but not operators', async () => {
    const region = (await api.call('GET', '/api/regions/kr-ikt', { as: { role: 'budget-owner' } })).body;
    expect((await api.call('PUT', '/api/regions/kr-ikt', { body: { ...region, priceIndex: 0.03 }, as: { role: 'operator' } })).status).toBe(403);
    const updated = await api.call('PUT', '/api/regions/kr-ikt', { body: { ...region, priceIndex: 0.03 }, as: { role: 'budget-owner' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ priceIndex: 0.03, version: region.version + 1 });
  });

  it('lets a member edit its own device and not another member’s, changing nothing', async () => {
    const own = await api.call('GET', `${devices}/fw-lill-01`, { as: { role: 'member', memberId: 'lillesand' } });
    const patched = await api.call('PATCH', `${devices}/fw-lill-01`, { body: { firmware: 'FortiOS 6.0.4', version: own.body.version }, as: { role: 'member', memberId: 'lillesand' } });
    expect(patched.status).toBe(200);
    expect(patched.body.firmware).toBe('FortiOS 6.0.4');

    const before = await api.call('GET', `${devices}/fw-birk-01`, { as: { role: 'operator' } });
    const denied = await api.call('PATCH', `${devices}/fw-birk-01`, { body: { firmware: 'hacked', version: before.body.version }, as: { role: 'member', memberId: 'lillesand' } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    const after = await api.call('GET', `${devices}/fw-birk-01`, { as: { role: 'operator' } });
    expect(after.body).toEqual(before.body);
  });

  it('does not let a member hand its device to another member or edit shared devices', async () => {
    const own = await api.call('GET', `${devices}/rt-lill-01`, { as: { role: 'operator' } });
    const handOver = await api.call('PATCH', `${devices}/rt-lill-01`, { body: { payer: { type: 'member', memberId: 'birkenes' }, version: own.body.version }, as: { role: 'member', memberId: 'lillesand' } });
    expect(handOver.status).toBe(403);
    const shared = await api.call('GET', `${devices}/bk-lill-01`, { as: { role: 'operator' } });
    const editShared = await api.call('PATCH', `${devices}/bk-lill-01`, { body: { firmware: 'x', version: shared.body.version }, as: { role: 'member', memberId: 'lillesand' } });
    expect(editShared.status).toBe(403);
    const createForOther = await api.call('POST', devices, { body: deviceBody({ payer: { type: 'member', memberId: 'birkenes' } }), as: { role: 'member', memberId: 'lillesand' } });
    expect(createForOther.status).toBe(403);
  });

  it('lets a member edit its own member record only', async () => {
    const own = (await api.call('GET', '/api/regions/kr-ikt/members/birkenes', { as: { role: 'operator' } })).body;
    const edited = await api.call('PUT', '/api/regions/kr-ikt/members/birkenes', { body: { ...own, contactPerson: 'Kari Nordmann' }, as: { role: 'member', memberId: 'birkenes' } });
    expect(edited.status, edited.text).toBe(200);
    const other = (await api.call('GET', '/api/regions/kr-ikt/members/iveland', { as: { role: 'operator' } })).body;
    expect((await api.call('PUT', '/api/regions/kr-ikt/members/iveland', { body: other, as: { role: 'member', memberId: 'birkenes' } })).status).toBe(403);
    expect((await api.call('PUT', '/api/regions/kr-ikt/members/iveland', { body: other, as: { role: 'operator' } })).status).toBe(403);
  });

  it('lets operators, not budget owners, manage environments and devices', async () => {
    expect((await api.call('POST', devices, { body: deviceBody(), as: { role: 'budget-owner' } })).status).toBe(403);
    const env = { id: 'iveland-test', name: 'Test', site: 'Iveland', key: { type: 'equal' }, serves: [{ memberId: 'iveland', from: '2021-01-01' }] };
    expect((await api.call('POST', '/api/regions/kr-ikt/environments', { body: env, as: { role: 'budget-owner' } })).status).toBe(403);
    expect((await api.call('POST', '/api/regions/kr-ikt/environments', { body: env, as: { role: 'operator' } })).status).toBe(201);
  });
});

describe('inventory API: writes and conflicts', () => {
  it('creates a device with an id made from its name, then refuses a stale version with 409 and the current version', async () => {
    const created = await api.call('POST', devices, { body: deviceBody({ name: 'Ny filserver Lillesand' }), as: { role: 'operator' } });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^ny-filserver-lillesand-[0-9a-f]{6}$/);
    expect(created.body).toMatchObject({ version: 1, vendorEndOfSupport: null, tags: [] });
    const path = `${devices}/${created.body.id}`;
    const first = await api.call('PUT', path, { body: { ...created.body, firmware: '1.1' }, as: { role: 'operator' } });
    expect(first.body.version).toBe(2);
    const stale = await api.call('PUT', path, { body: { ...created.body, firmware: '1.2' }, as: { role: 'operator' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version-conflict', details: { currentVersion: 2 } });
    expect((await api.call('GET', path, { as: { role: 'operator' } })).body.firmware).toBe('1.1');
  });

  it('takes the version from If-Match and serves an ETag', async () => {
    const read = await api.call('GET', `${devices}/srv-lill-01`, { as: { role: 'operator' } });
    expect(read.headers.etag).toBe(`"${read.body.version}"`);
    const patched = await api.call('PATCH', `${devices}/srv-lill-01`, { body: { criticality: 5 }, headers: { 'if-match': read.headers.etag ?? '' }, as: { role: 'operator' } });
    expect(patched.status).toBe(200);
    const noVersion = await api.call('PATCH', `${devices}/srv-lill-01`, { body: { criticality: 4 }, as: { role: 'operator' } });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.details[0].field).toBe('body.version');
  });

  it('refuses references to unknown environments and members with 400 naming the field, writing nothing', async () => {
    const badEnv = await api.call('POST', devices, { body: deviceBody({ id: 'orphan-1', environmentId: 'mars' }), as: { role: 'operator' } });
    expect(badEnv.status).toBe(400);
    expect(badEnv.body.error.details[0].field).toBe('body.environmentId');
    const badMember = await api.call('POST', devices, { body: deviceBody({ id: 'orphan-2', payer: { type: 'member', memberId: 'oslo' } }), as: { role: 'operator' } });
    expect(badMember.body.error.details[0].field).toBe('body.payer.memberId');
    for (const id of ['orphan-1', 'orphan-2']) expect((await api.call('GET', `${devices}/${id}`, { as: { role: 'operator' } })).status).toBe(404);
  });

  it('answers bad JSON with 400, a wrong media type with 415 and a huge body with 413', async () => {
    const badJson = await api.call('POST', devices, { rawBody: '{"name": ', headers: { 'content-type': 'application/json' }, as: { role: 'operator' } });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.details).toEqual([{ field: 'body', code: 'field-json', params: {}, problem: 'is not valid JSON' }]);
    const wrongType = await api.call('POST', devices, { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, as: { role: 'operator' } });
    expect(wrongType.status).toBe(415);
    const huge = await api.call('POST', devices, { body: deviceBody({ role: 'x'.repeat(300 * 1024) }), as: { role: 'operator' } });
    expect(huge.status).toBe(413);
  });

  it('refuses an id in the body that differs from the path', async () => {
    const read = await api.call('GET', `${devices}/srv-lill-02`, { as: { role: 'operator' } });
    const moved = await api.call('PUT', `${devices}/srv-lill-02`, { body: { ...read.body, id: 'srv-lill-99' }, as: { role: 'operator' } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details[0].field).toBe('body.id');
  });

  it('deletes at the version read', async () => {
    const created = await api.call('POST', devices, { body: deviceBody({ id: 'to-delete' }), as: { role: 'operator' } });
    expect((await api.call('DELETE', `${devices}/to-delete?version=7`, { as: { role: 'operator' } })).status).toBe(409);
    expect((await api.call('DELETE', `${devices}/to-delete`, { headers: { 'if-match': `"${created.body.version}"` }, as: { role: 'operator' } })).status).toBe(204);
    expect((await api.call('GET', `${devices}/to-delete`, { as: { role: 'operator' } })).status).toBe(404);
  });

  it('keeps merger dates consistent on members', async () => {
    const bad = await api.call('POST', '/api/regions/kr-ikt/members', { body: { id: 'vennesla', name: 'Vennesla', joinedOn: '2021-01-01', mergedInto: 'kristiansand' }, as: { role: 'admin' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('body.mergedOn');
  });
});
