import type { DeviceKind } from '#shared/schemas/common.ts';
import type { DueReason } from '#shared/schemas/reinvestment-plan.ts';
import { DEFAULT_LIFETIMES, type Region } from '#shared/schemas/region.ts';
import { isUnhealthy, type HealthSummary } from '../health-summary.ts';
import type { PlanDevice } from '../plan.ts';
import { addYears, yearOf } from './dates.ts';

/**
 * Stage 1, due rules (rules 1–5 of the plan): when a device is due and in which budget year. The
 * decision records every value the explanation shows; no text is built here.
 */

export interface DueRules {
  fromYear: number;
  toYear: number;
  /** Today: the due date of a device the health rule pulls forward. */
  asOf: string;
  currentYear: number;
  lifetimes: Region['lifetimes'];
  health: ReadonlyMap<string, HealthSummary>;
}

export interface LifetimePolicy {
  years: number;
  source: 'region' | 'default';
}

export interface DueDecision {
  lifetime: number;
  lifetimeSource: 'device' | LifetimePolicy['source'];
  /** The region's (or the default) lifetime for the kind, whether or not the device overrides it. */
  policyYears: number;
  endOfLife: string;
  /** Vendor end of support when it is a date. */
  datedEndOfSupport: string | undefined;
  /** Rules 1–3: the earlier of end of life and dated end of support (tie: lifetime). */
  dueBeforeHealth: string;
  reasonBeforeHealth: DueReason;
  health: HealthSummary | undefined;
  unhealthy: boolean;
  /** Rule 4 moved the due date to `asOf`. */
  pulledForward: boolean;
  dueDate: string;
  reason: DueReason;
  dueYear: number;
  budgetYear: number;
  overdue: boolean;
  /** Due after the plan's last year: not in this plan. */
  afterPlan: boolean;
}

/** Rule 1's policy: the region's lifetime for the kind, else the default. */
export function lifetimePolicy(lifetimes: Region['lifetimes'], kind: DeviceKind): LifetimePolicy {
  const fromRegion = lifetimes[kind];
  return fromRegion !== undefined ? { years: fromRegion, source: 'region' } : { years: DEFAULT_LIFETIMES[kind], source: 'default' };
}

/** Rules 1–3: lifetime, end of life, and the due date before health is considered. */
function dueByDates(device: PlanDevice, policyYears: number): { lifetime: number; endOfLife: string; datedEndOfSupport: string | undefined; dueDate: string } {
  const lifetime = device.expectedLifetimeYears ?? policyYears;
  const endOfLife = addYears(device.purchaseDate, lifetime);
  const endOfSupport = device.vendorEndOfSupport;
  const datedEndOfSupport = typeof endOfSupport === 'string' && endOfSupport !== 'announced-unknown' ? endOfSupport : undefined;
  const dueDate = datedEndOfSupport !== undefined && datedEndOfSupport < endOfLife ? datedEndOfSupport : endOfLife;
  return { lifetime, endOfLife, datedEndOfSupport, dueDate };
}

/** Rules 1–5 for one device. */
export function decideDue(device: PlanDevice, rules: DueRules): DueDecision {
  const policy = lifetimePolicy(rules.lifetimes, device.kind);
  const { lifetime, endOfLife, datedEndOfSupport, dueDate: dueBeforeHealth } = dueByDates(device, policy.years);
  const reasonBeforeHealth: DueReason = dueBeforeHealth === endOfLife ? 'lifetime' : 'vendor-end-of-support';

  const health = rules.health.get(device.id);
  const unhealthy = health !== undefined && isUnhealthy(health);
  const pulledForward = unhealthy && yearOf(dueBeforeHealth) > rules.currentYear;
  const dueDate = pulledForward ? rules.asOf : dueBeforeHealth;

  const dueYear = yearOf(dueDate);
  const overdue = dueYear < rules.fromYear;
  const budgetYear = overdue ? rules.fromYear : dueYear;
  return {
    lifetime,
    lifetimeSource: device.expectedLifetimeYears !== undefined ? 'device' : policy.source,
    policyYears: policy.years,
    endOfLife,
    datedEndOfSupport,
    dueBeforeHealth,
    reasonBeforeHealth,
    health,
    unhealthy,
    pulledForward,
    dueDate,
    reason: pulledForward ? 'health' : reasonBeforeHealth,
    dueYear,
    budgetYear,
    overdue,
    afterPlan: budgetYear > rules.toYear,
  };
}

/**
 * Whether rule 4 can move this device: only a device due (by rules 1–3) after the current year can
 * be pulled forward. The whole-plan path asks the health source about these devices only, so a
 * region's overdue inventory costs no health reads.
 */
export function healthCanMove(device: PlanDevice, lifetimes: Region['lifetimes'], asOf: string): boolean {
  return yearOf(dueByDates(device, lifetimePolicy(lifetimes, device.kind).years).dueDate) > yearOf(asOf);
}
