import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { handlerHarness } from '../support/api.ts';

/**
 * Priorities, plan, scenario comparison, benefits and proposals through the API, on a small region
 * whose every figure is computed by hand below (issue 8's formulas).
 *
 * Region `pf`: members a, b, c (equal key), one environment serving all three, one shared firewall
 * (criticality 4) bought 2017-03-01, so due 2022 (5-year lifetime). Projects envelope: 1 000 000
 * NOK a year 2021–2023 (a budget line with scope `projects`). Default criteria: benefit 3,
 * risk-reduction 2, urgency 2, strategic-fit 1, cost 1 (lower is better); Σw = 9.
 *
 * | project | ratings (b, rr, u, sf, cost) | score                              | costs (investment)  | participants |
 * |---------|------------------------------|------------------------------------|---------------------|--------------|
 * | p1      | 5, 5, 5, 5, 1                | 100 (every r' = 5)                 | 2021: 600 000 (+30 000 operating) | a, b, c |
 * | p2      | 3, 3, 3, 3, 3                | 50                                 | 2021: 500 000       | a, b         |
 * | p3      | 1, 1, 1→5 derived, 1, 5      | 100 · (2/9 · 1) = 22.22 (fw-1 due 2022 ≤ first cost year 2022) | 2022: 900 000 | a, b |
 * | p4      | none                         | null (needs assessment)            | 2023: 100 000       | c            |
 *
 * Rankings: a = [p2, p1, p3], b = [p1, p2], c none. Borda over each member's own list of n
 * candidates (position k earns n − k): a: p2 3, p1 2, p3 1; b: p1 2, p2 1. Equal weights over a and
 * b (c did not rank), N = 4 candidates: support = 100 · Σpoints / (4 · 2): p1 50, p2 50, p3 12.5,
 * p4 0. Disagreement 100 · (max − min) / 4 over a and b: p1 0, p2 50, p3 25, p4 0. Priority
 * (α 0.5): p1 75, p2 50, p3 (22.22 + 12.5) / 2 = 17.36, p4 = support 0.
 *
 * Plan 2021–2023 (cumulative envelope 1, 2, 3 MNOK): p1 in (600 000 ≤ 1 MNOK); p2 out — 2021
 * would reach 1 100 000, over by 100 000; p3 in (through 2022: 1 500 000 ≤ 2 MNOK); p4 in.
 * Delaying p3 one year moves 900 000 to 2023 (still in: 1 600 000 ≤ 3 MNOK) and leaves the firewall,
 * due 2022, uncovered in 2022: risk exposure 4 (criticality) region-wide, 4/3 = 1.33 per member.
 */
type Harness = Awaited<ReturnType<typeof handlerHarness>>;
let api: Harness;
const region = '/api/regions/pf';
const admin = { as: { role: 'admin' as const, regionIds: '*' } };
const operator = { as: { role: 'operator' as const, regionIds: 'pf' } };
const budgetOwner = { as: { role: 'budget-owner' as const, regionIds: 'pf' } };
const member = (memberId: string) => ({ as: { role: 'member' as const, memberId, regionIds: 'pf' } });

async function ok(response: Promise<{ status: number; text: string; body: any }>) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const done = await response;
  expect(done.status, done.text).toBeLessThan(300);
  return done.body;
}

const project = (id: string, ratings: Record<string, number>, costs: unknown[], participants: string[], extra: Record<string, unknown> = {}) => ({
  id,
  title: `Prosjekt ${id}`,
  proposedBy: participants[0],
  participants,
  category: 'infrastruktur',
  ratings,
  costs,
  ...extra,
});

beforeAll(async () => {
  api = await handlerHarness();
  await ok(api.call('POST', '/api/regions', { body: { id: 'pf', name: 'Portefølje', defaultKey: { type: 'equal' } }, ...admin }));
  for (const id of ['a', 'b', 'c']) await ok(api.call('POST', `${region}/members`, { body: { id, name: `Kommune ${id}`, joinedOn: '2014-01-01', reason: 'test' }, ...admin }));
  await ok(api.call('POST', `${region}/environments`, {
    body: { id: 'env', name: 'Felles miljø', site: 'Sted', key: { type: 'equal' }, serves: ['a', 'b', 'c'].map((memberId) => ({ memberId, from: '2014-01-01' })) },
    ...admin,
  }));
  await ok(api.call('POST', `${region}/devices`, {
    body: { id: 'fw-1', name: 'Brannmur', kind: 'firewall', environmentId: 'env', purchaseDate: '2017-03-01', purchaseCostNok: 200_000, criticality: 4, payer: { type: 'shared' } },
    ...admin,
  }));
  await ok(api.call('POST', `${region}/devices`, {
    body: { id: 'srv-1', name: 'Server', kind: 'server', environmentId: 'env', purchaseDate: '2020-03-01', purchaseCostNok: 50_000, criticality: 2, payer: { type: 'shared' } },
    ...admin,
  }));
  await ok(api.call('POST', `${region}/budget-lines`, { body: { id: 'prosjekter', name: 'Prosjekter', fromYear: 2021, toYear: 2023, amountNok: 1_000_000, per: 'year', scope: 'projects' }, ...admin }));
  const all5 = (b: number, rr: number, u: number, sf: number, cost: number) => ({ benefit: b, 'risk-reduction': rr, urgency: u, 'strategic-fit': sf, cost });
  await ok(api.call('POST', `${region}/projects`, { body: project('p1', all5(5, 5, 5, 5, 1), [{ year: 2021, investmentNok: 600_000, operatingNok: 30_000 }], ['a', 'b', 'c']), ...operator }));
  await ok(api.call('POST', `${region}/projects`, { body: project('p2', all5(3, 3, 3, 3, 3), [{ year: 2021, investmentNok: 500_000, operatingNok: 0 }], ['a', 'b']), ...operator }));
  await ok(api.call('POST', `${region}/projects`, { body: project('p3', all5(1, 1, 1, 1, 5), [{ year: 2022, investmentNok: 900_000, operatingNok: 0 }], ['a', 'b'], { deviceIds: ['fw-1'] }), ...operator }));
  await ok(api.call('POST', `${region}/projects`, { body: project('p4', {}, [{ year: 2023, investmentNok: 100_000, operatingNok: 0 }], ['c']), ...operator }));
  for (const id of ['p1', 'p2', 'p3', 'p4']) await ok(api.call('POST', `${region}/projects/${id}/transitions`, { body: { to: 'assessed', reason: 'vurdert' }, ...operator }));
  await ok(api.call('PUT', `${region}/rankings/a`, { body: { projectIds: ['p2', 'p1', 'p3'] }, ...member('a') }));
  await ok(api.call('PUT', `${region}/rankings/b`, { body: { projectIds: ['p1', 'p2'] }, ...member('b') }));
  await ok(api.call('POST', `${region}/scenarios`, { body: { id: 'utsett-p3', name: 'Utsett p3 ett år', overrides: { delays: [{ projectId: 'p3', years: 1 }] } }, ...budgetOwner }));
}, 120_000);

describe('portfolio figures through the API (hand-computed)', () => {
  it('has the firewall due in 2022 in the reinvestment plan (the fixture’s premise)', async () => {
    const plan = await ok(api.call('GET', `${region}/reinvestment-plan?from=2021&to=2023`, member('a')));
    expect(plan.items.find((item: { deviceId: string }) => item.deviceId === 'fw-1')).toMatchObject({ budgetYear: 2022 });
  });

  it('ranks by priority with score, support, disagreement and Borda points', async () => {
    const priorities = await ok(api.call('GET', `${region}/portfolio/priorities?from=2021`, member('c')));
    expect(priorities).toMatchObject({ year: 2021, alpha: 0.5, memberWeighting: 'equal', candidateCount: 4 });
    expect(priorities.memberWeights).toEqual([{ memberId: 'a', weight: 1 }, { memberId: 'b', weight: 1 }]);
    const rows = priorities.items.map((item: Record<string, unknown>) => [item.projectId, item.score, item.support, item.priority, item.disagreement]);
    expect(rows).toEqual([
      ['p1', 100, 50, 75, 0],
      ['p2', 50, 50, 50, 50],
      ['p3', 22.22, 12.5, 17.36, 25],
      ['p4', null, 0, 0, 0],
    ]);
    expect(priorities.items[0].points).toEqual({ a: 2, b: 2 });
    expect(priorities.items[2].points).toEqual({ a: 1, b: 0 });
    expect(priorities.items[2].urgency).toMatchObject({ rating: 5, source: 'derived', devices: [{ deviceId: 'fw-1', why: 'due' }] });
    expect(priorities.items[3]).toMatchObject({ needsAssessment: true, priorityFromSupportOnly: true });
  });

  it('plans within the cumulative envelope and shares each cost among the participants', async () => {
    const plan = await ok(api.call('GET', `${region}/portfolio/plan?from=2021&to=2023`, member('a')));
    expect(plan.years).toEqual([
      { year: 2021, envelopeNok: 1_000_000, plannedNok: 600_000, differenceNok: 400_000 },
      { year: 2022, envelopeNok: 1_000_000, plannedNok: 900_000, differenceNok: 100_000 },
      { year: 2023, envelopeNok: 1_000_000, plannedNok: 100_000, differenceNok: 900_000 },
    ]);
    expect(plan.included.map((entry: { projectId: string }) => entry.projectId)).toEqual(['p1', 'p3', 'p4']);
    expect(plan.excluded).toEqual([{ projectId: 'p2', reason: { code: 'over-envelope', params: { year: 2021, overrunNok: 100_000 } } }]);
    const shares = Object.fromEntries(plan.shares.map((share: { year: number; memberId: string; investmentNok: number; operatingNok: number }) => [`${share.year} ${share.memberId}`, [share.investmentNok, share.operatingNok]]));
    expect(shares).toEqual({
      '2021 a': [200_000, 10_000],
      '2021 b': [200_000, 10_000],
      '2021 c': [200_000, 10_000],
      '2022 a': [450_000, 0],
      '2022 b': [450_000, 0],
      '2023 c': [100_000, 0],
    });
    const unknown = await api.call('GET', `${region}/portfolio/plan?from=2021&to=2023&scenario=no-such`, member('a'));
    expect(unknown.status).toBe(404);
  });

  it('compares two scenarios: what delaying p3 does to cost and to risk', async () => {
    const comparison = await ok(api.call('GET', `${region}/scenarios/compare?a=base&b=utsett-p3&from=2021&to=2023`, budgetOwner));
    expect(comparison.onlyInA).toEqual([]);
    expect(comparison.onlyInB).toEqual([]);
    const year = (y: number) => comparison.years.find((row: { year: number }) => row.year === y);
    expect(year(2022)).toMatchObject({ a: { investmentNok: 900_000, riskExposure: 0 }, b: { investmentNok: 0, riskExposure: 4 }, difference: { investmentNok: -900_000, riskExposure: 4 } });
    expect(year(2023)).toMatchObject({ a: { investmentNok: 100_000, riskExposure: 0 }, b: { investmentNok: 1_000_000, riskExposure: 0 }, difference: { investmentNok: 900_000 } });
    expect(year(2021).difference).toEqual({ investmentNok: 0, operatingNok: 0, totalNok: 0, riskExposure: 0 });
    const memberRow = (y: number, memberId: string) => comparison.members.find((row: { year: number; memberId: string }) => row.year === y && row.memberId === memberId);
    expect(memberRow(2022, 'a')).toMatchObject({ a: { investmentNok: 450_000, riskExposure: 0 }, b: { investmentNok: 0, riskExposure: 1.33 } });
    expect(memberRow(2022, 'c')).toMatchObject({ a: { investmentNok: 0 }, b: { investmentNok: 0, riskExposure: 1.33 } });
    expect(memberRow(2023, 'b')).toMatchObject({ difference: { investmentNok: 450_000 } });
  });

  it('follows benefits: an entered one against its target, availability’s and backup coverage’s baselines from the stored roll-ups', async () => {
    // 90 days before the project starts (today): four watched hours of the firewall (criticality 4),
    // one of them critical → availability 3/4 = 75 %. The server (criticality 2) does not count.
    // Backup coverage: the hours with a backup result — fw-1 ok, missing, ok; srv-1 missing — 2/4 = 50 %.
    const health = new DynamoDbHealthStore(api.doc, api.tableName);
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString().slice(0, 13) + ':00:00.000Z';
    const backup = (worst: 'ok' | 'critical') => ({ backup: { worst, samples: 60, valued: 60 } });
    const hour = (deviceId: string, at: string, critical: number, checks = {}) => ({ deviceId, hour: at, checks, device: { sweeps: 60, critical } });
    await health.writeHistory('pf', [], [
      hour('fw-1', hoursAgo(24 * 10), 0, backup('ok')),
      hour('fw-1', hoursAgo(24 * 20), 3, backup('critical')),
      hour('fw-1', hoursAgo(24 * 30), 0, backup('ok')),
      hour('fw-1', hoursAgo(24 * 40), 0),
      hour('srv-1', hoursAgo(24 * 30), 60, backup('critical')),
      // Outside the window: 100 days back.
      hour('fw-1', hoursAgo(24 * 100), 60),
    ]);
    const benefits = [
      { description: 'Færre henvendelser', ownerMemberId: 'a', measure: { type: 'entered', unit: 'per uke' }, baseline: 10, target: 5, targetDate: '2024-12-31', values: [{ date: '2024-01-01', value: 7 }, { date: '2024-06-01', value: 4 }] },
      { description: 'Høyere oppetid', ownerMemberId: 'b', measure: { type: 'availability', environmentId: 'env' }, target: 99, targetDate: '2024-12-31' },
      { description: 'Alt tas backup av', ownerMemberId: 'a', measure: { type: 'backup-coverage', environmentId: 'env' }, target: 100, targetDate: '2024-12-31' },
    ];
    const p1 = await ok(api.call('GET', `${region}/projects/p1`, operator));
    await ok(api.call('PATCH', `${region}/projects/p1`, { body: { benefits, version: p1.version }, ...operator }));
    const before = await ok(api.call('GET', `${region}/projects/p1/benefits`, member('b')));
    expect(before).toMatchObject({ projectId: 'p1', startedOn: null, endedOn: null });
    expect(before.items[1]).toMatchObject({ baseline: null, notes: [{ code: 'not-started' }, { code: 'not-ended' }] });
    await ok(api.call('POST', `${region}/projects/p1/transitions`, { body: { to: 'approved', reason: 'vedtatt' }, ...budgetOwner }));
    await ok(api.call('POST', `${region}/projects/p1/transitions`, { body: { to: 'in-progress', reason: 'startet' }, ...budgetOwner }));
    const today = new Date().toISOString().slice(0, 10);
    const followed = await ok(api.call('GET', `${region}/projects/p1/benefits`, member('b')));
    expect(followed).toMatchObject({ startedOn: today, endedOn: null });
    expect(followed.items[0]).toMatchObject({ lowerIsBetter: true, baseline: 10, baselineSource: 'entered', latest: { date: '2024-06-01', value: 4 }, met: true });
    expect(followed.items[1]).toMatchObject({ lowerIsBetter: false, baseline: 75, baselineSource: 'computed', values: [], latest: null, met: null, notes: [{ code: 'not-ended' }] });
    expect(followed.items[2]).toMatchObject({ lowerIsBetter: false, baseline: 50, baselineSource: 'computed', values: [], latest: null, met: null, notes: [{ code: 'not-ended' }] });
  });

  it('proposes a project per due group from the reinvestment plan, once', async () => {
    const first = await ok(api.call('POST', `${region}/projects/proposals-from-plan?from=2021&to=2023`, operator));
    expect(first).toEqual({ created: ['reinv-2022-firewall-env'], existing: [] });
    const proposal = await ok(api.call('GET', `${region}/projects/reinv-2022-firewall-env`, member('c')));
    expect(proposal).toMatchObject({ title: 'Bytte brannmurer — Felles miljø — 2022', status: 'idea', deviceIds: ['fw-1'], participants: ['a', 'b', 'c'], key: { type: 'equal' }, origin: { environmentId: 'env', kind: 'firewall', budgetYear: 2022 } });
    expect(proposal.costs).toHaveLength(1);
    expect(proposal.costs[0].year).toBe(2022);
    const second = await ok(api.call('POST', `${region}/projects/proposals-from-plan?from=2021&to=2023`, operator));
    expect(second).toEqual({ created: [], existing: ['reinv-2022-firewall-env'] });
    expect((await api.call('POST', `${region}/projects/proposals-from-plan?from=2021&to=2023`, member('a'))).status).toBe(403);
  });
});
