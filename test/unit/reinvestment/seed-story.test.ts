import { describe, expect, it } from 'vitest';
import { RegionBundle } from '#shared/domain/region-bundle.ts';
import { computePlan } from '#shared/domain/reinvestment/plan.ts';
import { BudgetLineBundle } from '#shared/schemas/budget-line.ts';
import { demoBudgetLines, demoBundle } from '../../support/demo.ts';

/**
 * The demo region's 2017–2020 plan tells the seed story: the SharePoint platform (bought 2012)
 * passes five years in 2017, the main firewalls and main routers fall inside the plan, and the
 * plan is held against the 8 MNOK "ICT capacity and security" and the 12.35 MNOK "upgrade and
 * reinvestment" lines. Reads the shipped demo files only (data/demo/), never ../shared.
 */
function seedPlan() {
  const bundle = RegionBundle.parse(demoBundle());
  const lines = BudgetLineBundle.parse(demoBudgetLines());
  return computePlan({
    region: bundle.region,
    members: bundle.members,
    environments: bundle.environments,
    devices: bundle.devices,
    budgetLines: lines.budgetLines,
    fromYear: 2017,
    toYear: 2020,
    asOf: '2017-01-01',
  });
}

describe('reinvestment plan: the demo region’s seed story 2017–2020', () => {
  const { plan, explain } = seedPlan();
  const item = (deviceId: string) => plan.items.find((candidate) => candidate.deviceId === deviceId);
  const lineTotal = (id: string) => plan.envelopes.find((row) => row.id === id && row.year === 'total');

  it('plans the SharePoint platform, bought 2012, in 2017 when it passes five years', () => {
    expect(item('pf-sharepoint')).toMatchObject({
      kind: 'platform',
      dueDate: '2017-01-15',
      reason: 'lifetime',
      budgetYear: 2017,
      overdue: false,
      costNok: 3_100_000,
      budgetLineId: 'oppgradering-reinvestering-2017-2020',
    });
  });

  it('shares SharePoint by the environment’s 0.30 fixed-plus-population key on 2017-01-01', () => {
    // Served on 2017-01-01: Kristiansand 89 268, Songdalen 6 568, Iveland 1 305; Σ 97 141; N = 3.
    // Kristiansand 0.1 + 0.7 × 89 268/97 141 = 0.743267 → 2 304 127.71; Songdalen 0.147329 → 456 720.33;
    // Iveland 0.109404 → 339 151.95. Floors 3 099 998; +1 to Iveland (.95) and Kristiansand (.71).
    expect(item('pf-sharepoint')!.shares.map((share) => [share.memberId, share.amountNok])).toEqual([
      ['iveland', 339_152],
      ['kristiansand', 2_304_128],
      ['songdalen', 456_720],
    ]);
    expect(explain('pf-sharepoint')!.shares).toMatchObject({ on: '2017-01-01', populationTotal: 97_141, memberCount: 3 });
  });

  it('has the main firewalls and main routers inside the plan, on the 8 MNOK line', () => {
    // Firewalls 2012-09-15 + 5 = 2017-09-15: 780 000 × 1.025^5 = 882 498.40 → 882 498 each.
    // Routers 2011-11-01 + 7 = 2018-11-01 (support announced, not dated): 520 000 × 1.025^7 = 618 116.70 → 618 117.
    for (const id of ['fw-kris-01', 'fw-kris-02']) {
      expect(item(id)).toMatchObject({ budgetYear: 2017, dueDate: '2017-09-15', costNok: 882_498, budgetLineId: 'ikt-kapasitet-sikkerhet-2017-2020' });
    }
    for (const id of ['rt-kris-01', 'rt-kris-02']) {
      expect(item(id)).toMatchObject({ budgetYear: 2018, dueDate: '2018-11-01', reason: 'lifetime', costNok: 618_117, budgetLineId: 'ikt-kapasitet-sikkerhet-2017-2020' });
    }
  });

  it('holds the plan against the 8 MNOK and 12.35 MNOK lines, each planned krone counted once', () => {
    const sumFor = (lineId: string) => plan.items.filter((i) => i.budgetLineId === lineId).reduce((sum, i) => sum + i.costNok, 0);
    const capacity = lineTotal('ikt-kapasitet-sikkerhet-2017-2020')!;
    const upgrade = lineTotal('oppgradering-reinvestering-2017-2020')!;
    expect(capacity).toMatchObject({ amountNok: 8_000_000, plannedNok: sumFor('ikt-kapasitet-sikkerhet-2017-2020') });
    expect(upgrade).toMatchObject({ amountNok: 12_350_000, plannedNok: sumFor('oppgradering-reinvestering-2017-2020') });
    expect(capacity.differenceNok).toBe(capacity.amountNok - capacity.plannedNok);
    // The server room (tag datarom) belongs to the upgrade line.
    expect(item('pf-datarom')?.budgetLineId).toBe('oppgradering-reinvestering-2017-2020');
    // Both lines are given for 2017–2020 as a whole: every yearly row holds the whole sum against the
    // cumulative planned, which ends at the period's total.
    expect(plan.envelopes.filter((row) => row.year !== 'total').map((row) => row.amountNok)).toEqual([...Array(4).fill(8_000_000), ...Array(4).fill(12_350_000)]);
    expect(plan.envelopes.find((row) => row.id === capacity.id && row.year === 2020)!.plannedNok).toBe(capacity.plannedNok);
  });

  it('charges Songdalen’s own school server to Kristiansand after the 2020 merger', () => {
    expect(item('srv-songd-skole-01')).toMatchObject({ budgetYear: 2020, shares: [{ memberId: 'kristiansand', fraction: 1 }] });
  });

  it('balances every item: shares sum to the cost, totals sum to the items', () => {
    for (const planned of plan.items) expect(planned.shares.reduce((sum, share) => sum + share.amountNok, 0)).toBe(planned.costNok);
    const itemsSum = plan.items.reduce((sum, i) => sum + i.costNok, 0);
    expect(plan.totals.reduce((sum, total) => sum + total.amountNok, 0)).toBe(itemsSum);
  });
});
