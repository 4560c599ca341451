import { MAX_NOK, type DeviceKind } from '#shared/schemas/common.ts';
import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { DeviceFields } from '#shared/schemas/device.ts';
import { DEFAULT_LIFETIMES, type Region } from '#shared/schemas/region.ts';
import type {
  DueReason,
  ExplanationStep,
  ItemExplanation,
  PlanItem,
  PlanShare,
  PlanTotal,
  ReinvestmentPlan,
  ShareComputation,
} from '#shared/schemas/reinvestment-plan.ts';
import { BudgetLineMatcher, envelopeRows, type BudgetLineRecord } from './envelopes.ts';
import { isUnhealthy, type HealthSummary } from './health-summary.ts';
import {
  memberDirectory,
  membersServedOn,
  payerOn,
  regionMembersOn,
  type EnvironmentRecord,
  type MemberDirectory,
  type MemberRecord,
} from './membership-on-date.ts';
import { explainShares, shareAmounts, shareBasis, type ShareBasis } from './shares.ts';

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
  const planned = new Map<string, Map<number, number>>();
  const items: PlanItem[] = [];

  for (const device of input.devices) {
    const outcome = planDevice(device, context, undefined);
    if (!outcome.item) continue;
    const item = outcome.item;
    const line = matcher.lineFor(item.kind, device.tags, item.budgetYear);
    if (line) {
      item.budgetLineId = line.id;
      let byYear = planned.get(line.id);
      if (!byYear) planned.set(line.id, (byYear = new Map()));
      byYear.set(item.budgetYear, (byYear.get(item.budgetYear) ?? 0) + item.costNok);
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
    envelopes: envelopeRows(input.budgetLines ?? [], planned, input.fromYear, input.toYear),
  };

  let devicesById: Map<string, PlanDevice> | undefined;
  return {
    plan,
    explain(deviceId) {
      devicesById ??= new Map(input.devices.map((device) => [device.id, device]));
      const device = devicesById.get(deviceId);
      if (!device) return undefined;
      const steps: ExplanationStep[] = [];
      const outcome = planDevice(device, context, steps);
      if (outcome.item) {
        const line = matcher.lineFor(device.kind, device.tags, outcome.item.budgetYear);
        if (line) outcome.item.budgetLineId = line.id;
      }
      return {
        regionId: input.region.id,
        deviceId,
        plan: { from: input.fromYear, to: input.toYear, asOf: input.asOf },
        inPlan: outcome.item !== undefined,
        ...(outcome.notInPlanBecause ? { notInPlanBecause: outcome.notInPlanBecause } : {}),
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
          region: { priceIndex: input.region.priceIndex, lifetimeYearsForKind: context.lifetimeFor(device.kind).years },
          health: context.health.get(deviceId) ?? null,
        },
        steps,
        shares: outcome.shares ?? null,
        item: outcome.item ?? null,
      };
    },
  };
}

// --- one device --------------------------------------------------------------------------------

interface DeviceOutcome {
  item?: PlanItem;
  notInPlanBecause?: string;
  shares?: ShareComputation;
}

/**
 * Applies rules 1–7 to one device. With `trace`, each rule also records a step with its value and
 * its reasons; without it (the whole-plan path) no text is built, which keeps 100 000 devices fast.
 */
function planDevice(device: PlanDevice, context: PlanContext, trace: ExplanationStep[] | undefined): DeviceOutcome {
  const { fromYear, toYear, region } = context.input;

  // 1. Lifetime
  const policy = context.lifetimeFor(device.kind);
  const { lifetime, endOfLife, datedEndOfSupport } = dueBeforeHealth(device, policy.years);
  trace?.push({
    step: 1,
    rule: 'lifetime',
    value: lifetime,
    explanation:
      device.expectedLifetimeYears !== undefined
        ? `the device's own expected lifetime: ${lifetime} years`
        : policy.source === 'region'
          ? `the region's lifetime for ${device.kind}: ${lifetime} years`
          : `the default lifetime for ${device.kind} (the region sets none): ${lifetime} years`,
    details: { source: device.expectedLifetimeYears !== undefined ? 'device' : policy.source },
  });

  // 2. End of life
  trace?.push({ step: 2, rule: 'end-of-life', value: endOfLife, explanation: `purchased ${device.purchaseDate} + ${lifetime} years = ${endOfLife}` });

  // 3. Due date
  let dueDate = endOfLife;
  let reason: DueReason = 'lifetime';
  const endOfSupport = device.vendorEndOfSupport;
  if (datedEndOfSupport !== undefined && datedEndOfSupport < endOfLife) {
    dueDate = datedEndOfSupport;
    reason = 'vendor-end-of-support';
  }
  trace?.push({
    step: 3,
    rule: 'due-date',
    value: dueDate,
    explanation:
      datedEndOfSupport === undefined
        ? `end of life ${endOfLife}; vendor end of support is ${endOfSupport === 'announced-unknown' ? 'announced but not dated' : 'not given'}`
        : reason === 'vendor-end-of-support'
          ? `vendor end of support ${datedEndOfSupport} comes before end of life ${endOfLife}`
          : `end of life ${endOfLife} comes no later than vendor end of support ${datedEndOfSupport}`,
    details: { endOfLife, vendorEndOfSupport: endOfSupport ?? null, reason },
  });

  // 4. Health pull-forward
  const health = context.health.get(device.id);
  const unhealthy = health !== undefined && isUnhealthy(health);
  const pulledForward = unhealthy && yearOf(dueDate) > context.currentYear;
  if (pulledForward) {
    dueDate = context.input.asOf;
    reason = 'health';
  }
  if (trace) {
    const figures = health ? describeHealth(health) : 'no health figures for this device';
    trace.push({
      step: 4,
      rule: 'health',
      value: pulledForward,
      explanation: pulledForward
        ? `${figures}: due no later than this year, so due ${dueDate}`
        : unhealthy
          ? `${figures}: unhealthy, but already due by this year (${context.currentYear})`
          : `${figures}: below the thresholds (critical ≥ 10 % of the observed time or ≥ 3 incidents); no change`,
      details: {
        criticalFractionLast90Days: health?.criticalFractionLast90Days ?? null,
        criticalSweepsLast90Days: health?.criticalSweepsLast90Days ?? null,
        observedSweepsLast90Days: health?.observedSweepsLast90Days ?? null,
        incidentsLast365Days: health?.incidentsLast365Days ?? null,
        currentYear: context.currentYear,
      },
    });
  }

  // 5. Budget year
  const dueYear = yearOf(dueDate);
  const overdue = dueYear < fromYear;
  const budgetYear = overdue ? fromYear : dueYear;
  trace?.push({
    step: 5,
    rule: 'budget-year',
    value: budgetYear,
    explanation: overdue
      ? `due ${dueDate}, before the plan's first year ${fromYear}: planned in ${fromYear}, overdue`
      : dueYear > toYear
        ? `due in ${dueYear}, after the plan's last year ${toYear}: not in this plan`
        : `due in ${dueYear}`,
    details: { dueDate, overdue },
  });
  if (budgetYear > toYear) return { notInPlanBecause: `due ${dueDate}, after the plan's last year ${toYear}` };

  // 6. Cost
  const purchaseYear = yearOf(device.purchaseDate);
  let costNok: number;
  let costWarning: string | undefined;
  if (device.replacementCostNok !== undefined) {
    costNok = device.replacementCostNok;
    trace?.push({ step: 6, rule: 'cost', value: costNok, explanation: `the device's replacement cost: ${costNok} NOK` });
  } else {
    const years = budgetYear - purchaseYear;
    const exact = device.purchaseCostNok * Math.pow(1 + region.priceIndex, years);
    // A century of price growth can take any cost past what a budget (or a JSON number) holds.
    const capped = !(exact <= MAX_NOK);
    costNok = capped ? MAX_NOK : Math.round(exact);
    if (capped) costWarning = `the projected cost is above ${MAX_NOK} NOK, the most a cost may be; it is counted as ${MAX_NOK}: check the purchase date and cost, or give a replacement cost`;
    trace?.push({
      step: 6,
      rule: 'cost',
      value: costNok,
      explanation: `purchase cost ${device.purchaseCostNok} × (1 + ${region.priceIndex})^(${budgetYear} − ${purchaseYear}) = ${capped ? `more than ${MAX_NOK}` : round4(exact)} → ${costNok} NOK`,
      details: { purchaseCostNok: device.purchaseCostNok, priceIndex: region.priceIndex, years, exactNok: capped ? MAX_NOK : exact },
    });
  }

  // 7. Who pays
  const on = `${budgetYear}-01-01`;
  let shares: PlanShare[];
  let computation: ShareComputation | undefined;
  let warnings: string[] | undefined;
  if (device.payer.type === 'member') {
    const payer = payerOn(device.payer.memberId, context.members, on);
    const via = payer.mergedFrom.length > 0 ? ` (registered to ${payer.mergedFrom[0]}, merged into ${payer.memberId} by ${on})` : '';
    if (!payer.pays) {
      trace?.push({
        step: 7,
        rule: 'payer',
        value: null,
        explanation: `member '${payer.memberId}'${via} left on ${payer.leftOn}; its devices leave the plan with it`,
      });
      return { notInPlanBecause: `member '${payer.memberId}' left on ${payer.leftOn}, before ${on}` };
    }
    if (!context.members.has(payer.memberId)) warnings = [`member '${payer.memberId}' is not registered in the region`];
    shares = [{ memberId: payer.memberId, fraction: 1, amountNok: costNok }];
    if (trace) {
      trace.push({ step: 7, rule: 'payer', value: payer.memberId, explanation: `a single-member device: ${payer.memberId} pays all of it${via}` });
      computation = {
        on,
        method: 'single-member',
        memberCount: 1,
        members: [
          {
            memberId: payer.memberId,
            ...(payer.mergedFrom.length > 0 ? { mergedFrom: payer.mergedFrom } : {}),
            fraction: 1,
            formula: '1',
            exactNok: costNok,
            amountNok: costNok,
          },
        ],
        totalNok: costNok,
        rounding: 'none needed: one payer',
        warnings: warnings ?? [],
      };
    }
  } else {
    const shared = context.sharedBasis(device, budgetYear);
    if (shared.warnings.length > 0) warnings = shared.warnings;
    shares = shareAmounts(shared.basis, costNok);
    if (trace) {
      const { basis } = shared;
      trace.push({
        step: 7,
        rule: 'payer',
        value: `shared: ${basis.key.type}`,
        explanation: `a shared device: the ${basis.keySource === 'device' ? "device's own" : basis.keySource === 'environment' ? `environment '${device.environmentId}''s` : "region's default"} key (${describeKey(basis.key)}) over the ${basis.fractions.length} members served on ${on}`,
      });
      computation = explainShares(basis, costNok, shared.contextWarnings);
    }
  }

  const item: PlanItem = {
    deviceId: device.id,
    name: device.name,
    kind: device.kind,
    environmentId: device.environmentId,
    dueDate,
    reason,
    budgetYear,
    overdue,
    costNok,
    shares,
  };
  if (costWarning) warnings = [costWarning, ...(warnings ?? [])];
  if (warnings) item.warnings = warnings;
  return computation ? { item, shares: computation } : { item };
}

/** Rules 1–3 without the trace: lifetime, end of life, and the dated end of support if there is one. */
function dueBeforeHealth(device: PlanDevice, policyYears: number): { lifetime: number; endOfLife: string; datedEndOfSupport: string | undefined; dueDate: string } {
  const lifetime = device.expectedLifetimeYears ?? policyYears;
  const endOfLife = addYears(device.purchaseDate, lifetime);
  const endOfSupport = device.vendorEndOfSupport;
  const datedEndOfSupport = typeof endOfSupport === 'string' && endOfSupport !== 'announced-unknown' ? endOfSupport : undefined;
  const dueDate = datedEndOfSupport !== undefined && datedEndOfSupport < endOfLife ? datedEndOfSupport : endOfLife;
  return { lifetime, endOfLife, datedEndOfSupport, dueDate };
}

/**
 * Whether rule 4 can move this device: only a device due (by rules 1–3) after the current year can
 * be pulled forward. The whole-plan path asks the health source about these devices only, so a
 * region's overdue inventory costs no health reads.
 */
export function healthCanMove(device: PlanDevice, region: PlanRegion, asOf: string): boolean {
  const policyYears = region.lifetimes[device.kind] ?? DEFAULT_LIFETIMES[device.kind];
  return yearOf(dueBeforeHealth(device, policyYears).dueDate) > yearOf(asOf);
}

/** The figures in words: `critical 12.5 % of the observed time in the last 90 days (27 of 216 sweeps), 1 incident in the last 365 days`. */
function describeHealth(health: HealthSummary): string {
  const fraction = health.criticalFractionLast90Days;
  const sweeps =
    health.observedSweepsLast90Days !== undefined ? ` (${health.criticalSweepsLast90Days ?? 0} of ${health.observedSweepsLast90Days} sweeps)` : '';
  const critical = fraction === null ? 'not observed by any sweep in the last 90 days' : `critical ${round4(fraction * 100)} % of the observed time in the last 90 days${sweeps}`;
  const incidents = health.incidentsLast365Days;
  return `${critical}, ${incidents} incident${incidents === 1 ? '' : 's'} in the last 365 days`;
}

// --- shared context ----------------------------------------------------------------------------

/** A shared device's share basis, with what the plan adds about where its participants came from. */
interface SharedBasis {
  basis: ShareBasis;
  /** Warnings about the environment (unknown, serving nobody); the basis's own follow. */
  contextWarnings: string[];
  /** All of them, as the item carries them. */
  warnings: string[];
}

/** What every device of one plan shares: lookups, lifetimes and the cache of shared-cost fractions. */
class PlanContext {
  readonly members: MemberDirectory;
  readonly environments: ReadonlyMap<string, EnvironmentRecord>;
  readonly health: ReadonlyMap<string, HealthSummary>;
  readonly currentYear: number;
  private readonly bases = new Map<string, SharedBasis>();
  /** Fast path for the common case (the environment's key): environment id → basis by year offset. */
  private readonly environmentBases = new Map<string, Array<SharedBasis | undefined>>();

  constructor(readonly input: PlanInput) {
    this.members = memberDirectory(input.members);
    this.environments = new Map(input.environments.map((environment) => [environment.id, environment]));
    this.health = input.health ?? new Map();
    this.currentYear = yearOf(input.asOf);
  }

  lifetimeFor(kind: DeviceKind): { years: number; source: 'region' | 'default' } {
    const fromRegion = this.input.region.lifetimes[kind];
    return fromRegion !== undefined ? { years: fromRegion, source: 'region' } : { years: DEFAULT_LIFETIMES[kind], source: 'default' };
  }

  /**
   * Fractions of a shared device's cost in `budgetYear`: its own key, else its environment's,
   * else (environment unknown) the region's default key; over the members the environment serves
   * on 1 January, or every member of the region when it serves nobody that day. Cached per
   * environment, key and year: thousands of devices in one environment share one computation.
   */
  sharedBasis(device: PlanDevice, budgetYear: number): SharedBasis {
    const ownKey = device.payer.type === 'shared' ? device.payer.key : undefined;
    if (ownKey === undefined) {
      let byYear = this.environmentBases.get(device.environmentId);
      if (!byYear) this.environmentBases.set(device.environmentId, (byYear = []));
      const offset = budgetYear - this.input.fromYear;
      return (byYear[offset] ??= this.computeBasis(device, budgetYear, undefined));
    }
    return this.computeBasis(device, budgetYear, ownKey);
  }

  private computeBasis(device: PlanDevice, budgetYear: number, ownKey: CostKey | undefined): SharedBasis {
    const environment = this.environments.get(device.environmentId);
    const keySource = ownKey ? 'device' : environment ? 'environment' : 'region-default';
    const cacheKey = `${device.environmentId}|${budgetYear}|${ownKey ? JSON.stringify(ownKey) : keySource}`;
    const cached = this.bases.get(cacheKey);
    if (cached) return cached;

    const key = ownKey ?? environment?.key ?? this.input.region.defaultKey;
    const on = `${budgetYear}-01-01`;
    const warnings: string[] = [];
    if (!environment) warnings.push(`environment '${device.environmentId}' is not registered; the region's members share the cost`);
    let participants = environment ? membersServedOn(environment, this.members, on) : [];
    if (participants.length === 0) {
      participants = regionMembersOn(this.members, on);
      if (environment) warnings.push(`environment '${device.environmentId}' serves no member on ${on}; every member of the region shares the cost`);
    }
    if (participants.length === 0) warnings.push(`the region has no members on ${on}; the cost is not allocated`);
    const computed = shareBasis({ on, key, keySource, participants });
    const basis: SharedBasis = { basis: computed, contextWarnings: warnings, warnings: [...warnings, ...computed.warnings] };
    this.bases.set(cacheKey, basis);
    return basis;
  }
}

// --- totals, filters, helpers ------------------------------------------------------------------

function passes(item: PlanItem, filter: PlanFilter): boolean {
  if (filter.environmentId !== undefined && item.environmentId !== filter.environmentId) return false;
  if (filter.kind !== undefined && item.kind !== filter.kind) return false;
  if (filter.memberId !== undefined && !item.shares.some((share) => share.memberId === filter.memberId)) return false;
  return true;
}

/** Sums shares by year, member, kind and environment; an unallocated cost is summed under member null. */
function totalsOf(items: readonly PlanItem[], onlyMember: string | undefined, fromYear: number): PlanTotal[] {
  // environment → kind → year offset → member → total. Ids are the devices' own (interned)
  // strings, so each lookup hashes nothing new; no key strings are built per share.
  const groups = new Map<string, Map<string, Array<Map<string | null, PlanTotal> | undefined>>>();
  const all: PlanTotal[] = [];
  for (const item of items) {
    let byKind = groups.get(item.environmentId);
    if (!byKind) groups.set(item.environmentId, (byKind = new Map()));
    let byYear = byKind.get(item.kind);
    if (!byYear) byKind.set(item.kind, (byYear = []));
    const group = (byYear[item.budgetYear - fromYear] ??= new Map());
    if (item.shares.length === 0) {
      if (onlyMember === undefined) addTo(group, all, item, null, item.costNok);
      continue;
    }
    for (const share of item.shares) {
      if (onlyMember === undefined || share.memberId === onlyMember) addTo(group, all, item, share.memberId, share.amountNok);
    }
  }
  return all.sort(compareTotals);
}

function addTo(group: Map<string | null, PlanTotal>, all: PlanTotal[], item: PlanItem, memberId: string | null, amountNok: number): void {
  const total = group.get(memberId);
  if (total) total.amountNok += amountNok;
  else {
    const created: PlanTotal = { year: item.budgetYear, memberId, kind: item.kind, environmentId: item.environmentId, amountNok };
    group.set(memberId, created);
    all.push(created);
  }
}

function compareTotals(a: PlanTotal, b: PlanTotal): number {
  return (
    a.year - b.year ||
    (a.memberId === b.memberId ? 0 : a.memberId === null ? 1 : b.memberId === null ? -1 : compareText(a.memberId, b.memberId)) ||
    compareText(a.kind, b.kind) ||
    compareText(a.environmentId, b.environmentId)
  );
}

/** By budget year, due date, then device id; dates compared as numbers (yyyymmdd) to keep 100 000 items fast. */
function sortItems(items: PlanItem[]): void {
  const keyed = items.map((item) => ({ item, order: item.budgetYear * 1e8 + dateNumber(item.dueDate) }));
  keyed.sort(compareKeyed);
  for (let i = 0; i < keyed.length; i++) items[i] = (keyed[i] as { item: PlanItem }).item;
}

function compareKeyed(a: { item: PlanItem; order: number }, b: { item: PlanItem; order: number }): number {
  return a.order - b.order || compareText(a.item.deviceId, b.item.deviceId);
}

/** `2017-09-15` → 20170915 without building strings. */
function dateNumber(isoDate: string): number {
  let value = 0;
  for (let i = 0; i < isoDate.length; i++) {
    const code = isoDate.charCodeAt(i);
    if (code !== 45) value = value * 10 + (code - 48);
  }
  return value;
}

/** `YYYY-MM-DD` + whole years, keeping day and month; 29 February lands on 28 February in common years. */
export function addYears(isoDate: string, years: number): string {
  const year = Number(isoDate.slice(0, 4)) + years;
  let monthDay = isoDate.slice(4);
  if (monthDay === '-02-29' && !isLeapYear(year)) monthDay = '-02-28';
  return `${String(year).padStart(4, '0')}${monthDay}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function round4(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

function describeKey(key: CostKey): string {
  switch (key.type) {
    case 'equal':
      return 'equal shares';
    case 'population':
      return 'by population';
    case 'fixed-plus-population':
      return `${key.fixed} fixed, split equally, and ${round4(1 - key.fixed)} by population`;
    case 'custom':
      return `custom: ${Object.entries(key.shares)
        .map(([memberId, percent]) => `${memberId} ${percent} %`)
        .join(', ')}`;
  }
}
