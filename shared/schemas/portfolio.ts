import * as z from '#shared/schemas/zod.ts';
import { Year } from './budget-line.ts';
import { DeviceKind, IsoDate, MAX_NOK, Name, Nok, Slug, StorableNumber, Version } from './common.ts';
import { CostKey } from './cost-key.ts';
import { fieldText } from '#shared/messages/errors.ts';

/**
 * The shared project portfolio (issue 8): projects, their assessment and decision log, member
 * rankings, region settings, scenarios, and the shapes the priorities / plan / compare / benefits
 * answers take. The field names of `Project` are fixed by the issue's API contract.
 *
 * Texts a person reads: a project's `title` and `description` are data written by people (in the
 * region's language, Norwegian bokmål), stored as written. A project made from the reinvestment
 * plan gets an nb title ("Bytte hovedbrannmurer — Lillesand datapark — 2018") and keeps the
 * group it came from in `origin` (kind, environment, year) so a UI can render the title in English
 * from those parameters. Everything the API computes (exclusion reasons, flags, transition errors)
 * is a stable code with parameters, never a sentence.
 */

// --- small parts ------------------------------------------------------------------------------

export const PROJECT_STATUSES = ['idea', 'assessed', 'approved', 'in-progress', 'done', 'rejected', 'on-hold'] as const;
export const ProjectStatus = z.enum(PROJECT_STATUSES);
export type ProjectStatus = z.infer<typeof ProjectStatus>;

/** Statuses whose projects are ranked, scored into priorities and walked by the plan. */
export const CANDIDATE_STATUSES: readonly ProjectStatus[] = ['assessed', 'approved', 'in-progress'];

/** A rating or a risk level: 1 (lowest) to 5 (highest). */
export const OneToFive = z.int().check(z.gte(1), z.lte(5));

export const ProjectCost = z.strictObject({
  year: Year,
  /** Counts against the envelopes. */
  investmentNok: Nok,
  /** Shown per member; does not count against the envelopes. */
  operatingNok: Nok,
});
export type ProjectCost = z.infer<typeof ProjectCost>;

export const Risk = z.strictObject({
  description: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)),
  probability: OneToFive,
  impact: OneToFive,
});
export type Risk = z.infer<typeof Risk>;

/** Why something changed: required on transitions and urgency overrides, kept in the decision log. */
export const DecisionReason = z.string().check(z.trim(), z.minLength(1), z.maxLength(1000));

export const MONITORING_MEASURES = ['availability', 'incidents-per-month', 'backup-coverage'] as const;
export const MonitoringMeasureType = z.enum(MONITORING_MEASURES);
export type MonitoringMeasureType = z.infer<typeof MonitoringMeasureType>;

/**
 * What a benefit is measured by: values typed in (`entered`), or a measure computed from an
 * environment's stored monitoring history: `availability` (% of sweeps in which every device of
 * criticality ≥ 4 was ok), `incidents-per-month`, `backup-coverage` (%).
 */
export const BenefitMeasure = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('entered'), unit: z.optional(z.string().check(z.trim(), z.maxLength(40))) }),
  z.strictObject({ type: MonitoringMeasureType, environmentId: Slug }),
]);
export type BenefitMeasure = z.infer<typeof BenefitMeasure>;

export const MeasuredValue = z.strictObject({ date: IsoDate, value: StorableNumber });
export type MeasuredValue = z.infer<typeof MeasuredValue>;

/**
 * A gain the project promises (gevinst). For a monitoring measure the baseline is computed from the
 * 90 days before the project started and `values` per month after it ended; an entered baseline
 * is kept only for `entered` measures. Whether lower is better: incidents yes, availability and
 * coverage no, an entered measure when its target is below its baseline.
 */
export const Benefit = z.strictObject({
  description: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)),
  ownerMemberId: Slug,
  measure: BenefitMeasure,
  baseline: z.optional(StorableNumber),
  target: StorableNumber,
  targetDate: IsoDate,
  values: z._default(z.array(MeasuredValue).check(z.maxLength(1000)), []),
});
export type Benefit = z.infer<typeof Benefit>;
export type BenefitInput = z.input<typeof Benefit>;

/** An operator's override of the urgency derived from linked devices, with the reason. */
export const UrgencyOverride = z.strictObject({ rating: OneToFive, reason: DecisionReason });
export type UrgencyOverride = z.infer<typeof UrgencyOverride>;

/** The reinvestment-plan group a proposal was made from: its id and title are derived from it. */
export const ProjectOrigin = z.strictObject({ type: z.literal('reinvestment-plan'), environmentId: Slug, kind: DeviceKind, budgetYear: Year });
export type ProjectOrigin = z.infer<typeof ProjectOrigin>;

const Ids = z.array(Slug).check(z.maxLength(1000));
const Category = z.string().check(z.trim(), z.minLength(1), z.maxLength(60));

// --- project ----------------------------------------------------------------------------------

/** Fields a client may send (status and version excepted: status changes only through transitions). */
const projectShape = {
  id: Slug,
  title: Name,
  description: z._default(z.string().check(z.trim(), z.maxLength(5000)), ''),
  proposedBy: Slug,
  participants: Ids.check(z.minLength(1)),
  category: Category,
  costs: z._default(z.array(ProjectCost).check(z.maxLength(50)), []),
  /** How the cost is shared; the region's default key when absent. */
  key: z.optional(CostKey),
  dependsOn: z._default(Ids, []),
  deviceIds: z._default(Ids, []),
  risks: z._default(z.array(Risk).check(z.maxLength(100)), []),
  /** Criterion id → rating 1–5. */
  ratings: z._default(z.record(Slug, OneToFive), {}),
  forced: z.optional(z.enum(['in', 'out'])),
  benefits: z._default(z.array(Benefit).check(z.maxLength(50)), []),
  urgencyOverride: z.optional(UrgencyOverride),
  origin: z.optional(ProjectOrigin),
};

type ProjectShapeRules = { id?: string; costs?: readonly ProjectCost[]; dependsOn?: readonly string[] };

/** Rules that span fields: one cost row per year, no depending on itself, no duplicate dependency. */
function projectRules(project: ProjectShapeRules, ctx: z.core.$RefinementCtx): void {
  const years = (project.costs ?? []).map((cost) => cost.year);
  if (new Set(years).size !== years.length) ctx.addIssue({ code: 'custom', path: ['costs'], message: fieldText('field-cost-year-once') });
  const dependsOn = project.dependsOn ?? [];
  if (project.id !== undefined && dependsOn.includes(project.id)) {
    ctx.addIssue({ code: 'custom', path: ['dependsOn'], message: fieldText('field-depends-on-self') });
  }
  if (new Set(dependsOn).size !== dependsOn.length) ctx.addIssue({ code: 'custom', path: ['dependsOn'], message: fieldText('field-dependency-twice') });
}

/** A stored project's fields without the cross-field rules (extendable; parse with `Project`). */
export const ProjectFields = z.strictObject({ ...projectShape, status: ProjectStatus, version: Version });

export const Project = ProjectFields.check(z.superRefine(projectRules));
export type Project = z.infer<typeof Project>;
export type ProjectInput = z.input<typeof Project>;

/** Body of a create: the id may be left out (made from the title); the status is always `idea`. */
export const ProjectCreate = z.strictObject({ ...projectShape, id: z.optional(Slug) }).check(z.superRefine(projectRules));
export type ProjectCreate = z.infer<typeof ProjectCreate>;

/** Body of a replace (PUT): every field but the status, optionally echoing the id, with the version read. */
export const ProjectReplace = z.strictObject({ ...projectShape, id: z.optional(Slug), version: z.optional(Version) }).check(z.superRefine(projectRules));
export type ProjectReplace = z.infer<typeof ProjectReplace>;

/** Body of a partial update (PATCH): any fields but id and status, with the version read. */
export const ProjectPatch = z
  .extend(
    z.partial(
      z.strictObject({
        title: projectShape.title,
        description: z.string().check(z.trim(), z.maxLength(5000)),
        proposedBy: Slug,
        participants: Ids.check(z.minLength(1)),
        category: Category,
        costs: z.array(ProjectCost).check(z.maxLength(50)),
        key: z.nullable(CostKey),
        dependsOn: Ids,
        deviceIds: Ids,
        risks: z.array(Risk).check(z.maxLength(100)),
        ratings: z.record(Slug, OneToFive),
        forced: z.nullable(z.enum(['in', 'out'])),
        benefits: z.array(Benefit).check(z.maxLength(50)),
        urgencyOverride: z.nullable(UrgencyOverride),
      }),
    ),
    { version: z.optional(Version) },
  )
  .check(z.superRefine(projectRules));
export type ProjectPatch = z.infer<typeof ProjectPatch>;

// --- transitions and the decision log ---------------------------------------------------------

export const Transition = z.strictObject({ to: ProjectStatus, reason: DecisionReason });
export type Transition = z.infer<typeof Transition>;

/** One transition as the decision log keeps it: who, when, from, to and why. */
export const DecisionLogEntry = z.strictObject({
  projectId: Slug,
  /** The token's subject. */
  who: z.string().check(z.minLength(1)),
  /** The role the transition was allowed by. */
  role: z.optional(z.string()),
  /** ISO instant. */
  when: z.iso.datetime({ offset: true }),
  from: ProjectStatus,
  to: ProjectStatus,
  reason: DecisionReason,
});
export type DecisionLogEntry = z.infer<typeof DecisionLogEntry>;

// --- settings, rankings, scenarios ------------------------------------------------------------

export const Criterion = z.strictObject({
  id: Slug,
  /** The name people read; the default criteria's names are nb and a UI may translate them by id. */
  name: Name,
  weight: StorableNumber.check(z.gte(0), z.lte(1000)),
  lowerIsBetter: z._default(z.boolean(), false),
});
export type Criterion = z.infer<typeof Criterion>;

export const MemberWeighting = z.enum(['equal', 'cost-share']);
export type MemberWeighting = z.infer<typeof MemberWeighting>;

/** The criterion derived urgency applies to. */
export const URGENCY_CRITERION = 'urgency';

export const DEFAULT_CRITERIA: readonly Criterion[] = [
  { id: 'benefit', name: 'Nytte', weight: 3, lowerIsBetter: false },
  { id: 'risk-reduction', name: 'Risikoreduksjon', weight: 2, lowerIsBetter: false },
  { id: URGENCY_CRITERION, name: 'Hastegrad', weight: 2, lowerIsBetter: false },
  { id: 'strategic-fit', name: 'Strategisk forankring', weight: 1, lowerIsBetter: false },
  { id: 'cost', name: 'Kostnad', weight: 1, lowerIsBetter: true },
];

export const PortfolioSettingsInput = z.strictObject({
  criteria: z
    ._default(z.array(Criterion).check(z.minLength(1), z.maxLength(30)), () => DEFAULT_CRITERIA.map((criterion) => ({ ...criterion })))
    .check(
      z.refine((criteria) => new Set(criteria.map((c) => c.id)).size === criteria.length, fieldText('field-criterion-unique')),
      z.refine((criteria) => criteria.some((c) => c.weight > 0), fieldText('field-criterion-weight')),
    ),
  /** priority = α · score + (1 − α) · support. */
  alpha: z._default(StorableNumber.check(z.gte(0), z.lte(1)), 0.5),
  memberWeighting: z._default(MemberWeighting, 'equal'),
  version: z.optional(Version),
});
export const PortfolioSettings = PortfolioSettingsInput;
export type PortfolioSettings = z.infer<typeof PortfolioSettings>;

/** The settings of a region that has saved none. */
export function defaultPortfolioSettings(): PortfolioSettings {
  return PortfolioSettings.parse({});
}

/** A member's ranking: best first; it may leave projects out. */
export const RankingInput = z.strictObject({
  projectIds: Ids.check(z.refine((ids) => new Set(ids).size === ids.length, fieldText('field-project-twice'))),
  version: z.optional(Version),
});
export const Ranking = z.strictObject({ memberId: Slug, projectIds: Ids, updatedAt: z.optional(z.string()), version: Version });
export type RankingInput = z.infer<typeof RankingInput>;
export type Ranking = z.infer<typeof Ranking>;

export const ScenarioOverrides = z.strictObject({
  /** Move every cost row of the project k years later. */
  delays: z._default(z.array(z.strictObject({ projectId: Slug, years: z.int().check(z.gte(1), z.lte(30)) })).check(z.maxLength(1000)), []),
  /**
   * The project envelope of a year: the amount a budget line gives that year, or (no
   * `budgetLineId`) the year's whole project envelope.
   */
  envelopes: z._default(z.array(z.strictObject({ year: Year, amountNok: Nok, budgetLineId: z.optional(Slug) })).check(z.maxLength(500)), []),
  /** Force a project in or out (`none` lifts the project's own forcing). */
  forced: z._default(z.array(z.strictObject({ projectId: Slug, forced: z.enum(['in', 'out', 'none']) })).check(z.maxLength(1000)), []),
  alpha: z.optional(StorableNumber.check(z.gte(0), z.lte(1))),
  memberWeighting: z.optional(MemberWeighting),
});
export type ScenarioOverrides = z.infer<typeof ScenarioOverrides>;

/** The base plan is the scenario with id `base` and no overrides; it need not be stored. */
export const BASE_SCENARIO_ID = 'base';

const scenarioShape = {
  id: Slug,
  name: Name,
  description: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  overrides: z._default(ScenarioOverrides, () => ScenarioOverrides.parse({})),
};
export const ScenarioCreate = z.strictObject({ ...scenarioShape, id: z.optional(Slug) });
export const ScenarioReplace = z.strictObject({ ...scenarioShape, id: z.optional(Slug), version: z.optional(Version) });
export const Scenario = z.strictObject({ ...scenarioShape, version: Version });
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

// --- answers ----------------------------------------------------------------------------------

const Amount = z.int().check(z.gte(-MAX_NOK * 100), z.lte(MAX_NOK * 100));

/** A computed statement a person reads: a stable code and its parameters; UIs word it. */
export const CodedReason = z.object({
  code: z.string(),
  params: z._default(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), {}),
});
export type CodedReason = z.infer<typeof CodedReason>;

/** Where the urgency a score used came from. */
export const UrgencyUsed = z.object({
  rating: z.nullable(OneToFive),
  source: z.enum(['rating', 'derived', 'override', 'missing']),
  /** When derived: the linked devices that made it 5, and why. */
  devices: z._default(z.array(z.object({ deviceId: Slug, why: z.enum(['due', 'past-end-of-support']) })), []),
  reason: z.optional(z.string()),
});
export type UrgencyUsed = z.infer<typeof UrgencyUsed>;

export const PriorityItem = z.object({
  projectId: Slug,
  /** 0–100, 2 decimals; null while a weighted criterion has no rating. */
  score: z.nullable(z.number()),
  support: z.number(),
  priority: z.number(),
  disagreement: z.number(),
  /** Borda points per ranking member. */
  points: z.record(Slug, z.int()),
  /** Criteria with weight > 0 the project has no rating for. */
  missingRatings: z.array(Slug),
  needsAssessment: z.boolean(),
  /** Priority is support alone because the project has no score. */
  priorityFromSupportOnly: z.boolean(),
  urgency: UrgencyUsed,
});
export type PriorityItem = z.infer<typeof PriorityItem>;

export const Priorities = z.object({
  /** The year member weights are read on (1 January). */
  year: Year,
  alpha: z.number(),
  memberWeighting: MemberWeighting,
  candidateCount: z.int(),
  /** The ranking members that count and their weight v_m. */
  memberWeights: z.array(z.object({ memberId: Slug, weight: z.number() })),
  items: z.array(PriorityItem),
});
export type Priorities = z.infer<typeof Priorities>;

export const PlanYear = z.object({ year: Year, envelopeNok: Amount, plannedNok: Amount, differenceNok: Amount });
export type PlanYear = z.infer<typeof PlanYear>;

export const IncludedProject = z.object({
  projectId: Slug,
  /** Why it came early in the walk or was let in: `forced-in`, `in-progress`. */
  walkedFirst: z.boolean(),
  /** `forced-in-over-envelope` (code + params: the first overrunning year and amount), `no-score`. */
  flags: z.array(CodedReason),
  /** The cost rows as planned in this scenario (delays applied). */
  costs: z.array(ProjectCost),
  investmentNok: Amount,
  operatingNok: Amount,
});
export type IncludedProject = z.infer<typeof IncludedProject>;

/**
 * Why a candidate is out: `forced-out` {}, `dependency-out` { dependencyId }, or
 * `over-envelope` { year, overrunNok } — the first year whose cumulative envelope it would overrun.
 */
export const ExcludedProject = z.object({ projectId: Slug, reason: CodedReason });
export type ExcludedProject = z.infer<typeof ExcludedProject>;

export const MemberYearCost = z.object({ year: Year, memberId: Slug, investmentNok: Amount, operatingNok: Amount });
export type MemberYearCost = z.infer<typeof MemberYearCost>;

export const PortfolioPlan = z.object({
  scenarioId: Slug,
  from: Year,
  to: Year,
  years: z.array(PlanYear),
  included: z.array(IncludedProject),
  excluded: z.array(ExcludedProject),
  shares: z.array(MemberYearCost),
  /** Data problems met (a project with no participant member on a date, a missing population). */
  warnings: z._default(z.array(CodedReason), []),
});
export type PortfolioPlan = z.infer<typeof PortfolioPlan>;

/** Cost and risk exposure of one scenario in a year (for the region or one member). */
export const ScenarioSide = z.object({ investmentNok: Amount, operatingNok: Amount, totalNok: Amount, riskExposure: z.number() });
export type ScenarioSide = z.infer<typeof ScenarioSide>;

export const CompareRow = z.object({
  year: Year,
  /** Absent on the region-wide rows. */
  memberId: z.optional(Slug),
  a: ScenarioSide,
  b: ScenarioSide,
  /** b − a. */
  difference: ScenarioSide,
});
export type CompareRow = z.infer<typeof CompareRow>;

export const ScenarioComparison = z.object({
  a: Slug,
  b: Slug,
  from: Year,
  to: Year,
  years: z.array(CompareRow),
  members: z.array(CompareRow),
  /** Projects included in one plan and not the other. */
  onlyInA: z.array(Slug),
  onlyInB: z.array(Slug),
});
export type ScenarioComparison = z.infer<typeof ScenarioComparison>;

export const BenefitStatus = z.object({
  index: z.int().check(z.nonnegative()),
  description: z.string(),
  ownerMemberId: Slug,
  measure: BenefitMeasure,
  lowerIsBetter: z.boolean(),
  baseline: z.nullable(z.number()),
  /** `entered`, `computed` (90 days before the start), or null when unknown. */
  baselineSource: z.nullable(z.enum(['entered', 'computed'])),
  target: z.number(),
  targetDate: IsoDate,
  /** Entered values, or for a monitoring measure one value per whole month after the project ended (dated the 1st). */
  values: z.array(MeasuredValue),
  latest: z.nullable(MeasuredValue),
  /** null while there is no value yet. */
  met: z.nullable(z.boolean()),
  /** `not-started`, `not-ended`, `no-history`: why a computed figure is missing. */
  notes: z._default(z.array(CodedReason), []),
});
export type BenefitStatus = z.infer<typeof BenefitStatus>;

export const ProjectBenefits = z.object({
  projectId: Slug,
  startedOn: z.nullable(IsoDate),
  endedOn: z.nullable(IsoDate),
  items: z.array(BenefitStatus),
});
export type ProjectBenefits = z.infer<typeof ProjectBenefits>;
