import { describe, expect, it } from 'vitest';
import { addYears, computePlan, healthCanMove, type PlanDevice } from '#shared/domain/reinvestment/plan.ts';
import type { BudgetLineRecord } from '#shared/domain/reinvestment/envelopes.ts';
import type { CostKey } from '#shared/schemas/cost-key.ts';
import { device, environment, krIktMembers, member, planInput, region } from './fixtures.ts';

/** The plan's single item for one device (fails the test when the device is not planned). */
function planOne(d: PlanDevice, overrides: Parameters<typeof planInput>[0] = {}) {
  const { plan } = computePlan(planInput({ devices: [d], ...overrides }));
  expect(plan.items).toHaveLength(1);
  return plan.items[0]!;
}

describe('reinvestment plan', () => {
  describe('lifetime and end of life', () => {
    it('takes the device’s own lifetime first, then the region’s, then the default for the kind', () => {
      // Bought 2014-03-15: own 3 years → 2017-03-15; region server 6 → 2020-03-15; default server 5 → 2019-03-15.
      expect(planOne(device('own', { expectedLifetimeYears: 3 })).dueDate).toBe('2017-03-15');
      expect(planOne(device('reg'), { region: region({ lifetimes: { server: 6 } }) }).dueDate).toBe('2020-03-15');
      expect(planOne(device('def')).dueDate).toBe('2019-03-15');
      // Routers default to 7: 2013-09-01 + 7 = 2020-09-01.
      expect(planOne(device('rt', { kind: 'router', purchaseDate: '2013-09-01' })).dueDate).toBe('2020-09-01');
    });

    it('keeps day and month, and moves 29 February to 28 February in a common year', () => {
      expect(addYears('2012-02-29', 5)).toBe('2017-02-28');
      expect(addYears('2012-02-29', 4)).toBe('2016-02-29');
      expect(addYears('2015-12-31', 2)).toBe('2017-12-31');
    });
  });

  describe('due date', () => {
    it('moves a past-end-of-support firewall into this year', () => {
      // Bought 2020-05-01, firewall 5 years → end of life 2025-05-01; vendor support ends 2023-06-30.
      // Plan 2024–2027 made on 2024-03-01: due 2023-06-30, so planned in 2024 and overdue.
      // Cost 200 000 × 1.025^(2024 − 2020) = 220 762.58 → 220 763 NOK.
      const item = planOne(
        device('fw', { kind: 'firewall', purchaseDate: '2020-05-01', purchaseCostNok: 200_000, vendorEndOfSupport: '2023-06-30', payer: { type: 'member', memberId: 'lillesand' } }),
        { fromYear: 2024, toYear: 2027, asOf: '2024-03-01' },
      );
      expect(item).toMatchObject({ dueDate: '2023-06-30', reason: 'vendor-end-of-support', budgetYear: 2024, overdue: true, costNok: 220_763 });
      expect(item.shares).toEqual([{ memberId: 'lillesand', fraction: 1, amountNok: 220_763 }]);
    });

    it('keeps end of life when vendor support ends later, or is announced but not dated, or unknown', () => {
      // Router 2013-09-01 + 7 = 2020-09-01; support to 2022-01-01 comes later.
      expect(planOne(device('later', { kind: 'router', purchaseDate: '2013-09-01', vendorEndOfSupport: '2022-01-01' }))).toMatchObject({ dueDate: '2020-09-01', reason: 'lifetime' });
      // Switch 2011-02-10 + 7 = 2018-02-10, whatever the vendor has announced.
      expect(planOne(device('unk', { kind: 'switch', purchaseDate: '2011-02-10', vendorEndOfSupport: 'announced-unknown' }))).toMatchObject({ dueDate: '2018-02-10', reason: 'lifetime' });
      expect(planOne(device('none', { kind: 'switch', purchaseDate: '2011-02-10', vendorEndOfSupport: null }))).toMatchObject({ dueDate: '2018-02-10', reason: 'lifetime' });
    });

    it('plans an item due before the first year in the first year, overdue, keeping the original date', () => {
      // Server 2008-01-10 + 5 = 2013-01-10 < 2017. Cost 100 000 × 1.025^(2017 − 2008) = 124 886.30 → 124 886.
      expect(planOne(device('old', { purchaseDate: '2008-01-10' }))).toMatchObject({ dueDate: '2013-01-10', budgetYear: 2017, overdue: true, costNok: 124_886 });
    });

    it('leaves out a device due after the plan and says why', () => {
      const { plan, explain } = computePlan(planInput({ devices: [device('new', { purchaseDate: '2016-05-01' })] }));
      expect(plan.items).toEqual([]);
      expect(explain('new')).toMatchObject({ inPlan: false, notInPlanBecause: "due 2021-05-01, after the plan's last year 2020", item: null });
    });
  });

  describe('health pull-forward', () => {
    // Bought 2016-05-01: due 2021-05-01, outside 2017–2020 unless health pulls it into 2017 (asOf 2017-02-01).
    const late = device('sick', { purchaseDate: '2016-05-01' });
    const withHealth = (criticalFractionLast90Days: number, incidentsLast365Days: number) =>
      computePlan(planInput({ devices: [late], health: new Map([['sick', { criticalFractionLast90Days, incidentsLast365Days }]]) })).plan.items;

    it('pulls a device critical for 10 % of the last 90 days into this year', () => {
      // 9 of 90 days = 0.10 exactly: at the threshold. Cost 100 000 × 1.025^(2017 − 2016) = 102 500.
      expect(withHealth(9 / 90, 0)).toMatchObject([{ dueDate: '2017-02-01', reason: 'health', budgetYear: 2017, overdue: false, costNok: 102_500 }]);
    });

    it('pulls a device with 3 incidents in the last year into this year', () => {
      expect(withHealth(0, 3)).toMatchObject([{ reason: 'health', budgetYear: 2017 }]);
    });

    it('leaves a device below both thresholds alone', () => {
      expect(withHealth(0.0999, 2)).toEqual([]);
    });

    it('explains the critical share as a share of the observed time, with the sweeps behind it', () => {
      const health = { criticalFractionLast90Days: 0.1, incidentsLast365Days: 1, observedSweepsLast90Days: 600, criticalSweepsLast90Days: 60 };
      const computation = computePlan(planInput({ devices: [late], health: new Map([['sick', health]]) }));
      expect(computation.plan.items).toMatchObject([{ reason: 'health', dueDate: '2017-02-01' }]);
      const explanation = computation.explain('sick')!;
      expect(explanation.inputs.health).toEqual(health);
      const step = explanation.steps.find((s) => s.rule === 'health')!;
      expect(step.value).toBe(true);
      expect(step.explanation).toBe(
        'critical 10 % of the observed time in the last 90 days (60 of 600 sweeps), 1 incident in the last 365 days: due no later than this year, so due 2017-02-01',
      );
      expect(step.details).toMatchObject({ criticalFractionLast90Days: 0.1, criticalSweepsLast90Days: 60, observedSweepsLast90Days: 600, incidentsLast365Days: 1 });
    });

    it('moves a device no sweep observed on its incidents alone, and says it was not observed', () => {
      const unobserved = (incidentsLast365Days: number) => computePlan(planInput({ devices: [late], health: new Map([['sick', { criticalFractionLast90Days: null, incidentsLast365Days }]]) }));
      expect(unobserved(3).plan.items).toMatchObject([{ reason: 'health', budgetYear: 2017 }]);
      const below = unobserved(2);
      expect(below.plan.items).toEqual([]);
      expect(below.explain('sick')!.steps.find((s) => s.rule === 'health')).toMatchObject({
        value: false,
        explanation: 'not observed by any sweep in the last 90 days, 2 incidents in the last 365 days: below the thresholds (critical ≥ 10 % of the observed time or ≥ 3 incidents); no change',
        details: { criticalFractionLast90Days: null, observedSweepsLast90Days: null },
      });
    });

    it('tells which devices health can move at all: only those due after the current year', () => {
      const r = region();
      expect(healthCanMove(late, r, '2017-02-01')).toBe(true); // due 2021-05-01
      expect(healthCanMove(late, r, '2021-01-01')).toBe(false); // due this year: already in it
      expect(healthCanMove(device('eos', { purchaseDate: '2016-05-01', vendorEndOfSupport: '2017-06-30' }), r, '2017-02-01')).toBe(false);
      expect(healthCanMove(late, region({ lifetimes: { server: 1 } }), '2017-02-01')).toBe(false); // due 2017-05-01
    });

    it('never moves a device that is already due this year, and records the figures', () => {
      const due = device('due', { purchaseDate: '2012-03-01' });
      const computation = computePlan(planInput({ devices: [due], health: new Map([['due', { criticalFractionLast90Days: 0.5, incidentsLast365Days: 9 }]]) }));
      expect(computation.plan.items).toMatchObject([{ dueDate: '2017-03-01', reason: 'lifetime' }]);
      const step = computation.explain('due')!.steps.find((s) => s.rule === 'health');
      expect(step).toMatchObject({ value: false, details: { criticalFractionLast90Days: 0.5, incidentsLast365Days: 9 } });
    });
  });

  describe('cost', () => {
    it('projects the purchase cost with the price index to the budget year, in whole NOK', () => {
      // Platform 2012-06-01, 5 years → 2017. 100 000 × 1.025^5 = 113 140.82 → 113 141.
      expect(planOne(device('p', { kind: 'platform', purchaseDate: '2012-06-01' })).costNok).toBe(113_141);
      // The region's index is a setting: 100 000 × 1.03^5 = 115 927.41 → 115 927.
      expect(planOne(device('p3', { kind: 'platform', purchaseDate: '2012-06-01' }), { region: region({ priceIndex: 0.03 }) }).costNok).toBe(115_927);
    });

    it('uses the replacement cost as given when set', () => {
      expect(planOne(device('r', { purchaseDate: '2012-06-01', replacementCostNok: 150_000 })).costNok).toBe(150_000);
    });
  });

  describe('who pays', () => {
    const shared = (id: string, purchaseDate: string): PlanDevice =>
      device(id, { purchaseDate, replacementCostNok: 1_000_000, payer: { type: 'shared' } });

    it('charges a merged member’s device to the member it merged into from the merger year', () => {
      // Songdalen merges into Kristiansand on 2020-01-01: due 2019 → Songdalen; due 2020 → Kristiansand.
      // Both cost 100 000 × 1.025^5 = 113 140.82 → 113 141 (five years after purchase).
      const songdalen = { type: 'member', memberId: 'songdalen' } as const;
      expect(planOne(device('s19', { purchaseDate: '2014-04-01', payer: songdalen })).shares).toEqual([{ memberId: 'songdalen', fraction: 1, amountNok: 113_141 }]);
      expect(planOne(device('s20', { purchaseDate: '2015-04-01', payer: songdalen })).shares).toEqual([{ memberId: 'kristiansand', fraction: 1, amountNok: 113_141 }]);
    });

    it('shares a cost by the population on 1 January, before and after the merger in the middle of the plan', () => {
      // 2019-01-01: 90 000 + 7 000 + 11 000 + 11 000 + 5 000 + 1 000 = 125 000 → exact shares of 1 000 000.
      expect(planOne(shared('pop19', '2014-04-01')).shares.map((s) => [s.memberId, s.amountNok])).toEqual([
        ['birkenes', 40_000],
        ['iveland', 8_000],
        ['kristiansand', 720_000],
        ['lillesand', 88_000],
        ['sogne', 88_000],
        ['songdalen', 56_000],
      ]);
      // 2020-01-01: Kristiansand (merged) 112 000 + 11 000 + 5 000 + 1 000 = 129 000.
      // Exact: 868 217.05, 85 271.32, 38 759.69, 7 751.94; floors 999 998; +1 to Iveland (.94) and Birkenes (.69).
      expect(planOne(shared('pop20', '2015-04-01')).shares.map((s) => [s.memberId, s.amountNok])).toEqual([
        ['birkenes', 38_760],
        ['iveland', 7_752],
        ['kristiansand', 868_217],
        ['lillesand', 85_271],
      ]);
    });

    it('applies each key type of the environment, or the device’s own key', () => {
      const serves = ['a', 'b', 'c'].map((memberId) => ({ memberId, from: '2010-01-01' }));
      const members = [member('a', 6_000), member('b', 3_000), member('c', 1_000)];
      const run = (key: CostKey, own?: PlanDevice['payer']) =>
        planOne(device('k', { environmentId: 'e', purchaseDate: '2014-04-01', replacementCostNok: 10_000, payer: own ?? { type: 'shared' } }), {
          members,
          environments: [environment('e', { key, serves })],
        }).shares.map((s) => s.amountNok);
      // equal: 10 000 / 3 = 3 333.33 → 3 334, 3 333, 3 333.
      expect(run({ type: 'equal' })).toEqual([3_334, 3_333, 3_333]);
      // population 6:3:1 → 6 000, 3 000, 1 000.
      expect(run({ type: 'population' })).toEqual([6_000, 3_000, 1_000]);
      // fixed 0.4: 0.4/3 + 0.6 × (0.6, 0.3, 0.1) = 0.4933, 0.3133, 0.1933 → 4 933.33, 3 133.33, 1 933.33 → 4 934, 3 133, 1 933.
      expect(run({ type: 'fixed-plus-population', fixed: 0.4 })).toEqual([4_934, 3_133, 1_933]);
      // custom 50/30/20 → 5 000, 3 000, 2 000.
      expect(run({ type: 'custom', shares: { a: 50, b: 30, c: 20 } })).toEqual([5_000, 3_000, 2_000]);
      // The device's own key wins over the environment's.
      expect(run({ type: 'population' }, { type: 'shared', key: { type: 'equal' } })).toEqual([3_334, 3_333, 3_333]);
    });

    it('drops a member that has left: its devices leave the plan and it pays no shared cost after', () => {
      // Iveland leaves on 2019-01-01. Its own device due 2019 leaves the plan; due 2018 stays.
      const members = krIktMembers().map((m) => (m.id === 'iveland' ? { ...m, leftOn: '2019-01-01' } : m));
      const ivelands = (id: string, purchaseDate: string) => device(id, { purchaseDate, payer: { type: 'member', memberId: 'iveland' } });
      const computation = computePlan(planInput({ members, devices: [ivelands('i18', '2013-04-01'), ivelands('i19', '2014-04-01'), shared('sh18', '2013-04-01'), shared('sh19', '2014-04-01')] }));
      const byId = new Map(computation.plan.items.map((item) => [item.deviceId, item]));
      expect(byId.has('i18')).toBe(true);
      expect(byId.has('i19')).toBe(false);
      expect(computation.explain('i19')).toMatchObject({ inPlan: false, notInPlanBecause: "member 'iveland' left on 2019-01-01, before 2019-01-01" });
      expect(byId.get('sh18')!.shares.map((s) => s.memberId)).toContain('iveland');
      // 2019 without Iveland: Σpop = 124 000; Kristiansand 90 000 / 124 000 of 1 000 000 = 725 806.45.
      const sh19 = byId.get('sh19')!;
      expect(sh19.shares.map((s) => s.memberId)).not.toContain('iveland');
      expect(sh19.shares.reduce((sum, s) => sum + s.amountNok, 0)).toBe(1_000_000);
      expect(sh19.shares.find((s) => s.memberId === 'kristiansand')!.amountNok).toBe(725_806);
    });

    it('falls back to every member of the region when the environment serves nobody, and says so', () => {
      const item = planOne(device('x', { environmentId: 'empty', purchaseDate: '2014-04-01', replacementCostNok: 6_000, payer: { type: 'shared' } }), {
        members: [member('a', 1), member('b', 1)],
        environments: [environment('empty', { key: { type: 'equal' } })],
      });
      expect(item.shares.map((s) => s.amountNok)).toEqual([3_000, 3_000]);
      expect(item.warnings?.join(' ')).toMatch(/serves no member/);
    });
  });

  describe('totals, filters and envelopes', () => {
    const lines: BudgetLineRecord[] = [
      { id: 'ikt-kapasitet', name: 'IKT kapasitet og sikkerhet', fromYear: 2017, toYear: 2020, amountNok: 8_000_000, per: 'total', kinds: ['firewall', 'router', 'server', 'backup'], tags: [] },
      { id: 'oppgradering', name: 'Oppgradering og reinvestering', fromYear: 2017, toYear: 2020, amountNok: 12_350_000, per: 'total', kinds: ['platform'], tags: ['datarom'] },
    ];
    const devices = [
      device('fw', { kind: 'firewall', purchaseDate: '2012-01-01', replacementCostNok: 2_500_000, payer: { type: 'member', memberId: 'lillesand' } }),
      device('srv', { purchaseDate: '2013-01-01', replacementCostNok: 1_000_000, tags: ['datarom'], payer: { type: 'member', memberId: 'birkenes' } }),
      device('sp', { kind: 'platform', purchaseDate: '2012-05-01', replacementCostNok: 3_000_000, payer: { type: 'member', memberId: 'birkenes' } }),
    ];

    it('compares planned with each budget line per year and in total, a tag beating a kind', () => {
      const { plan } = computePlan(planInput({ devices, budgetLines: lines }));
      expect(plan.items.map((i) => [i.deviceId, i.budgetLineId])).toEqual([
        ['fw', 'ikt-kapasitet'],
        ['sp', 'oppgradering'],
        ['srv', 'oppgradering'],
      ]);
      const row = (id: string, year: number | 'total') => plan.envelopes.find((e) => e.id === id && e.year === year);
      // 8 000 000 for 2017–2020 as a whole: 2 500 000 planned in 2017 leaves 5 500 000 — no overrun in 2017
      // (an even split, 2 000 000 a year, would have shown an artificial 500 000 overrun).
      expect(row('ikt-kapasitet', 2017)).toMatchObject({ per: 'total', amountNok: 8_000_000, plannedNok: 2_500_000, plannedInYearNok: 2_500_000, differenceNok: 5_500_000, status: 'headroom' });
      expect(row('ikt-kapasitet', 2018)).toMatchObject({ amountNok: 8_000_000, plannedNok: 2_500_000, plannedInYearNok: 0, differenceNok: 5_500_000 });
      expect(row('ikt-kapasitet', 'total')).toMatchObject({ amountNok: 8_000_000, plannedNok: 2_500_000, differenceNok: 5_500_000, status: 'headroom' });
      // 12 350 000 for the period; SharePoint 3 000 000 in 2017, the datarom server 1 000 000 in 2018: 4 000 000 by 2018.
      expect(row('oppgradering', 2017)).toMatchObject({ amountNok: 12_350_000, plannedNok: 3_000_000, differenceNok: 9_350_000 });
      expect(row('oppgradering', 2018)).toMatchObject({ amountNok: 12_350_000, plannedNok: 4_000_000, plannedInYearNok: 1_000_000, differenceNok: 8_350_000 });
      expect(row('oppgradering', 'total')).toMatchObject({ amountNok: 12_350_000, plannedNok: 4_000_000, differenceNok: 8_350_000 });
      expect(plan.envelopes).toHaveLength(10);
    });

    it('compares a per-year line year by year, and shows a whole-period line over only once its sum is spent', () => {
      const tight: BudgetLineRecord[] = [
        { id: 'arlig', name: 'Årlig', fromYear: 2017, toYear: 2018, amountNok: 2_000_000, per: 'year', kinds: ['firewall'], tags: [] },
        { id: 'periode', name: 'Periode', fromYear: 2017, toYear: 2020, amountNok: 3_500_000, per: 'total', kinds: ['platform', 'server'], tags: [] },
      ];
      const { plan } = computePlan(planInput({ devices, budgetLines: tight }));
      const row = (id: string, year: number | 'total') => plan.envelopes.find((e) => e.id === id && e.year === year);
      // Firewall 2 500 000 in 2017 against 2 000 000 that year: 500 000 over; 2018 untouched; total 4 000 000 − 2 500 000.
      expect(row('arlig', 2017)).toMatchObject({ per: 'year', amountNok: 2_000_000, plannedNok: 2_500_000, differenceNok: -500_000, status: 'overrun' });
      expect(row('arlig', 2018)).toMatchObject({ amountNok: 2_000_000, plannedNok: 0, differenceNok: 2_000_000 });
      expect(row('arlig', 'total')).toMatchObject({ amountNok: 4_000_000, plannedNok: 2_500_000, differenceNok: 1_500_000 });
      // 3 000 000 (2017) fits in 3 500 000; with the 1 000 000 server in 2018 the cumulative 4 000 000 is 500 000 over, and stays so.
      expect(row('periode', 2017)).toMatchObject({ plannedNok: 3_000_000, differenceNok: 500_000, status: 'headroom' });
      expect(row('periode', 2018)).toMatchObject({ plannedNok: 4_000_000, plannedInYearNok: 1_000_000, differenceNok: -500_000, status: 'overrun' });
      expect(row('periode', 2020)).toMatchObject({ plannedNok: 4_000_000, plannedInYearNok: 0, status: 'overrun' });
      expect(row('periode', 'total')).toMatchObject({ amountNok: 3_500_000, plannedNok: 4_000_000, differenceNok: -500_000 });
    });

    it('sums shares per year, member, kind and environment; filters items but not envelopes', () => {
      const all = computePlan(planInput({ devices, budgetLines: lines })).plan;
      expect(all.totals).toEqual([
        { year: 2017, memberId: 'birkenes', kind: 'platform', environmentId: 'felles', amountNok: 3_000_000 },
        { year: 2017, memberId: 'lillesand', kind: 'firewall', environmentId: 'felles', amountNok: 2_500_000 },
        { year: 2018, memberId: 'birkenes', kind: 'server', environmentId: 'felles', amountNok: 1_000_000 },
      ]);
      const birkenes = computePlan(planInput({ devices, budgetLines: lines, filter: { memberId: 'birkenes' } })).plan;
      expect(birkenes.items.map((i) => i.deviceId)).toEqual(['sp', 'srv']);
      expect(birkenes.totals.every((t) => t.memberId === 'birkenes')).toBe(true);
      expect(birkenes.envelopes).toEqual(all.envelopes);
      const firewalls = computePlan(planInput({ devices, filter: { kind: 'firewall', environmentId: 'felles' } })).plan;
      expect(firewalls.items.map((i) => i.deviceId)).toEqual(['fw']);
    });
  });

  describe('explanation', () => {
    it('explains every step and the share computation of a shared item after the merger', () => {
      const computation = computePlan(planInput({ devices: [device('sh', { purchaseDate: '2015-04-01', replacementCostNok: 1_000_000, payer: { type: 'shared' } })] }));
      const explanation = computation.explain('sh')!;
      expect(explanation.steps.map((s) => [s.step, s.rule, s.value])).toEqual([
        [1, 'lifetime', 5],
        [2, 'end-of-life', '2020-04-01'],
        [3, 'due-date', '2020-04-01'],
        [4, 'health', false],
        [5, 'budget-year', 2020],
        [6, 'cost', 1_000_000],
        [7, 'payer', 'shared: population'],
      ]);
      expect(explanation.shares).toMatchObject({ on: '2020-01-01', method: 'key', keySource: 'environment', memberCount: 4, populationTotal: 129_000, totalNok: 1_000_000 });
      const kristiansand = explanation.shares!.members.find((m) => m.memberId === 'kristiansand')!;
      expect(kristiansand).toMatchObject({ mergedFrom: ['songdalen', 'sogne'], population: 112_000, formula: '112000/129000', amountNok: 868_217 });
      expect(explanation.shares!.rounding).toBe('largest remainder: the rounded-down amounts sum to 999998; the 2 NOK left go one each to the largest remainders (birkenes, iveland)');
      expect(explanation.item).toEqual(computation.plan.items[0]);
    });

    it('shows the cost formula with the price index', () => {
      const explanation = computePlan(planInput({ devices: [device('p', { kind: 'platform', purchaseDate: '2012-06-01' })] })).explain('p')!;
      expect(explanation.steps.find((s) => s.rule === 'cost')?.explanation).toBe('purchase cost 100000 × (1 + 0.025)^(2017 − 2012) = 113140.8213 → 113141 NOK');
    });
  });
});
