import * as z from '#shared/schemas/zod.ts';
import { AuditSource } from './audit.ts';
import { Year } from './budget-line.ts';
import { ComputedDate, DeviceKind, IsoDate, MAX_NOK, Slug } from './common.ts';
import { CostKey } from './cost-key.ts';
import { Payer } from './device.ts';

/** A warning as a code with parameters: `{ code: 'plan-warning-no-population', params: { memberId: 'iveland' } }`. */
export const CodedWarning = z.object({ code: z.string(), params: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))) });

/**
 * The shapes the reinvestment plan answers with. The domain (`shared/domain/reinvestment/`) builds
 * values of these types and the API documents them from these schemas, so both say the same thing.
 */

/** Why an item is due when it is. */
export const DueReason = z.enum(['lifetime', 'vendor-end-of-support', 'health']);
export type DueReason = z.infer<typeof DueReason>;

/** One member's part of an item's cost in its budget year. Amounts are whole NOK summing to the cost. */
export const PlanShare = z.object({
  memberId: Slug,
  /** The member's fraction of the cost, 0–1, before rounding to whole NOK. */
  fraction: z.number().check(z.gte(0), z.lte(1)),
  amountNok: z.int().check(z.nonnegative(), z.lte(MAX_NOK)),
});
export type PlanShare = z.infer<typeof PlanShare>;

export const PlanItem = z.object({
  deviceId: Slug,
  name: z.string(),
  kind: DeviceKind,
  environmentId: Slug,
  /** The date the device is due for replacement (the original date also for overdue items). */
  dueDate: ComputedDate,
  reason: DueReason,
  budgetYear: Year,
  /** Due before the plan's first year; planned in the first year. */
  overdue: z.boolean(),
  costNok: z.int().check(z.nonnegative(), z.lte(MAX_NOK)),
  shares: z.array(PlanShare),
  /** The budget line the cost is counted against, when one covers it. */
  budgetLineId: z.optional(Slug),
  /** Data problems met on the way (a missing population figure, nobody served); see the explanation. */
  warnings: z.optional(z.array(z.string())),
  /** The same warnings as codes with parameters (shared/messages/plan.*.ts), for rendering in the reader's language. */
  warningCodes: z.optional(z.array(CodedWarning)),
});
export type PlanItem = z.infer<typeof PlanItem>;

/** Sum of shares per year, member, kind and environment. `memberId` is null for cost nobody could be charged. */
export const PlanTotal = z.object({
  year: Year,
  memberId: z.nullable(Slug),
  kind: DeviceKind,
  environmentId: Slug,
  amountNok: z.int(),
});
export type PlanTotal = z.infer<typeof PlanTotal>;

/**
 * A budget line against the plan, one row per year and one `total` row. differenceNok = amountNok −
 * plannedNok: positive is headroom, negative is overrun. A line given `per: year` sets its amount
 * aside every year. A line given `per: total` is one sum for its whole period: its yearly rows are
 * cumulative (the whole amount against what is planned from the line's first plan year up to and
 * including that year), so a year only shows an overrun once the period's money is spent — never an
 * artificial one from splitting the sum evenly over the years.
 */
export const EnvelopeRow = z.object({
  id: Slug,
  name: z.string(),
  year: z.union([Year, z.literal('total')]),
  per: z.enum(['year', 'total']),
  amountNok: z.int(),
  /** `per: year` and total rows: planned in that year (or period). `per: total` yearly rows: cumulative. */
  plannedNok: z.int(),
  /** Planned in this year alone (the bar a chart draws); on total rows the period's sum. */
  plannedInYearNok: z.int(),
  differenceNok: z.int(),
  status: z.enum(['headroom', 'on-budget', 'overrun']),
});
export type EnvelopeRow = z.infer<typeof EnvelopeRow>;

export const ReinvestmentPlan = z.object({
  regionId: Slug,
  from: Year,
  to: Year,
  /** The date the plan was computed for: "this year" for the health rule. */
  asOf: IsoDate,
  items: z.array(PlanItem),
  totals: z.array(PlanTotal),
  /** Always for the whole region, whatever the filters: a filtered sum against a whole budget line would mislead. */
  envelopes: z.array(EnvelopeRow),
});
export type ReinvestmentPlan = z.infer<typeof ReinvestmentPlan>;

// --- explanation --------------------------------------------------------------------------------

const StepValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One rule applied to one device, with the value it produced and why, in words. */
export const ExplanationStep = z.object({
  step: z.int().check(z.gte(1), z.lte(7)),
  rule: z.enum(['lifetime', 'end-of-life', 'due-date', 'health', 'budget-year', 'cost', 'payer']),
  value: StepValue,
  explanation: z.string(),
  details: z.optional(z.record(z.string(), StepValue)),
});
export type ExplanationStep = z.infer<typeof ExplanationStep>;

export const ShareLine = z.object({
  memberId: Slug,
  /** Member ids whose part this member pays because they merged into it. */
  mergedFrom: z.optional(z.array(Slug)),
  population: z.optional(z.int()),
  fraction: z.number(),
  /** The fraction as a formula of the key, e.g. `0.3/8 + 0.7 × 47199/83566`. */
  formula: z.string(),
  /** cost × fraction before rounding. */
  exactNok: z.number(),
  amountNok: z.int(),
});
export type ShareLine = z.infer<typeof ShareLine>;

export const ShareComputation = z.object({
  /** 1 January of the budget year: who is served and which population is in force is read on this date. */
  on: IsoDate,
  method: z.enum(['single-member', 'key']),
  key: z.optional(CostKey),
  keySource: z.optional(z.enum(['device', 'environment', 'region-default', 'project'])),
  memberCount: z.int(),
  populationTotal: z.optional(z.int()),
  members: z.array(ShareLine),
  totalNok: z.int(),
  /** How the whole-NOK amounts were made to sum exactly to the cost. */
  rounding: z.string(),
  warnings: z.array(z.string()),
  /** The same warnings as codes with parameters. */
  warningCodes: z.optional(z.array(CodedWarning)),
});
export type ShareComputation = z.infer<typeof ShareComputation>;

export const ItemExplanation = z.object({
  regionId: Slug,
  deviceId: Slug,
  plan: z.object({ from: Year, to: Year, asOf: IsoDate }),
  inPlan: z.boolean(),
  /** Why the device has no line in this plan (due after it, or its member has left). */
  notInPlanBecause: z.optional(z.string()),
  inputs: z.object({
    device: z.object({
      name: z.string(),
      kind: DeviceKind,
      environmentId: Slug,
      purchaseDate: IsoDate,
      purchaseCostNok: z.int(),
      replacementCostNok: z.optional(z.int()),
      expectedLifetimeYears: z.optional(z.int()),
      vendorEndOfSupport: z.union([IsoDate, z.literal('announced-unknown'), z.null()]),
      payer: Payer,
      tags: z.array(z.string()),
    }),
    region: z.object({ priceIndex: z.number(), lifetimeYearsForKind: z.int() }),
    /** The device's health figures (null: none known). The critical share is over the time sweeps observed it; null when none did. */
    health: z.nullable(
      z.object({
        criticalFractionLast90Days: z.nullable(z.number()),
        incidentsLast365Days: z.int(),
        observedSweepsLast90Days: z.optional(z.int()),
        criticalSweepsLast90Days: z.optional(z.int()),
      }),
    ),
  }),
  steps: z.array(ExplanationStep),
  shares: z.nullable(ShareComputation),
  item: z.nullable(PlanItem),
  /** The audit entries that put the figures above in place: who entered each, when (and why, where a reason was given). */
  sources: z.optional(z.array(AuditSource)),
});
export type ItemExplanation = z.infer<typeof ItemExplanation>;
