import type { AuditStore } from '#shared/domain/audit/audit-log.ts';
import { NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import { requireRegion } from '#shared/domain/inventory.ts';
import type { InventoryStore } from '#shared/domain/inventory-store.ts';
import { allPages, type Page, type PageRequest } from '#shared/domain/paging.ts';
import type { BudgetLine } from '#shared/schemas/budget-line.ts';
import type { AuditSource } from '#shared/schemas/audit.ts';
import type { ItemExplanation, ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import type { BudgetLineStore } from './budget-line-store.ts';
import type { HealthSummarySource } from './health-summary.ts';
import { figuresOf, linkFigures, trailKey } from './figure-sources.ts';
import { computePlan, healthCanMove, type PlanComputation, type PlanFilter } from './plan.ts';

/** Names by id of the members and environments of a region, for texts people read (the plan itself carries ids). */
export interface PlanNames {
  members: Readonly<Record<string, string>>;
  environments: Readonly<Record<string, string>>;
}

export interface PlanPeriod {
  from: number;
  to: number;
}

/** A period as asked for: either end may be left out (see {@link planPeriod}). */
export interface RequestedPeriod {
  from?: number;
  to?: number;
}

export interface PlanningDependencies {
  inventory: InventoryStore;
  budgetLines: BudgetLineStore;
  health: HealthSummarySource;
  /** Where explanations find who entered each figure; without it, explanations carry no sources. */
  audit?: Pick<AuditStore, 'forRecord'>;
  /** Today as `YYYY-MM-DD`; injectable so tests and reruns are reproducible. */
  today?: () => string;
}

/**
 * Reinvestment planning use cases: the plan, one item's explanation, and the budget lines the
 * plan is compared with. Reads the region's whole inventory page by page (never a Scan) and hands
 * it to the pure {@link computePlan}.
 */
export class ReinvestmentPlanning {
  private readonly today: () => string;

  constructor(private readonly deps: PlanningDependencies) {
    this.today = deps.today ?? (() => new Date().toISOString().slice(0, 10));
  }

  /** The plan for the requested period (see {@link planPeriod}), filtered; envelopes always compare the whole region's plan. */
  async plan(regionId: string, requested: RequestedPeriod, filter: PlanFilter = {}): Promise<ReinvestmentPlan> {
    const period = planPeriod(requested, this.today());
    return (await this.compute(regionId, period, filter)).plan;
  }

  /** The plan with the names of the members and environments it names by id, for exports people read. */
  async planWithNames(regionId: string, requested: RequestedPeriod, filter: PlanFilter = {}): Promise<{ plan: ReinvestmentPlan; names: PlanNames }> {
    const period = planPeriod(requested, this.today());
    const { plan, names } = await this.compute(regionId, period, filter);
    return { plan, names };
  }

  /** Every rule applied to one device in the plan for the requested period, with the share computation. */
  async explain(regionId: string, deviceId: string, requested: RequestedPeriod): Promise<ItemExplanation> {
    const period = planPeriod(requested, this.today());
    const device = await this.deps.inventory.getDevice(regionId, deviceId);
    if (!device) {
      await requireRegion(this.deps.inventory, regionId);
      throw new NotFoundError('device', deviceId);
    }
    const computation = await this.compute(regionId, period, {}, [device]);
    const explanation = computation.explain(deviceId) as ItemExplanation;
    return this.deps.audit ? { ...explanation, sources: await this.sourcesOf(regionId, explanation, this.deps.audit) } : explanation;
  }

  /** The audit entries behind the explanation's figures (see figure-sources.ts): one Query per record involved. */
  private async sourcesOf(regionId: string, explanation: ItemExplanation, audit: Pick<AuditStore, 'forRecord'>): Promise<AuditSource[]> {
    const store = this.deps.inventory;
    const [region, members, environment] = await Promise.all([
      requireRegion(store, regionId),
      allPages((page) => store.listMembers(regionId, page)),
      store.getEnvironment(regionId, explanation.inputs.device.environmentId),
    ]);
    const figures = figuresOf(explanation, { region, members: new Map(members.map((member) => [member.id, member])), ...(environment ? { environment } : {}) });
    const records = [...new Map(figures.map((figure) => [trailKey(figure.recordType, figure.recordId), figure])).entries()];
    const trails = await Promise.all(records.map(async ([key, figure]) => [key, await audit.forRecord(regionId, figure.recordType, figure.recordId)] as const));
    return linkFigures(figures, new Map(trails));
  }

  // --- budget lines ----------------------------------------------------------------------------
  async listBudgetLines(regionId: string, page: PageRequest): Promise<Page<BudgetLine>> {
    await requireRegion(this.deps.inventory, regionId);
    return this.deps.budgetLines.list(regionId, page);
  }

  async getBudgetLine(regionId: string, budgetLineId: string): Promise<BudgetLine> {
    const line = await this.deps.budgetLines.get(regionId, budgetLineId);
    if (!line) throw new NotFoundError('budget line', budgetLineId);
    return line;
  }

  async createBudgetLine(regionId: string, line: Omit<BudgetLine, 'version'>): Promise<BudgetLine> {
    await requireRegion(this.deps.inventory, regionId);
    return this.deps.budgetLines.create(regionId, line);
  }

  async replaceBudgetLine(regionId: string, line: Omit<BudgetLine, 'version'>, expectedVersion: number): Promise<BudgetLine> {
    await this.getBudgetLine(regionId, line.id);
    return this.deps.budgetLines.replace(regionId, line, expectedVersion);
  }

  async deleteBudgetLine(regionId: string, budgetLineId: string, expectedVersion: number): Promise<void> {
    await this.getBudgetLine(regionId, budgetLineId);
    await this.deps.budgetLines.delete(regionId, budgetLineId, expectedVersion);
  }

  // --- reading the region ----------------------------------------------------------------------
  /**
   * Reads the region and computes. Health figures are asked for once the devices are known, and
   * for the whole plan only about devices rule 4 can move (due after this year); an explanation
   * asks about its device whatever its due date, to show the figures.
   */
  private async compute(regionId: string, period: PlanPeriod, filter: PlanFilter, onlyDevices?: PlanInputDevices): Promise<PlanComputation & { names: PlanNames }> {
    const region = await requireRegion(this.deps.inventory, regionId);
    const asOf = this.today();
    const store = this.deps.inventory;
    const environmentsRead = allPages((page) => store.listEnvironments(regionId, page));
    const devicesRead = onlyDevices ? Promise.resolve(onlyDevices) : allPages((page) => store.listDevices(regionId, {}, page));
    const healthRead = Promise.all([environmentsRead, devicesRead]).then(([environments, devices]) =>
      this.deps.health.summariesFor(regionId, asOf, {
        devices: onlyDevices ? devices : devices.filter((device) => healthCanMove(device, region, asOf)),
        environmentIds: environments.map((environment) => environment.id),
      }),
    );
    const [members, environments, devices, budgetLines, health] = await Promise.all([
      allPages((page) => store.listMembers(regionId, page)),
      environmentsRead,
      devicesRead,
      allPages((page) => this.deps.budgetLines.list(regionId, page)),
      healthRead,
    ]);
    const names: PlanNames = {
      members: Object.fromEntries(members.map((member) => [member.id, member.name])),
      environments: Object.fromEntries(environments.map((environment) => [environment.id, environment.name])),
    };
    return { ...computePlan({ region, members, environments, devices, budgetLines, fromYear: period.from, toYear: period.to, asOf, health, filter }), names };
  }
}

type PlanInputDevices = Parameters<typeof computePlan>[0]['devices'];

/** The longest plan the API computes, in years. */
export const MAX_PLAN_YEARS = 30;

/**
 * The plan period from optional `from`/`to`: a four-year action programme by default, starting
 * this year, or ending at `to` when only that is given. Refuses a reversed or overlong period.
 */
export function planPeriod(requested: RequestedPeriod, today: string): PlanPeriod {
  const from = requested.from ?? (requested.to !== undefined ? requested.to - 3 : Number(today.slice(0, 4)));
  const to = requested.to ?? from + 3;
  if (to < from) throw new ValidationError('the plan ends before it starts', [{ field: 'query.to', problem: `is before from (${from})` }]);
  if (to - from + 1 > MAX_PLAN_YEARS) {
    throw new ValidationError('the plan is too long', [{ field: 'query.to', problem: `a plan covers at most ${MAX_PLAN_YEARS} years` }]);
  }
  return { from, to };
}
