import { codedWarnings, planWarningText } from '#shared/messages/plan.ts';
import { MAX_NOK } from '#shared/schemas/common.ts';
import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { ExplanationStep, ShareComputation } from '#shared/schemas/reinvestment-plan.ts';
import type { HealthSummary } from '../health-summary.ts';
import type { PlanDevice } from '../plan.ts';
import { explainShares } from '../shares.ts';
import type { CostDecision } from './costing.ts';
import { round4 } from './dates.ts';
import type { DueDecision } from './due.ts';
import type { PayerDecision } from './payers.ts';

/**
 * The plan's words: every text a person reads about a plan item (explanation steps, warnings, why
 * an item is not in the plan), built from the stages' decisions. The stages compute; this module
 * only describes, so the whole-plan path builds no text beyond the warnings items carry.
 */

/** What the shares stage notes about a shared device's participants. */
export type SharedBasisNote =
  | { note: 'environment-unknown'; environmentId: string }
  | { note: 'environment-serves-nobody'; environmentId: string; on: string }
  | { note: 'region-has-no-members'; on: string };

export function sharedBasisWarnings(notes: readonly SharedBasisNote[]): string[] {
  return notes.map((note) => {
    switch (note.note) {
      case 'environment-unknown':
        return planWarningText('plan-warning-environment-unknown', { environmentId: note.environmentId });
      case 'environment-serves-nobody':
        return planWarningText('plan-warning-environment-serves-nobody', { environmentId: note.environmentId, on: note.on });
      case 'region-has-no-members':
        return planWarningText('plan-warning-region-has-no-members', { on: note.on });
    }
  });
}

/** The warnings a planned item carries: a capped cost, then the payer's. */
export function itemWarnings(cost: CostDecision, payer: Exclude<PayerDecision, { type: 'left' }>): string[] | undefined {
  const payerWarnings = payer.type === 'shared' ? payer.shared.warnings : payer.registered ? [] : [unregisteredMember(payer.payer.memberId)];
  if (cost.source === 'indexed' && cost.capped) return [costCapped(), ...payerWarnings];
  return payerWarnings.length > 0 ? payerWarnings : undefined;
}

function costCapped(): string {
  return planWarningText('plan-warning-cost-capped', { max: MAX_NOK });
}

function unregisteredMember(memberId: string): string {
  return planWarningText('plan-warning-member-unregistered', { memberId });
}

/** Why a device has no line in the plan, or undefined when it has one. */
export function notInPlanBecause(due: DueDecision, payer: PayerDecision | undefined, toYear: number): string | undefined {
  if (due.afterPlan) return `due ${due.dueDate}, after the plan's last year ${toYear}`;
  if (payer?.type === 'left') return `member '${payer.payer.memberId}' left on ${payer.payer.leftOn}, before ${payer.on}`;
  return undefined;
}

export interface StepContext {
  fromYear: number;
  toYear: number;
  currentYear: number;
  priceIndex: number;
}

/** Each rule the device went through, with its value, its reasons in words and its figures. */
export function explanationSteps(device: PlanDevice, due: DueDecision, cost: CostDecision | undefined, payer: PayerDecision | undefined, context: StepContext): ExplanationStep[] {
  const steps: ExplanationStep[] = [];
  const { lifetime, endOfLife, datedEndOfSupport } = due;
  const endOfSupport = device.vendorEndOfSupport;

  steps.push({
    step: 1,
    rule: 'lifetime',
    value: lifetime,
    explanation:
      due.lifetimeSource === 'device'
        ? `the device's own expected lifetime: ${lifetime} years`
        : due.lifetimeSource === 'region'
          ? `the region's lifetime for ${device.kind}: ${lifetime} years`
          : `the default lifetime for ${device.kind} (the region sets none): ${lifetime} years`,
    details: { source: due.lifetimeSource },
  });

  steps.push({ step: 2, rule: 'end-of-life', value: endOfLife, explanation: `purchased ${device.purchaseDate} + ${lifetime} years = ${endOfLife}` });

  steps.push({
    step: 3,
    rule: 'due-date',
    value: due.dueBeforeHealth,
    explanation:
      datedEndOfSupport === undefined
        ? `end of life ${endOfLife}; vendor end of support is ${endOfSupport === 'announced-unknown' ? 'announced but not dated' : 'not given'}`
        : due.reasonBeforeHealth === 'vendor-end-of-support'
          ? `vendor end of support ${datedEndOfSupport} comes before end of life ${endOfLife}`
          : `end of life ${endOfLife} comes no later than vendor end of support ${datedEndOfSupport}`,
    details: { endOfLife, vendorEndOfSupport: endOfSupport ?? null, reason: due.reasonBeforeHealth },
  });

  const health = due.health;
  const figures = health ? describeHealth(health) : 'no health figures for this device';
  steps.push({
    step: 4,
    rule: 'health',
    value: due.pulledForward,
    explanation: due.pulledForward
      ? `${figures}: due no later than this year, so due ${due.dueDate}`
      : due.unhealthy
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

  steps.push({
    step: 5,
    rule: 'budget-year',
    value: due.budgetYear,
    explanation: due.overdue
      ? `due ${due.dueDate}, before the plan's first year ${context.fromYear}: planned in ${context.fromYear}, overdue`
      : due.dueYear > context.toYear
        ? `due in ${due.dueYear}, after the plan's last year ${context.toYear}: not in this plan`
        : `due in ${due.dueYear}`,
    details: { dueDate: due.dueDate, overdue: due.overdue },
  });
  if (!cost) return steps;

  if (cost.source === 'replacement') {
    steps.push({ step: 6, rule: 'cost', value: cost.costNok, explanation: `the device's replacement cost: ${cost.costNok} NOK` });
  } else {
    steps.push({
      step: 6,
      rule: 'cost',
      value: cost.costNok,
      explanation: `purchase cost ${device.purchaseCostNok} × (1 + ${context.priceIndex})^(${due.budgetYear} − ${cost.purchaseYear}) = ${cost.capped ? `more than ${MAX_NOK}` : round4(cost.exactNok)} → ${cost.costNok} NOK`,
      details: { purchaseCostNok: device.purchaseCostNok, priceIndex: context.priceIndex, years: cost.years, exactNok: cost.exactNok },
    });
  }
  if (!payer) return steps;

  if (payer.type === 'shared') {
    const { basis } = payer.shared;
    steps.push({
      step: 7,
      rule: 'payer',
      value: `shared: ${basis.key.type}`,
      explanation: `a shared device: the ${basis.keySource === 'device' ? "device's own" : basis.keySource === 'environment' ? `environment '${device.environmentId}''s` : "region's default"} key (${describeKey(basis.key)}) over the ${basis.fractions.length} members served on ${payer.on}`,
    });
  } else {
    const via = payer.payer.mergedFrom.length > 0 ? ` (registered to ${payer.payer.mergedFrom[0]}, merged into ${payer.payer.memberId} by ${payer.on})` : '';
    steps.push(
      payer.type === 'left'
        ? { step: 7, rule: 'payer', value: null, explanation: `member '${payer.payer.memberId}'${via} left on ${payer.payer.leftOn}; its devices leave the plan with it` }
        : { step: 7, rule: 'payer', value: payer.payer.memberId, explanation: `a single-member device: ${payer.payer.memberId} pays all of it${via}` },
    );
  }
  return steps;
}

/** The share computation shown with an explanation: one payer, or the share stage's split. */
export function shareComputationOf(payer: PayerDecision | undefined, costNok: number): ShareComputation | null {
  if (!payer || payer.type === 'left') return null;
  if (payer.type === 'shared') return explainShares(payer.shared.basis, costNok, sharedBasisWarnings(payer.shared.notes));
  const { memberId, mergedFrom } = payer.payer;
  return {
    on: payer.on,
    method: 'single-member',
    memberCount: 1,
    members: [{ memberId, ...(mergedFrom.length > 0 ? { mergedFrom } : {}), fraction: 1, formula: '1', exactNok: costNok, amountNok: costNok }],
    totalNok: costNok,
    rounding: 'none needed: one payer',
    warnings: payer.registered ? [] : [unregisteredMember(memberId)],
    warningCodes: payer.registered ? [] : codedWarnings([unregisteredMember(memberId)]),
  };
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
