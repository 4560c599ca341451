import { NotFoundError } from '#shared/domain/errors.ts';
import { requireRegion } from '#shared/domain/inventory.ts';
import type { InventoryStore } from '#shared/domain/inventory-store.ts';
import { allPages, type Page, type PageRequest } from '#shared/domain/paging.ts';
import type { MemberBill } from '#shared/schemas/member-bill.ts';
import { BASE_SCENARIO_ID, type PortfolioPlan, type Project } from '#shared/schemas/portfolio.ts';
import type { ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import { memberDirectory } from '../reinvestment/membership-on-date.ts';
import type { PlanFilter } from '../reinvestment/plan.ts';
import { planPeriod, type PlanPeriod, type RequestedPeriod } from '../reinvestment/planning.ts';
import { buildMemberBill, projectYearCosts, type BillProject } from './member-bill.ts';

/** The projects a member's bill counts: those the portfolio plan includes, with their cost rows as planned. */
export interface PlannedProjectSource {
  plannedProjects(regionId: string, period: PlanPeriod): Promise<{ scenarioId: string; projects: BillProject[] }>;
}

export interface MemberCostsDependencies {
  inventory: Pick<InventoryStore, 'getRegion' | 'getMember' | 'listMembers'>;
  reinvestmentPlan: (regionId: string, period: PlanPeriod, filter: PlanFilter) => Promise<ReinvestmentPlan>;
  projects: PlannedProjectSource;
  today?: () => string;
}

/** The member's bill use case: reads both plans for the period and hands them to {@link buildMemberBill}. */
export class MemberCosts {
  private readonly today: () => string;

  constructor(private readonly deps: MemberCostsDependencies) {
    this.today = deps.today ?? (() => new Date().toISOString().slice(0, 10));
  }

  async bill(regionId: string, memberId: string, requested: RequestedPeriod): Promise<MemberBill> {
    const period = planPeriod(requested, this.today());
    const store = this.deps.inventory;
    const region = await requireRegion(store, regionId);
    const member = await store.getMember(regionId, memberId);
    if (!member) throw new NotFoundError('member', memberId);
    const [members, reinvestment, planned] = await Promise.all([
      allPages((page) => store.listMembers(regionId, page)),
      this.deps.reinvestmentPlan(regionId, period, { memberId }),
      this.deps.projects.plannedProjects(regionId, period),
    ]);
    return buildMemberBill({
      regionId,
      member,
      members,
      from: period.from,
      to: period.to,
      asOf: reinvestment.asOf,
      reinvestment: reinvestment.items,
      projects: projectYearCosts(planned.projects, memberDirectory(members), region.defaultKey, period.from, period.to),
      scenarioId: planned.scenarioId,
    });
  }
}

/** What {@link portfolioProjects} needs of the portfolio's use cases. */
export interface PortfolioReader {
  plan(regionId: string, requested: RequestedPeriod, scenarioId: string): Promise<PortfolioPlan>;
  listProjects(regionId: string, page: PageRequest): Promise<Page<Project>>;
}

/** The projects the base scenario's budget-constrained plan includes, with their titles, participants and keys. */
export function portfolioProjects(portfolio: PortfolioReader): PlannedProjectSource {
  return {
    async plannedProjects(regionId, period) {
      const [plan, projects] = await Promise.all([portfolio.plan(regionId, period, BASE_SCENARIO_ID), allPages((page) => portfolio.listProjects(regionId, page))]);
      const byId = new Map(projects.map((project) => [project.id, project]));
      return {
        scenarioId: plan.scenarioId,
        projects: plan.included.flatMap((included) => {
          const project = byId.get(included.projectId);
          return project ? [{ id: project.id, title: project.title, participants: project.participants, key: project.key, costs: included.costs }] : [];
        }),
      };
    },
  };
}
