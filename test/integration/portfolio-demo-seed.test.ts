import { beforeAll, describe, expect, it } from 'vitest';
import { demoBudgetLines } from '../support/demo.ts';
import { DynamoDbBudgetLineStore } from '#shared/adapters/dynamodb/budget-line-store.ts';
import { DynamoDbInventoryStore } from '#shared/adapters/dynamodb/inventory-store.ts';
import { loadRegionBundle } from '#shared/domain/region-bundle.ts';
import { DEMO_PORTFOLIO, loadDemoPortfolio } from '../../local/demo-portfolio.ts';
import { handlerHarness } from '../support/api.ts';
import { demoBundle } from '../support/demo.ts';

/**
 * The demo portfolio as `npm start` loads it (local/demo-portfolio.ts) into the demo region, read
 * back through the API: every project, its decision log with who, when and why, the three
 * action-programme lines as envelopes, and the risk the "delay the firewall" scenario adds.
 */
type Harness = Awaited<ReturnType<typeof handlerHarness>>;
let api: Harness;
const region = '/api/regions/kr-ikt';
const lillesand = { as: { role: 'member' as const, memberId: 'lillesand' } };

beforeAll(async () => {
  api = await handlerHarness();
  // As `npm start` does: the region with its budget lines, then the portfolio.
  await loadRegionBundle(new DynamoDbInventoryStore(api.doc, api.tableName), demoBundle(), { store: new DynamoDbBudgetLineStore(api.doc, api.tableName), document: demoBudgetLines() });
  const loaded = await loadDemoPortfolio(api.doc, api.tableName);
  expect(loaded).toMatchObject({ regionId: 'kr-ikt', projects: DEMO_PORTFOLIO.projects.length, rankings: 5, scenarios: 1 });
}, 180_000);

describe('the demo portfolio', () => {
  it('holds every project in the status its decision log brought it to', async () => {
    const listed = await api.call('GET', `${region}/projects?limit=1000`, lillesand);
    const statuses = Object.fromEntries(listed.body.items.map((project: { id: string; status: string }) => [project.id, project.status]));
    expect(statuses).toEqual(Object.fromEntries(DEMO_PORTFOLIO.projects.map((project) => [project.id, project.status])));
    expect(Object.keys(statuses).length).toBeGreaterThanOrEqual(12);
  });

  it('shows each decision with its decider, date and reason, newest first', async () => {
    const history = await api.call('GET', `${region}/projects/serverrom-oppgradering/history`, lillesand);
    const items = history.body.items as Array<{ at: string; action: string; reason?: string; actor: { subject: string; role: string }; transition?: { to: string } }>;
    expect(items.map((entry) => entry.transition?.to ?? entry.action)).toEqual(['in-progress', 'approved', 'assessed', 'create']);
    expect(items[0]).toMatchObject({ at: '2017-05-02T08:00:00.000Z', reason: 'Arbeidet startet', actor: { subject: 'demo-budget-owner', role: 'budget-owner' } });
    expect(items[3]!.at < items[2]!.at).toBe(true);
    const benefits = await api.call('GET', `${region}/projects/serverrom-oppgradering/benefits`, lillesand);
    expect(benefits.body).toMatchObject({ startedOn: '2017-05-02', endedOn: null });
  });

  it('gives the projects the action programme’s envelopes: 4.5 MNOK a year 2017–2020', async () => {
    const plan = await api.call('GET', `${region}/portfolio/plan?from=2017&to=2020`, lillesand);
    expect(plan.status).toBe(200);
    expect(plan.body.years.map((year: { envelopeNok: number }) => year.envelopeNok)).toEqual([4_500_000, 4_500_000, 4_500_000, 4_500_000]);
    expect(plan.body.included.length).toBeGreaterThan(0);
    const lines = await api.call('GET', `${region}/budget-lines`, lillesand);
    expect(Object.fromEntries(lines.body.items.map((line: { id: string; scope?: string }) => [line.id, line.scope]))).toEqual({
      'oppgradering-reinvestering-2017-2020': 'reinvestment',
      'ikt-kapasitet-sikkerhet-2017-2020': 'both',
      'digitalisering-2017-2020': 'projects',
    });
  });

  it('ranks with every member’s ranking and compares the firewall delay: 10 more points of risk in 2018', async () => {
    const priorities = await api.call('GET', `${region}/portfolio/priorities?from=2017`, lillesand);
    expect(priorities.body.memberWeights.map((weight: { memberId: string }) => weight.memberId)).toEqual(['birkenes', 'iveland', 'kristiansand', 'lillesand', 'songdalen']);
    const comparison = await api.call('GET', `${region}/scenarios/compare?a=base&b=utsett-brannmurbyttet&from=2017&to=2020`, { as: { role: 'budget-owner' as const } });
    expect(comparison.status).toBe(200);
    expect(comparison.body.years.find((row: { year: number }) => row.year === 2018).difference.riskExposure).toBe(10);
  });

  it('loads once: a second start finds the portfolio and writes nothing', async () => {
    const before = (await api.call('GET', `${region}/audit?limit=1000`, { as: { role: 'admin' as const } })).body.items.length;
    expect(await loadDemoPortfolio(api.doc, api.tableName)).toBeUndefined();
    expect((await api.call('GET', `${region}/audit?limit=1000`, { as: { role: 'admin' as const } })).body.items.length).toBe(before);
  });
});
