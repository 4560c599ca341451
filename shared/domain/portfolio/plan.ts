import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { CodedReason, ExcludedProject, IncludedProject, MemberYearCost, PortfolioPlan, Priorities, ProjectCost } from '#shared/schemas/portfolio.ts';
import type { MemberDirectory } from '../reinvestment/membership-on-date.ts';
import { participantsOn, shareAmounts, shareBasis, type ShareBasis } from '../reinvestment/shares.ts';
import { byPriority, isCandidate, type PortfolioProject } from './priorities.ts';

/**
 * The budget-constrained plan (issue 8). Candidates are walked in order — forced-in and
 * in-progress first, then priority desc, score desc, id. A project is included when it is not
 * forced out, every dependency is already included or done, and for every year y from its first
 * cost year in the plan the cumulative investment of included projects through y stays within the
 * cumulative envelope through y (unspent money carries forward; nothing is borrowed from later
 * years). Only investment counts, and only cost years inside from..to. A forced-in project is
 * included whatever happens, flagged when it overruns or misses a dependency.
 */

export interface PlanInputs {
  scenarioId: string;
  from: number;
  to: number;
  /** Every project of the region (done ones satisfy dependencies; candidates are walked). */
  projects: readonly PortfolioProject[];
  priorities: Pick<Priorities, 'items'>;
  /** Year → project envelope NOK (see envelopes.ts). */
  envelope: ReadonlyMap<number, number>;
  members: MemberDirectory;
  defaultKey: CostKey;
}

/** Reason and flag codes (the UI words them; params as listed). */
export const PLAN_CODES = {
  /** {} */
  forcedOut: 'forced-out',
  /** { dependencyId } */
  dependencyOut: 'dependency-out',
  /** { year, overrunNok }: the first year whose cumulative envelope it would overrun, and by how much. */
  overEnvelope: 'over-envelope',
  /** Flag on an included project: { year, overrunNok }. */
  forcedInOverEnvelope: 'forced-in-over-envelope',
  /** Flag on an included project: { dependencyId }. */
  forcedInDependencyOut: 'forced-in-dependency-out',
  /** Flag: priority is support alone. {} */
  noScore: 'no-score',
  /** Warning: { projectId, year }: nobody of the participants is a member on 1 January. */
  noParticipants: 'no-participants',
} as const;

export function buildPortfolioPlan(inputs: PlanInputs): PortfolioPlan {
  const { from, to } = inputs;
  const span = Math.max(0, to - from + 1);
  const envelope = Array.from({ length: span }, (_, i) => inputs.envelope.get(from + i) ?? 0);
  const cumulativeEnvelope = cumulative(envelope);
  const planned = new Array<number>(span).fill(0);

  const priorityOf = new Map(inputs.priorities.items.map((item) => [item.projectId, item]));
  const walk = inputs.projects
    .filter(isCandidate)
    .map((project) => {
      const item = priorityOf.get(project.id);
      return { project, first: project.forced === 'in' || project.status === 'in-progress', priority: item?.priority ?? 0, score: item?.score ?? null };
    })
    .sort((a, b) => (a.first !== b.first ? (a.first ? -1 : 1) : byPriority({ ...a, projectId: a.project.id }, { ...b, projectId: b.project.id })));

  const done = new Set(inputs.projects.filter((project) => project.status === 'done').map((project) => project.id));
  const includedIds = new Set<string>();
  const included: IncludedProject[] = [];
  const excluded: ExcludedProject[] = [];

  for (const { project, first, score } of walk) {
    if (project.forced === 'out') {
      excluded.push({ projectId: project.id, reason: coded(PLAN_CODES.forcedOut) });
      continue;
    }
    const forcedIn = project.forced === 'in';
    const flags: CodedReason[] = [];
    const missing = project.dependsOn.find((id) => !includedIds.has(id) && !done.has(id));
    if (missing !== undefined) {
      if (!forcedIn) {
        excluded.push({ projectId: project.id, reason: coded(PLAN_CODES.dependencyOut, { dependencyId: missing }) });
        continue;
      }
      flags.push(coded(PLAN_CODES.forcedInDependencyOut, { dependencyId: missing }));
    }
    const yearly = investmentByYear(project.costs, from, span);
    const overrun = firstOverrun(yearly, planned, cumulativeEnvelope, from);
    if (overrun !== null) {
      if (!forcedIn) {
        excluded.push({ projectId: project.id, reason: coded(PLAN_CODES.overEnvelope, overrun) });
        continue;
      }
      flags.push(coded(PLAN_CODES.forcedInOverEnvelope, overrun));
    }
    if (score === null) flags.push(coded(PLAN_CODES.noScore));
    for (let i = 0; i < span; i++) planned[i] = (planned[i] as number) + (yearly[i] as number);
    includedIds.add(project.id);
    const inWindow = project.costs.filter((cost) => cost.year >= from && cost.year <= to);
    included.push({
      projectId: project.id,
      walkedFirst: first,
      flags,
      costs: [...project.costs].sort((a, b) => a.year - b.year),
      investmentNok: inWindow.reduce((sum, cost) => sum + cost.investmentNok, 0),
      operatingNok: inWindow.reduce((sum, cost) => sum + cost.operatingNok, 0),
    });
  }

  const projectsById = new Map(inputs.projects.map((project) => [project.id, project]));
  const { shares, warnings } = projectShares(
    included.map((entry) => projectsById.get(entry.projectId) as PortfolioProject),
    from,
    to,
    inputs.members,
    inputs.defaultKey,
  );
  return {
    scenarioId: inputs.scenarioId,
    from,
    to,
    years: envelope.map((envelopeNok, i) => ({ year: from + i, envelopeNok, plannedNok: planned[i] as number, differenceNok: envelopeNok - (planned[i] as number) })),
    included,
    excluded,
    shares,
    warnings,
  };
}

function coded(code: string, params: Record<string, string | number> = {}): CodedReason {
  return { code, params };
}

function cumulative(values: readonly number[]): number[] {
  let sum = 0;
  return values.map((value) => (sum += value));
}

/** Investment per plan year (index = year − from), cost years outside the plan left out. */
function investmentByYear(costs: readonly ProjectCost[], from: number, span: number): number[] {
  const yearly = new Array<number>(span).fill(0);
  for (const cost of costs) {
    const i = cost.year - from;
    if (i >= 0 && i < span) yearly[i] = (yearly[i] as number) + cost.investmentNok;
  }
  return yearly;
}

/**
 * The first year (from the project's first plan year on) whose cumulative planned investment with
 * the project exceeds the cumulative envelope, and the excess; null when it fits.
 */
export function firstOverrun(
  yearly: readonly number[],
  planned: readonly number[],
  cumulativeEnvelope: readonly number[],
  from = 0,
): { year: number; overrunNok: number } | null {
  const start = yearly.findIndex((amount) => amount > 0);
  if (start < 0) return null;
  let cumulativeWith = 0;
  for (let i = 0; i < yearly.length; i++) {
    cumulativeWith += (planned[i] as number) + (yearly[i] as number);
    if (i < start) continue;
    const excess = cumulativeWith - (cumulativeEnvelope[i] as number);
    if (excess > 0) return { year: from + i, overrunNok: excess };
  }
  return null;
}

// --- shares -----------------------------------------------------------------------------------------

/**
 * Each included project's cost rows inside from..to shared by its key (default: the region's) over
 * its participants that are members on 1 January of the cost year — mergers followed, so
 * Songdalen's part is Kristiansand's from 2020 — in whole NOK by largest remainder, investment and
 * operating each; summed per year and member, ordered by year then member.
 */
export function projectShares(
  projects: readonly Pick<PortfolioProject, 'id' | 'participants' | 'costs' | 'key'>[],
  from: number,
  to: number,
  members: MemberDirectory,
  defaultKey: CostKey,
): { shares: MemberYearCost[]; warnings: CodedReason[] } {
  const splitter = new ShareSplitter(members, defaultKey);
  const totals = new Map<string, MemberYearCost>();
  const warnings: CodedReason[] = [];
  for (const project of projects) {
    for (const cost of project.costs) {
      if (cost.year < from || cost.year > to) continue;
      const basis = splitter.basis(project.participants, project.key, cost.year);
      if (basis.fractions.length === 0) {
        warnings.push(coded(PLAN_CODES.noParticipants, { projectId: project.id, year: cost.year }));
        continue;
      }
      const investment = shareAmounts(basis, cost.investmentNok);
      const operating = shareAmounts(basis, cost.operatingNok);
      investment.forEach(({ memberId, amountNok }, i) => {
        const id = `${cost.year}|${memberId}`;
        let row = totals.get(id);
        if (!row) {
          row = { year: cost.year, memberId, investmentNok: 0, operatingNok: 0 };
          totals.set(id, row);
        }
        row.investmentNok += amountNok;
        row.operatingNok += (operating[i] as { amountNok: number }).amountNok;
      });
    }
  }
  const shares = [...totals.values()].sort((a, b) => a.year - b.year || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  return { shares, warnings };
}

/**
 * The share stage's basis per (participants, key, year), computed once: thousands of projects share
 * a handful of participant lists and keys, and the fractions do not depend on the amount.
 */
export class ShareSplitter {
  private readonly cache = new Map<string, ShareBasis>();
  private readonly keyIds = new WeakMap<CostKey, string>();

  constructor(
    private readonly members: MemberDirectory,
    private readonly defaultKey: CostKey,
  ) {}

  basis(participants: readonly string[], key: CostKey | undefined, year: number): ShareBasis {
    const chosen = key ?? this.defaultKey;
    let keyId = this.keyIds.get(chosen);
    if (keyId === undefined) {
      keyId = JSON.stringify(chosen);
      this.keyIds.set(chosen, keyId);
    }
    const id = `${year}|${keyId}|${participants.join(',')}`;
    let found = this.cache.get(id);
    if (!found) {
      const on = `${year}-01-01`;
      found = shareBasis({ on, key: chosen, keySource: key ? 'project' : 'region-default', participants: participantsOn(participants, this.members, on) });
      this.cache.set(id, found);
    }
    return found;
  }
}
