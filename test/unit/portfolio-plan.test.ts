import { describe, expect, it } from 'vitest';
import { projectEnvelopes, type EnvelopeLine } from '#shared/domain/portfolio/envelopes.ts';
import { buildPortfolioPlan, projectShares, type PlanInputs } from '#shared/domain/portfolio/plan.ts';
import type { PortfolioProject } from '#shared/domain/portfolio/priorities.ts';
import { memberDirectory } from '#shared/domain/reinvestment/membership-on-date.ts';
import { member, project } from './portfolio-fixtures.ts';

const inv = (year: number, investmentNok: number, operatingNok = 0) => ({ year, investmentNok, operatingNok });

function plan(projects: PortfolioProject[], priority: Record<string, number>, envelope: Record<number, number>, from: number, to: number) {
  const inputs: PlanInputs = {
    scenarioId: 'base',
    from,
    to,
    projects,
    priorities: { items: Object.entries(priority).map(([projectId, p]) => ({ projectId, priority: p, score: 50 }) as never) },
    envelope: new Map(Object.entries(envelope).map(([year, amount]) => [Number(year), amount])),
    members: memberDirectory([member('kristiansand', 90_000)]),
    defaultKey: { type: 'equal' },
  };
  return buildPortfolioPlan(inputs);
}

describe('budget-constrained selection', () => {
  it('walks in-progress first, carries unspent money forward, never borrows from later years, and names why a project is out', () => {
    const projects = [
      project('p8', { status: 'in-progress', costs: [inv(2018, 30)] }),
      project('p7', { forced: 'out', costs: [inv(2018, 1)] }),
      project('p1', { costs: [inv(2018, 150)] }),
      project('p2', { costs: [inv(2018, 60), inv(2019, 60)] }),
      project('p3', { costs: [inv(2019, 130)] }),
      // 2021 is after the plan: not counted.
      project('p4', { costs: [inv(2020, 140), inv(2021, 1000)] }),
      project('p5', { dependsOn: ['p3'], costs: [inv(2020, 5)] }),
      project('p6', { dependsOn: ['p2'], costs: [inv(2020, 10)] }),
      project('idea', { status: 'idea', costs: [inv(2018, 1)] }),
    ];
    const result = plan(projects, { p8: 10, p7: 99, p1: 90, p2: 80, p3: 70, p4: 60, p5: 50, p6: 40 }, { 2018: 100, 2019: 100, 2020: 100 }, 2018, 2020);
    // Cumulative envelope 100, 200, 300.
    // p8 (in progress, first): planned 30 | 0 | 0.
    // p7 forced out. p1: 2018 30 + 150 = 180 > 100 → out, 2018 by 80.
    // p2: 2018 90 ≤ 100, 2019 150 ≤ 200 → in; planned 90 | 60 | 0.
    // p3: 2019 cumulative 150 + 130 = 280 > 200 → out, 2019 by 80.
    // p4: 2020 cumulative 150 + 140 = 290 ≤ 300 → in (2020 alone is 140 > 100: the unspent 10 + 40 carry over).
    // p5: depends on p3, which is out. p6: 2020 290 + 10 = 300 ≤ 300 → in.
    expect(result.included.map((entry) => entry.projectId)).toEqual(['p8', 'p2', 'p4', 'p6']);
    expect(result.included[0]).toMatchObject({ walkedFirst: true, investmentNok: 30 });
    expect(result.included[2]).toMatchObject({ investmentNok: 140 });
    expect(result.excluded).toEqual([
      { projectId: 'p7', reason: { code: 'forced-out', params: {} } },
      { projectId: 'p1', reason: { code: 'over-envelope', params: { year: 2018, overrunNok: 80 } } },
      { projectId: 'p3', reason: { code: 'over-envelope', params: { year: 2019, overrunNok: 80 } } },
      { projectId: 'p5', reason: { code: 'dependency-out', params: { dependencyId: 'p3' } } },
    ]);
    expect(result.years).toEqual([
      { year: 2018, envelopeNok: 100, plannedNok: 90, differenceNok: 10 },
      { year: 2019, envelopeNok: 100, plannedNok: 60, differenceNok: 40 },
      { year: 2020, envelopeNok: 100, plannedNok: 150, differenceNok: -50 },
    ]);
  });

  it('includes a forced-in project that does not fit and flags it; the overrun then shrinks what the others get', () => {
    const projects = [
      project('forced', { forced: 'in', costs: [inv(2018, 120)] }),
      project('next', { costs: [inv(2018, 10)] }),
      project('needs-missing', { forced: 'in', dependsOn: ['nowhere'], costs: [] }),
      project('after-done', { dependsOn: ['old'], costs: [] }),
      project('old', { status: 'done', costs: [inv(2016, 999)] }),
    ];
    const result = plan(projects, { forced: 1, next: 90, 'needs-missing': 0, 'after-done': 5 }, { 2018: 100 }, 2018, 2018);
    // forced: 120 > 100 → in, flagged 2018 by 20. next: 120 + 10 = 130 > 100 → out by 30.
    expect(result.included.map((entry) => [entry.projectId, entry.flags])).toEqual([
      ['forced', [{ code: 'forced-in-over-envelope', params: { year: 2018, overrunNok: 20 } }]],
      ['needs-missing', [{ code: 'forced-in-dependency-out', params: { dependencyId: 'nowhere' } }]],
      ['after-done', []],
    ]);
    expect(result.excluded).toEqual([{ projectId: 'next', reason: { code: 'over-envelope', params: { year: 2018, overrunNok: 30 } } }]);
    expect(result.years).toEqual([{ year: 2018, envelopeNok: 100, plannedNok: 120, differenceNok: -20 }]);
  });
});

describe('project envelopes', () => {
  const line = (id: string, overrides: Partial<EnvelopeLine>): EnvelopeLine => ({ id, name: id, fromYear: 2018, toYear: 2020, amountNok: 0, per: 'year', kinds: [], tags: [], ...overrides });
  const lines = [
    line('projects-total', { scope: 'projects', per: 'total', amountNok: 300 }),
    line('both-yearly', { scope: 'both', fromYear: 2019, amountNok: 50 }),
    line('reinvestment-only', { amountNok: 1000, kinds: ['server'] }),
    line('odd-total', { scope: 'projects', per: 'total', amountNok: 100 }),
  ];

  it('sums the lines whose scope includes projects, spreading totals over their years', () => {
    // projects-total: 300 / 3 = 100 a year. odd-total: 100 / 3 = 33.33 → 33 each and the krone left to
    // the lowest year (largest remainder, ties to the lower id): 34, 33, 33. both-yearly: 50 in 2019–2020.
    // 2018: 100 + 34 = 134; 2019: 100 + 50 + 33 = 183; 2020: 183. The reinvestment line does not count.
    expect(Object.fromEntries(projectEnvelopes(lines, 2018, 2021))).toEqual({ 2018: 134, 2019: 183, 2020: 183, 2021: 0 });
  });

  it('applies a scenario’s amounts: one line in one year, or a whole year', () => {
    const envelope = projectEnvelopes(lines, 2018, 2020, [
      { year: 2019, amountNok: 0, budgetLineId: 'both-yearly' },
      { year: 2020, amountNok: 500 },
    ]);
    // 2019: 183 − 50 = 133; 2020: set to 500.
    expect(Object.fromEntries(envelope)).toEqual({ 2018: 134, 2019: 133, 2020: 500 });
  });
});

describe('project shares', () => {
  const members = memberDirectory([
    member('kristiansand', 90_000, { population: [{ from: '2010-01-01', value: 90_000 }, { from: '2020-01-01', value: 112_000 }] }),
    member('songdalen', 7_000, { mergedInto: 'kristiansand', mergedOn: '2020-01-01' }),
    member('lillesand', 11_000),
    member('birkenes', 5_000),
    member('iveland', 1_000, { leftOn: '2020-01-01' }),
  ]);

  it('shares each cost year over the participants that are members on 1 January, across the 2020 merger', () => {
    const p = project('merger', {
      participants: ['kristiansand', 'songdalen', 'lillesand'],
      key: { type: 'population' },
      costs: [inv(2019, 1_080_000), inv(2020, 1_230_000, 12_300)],
    });
    const { shares, warnings } = projectShares([p], 2019, 2020, members, { type: 'equal' });
    // 2019-01-01: 90 000 + 7 000 + 11 000 = 108 000. 1 080 000 × 90/108 = 900 000; × 7/108 = 70 000; × 11/108 = 110 000.
    // 2020-01-01: Songdalen is Kristiansand (112 000); 112 000 + 11 000 = 123 000.
    //   1 230 000 × 112/123 = 1 120 000; × 11/123 = 110 000. Operating 12 300 → 11 200 and 1 100.
    expect(shares).toEqual([
      { year: 2019, memberId: 'kristiansand', investmentNok: 900_000, operatingNok: 0 },
      { year: 2019, memberId: 'lillesand', investmentNok: 110_000, operatingNok: 0 },
      { year: 2019, memberId: 'songdalen', investmentNok: 70_000, operatingNok: 0 },
      { year: 2020, memberId: 'kristiansand', investmentNok: 1_120_000, operatingNok: 11_200 },
      { year: 2020, memberId: 'lillesand', investmentNok: 110_000, operatingNok: 1_100 },
    ]);
    expect(warnings).toEqual([]);
  });

  it('uses the region default key when the project has none, rounds by largest remainder, drops members that left', () => {
    const p = project('equal', { participants: ['lillesand', 'birkenes', 'iveland'], costs: [inv(2019, 100), inv(2020, 101)] });
    const q = project('gone', { participants: ['iveland'], costs: [inv(2020, 50)] });
    const { shares, warnings } = projectShares([p, q], 2019, 2020, members, { type: 'equal' });
    // 2019: 100 / 3 = 33.33 → 33 each, the krone left to the lowest id (birkenes): 34, 33, 33.
    // 2020: Iveland has left: 101 / 2 = 50.5 → 50 each, the krone to birkenes: 51, 50.
    expect(shares).toEqual([
      { year: 2019, memberId: 'birkenes', investmentNok: 34, operatingNok: 0 },
      { year: 2019, memberId: 'iveland', investmentNok: 33, operatingNok: 0 },
      { year: 2019, memberId: 'lillesand', investmentNok: 33, operatingNok: 0 },
      { year: 2020, memberId: 'birkenes', investmentNok: 51, operatingNok: 0 },
      { year: 2020, memberId: 'lillesand', investmentNok: 50, operatingNok: 0 },
    ]);
    expect(warnings).toEqual([{ code: 'no-participants', params: { projectId: 'gone', year: 2020 } }]);
  });
});
