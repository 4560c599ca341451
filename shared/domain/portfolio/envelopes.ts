import type { BudgetLine, BudgetLineScope } from '#shared/schemas/budget-line.ts';
import type { ScenarioOverrides } from '#shared/schemas/portfolio.ts';
import { yearlyAmounts } from '../reinvestment/envelopes.ts';

/**
 * The money set aside for projects per year (issue 8): the budget lines whose scope includes
 * projects (`projects` or `both`; a line without scope is for reinvestment only), each per year or
 * a period total spread evenly over its years in whole NOK (the reinvestment plan's rule). A
 * scenario may set a line's amount for a year, or (no line named) the year's whole envelope.
 */

export type EnvelopeLine = Omit<BudgetLine, 'version'>;

export function countsForProjects(scope: BudgetLineScope | undefined): boolean {
  return scope === 'projects' || scope === 'both';
}

/** Year → envelope NOK for every year from..to (0 where no line gives money). */
export function projectEnvelopes(
  lines: readonly EnvelopeLine[],
  from: number,
  to: number,
  overrides: ScenarioOverrides['envelopes'] = [],
): Map<number, number> {
  const envelope = new Map<number, number>();
  for (let year = from; year <= to; year++) envelope.set(year, 0);
  for (const line of lines) {
    if (!countsForProjects(line.scope)) continue;
    const amounts = yearlyAmounts(line);
    for (const override of overrides) if (override.budgetLineId === line.id && amounts.has(override.year)) amounts.set(override.year, override.amountNok);
    for (const [year, amount] of amounts) if (envelope.has(year)) envelope.set(year, (envelope.get(year) ?? 0) + amount);
  }
  for (const override of overrides) if (override.budgetLineId === undefined && envelope.has(override.year)) envelope.set(override.year, override.amountNok);
  return envelope;
}
