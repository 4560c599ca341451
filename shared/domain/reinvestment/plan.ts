import type { DeviceKind } from '#shared/schemas/common.ts';
import type { DeviceFields } from '#shared/schemas/device.ts';
import type { Region } from '#shared/schemas/region.ts';
import type { ItemExplanation, PlanItem, ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import { BudgetLineMatcher, envelopeRows, type BudgetLineRecord } from './envelopes.ts';
import type { HealthSummary } from './health-summary.ts';
import { memberDirectory, type EnvironmentRecord, type MemberDirectory, type MemberRecord } from './membership-on-date.ts';
import { PlannedByLine, passes, sortItems, totalsOf } from './stages/aggregation.ts';
import { decideCost, type CostDecision } from './stages/costing.ts';
import { yearOf } from './stages/dates.ts';
import { decideDue, healthCanMove as dueHealthCanMove, type DueDecision, type DueRules } from './stages/due.ts';
import { codedWarnings } from '#shared/messages/plan.ts';
import { explanationSteps, itemWarnings, notInPlanBecause, shareComputationOf } from './stages/explanation.ts';
import { decidePayer, ShareBases, type PayerDecision } from './stages/payers.ts';

export { addYears } from './stages/dates.ts';

/**
 * The reinvestment plan: for each device, when it is due, in which budget year, what it costs
 * then and who pays which share. The rules, in order (each is one step of an explanation):
 *
 * 1. Lifetime: the device's expectedLifetimeYears, else the region's policy for its kind, else the default.
 * 2. End of life: purchase date + lifetime, same day and month (29 February becomes 28 February).
 * 3. Due date: the earlier of end of life and a dated vendor end of support (tie: lifetime).
 * 4. Health: critical ≥ 10 % of the observed time in the last 90 days or ≥ 3 incidents in 365 days
 *    → due no later than the current year (the due date becomes `asOf`).
 * 5. Budget year: the due date's year; before the plan's first year → the first year, overdue.
 *    After the last year → not in this plan.
 * 6. Cost: replacementCostNok, else purchase cost × (1 + price index)^(budget year − purchase year), whole NOK.
 * 7. Payer on 1 January of the budget year: a single member (after mergers; none if it has left,
 *    and then the device leaves the plan), or the device's / environment's key over the members served.
 *
 * The pipeline runs four stages over each device (`stages/`): due rules (1–5) → costing (6) →
 * shares (7, through the share stage `shares.ts`, which projects use too) → aggregation (totals,
 * envelopes). The stages decide; `stages/explanation.ts` turns their decisions into words, only
 * when one item is explained.
 *
 * Pure and O(devices × members): shared-cost fractions are computed once per environment, key and
 * year and reused for every device there.
 */

export type PlanDevice = Pick<
  DeviceFields,
  | 'id'
  | 'name'
  | 'kind'
  | 'environmentId'
  | 'purchaseDate'
  | 'purchaseCostNok'
  | 'replacementCostNok'
  | 'expectedLifetimeYears'
  | 'vendorEndOfSupport'
  | 'payer'
  | 'tags'
>;
export type PlanRegion = Pick<Region, 'id' | 'priceIndex' | 'lifetimes' | 'defaultKey'>;

export interface PlanFilter {
  /** Items in which this member has a share; totals for this member only. */
  memberId?: string;
  environmentId?: string;
  kind?: DeviceKind;
}

export interface PlanInput {
  region: PlanRegion;
  members: readonly MemberRecord[];
  environments: readonly EnvironmentRecord[];
  devices: readonly PlanDevice[];
  budgetLines?: readonly BudgetLineRecord[];
  fromYear: number;
  toYear: number;
  /** Today, as `YYYY-MM-DD`: its year is "the current year" of the health rule. */
  asOf: string;
  /** Health figures by device id; absent or empty before the health capability delivers them. */
  health?: ReadonlyMap<string, HealthSummary>;
  filter?: PlanFilter;
}

export interface PlanComputation {
  plan: ReinvestmentPlan;
  /** Each rule with its value for one device of the input; undefined for an unknown device id. */
  explain(deviceId: string): ItemExplanation | undefined;
}

/** Computes the plan for `input`; see the module comment for the rules. */
export function computePlan(input: PlanInput): PlanComputation {
  const context = new PlanContext(input);
  const matcher = new BudgetLineMatcher(input.budgetLines ?? []);
  const filter = input.filter ?? {};
  const planned = new PlannedByLine();
  const items: PlanItem[] = [];

  for (const device of input.devices) {
    const item = planDevice(device, context).item;
    if (!item) continue;
    const line = matcher.lineFor(item.kind, device.tags, item.budgetYear);
    if (line) {
      item.budgetLineId = line.id;
      planned.add(line.id, item);
    }
    if (passes(item, filter)) items.push(item);
  }

  sortItems(items);
  const plan: ReinvestmentPlan = {
    regionId: input.region.id,
    from: input.fromYear,
    to: input.toYear,
    asOf: input.asOf,
    items,
    totals: totalsOf(items, filter.memberId, input.fromYear),
    envelopes: envelopeRows(input.budgetLines ?? [], planned.byLine, input.fromYear, input.toYear),
  };

  let devicesById: Map<string, PlanDevice> | undefined;
  return {
    plan,
    explain(deviceId) {
      devicesById ??= new Map(input.devices.map((device) => [device.id, device]));
      const device = devicesById.get(deviceId);
      if (!device) return undefined;
      const outcome = planDevice(device, context);
      if (outcome.item) {
        const line = matcher.lineFor(device.kind, device.tags, outcome.item.budgetYear);
        if (line) outcome.item.budgetLineId = line.id;
      }
      const because = notInPlanBecause(outcome.due, outcome.payer, input.toYear);
      return {
        regionId: input.region.id,
        deviceId,
        plan: { from: input.fromYear, to: input.toYear, asOf: input.asOf },
        inPlan: outcome.item !== undefined,
        ...(because ? { notInPlanBecause: because } : {}),
        inputs: {
          device: {
            name: device.name,
            kind: device.kind,
            environmentId: device.environmentId,
            purchaseDate: device.purchaseDate,
            purchaseCostNok: device.purchaseCostNok,
            ...(device.replacementCostNok !== undefined ? { replacementCostNok: device.replacementCostNok } : {}),
            ...(device.expectedLifetimeYears !== undefined ? { expectedLifetimeYears: device.expectedLifetimeYears } : {}),
            vendorEndOfSupport: device.vendorEndOfSupport,
            payer: device.payer,
            tags: device.tags,
          },
          region: { priceIndex: input.region.priceIndex, lifetimeYearsForKind: outcome.due.policyYears },
          health: outcome.due.health ?? null,
        },
        steps: explanationSteps(device, outcome.due, outcome.cost, outcome.payer, {
          fromYear: input.fromYear,
          toYear: input.toYear,
          currentYear: context.dueRules.currentYear,
          priceIndex: input.region.priceIndex,
        }),
        shares: outcome.cost ? shareComputationOf(outcome.payer, outcome.cost.costNok) : null,
        item: outcome.item ?? null,
      };
    },
  };
}

/**
 * Whether rule 4 can move this device: only a device due (by rules 1–3) after the current year can
 * be pulled forward (see `stages/due.ts`).
 */
export function healthCanMove(device: PlanDevice, region: PlanRegion, asOf: string): boolean {
  return dueHealthCanMove(device, region.lifetimes, asOf);
}

// --- one device through the stages -------------------------------------------------------------

/** Each stage's decision for one device; later stages are absent once the device leaves the plan. */
interface DeviceOutcome {
  due: DueDecision;
  cost?: CostDecision;
  payer?: PayerDecision;
  item?: PlanItem;
}

function planDevice(device: PlanDevice, context: PlanContext): DeviceOutcome {
  const due = decideDue(device, context.dueRules);
  if (due.afterPlan) return { due };
  const cost = decideCost(device, due.budgetYear, context.input.region.priceIndex);
  const payer = decidePayer(device, due.budgetYear, cost.costNok, context.members, context.bases);
  if (payer.type === 'left') return { due, cost, payer };

  const item: PlanItem = {
    deviceId: device.id,
    name: device.name,
    kind: device.kind,
    environmentId: device.environmentId,
    dueDate: due.dueDate,
    reason: due.reason,
    budgetYear: due.budgetYear,
    overdue: due.overdue,
    costNok: cost.costNok,
    shares: payer.shares,
  };
  const warnings = itemWarnings(cost, payer);
  if (warnings) {
    item.warnings = warnings;
    item.warningCodes = codedWarnings(warnings);
  }
  return { due, cost, payer, item };
}

/** What every device of one plan shares: lookups, the due rules and the cache of share bases. */
class PlanContext {
  readonly members: MemberDirectory;
  readonly dueRules: DueRules;
  readonly bases: ShareBases;

  constructor(readonly input: PlanInput) {
    this.members = memberDirectory(input.members);
    this.dueRules = {
      fromYear: input.fromYear,
      toYear: input.toYear,
      asOf: input.asOf,
      currentYear: yearOf(input.asOf),
      lifetimes: input.region.lifetimes,
      health: input.health ?? new Map(),
    };
    const environments = new Map(input.environments.map((environment) => [environment.id, environment]));
    this.bases = new ShareBases(this.members, environments, input.region, input.fromYear);
  }
}
