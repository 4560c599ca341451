import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { CompareRow, PortfolioPlan, Priorities, ScenarioComparison, ScenarioOverrides, ScenarioSide } from '#shared/schemas/portfolio.ts';
import { BASE_SCENARIO_ID } from '#shared/schemas/portfolio.ts';
import type { MemberDirectory } from '../reinvestment/membership-on-date.ts';
import { projectEnvelopes, type EnvelopeLine } from './envelopes.ts';
import { buildPortfolioPlan, ShareSplitter } from './plan.ts';
import { computePriorities, type PortfolioProject, type ScoringSettings } from './priorities.ts';
import type { MemberRanking } from './rankings.ts';
import { riskExposure, type RiskDevice } from './risk.ts';
import { round2, type DeviceDue } from './scoring.ts';

/**
 * Scenarios (issue 8): a named set of overrides on the region's portfolio — delay a project by k
 * years, set an envelope's amount for a year, force a project in or out, change α or the member
 * weighting. The base plan is the scenario `base` (no overrides). Comparing two scenarios gives,
 * per year and per member, cost in each and the difference (b − a), and the risk exposure.
 */

/** Everything a portfolio plan is computed from, as plain data. */
export interface PortfolioInputs {
  projects: readonly PortfolioProject[];
  settings: ScoringSettings;
  rankings: readonly MemberRanking[];
  members: MemberDirectory;
  defaultKey: CostKey;
  budgetLines: readonly EnvelopeLine[];
  /** Devices by id: linked ones for derived urgency, all of them for risk exposure. */
  devices: ReadonlyMap<string, DeviceDue>;
  asOf: string;
}

export interface ScenarioRef {
  id: string;
  overrides: ScenarioOverrides;
}

export const BASE_SCENARIO: ScenarioRef = { id: BASE_SCENARIO_ID, overrides: { delays: [], envelopes: [], forced: [] } };

/** The projects and settings as the scenario sees them: delayed cost rows moved, forcing replaced. */
export function applyScenario(
  projects: readonly PortfolioProject[],
  settings: PortfolioInputs['settings'],
  overrides: ScenarioOverrides,
): { projects: PortfolioProject[]; settings: PortfolioInputs['settings'] } {
  const delay = new Map(overrides.delays.map((d) => [d.projectId, d.years]));
  const forced = new Map(overrides.forced.map((f) => [f.projectId, f.forced]));
  const adjusted = projects.map((project) => {
    const years = delay.get(project.id);
    const force = forced.get(project.id);
    if (years === undefined && force === undefined) return project;
    const next: PortfolioProject = { ...project };
    if (years !== undefined) next.costs = project.costs.map((cost) => ({ ...cost, year: cost.year + years }));
    if (force === 'none') delete next.forced;
    else if (force !== undefined) next.forced = force;
    return next;
  });
  return {
    projects: adjusted,
    settings: {
      ...settings,
      ...(overrides.alpha === undefined ? {} : { alpha: overrides.alpha }),
      ...(overrides.memberWeighting === undefined ? {} : { memberWeighting: overrides.memberWeighting }),
    },
  };
}

export interface ScenarioResult {
  projects: PortfolioProject[];
  priorities: Priorities;
  plan: PortfolioPlan;
}

/** Priorities and plan of one scenario over from..to (member weights read on 1 January of `from`). */
export function runScenario(inputs: PortfolioInputs, scenario: ScenarioRef, from: number, to: number, splitter?: ShareSplitter): ScenarioResult {
  const { projects, settings } = applyScenario(inputs.projects, inputs.settings, scenario.overrides);
  const priorities = computePriorities({ ...inputs, projects, settings, year: from });
  const plan = buildPortfolioPlan({
    scenarioId: scenario.id,
    from,
    to,
    projects,
    priorities,
    envelope: projectEnvelopes(inputs.budgetLines, from, to, scenario.overrides.envelopes),
    members: inputs.members,
    defaultKey: inputs.defaultKey,
    ...(splitter === undefined ? {} : { splitter }),
  });
  return { projects, priorities, plan };
}

/**
 * Scenario `b` against `a`: region rows per year, then member rows per year (every member that pays
 * or carries risk in either), each with both sides and b − a. Exposure rounded to 2 decimals.
 */
export function compareScenarios(
  inputs: PortfolioInputs,
  riskDevices: readonly RiskDevice[],
  a: ScenarioRef,
  b: ScenarioRef,
  from: number,
  to: number,
): ScenarioComparison {
  // Both plans split the same participant lists by the same keys: compute each basis once.
  const splitter = new ShareSplitter(inputs.members, inputs.defaultKey);
  const sides = [a, b].map((scenario) => {
    const result = runScenario(inputs, scenario, from, to, splitter);
    const includedIds = new Set(result.plan.included.map((entry) => entry.projectId));
    const covering = result.projects.filter((project) => includedIds.has(project.id));
    return { result, includedIds, exposure: riskExposure(riskDevices, covering, from, to) };
  });
  const [sideA, sideB] = sides as [(typeof sides)[number], (typeof sides)[number]];

  const region = (side: typeof sideA, year: number): ScenarioSide => {
    let investmentNok = 0;
    let operatingNok = 0;
    for (const share of side.result.plan.shares) {
      if (share.year !== year) continue;
      investmentNok += share.investmentNok;
      operatingNok += share.operatingNok;
    }
    const exposure = side.exposure[year - from]?.total ?? 0;
    return { investmentNok, operatingNok, totalNok: investmentNok + operatingNok, riskExposure: exposure };
  };
  const memberSide = (side: typeof sideA, year: number, memberId: string, costs: Map<string, { investmentNok: number; operatingNok: number }>): ScenarioSide => {
    const cost = costs.get(`${year}|${memberId}`);
    const investmentNok = cost?.investmentNok ?? 0;
    const operatingNok = cost?.operatingNok ?? 0;
    return { investmentNok, operatingNok, totalNok: investmentNok + operatingNok, riskExposure: side.exposure[year - from]?.byMember.get(memberId) ?? 0 };
  };

  const costsA = new Map(sideA.result.plan.shares.map((s) => [`${s.year}|${s.memberId}`, s]));
  const costsB = new Map(sideB.result.plan.shares.map((s) => [`${s.year}|${s.memberId}`, s]));
  const memberIds = new Set<string>();
  for (const share of [...sideA.result.plan.shares, ...sideB.result.plan.shares]) memberIds.add(share.memberId);
  for (const side of sides) for (const year of side.exposure) for (const memberId of year.byMember.keys()) memberIds.add(memberId);
  const sortedMembers = [...memberIds].sort();

  const years: CompareRow[] = [];
  const members: CompareRow[] = [];
  for (let year = from; year <= to; year++) {
    years.push(row(year, undefined, region(sideA, year), region(sideB, year)));
    for (const memberId of sortedMembers) {
      members.push(row(year, memberId, memberSide(sideA, year, memberId, costsA), memberSide(sideB, year, memberId, costsB)));
    }
  }
  return {
    a: a.id,
    b: b.id,
    from,
    to,
    years,
    members,
    onlyInA: [...sideA.includedIds].filter((id) => !sideB.includedIds.has(id)).sort(),
    onlyInB: [...sideB.includedIds].filter((id) => !sideA.includedIds.has(id)).sort(),
  };
}

/** Sides come with exact exposure; each figure, the difference included, is rounded once from exact values. */
function row(year: number, memberId: string | undefined, a: ScenarioSide, b: ScenarioSide): CompareRow {
  const difference: ScenarioSide = {
    investmentNok: b.investmentNok - a.investmentNok,
    operatingNok: b.operatingNok - a.operatingNok,
    totalNok: b.totalNok - a.totalNok,
    riskExposure: round2(b.riskExposure - a.riskExposure),
  };
  return {
    year,
    ...(memberId === undefined ? {} : { memberId }),
    a: { ...a, riskExposure: round2(a.riskExposure) },
    b: { ...b, riskExposure: round2(b.riskExposure) },
    difference,
  };
}
