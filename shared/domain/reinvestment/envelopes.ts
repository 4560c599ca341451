import type { BudgetLine } from '#shared/schemas/budget-line.ts';
import type { EnvelopeRow } from '#shared/schemas/reinvestment-plan.ts';
import { splitLargestRemainder } from './cost-keys.ts';

/**
 * Budget envelopes: which budget line pays for a plan item, and planned versus set aside per year
 * and in total.
 */

export type BudgetLineRecord = Omit<BudgetLine, 'version'>;

/**
 * Finds the one budget line an item counts against, so no krone is counted twice when lines
 * overlap. A line covers an item when the budget year is within its years and it names the item's
 * kind or one of its tags. A tag match wins over a kind match (a tag is the more specific choice,
 * e.g. a `datarom` server belongs to the server-room line, not the general server line); among
 * equals the line with the lowest id wins.
 */
export class BudgetLineMatcher {
  private readonly lines: BudgetLineRecord[];

  constructor(lines: readonly BudgetLineRecord[]) {
    this.lines = [...lines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The line for an item of `kind` with `tags` planned in `budgetYear`, or undefined when none covers it. */
  lineFor(kind: string, tags: readonly string[], budgetYear: number): BudgetLineRecord | undefined {
    let byKind: BudgetLineRecord | undefined;
    for (const line of this.lines) {
      if (budgetYear < line.fromYear || budgetYear > line.toYear) continue;
      if (line.tags.length > 0 && tags.length > 0 && tags.some((tag) => line.tags.includes(tag))) return line;
      if (byKind === undefined && (line.kinds as readonly string[]).includes(kind)) byKind = line;
    }
    return byKind;
  }
}

/**
 * The amount a line sets aside in each of its years: the amount itself for `per: year`; for
 * `per: total` the total spread evenly over the years in whole NOK that sum exactly to it.
 */
export function yearlyAmounts(line: BudgetLineRecord): Map<number, number> {
  const years: number[] = [];
  for (let year = line.fromYear; year <= line.toYear; year++) years.push(year);
  if (line.per === 'year') return new Map(years.map((year) => [year, line.amountNok]));
  const spread = splitLargestRemainder(
    line.amountNok,
    years.map((year) => ({ memberId: String(year), fraction: 1 / years.length })),
  );
  return new Map(spread.map((share) => [Number(share.memberId), share.amountNok]));
}

/**
 * Planned against set aside for every line that overlaps the plan: one row per plan year the line
 * covers, then a `total` row over those years. `planned` maps line id → year → planned NOK.
 */
export function envelopeRows(
  lines: readonly BudgetLineRecord[],
  planned: ReadonlyMap<string, ReadonlyMap<number, number>>,
  fromYear: number,
  toYear: number,
): EnvelopeRow[] {
  const rows: EnvelopeRow[] = [];
  const sorted = [...lines].sort((a, b) => a.fromYear - b.fromYear || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const line of sorted) {
    const first = Math.max(line.fromYear, fromYear);
    const last = Math.min(line.toYear, toYear);
    if (first > last) continue;
    const amounts = yearlyAmounts(line);
    let totalAmount = 0;
    let totalPlanned = 0;
    for (let year = first; year <= last; year++) {
      const amountNok = amounts.get(year) ?? 0;
      const plannedNok = planned.get(line.id)?.get(year) ?? 0;
      totalAmount += amountNok;
      totalPlanned += plannedNok;
      rows.push(envelopeRow(line, year, amountNok, plannedNok));
    }
    rows.push(envelopeRow(line, 'total', totalAmount, totalPlanned));
  }
  return rows;
}

function envelopeRow(line: BudgetLineRecord, year: number | 'total', amountNok: number, plannedNok: number): EnvelopeRow {
  const differenceNok = amountNok - plannedNok;
  return {
    id: line.id,
    name: line.name,
    year,
    amountNok,
    plannedNok,
    differenceNok,
    status: differenceNok > 0 ? 'headroom' : differenceNok < 0 ? 'overrun' : 'on-budget',
  };
}
