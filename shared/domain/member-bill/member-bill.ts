import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { BillAmounts, BillLine, BillSource, MemberBill } from '#shared/schemas/member-bill.ts';
import type { ProjectCost } from '#shared/schemas/portfolio.ts';
import type { PlanItem, PlanShare } from '#shared/schemas/reinvestment-plan.ts';
import { ShareSplitter } from '../portfolio/plan.ts';
import type { MemberDirectory, MemberRecord } from '../reinvestment/membership-on-date.ts';
import { shareAmounts } from '../reinvestment/shares.ts';

/**
 * A member's bill: what one member pays per year — its shares of the reinvestment plan and of the
 * projects in the portfolio plan — line by line, with everyone's part and where each line is
 * explained. Pure: the caller reads the plans (`member-costs.ts`).
 */

/** One year of a project's cost, split among the members paying it on 1 January of that year. */
export interface ProjectYearCost {
  projectId: string;
  title: string;
  year: number;
  investmentNok: number;
  operatingNok: number;
  investment: PlanShare[];
  operating: PlanShare[];
}

export interface BillProject {
  id: string;
  title: string;
  participants: readonly string[];
  key?: CostKey | undefined;
  /** The cost rows as the plan has them (a scenario's delays applied). */
  costs: readonly ProjectCost[];
}

/**
 * Each project's cost years inside from..to, investment and operating each split by the project's
 * key (else the region's default) over its participants that are members on 1 January — the same
 * share stage, cache and order as the portfolio plan's shares, so the bill's project lines sum to
 * the plan's per-member figures. A year nobody pays in (no participant is a member) has no shares.
 */
export function projectYearCosts(projects: readonly BillProject[], members: MemberDirectory, defaultKey: CostKey, from: number, to: number): ProjectYearCost[] {
  const splitter = new ShareSplitter(members, defaultKey);
  const costs: ProjectYearCost[] = [];
  for (const project of projects) {
    for (const cost of project.costs) {
      if (cost.year < from || cost.year > to) continue;
      const basis = splitter.basis(project.participants, project.key, cost.year);
      costs.push({
        projectId: project.id,
        title: project.title,
        year: cost.year,
        investmentNok: cost.investmentNok,
        operatingNok: cost.operatingNok,
        investment: shareAmounts(basis, cost.investmentNok),
        operating: shareAmounts(basis, cost.operatingNok),
      });
    }
  }
  return costs;
}

export interface MemberBillInput {
  regionId: string;
  member: Pick<MemberRecord, 'id' | 'name'>;
  members: readonly Pick<MemberRecord, 'id' | 'name'>[];
  from: number;
  to: number;
  asOf: string;
  /** Reinvestment plan items over from..to (those without a share of this member are left out). */
  reinvestment: readonly PlanItem[];
  projects: readonly ProjectYearCost[];
  scenarioId: string;
}

const SOURCE_ORDER: Record<BillSource, number> = { reinvestment: 0, 'project-investment': 1, 'project-operating': 2 };

export function buildMemberBill(input: MemberBillInput): MemberBill {
  const { regionId, from, to } = input;
  const memberId = input.member.id;
  const lines: BillLine[] = [];
  const line = (year: number, source: BillSource, refId: string, name: string, costNok: number, shares: readonly PlanShare[], explanation: string) => {
    const own = shares.find((share) => share.memberId === memberId);
    if (!own || costNok === 0) return;
    lines.push({
      year,
      source,
      refId,
      name,
      costNok,
      amountNok: own.amountNok,
      shares: shares.map((share) => ({ memberId: share.memberId, amountNok: share.amountNok })).sort((a, b) => compareText(a.memberId, b.memberId)),
      explanation,
    });
  };
  for (const item of input.reinvestment) {
    line(item.budgetYear, 'reinvestment', item.deviceId, item.name, item.costNok, item.shares, `/api/regions/${regionId}/reinvestment-plan/items/${item.deviceId}?from=${from}&to=${to}`);
  }
  for (const cost of input.projects) {
    const explanation = `/api/regions/${regionId}/projects/${cost.projectId}`;
    line(cost.year, 'project-investment', cost.projectId, cost.title, cost.investmentNok, cost.investment, explanation);
    line(cost.year, 'project-operating', cost.projectId, cost.title, cost.operatingNok, cost.operating, explanation);
  }
  lines.sort((a, b) => a.year - b.year || SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] || compareText(a.name, b.name) || compareText(a.refId, b.refId));

  const years = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => ({ year: from + i, ...noAmounts() }));
  const total = noAmounts();
  for (const billed of lines) {
    const year = years[billed.year - from];
    if (year) add(year, billed);
    add(total, billed);
  }

  const named = new Set(lines.flatMap((billed) => billed.shares.map((share) => share.memberId)));
  named.add(memberId);
  const names = new Map(input.members.map((member) => [member.id, member.name]));
  return {
    regionId,
    memberId,
    memberName: input.member.name,
    from,
    to,
    asOf: input.asOf,
    years,
    total,
    lines,
    members: [...named].sort(compareText).map((id) => ({ id, name: names.get(id) ?? id })),
    projects: { scenarioId: input.scenarioId },
  };
}

function noAmounts(): BillAmounts {
  return { reinvestmentNok: 0, projectInvestmentNok: 0, projectOperatingNok: 0, totalNok: 0 };
}

function add(amounts: BillAmounts, billed: BillLine): void {
  if (billed.source === 'reinvestment') amounts.reinvestmentNok += billed.amountNok;
  else if (billed.source === 'project-investment') amounts.projectInvestmentNok += billed.amountNok;
  else amounts.projectOperatingNok += billed.amountNok;
  amounts.totalNok += billed.amountNok;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
