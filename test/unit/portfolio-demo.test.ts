import { describe, expect, it } from 'vitest';
import { portfolioBudgetLines, portfolioDecisionLog, portfolioProjects, portfolioRankings, portfolioScenarios } from '../../local/seed/portfolio-demo.ts';
import { deviceFractionsByYear, type RiskDevice } from '#shared/domain/portfolio/risk.ts';
import { compareScenarios, runScenario, type PortfolioInputs } from '#shared/domain/portfolio/scenarios.ts';
import { memberDirectory } from '#shared/domain/reinvestment/membership-on-date.ts';
import { computePlan } from '#shared/domain/reinvestment/plan.ts';
import { BudgetLineInput } from '#shared/schemas/budget-line.ts';
import { DecisionLogEntry, defaultPortfolioSettings, Project, RankingInput, Scenario } from '#shared/schemas/portfolio.ts';
import { demoBundle } from '../support/demo.ts';

const bundle = demoBundle();
const FROM = 2017;
const TO = 2020;

/** The demo portfolio over the demo region, with due years from the region's own reinvestment plan. */
function demoInputs(): { inputs: PortfolioInputs; risk: RiskDevice[] } {
  const members = memberDirectory(bundle.members);
  const { plan } = computePlan({ region: bundle.region, members: bundle.members, environments: bundle.environments, devices: bundle.devices, fromYear: FROM, toYear: TO, asOf: '2017-01-15' });
  const dueYear = new Map(plan.items.map((item) => [item.deviceId, item.budgetYear]));
  const environments = new Map(bundle.environments.map((e) => [e.id, e]));
  const risk: RiskDevice[] = bundle.devices.map((device) => ({
    deviceId: device.id,
    criticality: device.criticality,
    dueYear: dueYear.get(device.id) ?? null,
    vendorEndOfSupport: device.vendorEndOfSupport ?? null,
    fractionsByYear: deviceFractionsByYear(device, environments, members, bundle.region.defaultKey, FROM, TO),
  }));
  return {
    inputs: {
      projects: portfolioProjects,
      settings: defaultPortfolioSettings(),
      rankings: portfolioRankings,
      members,
      defaultKey: bundle.region.defaultKey,
      budgetLines: portfolioBudgetLines.map((line) => BudgetLineInput.parse(line)),
      devices: new Map(risk.map((d) => [d.deviceId, d])),
      asOf: '2017-11-15',
    },
    risk,
  };
}

describe('demo portfolio', () => {
  it('is valid data that refers only to what the demo region holds', () => {
    const memberIds = new Set(bundle.members.map((m) => m.id));
    const deviceIds = new Set(bundle.devices.map((d) => d.id));
    const projectIds = new Set(portfolioProjects.map((p) => p.id));
    expect(portfolioProjects.length).toBeGreaterThanOrEqual(12);
    for (const project of portfolioProjects) {
      const parsed = Project.safeParse({ ...project, version: 1 });
      expect(parsed.error?.issues ?? [], project.id).toEqual([]);
      for (const id of [project.proposedBy, ...project.participants, ...project.benefits.map((b) => b.ownerMemberId)]) expect(memberIds.has(id), `${project.id}: ${id}`).toBe(true);
      for (const id of project.deviceIds) expect(deviceIds.has(id), `${project.id}: ${id}`).toBe(true);
      for (const id of project.dependsOn) expect(projectIds.has(id), `${project.id}: ${id}`).toBe(true);
    }
    for (const ranking of portfolioRankings) {
      expect(RankingInput.safeParse({ projectIds: ranking.projectIds }).success).toBe(true);
      for (const id of ranking.projectIds) expect(projectIds.has(id), `${ranking.memberId}: ${id}`).toBe(true);
    }
    expect(portfolioRankings.map((r) => r.memberId).sort()).toEqual(['birkenes', 'iveland', 'kristiansand', 'lillesand', 'songdalen']);
    for (const scenario of portfolioScenarios) expect(Scenario.safeParse(scenario).success).toBe(true);
    for (const entry of portfolioDecisionLog) {
      expect(DecisionLogEntry.safeParse(entry).success).toBe(true);
      expect(projectIds.has(entry.projectId)).toBe(true);
    }
    // Every project's status is where its log leads (the last entry's `to`), ideas having none.
    for (const project of portfolioProjects) {
      const last = portfolioDecisionLog.filter((entry) => entry.projectId === project.id).at(-1);
      expect(last?.to ?? 'idea', project.id).toBe(project.status);
    }
    expect(portfolioBudgetLines.map((line) => [line.amountNok, line.scope])).toEqual([
      [12_350_000, 'reinvestment'],
      [8_000_000, 'both'],
      [10_000_000, 'projects'],
    ]);
  });

  it('plans within 4.5 MNOK a year and leaves something out for lack of money', () => {
    const { inputs } = demoInputs();
    const { plan } = runScenario(inputs, Scenario.parse(portfolioScenarios[0]), FROM, TO);
    // (8 000 000 + 10 000 000) / 4 = 4 500 000 a year; the reinvestment-only line does not count.
    expect(plan.years.map((y) => y.envelopeNok)).toEqual([4_500_000, 4_500_000, 4_500_000, 4_500_000]);
    // The merger project is forced in and walked first with the in-progress server room.
    expect(plan.included.slice(0, 2).map((p) => p.projectId).sort()).toEqual(['nye-kristiansand-2020', 'serverrom-oppgradering']);
    expect(plan.excluded.filter((entry) => entry.reason.code === 'over-envelope').length).toBeGreaterThan(0);
    // Cumulative planned never exceeds the cumulative envelope (no project is forced over it).
    let envelope = 0;
    let planned = 0;
    for (const year of plan.years) {
      envelope += year.envelopeNok;
      planned += year.plannedNok;
      expect(planned, String(year.year)).toBeLessThanOrEqual(envelope);
    }
  });

  it('shows the risk that delaying the firewall replacement adds', () => {
    const { inputs, risk } = demoInputs();
    const comparison = compareScenarios(inputs, risk, Scenario.parse(portfolioScenarios[0]), Scenario.parse(portfolioScenarios[1]), FROM, TO);
    // fw-kris-01/02 (criticality 5, bought 2012, firewall lifetime 5 → due 2017) are covered from 2018
    // in the base and from 2019 when delayed: 2018 carries 2 × 5 = 10 more.
    const y2018 = comparison.years.find((row) => row.year === 2018)!;
    expect(y2018.difference.riskExposure).toBe(10);
    // And 1 700 000 + 120 000 = 1 820 000 less spent in 2018, more in 2019.
    expect(y2018.difference.totalNok).toBe(-1_820_000);
    expect(comparison.years.find((row) => row.year === 2019)!.difference.totalNok).toBe(1_820_000);
    // Kristiansand's part of the 10 on 2018-01-01: the environment's key 0.3 fixed + 0.7 population over
    // Kristiansand 89 268, Songdalen 6 568, Iveland 1 305 (Σ 97 141): 10 × (0.1 + 0.7 × 89 268 / 97 141) = 7.43;
    // Songdalen 10 × (0.1 + 0.7 × 6 568 / 97 141) = 1.47; Iveland 1.09.
    const members2018 = comparison.members.filter((row) => row.year === 2018 && row.difference.riskExposure !== 0);
    expect(members2018.map((row) => [row.memberId, row.difference.riskExposure])).toEqual([
      ['iveland', 1.09],
      ['kristiansand', 7.43],
      ['songdalen', 1.47],
    ]);
  });
});
