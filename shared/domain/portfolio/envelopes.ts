import type { BudgetLine, BudgetLineScope } from '#shared/schemas/budget-line.ts';
import type { ScenarioOverrides } from '#shared/schemas/portfolio.ts';
import { splitLargestRemainder } from '../reinvestment/cost-keys.ts';

/**
 * The money set aside for projects per year (issue 8): the budget lines whose scope includes
 * projects (`projects` or `both`; a line without scope is for reinvestment only), each per year or
 * a period total spread evenly over its years in whole NOK
 * (the selection carries unspent money forward, so the even spread makes no artificial overrun). A
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

/**
 * The amount a line sets aside in each of its years: the amount itself for `per: year`; for
 * `per: total` the total spread evenly over the years in whole NOK that sum exactly to it.
 */
export function yearlyAmounts(line: EnvelopeLine): Map<number, number> {
  const years: number[] = [];
  for (let year = line.fromYear; year <= line.toYear; year++) years.push(year);
  if (line.per === 'year') return new Map(years.map((year) => [year, line.amountNok]));
  const spread = splitLargestRemainder(
    line.amountNok,
    years.map((year) => ({ memberId: String(year), fraction: 1 / years.length })),
  );
  return new Map(spread.map((share) => [Number(share.memberId), share.amountNok]));
}
