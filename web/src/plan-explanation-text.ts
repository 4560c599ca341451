import { formatDate, formatNok, formatNumber, formatPercent } from './format.ts';
import type { PlanCode } from '../../shared/messages/plan.ts';
import { PLAN_CATALOGUES } from '../../shared/messages/plan.i18n.ts';
import { renderMessage, type MessageParams } from '../../shared/messages/render.ts';
import { currentLanguage } from './i18n.ts';
import type { Reference } from './reference.ts';
import { kindLabel } from './status.ts';
import type { ItemExplanation } from './types.ts';

/**
 * The plan explanation in the UI language. The API gives each step as a stable code (`rule`) with
 * its value and details, plus an English sentence for API clients; the sentence is rebuilt here from
 * the code and the explanation's own inputs, so the dashboard never shows the English one.
 */
type Step = ItemExplanation['steps'][number];

/** A text of the plan's catalogue (shared with the API's warnings) in the UI language. */
function planText(code: PlanCode, params: MessageParams = {}): string {
  return renderMessage(PLAN_CATALOGUES, currentLanguage(), { code, params });
}

/** A plan warning as the API sends it (`{ code, params }`) in the UI language. */
export function warningText(warning: { code: string; params?: MessageParams }): string {
  return renderMessage(PLAN_CATALOGUES, currentLanguage(), warning);
}

export function stepText(explanation: ItemExplanation, step: Step, reference: Reference): string {
  const device = explanation.inputs.device;
  const details = step.details ?? {};
  const lifetime = explanation.steps.find((candidate) => candidate.rule === 'lifetime')?.value;
  switch (step.rule) {
    case 'lifetime': {
      const source = details.source === 'device' ? 'device' : details.source === 'region' ? 'region' : 'default';
      return planText(`explainLifetime_${source}`, { years: String(step.value), kind: kindLabel(device.kind).toLowerCase() });
    }
    case 'end-of-life':
      return planText('explainEndOfLife', { purchased: formatDate(device.purchaseDate), years: String(lifetime), date: formatDate(String(step.value)) });
    case 'due-date': {
      const endOfLife = formatDate(String(details.endOfLife ?? ''));
      const support = details.vendorEndOfSupport;
      if (support === null || support === undefined || support === 'announced-unknown') return planText(support === 'announced-unknown' ? 'explainDueSupportUndated' : 'explainDueSupportNone', { date: endOfLife });
      return planText(details.reason === 'vendor-end-of-support' ? 'explainDueSupportFirst' : 'explainDueLifeFirst', { date: endOfLife, support: formatDate(String(support)) });
    }
    case 'health': {
      const figures = healthFigures(details);
      if (step.value === true) return planText('explainHealthPulled', { figures, date: formatDate(explanation.item?.dueDate ?? explanation.plan.asOf) });
      const unhealthy = typeof details.criticalFractionLast90Days === 'number' && (details.criticalFractionLast90Days >= 0.1 || Number(details.incidentsLast365Days) >= 3);
      return planText(unhealthy ? 'explainHealthAlreadyDue' : 'explainHealthFine', { figures, year: String(details.currentYear ?? '') });
    }
    case 'budget-year': {
      const due = formatDate(String(details.dueDate ?? ''));
      if (details.overdue === true) return planText('explainBudgetOverdue', { date: due, year: String(explanation.plan.from) });
      const dueYear = Number(String(details.dueDate ?? '').slice(0, 4));
      if (dueYear > explanation.plan.to) return planText('explainBudgetAfter', { year: String(dueYear), last: String(explanation.plan.to) });
      return planText('explainBudgetIn', { year: String(dueYear) });
    }
    case 'cost':
      if (typeof details.purchaseCostNok !== 'number') return planText('explainCostReplacement', { amount: formatNok(Number(step.value)) });
      return planText('explainCostIndexed', {
        purchase: formatNok(details.purchaseCostNok),
        index: formatPercent(Number(details.priceIndex)),
        years: String(details.years),
        amount: formatNok(Number(step.value)),
      });
    case 'payer': {
      if (step.value === null) return planText('explainPayerLeft', { member: reference.memberName(device.payer.type === 'member' ? device.payer.memberId : '') });
      const shares = explanation.shares;
      if (shares?.method === 'key') {
        const source = shares.keySource ?? 'region-default';
        return planText(`explainPayerShared_${source}`, { environment: reference.environmentName(device.environmentId), count: String(shares.memberCount), date: formatDate(shares.on) });
      }
      return planText('explainPayerSingle', { member: reference.memberName(String(step.value)) });
    }
  }
}

function healthFigures(details: Record<string, unknown>): string {
  const fraction = details.criticalFractionLast90Days;
  if (typeof fraction !== 'number') return planText('explainHealthNoFigures');
  return planText('explainHealthFigures', { percent: formatPercent(fraction), incidents: String(details.incidentsLast365Days ?? 0) });
}

/** How the whole-krone amounts were made to add up, from the share lines themselves. */
export function roundingText(shares: NonNullable<ItemExplanation['shares']>): string {
  if (shares.method === 'single-member') return planText('explainRoundingSingle');
  const floors = shares.members.reduce((sum, line) => sum + Math.floor(line.exactNok + 1e-9), 0);
  const left = shares.totalNok - floors;
  if (left === 0) return planText('explainRoundingExact');
  return planText('explainRoundingLargest', { count: formatNumber(left) });
}
