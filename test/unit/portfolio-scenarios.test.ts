import { describe, expect, it } from 'vitest';
import { deviceFractionsByYear, riskExposure, type RiskDevice } from '#shared/domain/portfolio/risk.ts';
import { applyScenario, BASE_SCENARIO, compareScenarios, runScenario, type PortfolioInputs } from '#shared/domain/portfolio/scenarios.ts';
import { memberDirectory } from '#shared/domain/reinvestment/membership-on-date.ts';
import { DEFAULT_CRITERIA, ScenarioOverrides } from '#shared/schemas/portfolio.ts';
import { member, project, ratings } from './portfolio-fixtures.ts';

const half = [{ memberId: 'kristiansand', fraction: 0.5 }, { memberId: 'lillesand', fraction: 0.5 }];
const years = (fractions: { memberId: string; fraction: number }[]) => new Map([2018, 2019, 2020].map((y) => [y, fractions]));
const devices: RiskDevice[] = [
  // Due 2019, criticality 5, shared half and half.
  { deviceId: 'fw-1', criticality: 5, dueYear: 2019, vendorEndOfSupport: null, fractionsByYear: years(half) },
  // Not due, but support ends 2019-06-30: past it on 2020-01-01, not on 2019-01-01. Kristiansand's alone.
  { deviceId: 'srv-1', criticality: 3, dueYear: null, vendorEndOfSupport: '2019-06-30', fractionsByYear: years([{ memberId: 'kristiansand', fraction: 1 }]) },
  // Due long after the plan.
  { deviceId: 'sw-1', criticality: 4, dueYear: 2025, vendorEndOfSupport: 'announced-unknown', fractionsByYear: years(half) },
];

describe('risk exposure', () => {
  it('sums criticality × share of devices due or past end of support and not yet covered by an included project', () => {
    const firewallProject = { deviceIds: ['fw-1'], costs: [{ year: 2019 }] };
    const exposure = riskExposure(devices, [firewallProject], 2018, 2020);
    // 2018: nothing due. 2019: fw-1 due, covered (last cost year 2019 ≤ 2019). 2020: fw-1 covered; srv-1 past support → 3.
    expect(exposure.map((y) => [y.year, y.total, Object.fromEntries(y.byMember)])).toEqual([
      [2018, 0, {}],
      [2019, 0, {}],
      [2020, 3, { kristiansand: 3 }],
    ]);
    const late = riskExposure(devices, [{ deviceIds: ['fw-1'], costs: [{ year: 2019 }, { year: 2020 }] }], 2018, 2020);
    // Last cost year 2020: fw-1 counts in 2019: 5 → 2.5 each.
    expect(late.map((y) => [y.year, y.total, Object.fromEntries(y.byMember)])).toEqual([
      [2018, 0, {}],
      [2019, 5, { kristiansand: 2.5, lillesand: 2.5 }],
      [2020, 3, { kristiansand: 3 }],
    ]);
  });

  it('reads who carries a device each year by the payer rule, following the merger', () => {
    const members = memberDirectory([
      member('kristiansand', 90_000),
      member('songdalen', 10_000, { mergedInto: 'kristiansand', mergedOn: '2020-01-01' }),
    ]);
    const environments = new Map([['felles', { key: { type: 'population' as const }, serves: [{ memberId: 'kristiansand', from: '2010-01-01' }, { memberId: 'songdalen', from: '2010-01-01' }] }]]);
    const shared = deviceFractionsByYear({ payer: { type: 'shared' }, environmentId: 'felles' }, environments, members, { type: 'equal' }, 2019, 2020);
    // 2019: 90 000 / 100 000 and 10 000 / 100 000; 2020: Kristiansand alone.
    expect(shared.get(2019)).toEqual([{ memberId: 'kristiansand', fraction: 0.9 }, { memberId: 'songdalen', fraction: 0.1 }]);
    expect(shared.get(2020)).toEqual([{ memberId: 'kristiansand', fraction: 1 }]);
    const own = deviceFractionsByYear({ payer: { type: 'member', memberId: 'songdalen' }, environmentId: 'felles' }, environments, members, { type: 'equal' }, 2019, 2020);
    expect(own.get(2019)).toEqual([{ memberId: 'songdalen', fraction: 1 }]);
    expect(own.get(2020)).toEqual([{ memberId: 'kristiansand', fraction: 1 }]);
  });
});

describe('scenarios', () => {
  const inputs: PortfolioInputs = {
    projects: [
      project('brannmur', { participants: ['kristiansand', 'lillesand'], key: { type: 'equal' }, deviceIds: ['fw-1'], ratings: ratings(5, 5, 5, 5, 3), costs: [{ year: 2019, investmentNok: 600_000, operatingNok: 20_000 }] }),
      project('skjema', { participants: ['kristiansand'], ratings: ratings(3, 3, 3, 3, 3), costs: [{ year: 2018, investmentNok: 300_000, operatingNok: 0 }] }),
    ],
    settings: { criteria: DEFAULT_CRITERIA, alpha: 0.5, memberWeighting: 'equal' },
    rankings: [],
    members: memberDirectory([member('kristiansand', 90_000), member('lillesand', 10_000)]),
    defaultKey: { type: 'population' },
    budgetLines: [{ id: 'prosjekter', name: 'Prosjekter', fromYear: 2018, toYear: 2020, amountNok: 1_000_000, per: 'year', kinds: [], tags: [], scope: 'projects' }],
    devices: new Map(devices.map((d) => [d.deviceId, d])),
    asOf: '2018-01-15',
  };
  const delay = { id: 'utsett', overrides: ScenarioOverrides.parse({ delays: [{ projectId: 'brannmur', years: 1 }] }) };

  it('applies overrides to a copy: delays move cost rows, forcing is set or lifted, α and weighting replaced', () => {
    const applied = applyScenario(
      inputs.projects.map((p) => (p.id === 'skjema' ? { ...p, forced: 'in' as const } : p)),
      inputs.settings,
      ScenarioOverrides.parse({ delays: [{ projectId: 'brannmur', years: 2 }], forced: [{ projectId: 'skjema', forced: 'none' }, { projectId: 'brannmur', forced: 'out' }], alpha: 0.8, memberWeighting: 'cost-share' }),
    );
    expect(applied.projects[0]).toMatchObject({ forced: 'out', costs: [{ year: 2021, investmentNok: 600_000, operatingNok: 20_000 }] });
    expect(applied.projects[1]!.forced).toBeUndefined();
    expect(applied.settings).toMatchObject({ alpha: 0.8, memberWeighting: 'cost-share' });
    expect(inputs.projects[0]!.costs[0]!.year).toBe(2019);
  });

  it('runs the base as the scenario without overrides', () => {
    const base = runScenario(inputs, BASE_SCENARIO, 2018, 2020);
    expect(base.plan.scenarioId).toBe('base');
    expect(base.plan.included.map((p) => p.projectId)).toEqual(['brannmur', 'skjema']);
  });

  it('compares per year and per member: cost in each, the difference, and the risk a delay adds', () => {
    const comparison = compareScenarios(inputs, devices, BASE_SCENARIO, delay, 2018, 2020);
    // Base: brannmur 2019 (600 000 + 20 000 operating, equal key → 300 000 + 10 000 each), skjema 2018 300 000 (Kristiansand).
    // Delayed: brannmur in 2020. Risk: base 0, 0, 3; delayed 0, 5, 3 (see the exposure test).
    const region = comparison.years.map((row) => [row.year, row.a.totalNok, row.b.totalNok, row.difference.totalNok, row.a.riskExposure, row.b.riskExposure, row.difference.riskExposure]);
    expect(region).toEqual([
      [2018, 300_000, 300_000, 0, 0, 0, 0],
      [2019, 620_000, 0, -620_000, 0, 5, 5],
      [2020, 0, 620_000, 620_000, 3, 3, 0],
    ]);
    const lillesand = comparison.members.filter((row) => row.memberId === 'lillesand').map((row) => [row.year, row.a.investmentNok, row.b.investmentNok, row.difference.operatingNok, row.difference.riskExposure]);
    expect(lillesand).toEqual([
      [2018, 0, 0, 0, 0],
      [2019, 300_000, 0, -10_000, 2.5],
      [2020, 0, 300_000, 10_000, 0],
    ]);
    const kristiansand2019 = comparison.members.find((row) => row.memberId === 'kristiansand' && row.year === 2019)!;
    expect(kristiansand2019.difference).toEqual({ investmentNok: -300_000, operatingNok: -10_000, totalNok: -310_000, riskExposure: 2.5 });
    expect(comparison.onlyInA).toEqual([]);
    expect(comparison.onlyInB).toEqual([]);
  });

  it('shows a project left out by a cut envelope, and the risk that stays', () => {
    const cut = { id: 'kutt', overrides: ScenarioOverrides.parse({ envelopes: [{ year: 2019, amountNok: 0 }, { year: 2020, amountNok: 0 }], forced: [] }) };
    const comparison = compareScenarios(inputs, devices, BASE_SCENARIO, cut, 2018, 2020);
    // Envelopes 1 000 000, 0, 0: skjema 300 000 in 2018 fits; brannmur 2019: cumulative 300 000 + 600 000 = 900 000 ≤ 1 000 000 — still fits (carry-over).
    expect(comparison.onlyInA).toEqual([]);
    const tight = { id: 'stramt', overrides: ScenarioOverrides.parse({ envelopes: [{ year: 2018, amountNok: 500_000 }, { year: 2019, amountNok: 0 }, { year: 2020, amountNok: 0 }] }) };
    const tightComparison = compareScenarios(inputs, devices, BASE_SCENARIO, tight, 2018, 2020);
    // 500 000 in all: skjema (score 50) and brannmur (score 100 · (12 + 8 + 8 + 4 + 2) / 36 = 94.44) — brannmur first:
    // 600 000 > 500 000 → out; skjema 300 000 fits. fw-1 then stays exposed in 2019 and 2020: 5 more each year.
    expect(tightComparison.onlyInA).toEqual(['brannmur']);
    expect(tightComparison.years.map((row) => row.difference.riskExposure)).toEqual([0, 5, 5]);
  });
});
