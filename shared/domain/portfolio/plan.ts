import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { CodedReason, ExcludedProject, IncludedProject, MemberYearCost, PortfolioPlan, Priorities, ProjectCost } from '#shared/schemas/portfolio.ts';
import type { MemberDirectory, ServedMember } from '../reinvestment/membership-on-date.ts';
import { largestRemainderAmounts } from '../reinvestment/cost-keys.ts';
import { participantsOn, shareBasis, type ShareBasis } from '../reinvestment/shares.ts';
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
  /** Reuse the share bases of another plan over the same members and default key (scenario comparison). */
  splitter?: ShareSplitter;
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
      return { project, projectId: project.id, first: project.forced === 'in' || project.status === 'in-progress', priority: item?.priority ?? 0, score: item?.score ?? null };
    })
    .sort((a, b) => (a.first !== b.first ? (a.first ? -1 : 1) : byPriority(a, b)));

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
    inputs.splitter,
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
  splitter: ShareSplitter = new ShareSplitter(members, defaultKey),
): { shares: MemberYearCost[]; warnings: CodedReason[] } {
  const byYear = new Map<number, Map<string, MemberYearCost>>();
  const warnings: CodedReason[] = [];
  for (const project of projects) {
    for (const cost of project.costs) {
      if (cost.year < from || cost.year > to) continue;
      const basis = splitter.basis(project.participants, project.key, cost.year);
      if (basis.fractions.length === 0) {
        warnings.push(coded(PLAN_CODES.noParticipants, { projectId: project.id, year: cost.year }));
        continue;
      }
      // The share stage's whole-NOK split (shareAmounts without its per-member objects: this runs per project and year).
      const investment = largestRemainderAmounts(cost.investmentNok, basis.fractions);
      const operating = largestRemainderAmounts(cost.operatingNok, basis.fractions);
      let rows = byYear.get(cost.year);
      if (!rows) byYear.set(cost.year, (rows = new Map()));
      for (let i = 0; i < investment.length; i++) {
        const memberId = (basis.fractions[i] as { memberId: string }).memberId;
        let row = rows.get(memberId);
        if (!row) rows.set(memberId, (row = { year: cost.year, memberId, investmentNok: 0, operatingNok: 0 }));
        row.investmentNok += investment[i] as number;
        row.operatingNok += operating[i] as number;
      }
    }
  }
  const shares: MemberYearCost[] = [];
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
    const rows = byYear.get(year) as Map<string, MemberYearCost>;
    for (const memberId of [...rows.keys()].sort()) shares.push(rows.get(memberId) as MemberYearCost);
  }
  return { shares, warnings };
}

/**
 * The share stage's basis per (participants, key, year), computed once: thousands of projects share
 * a handful of participant lists and keys, and the fractions do not depend on the amount.
 */
export class ShareSplitter {
  /** participant list → key (as JSON) → year → basis. */
  private readonly bases = new Map<string, Map<string, Map<number, ShareBasis>>>();
  private readonly keyIds = new WeakMap<CostKey, string>();
  private readonly served = new Map<string, Map<number, ServedMember[]>>();
  private readonly listIds = new WeakMap<readonly string[], string>();

  constructor(
    private readonly members: MemberDirectory,
    private readonly defaultKey: CostKey,
  ) {}

  basis(participants: readonly string[], key: CostKey | undefined, year: number): ShareBasis {
    const chosen = key ?? this.defaultKey;
    const listId = this.listId(participants);
    let byKey = this.bases.get(listId);
    if (!byKey) this.bases.set(listId, (byKey = new Map()));
    // Equal keys stored on different projects are different objects: compare them by their JSON, made once per object.
    let keyId = this.keyIds.get(chosen);
    if (keyId === undefined) this.keyIds.set(chosen, (keyId = JSON.stringify(chosen)));
    let byYear = byKey.get(keyId);
    if (!byYear) byKey.set(keyId, (byYear = new Map()));
    let found = byYear.get(year);
    if (!found) {
      const on = `${year}-01-01`;
      found = shareBasis({ on, key: chosen, keySource: key ? 'project' : 'region-default', participants: this.participants(participants, listId, year) });
      byYear.set(year, found);
    }
    return found;
  }

  /** The list's payers on 1 January of `year`, once per list and year (many keys share them). */
  private participants(participants: readonly string[], listId: string, year: number): ServedMember[] {
    let byYear = this.served.get(listId);
    if (!byYear) this.served.set(listId, (byYear = new Map()));
    let found = byYear.get(year);
    if (!found) byYear.set(year, (found = participantsOn(participants, this.members, `${year}-01-01`)));
    return found;
  }

  /** Lists are usually the projects' own arrays, shared by scenario copies: their text is made once. */
  private listId(participants: readonly string[]): string {
    let id = this.listIds.get(participants);
    if (id === undefined) this.listIds.set(participants, (id = participants.join(',')));
    return id;
  }
}
