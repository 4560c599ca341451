import { beforeAll, describe, expect, it } from 'vitest';
import { handlerHarness } from '../support/api.ts';
import { loadDemoRegion } from '../support/demo.ts';

/**
 * The project portfolio through the deployed handlers on DynamoDB Local (issue 8): projects with
 * optimistic concurrency, transitions and the decision log, history, settings, rankings and
 * scenarios, and who may do what.
 */
type Harness = Awaited<ReturnType<typeof handlerHarness>>;
let api: Harness;
const region = '/api/regions/kr-ikt';
const projects = `${region}/projects`;
const lillesand = { as: { role: 'member' as const, memberId: 'lillesand' } };
const birkenes = { as: { role: 'member' as const, memberId: 'birkenes' } };
const operator = { as: { role: 'operator' as const } };
const budgetOwner = { as: { role: 'budget-owner' as const } };
const admin = { as: { role: 'admin' as const } };

const RATINGS = { benefit: 4, 'risk-reduction': 3, urgency: 3, 'strategic-fit': 2, cost: 3 };
const proposal = (overrides: Record<string, unknown> = {}) => ({
  title: 'Felles skjemaløsning',
  description: 'Digitale skjema med innlogging gjennom ID-porten',
  proposedBy: 'lillesand',
  participants: ['lillesand', 'birkenes'],
  category: 'digitalisering',
  ...overrides,
});
const fieldsOf = (response: { body: { error: { details: Array<{ field: string }> } } }) => response.body.error.details.map((detail) => detail.field);

beforeAll(async () => {
  api = await handlerHarness();
  await loadDemoRegion(api);
}, 60_000);

describe('portfolio API: projects', () => {
  it('lets a member propose as itself: status idea, version 1, everyone in the region reads it', async () => {
    const created = await api.call('POST', projects, { body: proposal(), ...lillesand });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ title: 'Felles skjemaløsning', proposedBy: 'lillesand', participants: ['lillesand', 'birkenes'], status: 'idea', version: 1, costs: [], ratings: {} });
    expect(created.body.id).toMatch(/^felles-skjemalosning-[0-9a-f]{6}$/);
    const read = await api.call('GET', `${projects}/${created.body.id}`, birkenes);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    const listed = await api.call('GET', `${projects}?status=idea`, operator);
    expect(listed.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);
    expect((await api.call('GET', `${projects}?status=done`, operator)).body.items.map((p: { id: string }) => p.id)).not.toContain(created.body.id);
  });

  it('refuses a member proposing for another member, or setting the assessment', async () => {
    const asOther = await api.call('POST', projects, { body: proposal({ proposedBy: 'birkenes' }), ...lillesand });
    expect(asOther.status).toBe(403);
    expect(asOther.body.error.code).toBe('project-not-own-idea');
    const rated = await api.call('POST', projects, { body: proposal({ ratings: { benefit: 5 } }), ...lillesand });
    expect(rated.status).toBe(403);
    expect(rated.body.error).toMatchObject({ code: 'project-field-not-allowed', details: { fields: ['ratings'] } });
  });

  it('names each field that refers to nothing in the region (400)', async () => {
    const response = await api.call('POST', projects, {
      body: proposal({ participants: ['lillesand', 'bergen'], deviceIds: ['no-such-device'], ratings: { beauty: 3 }, dependsOn: ['no-such-project'] }),
      ...operator,
    });
    expect(response.status).toBe(400);
    expect(fieldsOf(response).sort()).toEqual(['body.dependsOn.0', 'body.deviceIds.0', 'body.participants.1', 'body.ratings.beauty']);
    // Each with a code and its parameters, which the dashboard says in bokmål under the field.
    const coded = Object.fromEntries(response.body.error.details.map((detail: { field: string; code: string; params: object }) => [detail.field, [detail.code, detail.params]]));
    expect(coded).toEqual({
      'body.dependsOn.0': ['field-project-not-in-region', { projectId: 'no-such-project' }],
      'body.deviceIds.0': ['field-device-not-in-region', { deviceId: 'no-such-device' }],
      'body.participants.1': ['field-member-not-in-region', { memberId: 'bergen' }],
      'body.ratings.beauty': ['field-criterion-unknown', { criteria: expect.stringContaining('benefit') }],
    });
    const invalid = await api.call('POST', projects, { body: proposal({ costs: [{ year: 2021, investmentNok: -1, operatingNok: 0 }], risks: [{ description: 'x', probability: 6, impact: 1 }] }), ...operator });
    expect(invalid.status).toBe(400);
    expect(fieldsOf(invalid).sort()).toEqual(['body.costs.0.investmentNok', 'body.risks.0.probability']);
  });

  it('keeps a project small enough for its audit entry: 400 naming the body past 150 KB', async () => {
    const created = (await api.call('POST', projects, { body: proposal(), ...operator })).body;
    const values = Array.from({ length: 1000 }, (_, index) => ({ date: '2024-01-01', value: index + 0.123456 }));
    const benefit = (n: number) => ({ description: `Gevinst ${n}`, ownerMemberId: 'lillesand', measure: { type: 'entered' }, target: 1, targetDate: '2025-01-01', values });
    const first = await api.call('PATCH', `${projects}/${created.id}`, { body: { benefits: [benefit(1), benefit(2), benefit(3)], version: 1 }, ...operator });
    expect(first.status, first.text.slice(0, 300)).toBe(200);
    const grown = await api.call('PATCH', `${projects}/${created.id}`, { body: { benefits: [benefit(1), benefit(2), benefit(3), benefit(4), benefit(5), benefit(6)], version: 2 }, ...operator });
    expect(grown.status).toBe(400);
    expect(fieldsOf(grown)).toEqual(['body']);
    expect((await api.call('GET', `${projects}/${created.id}`, operator)).body.version).toBe(2);
  });

  it('edits with optimistic concurrency: the version read, 409 with the current version when stale', async () => {
    const created = (await api.call('POST', projects, { body: proposal(), ...lillesand })).body;
    const path = `${projects}/${created.id}`;
    const { id: _id, status: _status, ...body } = created;
    const edited = await api.call('PUT', path, { body: { ...body, description: 'Ny tekst' }, ...lillesand });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ description: 'Ny tekst', version: 2, status: 'idea' });
    const stale = await api.call('PATCH', path, { body: { title: 'Annen tittel', version: 1 }, ...operator });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version-conflict', details: { currentVersion: 2 } });
    const noVersion = await api.call('PATCH', path, { body: { title: 'Annen tittel' }, ...operator });
    expect(noVersion.status).toBe(400);
    const ifMatch = await api.call('PATCH', path, { body: { ratings: RATINGS, costs: [{ year: 2021, investmentNok: 400_000, operatingNok: 50_000 }] }, headers: { 'if-match': '"2"' }, ...operator });
    expect(ifMatch.status, ifMatch.text).toBe(200);
    expect(ifMatch.body).toMatchObject({ ratings: RATINGS, version: 3 });
  });

  it('keeps forcing to budget owners and admins, and a status to transitions', async () => {
    const created = (await api.call('POST', projects, { body: proposal(), ...operator })).body;
    const path = `${projects}/${created.id}`;
    const byOperator = await api.call('PATCH', path, { body: { forced: 'in', version: 1 }, ...operator });
    expect(byOperator.status).toBe(403);
    expect(byOperator.body.error.details.fields).toEqual(['forced']);
    const byOwner = await api.call('PATCH', path, { body: { forced: 'in', version: 1 }, ...budgetOwner });
    expect(byOwner.body).toMatchObject({ forced: 'in', version: 2 });
    const lifted = await api.call('PATCH', path, { body: { forced: null, version: 2 }, ...budgetOwner });
    expect(lifted.body.forced).toBeUndefined();
    const status = await api.call('PATCH', path, { body: { status: 'approved', version: 3 }, ...admin });
    expect(status.status).toBe(400);
    expect(fieldsOf(status)).toEqual(['body.status']);
  });

  it('lets a member change its proposal only while it is an idea, and never another member’s', async () => {
    const created = (await api.call('POST', projects, { body: proposal({ ratings: RATINGS }), ...operator })).body;
    const path = `${projects}/${created.id}`;
    expect((await api.call('PATCH', path, { body: { description: 'Fra Birkenes', version: 1 }, ...birkenes })).status).toBe(403);
    expect((await api.call('PATCH', path, { body: { description: 'Presisert', version: 1 }, ...lillesand })).status).toBe(200);
    expect((await api.call('POST', `${path}/transitions`, { body: { to: 'assessed', reason: 'Vurdert i driftsmøtet' }, ...operator })).status).toBe(200);
    const late = await api.call('PATCH', path, { body: { description: 'Etter vurdering', version: 3 }, ...lillesand });
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('project-not-own-idea');
    expect((await api.call('DELETE', `${path}?version=3`, lillesand)).status).toBe(403);
  });

  it('refuses removing a project another depends on (422), then removes it', async () => {
    const base = (await api.call('POST', projects, { body: proposal({ title: 'Nettverk' }), ...operator })).body;
    const dependant = (await api.call('POST', projects, { body: proposal({ title: 'Skjema', dependsOn: [base.id] }), ...operator })).body;
    const refused = await api.call('DELETE', `${projects}/${base.id}?version=1`, operator);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'project-has-dependants', details: { dependants: [dependant.id] } });
    const cycle = await api.call('PATCH', `${projects}/${base.id}`, { body: { dependsOn: [dependant.id], version: 1 }, ...operator });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.details).toMatchObject([{ field: 'body.dependsOn.0', code: 'field-dependency-cycle', params: { projectId: dependant.id } }]);
    expect((await api.call('DELETE', `${projects}/${dependant.id}?version=1`, lillesand)).status).toBe(204);
    expect((await api.call('DELETE', `${projects}/${base.id}?version=1`, operator)).status).toBe(204);
    expect((await api.call('GET', `${projects}/${base.id}`, operator)).status).toBe(404);
  });
});

describe('portfolio API: transitions, decision log and history', () => {
  it('moves a project through its life by role, 409 naming the allowed statuses, and logs who, when and why', async () => {
    const created = (await api.call('POST', projects, { body: proposal({ title: 'SvarUt' }), ...lillesand })).body;
    const path = `${projects}/${created.id}`;
    const move = (to: string, reason: string, as: { as: { role: 'operator' | 'budget-owner' | 'member' | 'admin'; memberId?: string } }) => api.call('POST', `${path}/transitions`, { body: { to, reason }, ...as });

    expect((await move('assessed', 'Medlem prøver', lillesand)).status).toBe(403);
    expect((await api.call('PATCH', path, { body: { ratings: RATINGS, version: 1 }, ...operator })).status).toBe(200);
    const assessed = await move('assessed', 'Vurdert: god nytte', operator);
    expect(assessed.status, assessed.text).toBe(200);
    expect(assessed.body).toMatchObject({ status: 'assessed', version: 3 });
    const operatorApproves = await move('approved', 'Driften godkjenner', operator);
    expect(operatorApproves.status).toBe(403);
    expect(operatorApproves.body.error.code).toBe('transition-not-allowed');
    expect((await move('approved', 'Vedtatt i styret 12.03.2021', budgetOwner)).status).toBe(200);
    const illegal = await move('done', 'Hopper over', budgetOwner);
    expect(illegal.status).toBe(409);
    expect(illegal.body.error).toMatchObject({ code: 'illegal-transition', details: { from: 'approved', to: 'done' } });
    expect(illegal.body.error.details.allowed.sort()).toEqual(['in-progress', 'on-hold', 'rejected']);
    const noReason = await api.call('POST', `${path}/transitions`, { body: { to: 'in-progress' }, ...budgetOwner });
    expect(fieldsOf(noReason)).toEqual(['body.reason']);
    const stale = await api.call('POST', `${path}/transitions`, { body: { to: 'in-progress', reason: 'Startet' }, headers: { 'if-match': '"3"' }, ...budgetOwner });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version-conflict');
    expect((await move('in-progress', 'Startet', budgetOwner)).status).toBe(200);

    const history = await api.call('GET', `${path}/history`, birkenes);
    expect(history.status).toBe(200);
    const items = history.body.items as Array<{ at: string; action: string; reason?: string; actor: { role: string; memberId?: string }; transition?: { from: string; to: string } }>;
    // Newest first: every change and every transition.
    expect(items.map((entry) => entry.transition ? `${entry.transition.from}>${entry.transition.to}` : entry.action)).toEqual([
      'approved>in-progress',
      'assessed>approved',
      'idea>assessed',
      'update',
      'create',
    ]);
    expect(items.map((entry) => entry.at)).toEqual([...items.map((entry) => entry.at)].sort().reverse());
    expect(items[1]).toMatchObject({ reason: 'Vedtatt i styret 12.03.2021', actor: { role: 'budget-owner' } });
    expect(items[4]).toMatchObject({ action: 'create', actor: { role: 'member', memberId: 'lillesand' } });
    expect((await api.call('GET', `${projects}/no-such-project/history`, birkenes)).status).toBe(404);
  });
});

describe('portfolio API: settings', () => {
  const path = `${region}/portfolio-settings`;

  it('answers the defaults until saved, then keeps versions; budget owners and admins only', async () => {
    const defaults = await api.call('GET', path, lillesand);
    expect(defaults.status).toBe(200);
    expect(defaults.body).toMatchObject({ alpha: 0.5, memberWeighting: 'equal' });
    expect(defaults.body.version).toBeUndefined();
    expect(defaults.body.criteria.map((c: { id: string; weight: number }) => `${c.id}:${c.weight}`)).toEqual(['benefit:3', 'risk-reduction:2', 'urgency:2', 'strategic-fit:1', 'cost:1']);
    expect((await api.call('PUT', path, { body: { ...defaults.body, alpha: 0.7 }, ...operator })).status).toBe(403);
    expect((await api.call('PUT', path, { body: { ...defaults.body, alpha: 0.7 }, ...lillesand })).status).toBe(403);
    const saved = await api.call('PUT', path, { body: { ...defaults.body, alpha: 0.7 }, ...budgetOwner });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ alpha: 0.7, version: 1 });
    const again = await api.call('PUT', path, { body: { ...defaults.body, alpha: 0.6 }, ...budgetOwner });
    expect(again.status).toBe(409);
    expect(again.body.error.details.currentVersion).toBe(1);
    const next = await api.call('PUT', path, { body: { ...saved.body, alpha: 0.5, memberWeighting: 'cost-share' }, ...admin });
    expect(next.body).toMatchObject({ alpha: 0.5, memberWeighting: 'cost-share', version: 2 });
    const bad = await api.call('PUT', path, { body: { criteria: [{ id: 'benefit', name: 'Nytte', weight: 0 }], alpha: 1.5, version: 2 }, ...budgetOwner });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad).sort()).toEqual(['body.alpha', 'body.criteria']);
    // Back to the defaults for the other tests.
    expect((await api.call('PUT', path, { body: { ...defaults.body, version: 2 }, ...admin })).status).toBe(200);
  });
});

describe('portfolio API: rankings', () => {
  it('lets a member rank for itself only; nobody else writes a ranking; everyone reads them', async () => {
    const a = (await api.call('POST', projects, { body: proposal({ title: 'Rangert A' }), ...operator })).body;
    const b = (await api.call('POST', projects, { body: proposal({ title: 'Rangert B' }), ...operator })).body;
    const path = `${region}/rankings/lillesand`;
    const empty = await api.call('GET', path, operator);
    expect(empty.body).toEqual({ memberId: 'lillesand', projectIds: [] });
    const saved = await api.call('PUT', path, { body: { projectIds: [b.id, a.id] }, ...lillesand });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ memberId: 'lillesand', projectIds: [b.id, a.id], version: 1 });
    const forOther = await api.call('PUT', `${region}/rankings/birkenes`, { body: { projectIds: [a.id] }, ...lillesand });
    expect(forOther.status).toBe(403);
    expect(forOther.body.error.code).toBe('ranking-not-own');
    for (const as of [operator, budgetOwner, admin]) expect((await api.call('PUT', path, { body: { projectIds: [a.id], version: 1 }, ...as })).status).toBe(403);
    expect((await api.call('GET', path, birkenes)).body.projectIds).toEqual([b.id, a.id]);
    const stale = await api.call('PUT', path, { body: { projectIds: [a.id] }, ...lillesand });
    expect(stale.status).toBe(409);
    const unknown = await api.call('PUT', path, { body: { projectIds: [a.id, 'no-such-project'], version: 1 }, ...lillesand });
    expect(fieldsOf(unknown)).toEqual(['body.projectIds.1']);
    const twice = await api.call('PUT', path, { body: { projectIds: [a.id, a.id], version: 1 }, ...lillesand });
    expect(fieldsOf(twice)).toEqual(['body.projectIds']);
    expect((await api.call('GET', `${region}/rankings/bergen`, operator)).status).toBe(404);
  });
});

describe('portfolio API: scenarios', () => {
  it('lists base first; budget owners manage the others; base and `compare` cannot be taken', async () => {
    const listed = await api.call('GET', `${region}/scenarios`, lillesand);
    expect(listed.body.items[0]).toMatchObject({ id: 'base', overrides: { delays: [], envelopes: [], forced: [] } });
    expect((await api.call('GET', `${region}/scenarios/base`, lillesand)).status).toBe(200);
    const body = { name: 'Utsett brannmur', overrides: { envelopes: [{ year: 2019, amountNok: 1_000_000 }] } };
    expect((await api.call('POST', `${region}/scenarios`, { body, ...operator })).status).toBe(403);
    const created = await api.call('POST', `${region}/scenarios`, { body, ...budgetOwner });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ id: 'utsett-brannmur', version: 1, overrides: { delays: [], envelopes: [{ year: 2019, amountNok: 1_000_000 }] } });
    expect((await api.call('POST', `${region}/scenarios`, { body, ...budgetOwner })).status).toBe(409);
    const base = await api.call('PUT', `${region}/scenarios/base`, { body: { ...body, version: 1 }, ...budgetOwner });
    expect(base.status).toBe(422);
    expect(base.body.error.code).toBe('scenario-reserved');
    expect((await api.call('POST', `${region}/scenarios`, { body: { ...body, id: 'compare' }, ...budgetOwner })).status).toBe(422);
    const unknown = await api.call('PUT', `${region}/scenarios/utsett-brannmur`, { body: { ...body, overrides: { delays: [{ projectId: 'no-such-project', years: 1 }] }, version: 1 }, ...budgetOwner });
    expect(fieldsOf(unknown)).toEqual(['body.overrides.delays.0.projectId']);
    const renamed = await api.call('PUT', `${region}/scenarios/utsett-brannmur`, { body: { ...body, name: 'Utsett brannmurene', version: 1 }, ...admin });
    expect(renamed.body).toMatchObject({ name: 'Utsett brannmurene', version: 2 });
    expect((await api.call('DELETE', `${region}/scenarios/base?version=1`, budgetOwner)).status).toBe(422);
    expect((await api.call('DELETE', `${region}/scenarios/utsett-brannmur?version=1`, budgetOwner)).status).toBe(409);
    expect((await api.call('DELETE', `${region}/scenarios/utsett-brannmur?version=2`, budgetOwner)).status).toBe(204);
    expect((await api.call('GET', `${region}/scenarios/utsett-brannmur`, budgetOwner)).status).toBe(404);
  });
});
