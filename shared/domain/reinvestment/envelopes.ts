import type { BudgetLine } from '#shared/schemas/budget-line.ts';
import type { EnvelopeRow } from '#shared/schemas/reinvestment-plan.ts';

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
 * Planned against set aside for every line that overlaps the plan: one row per plan year the line
 * covers, then a `total` row over those years. `planned` maps line id → year → planned NOK.
 * A `per: year` line is compared year by year and its total is the sum of its years. A `per: total`
 * line is one sum for its whole period: each yearly row compares the whole sum with what is planned
 * cumulatively up to that year (so money unspent in 2017 is still there in 2018), and the total row
 * compares it with the plan's sum over the line's years.
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
    let totalAmount = 0;
    let totalPlanned = 0;
    for (let year = first; year <= last; year++) {
      const inYear = planned.get(line.id)?.get(year) ?? 0;
      totalPlanned += inYear;
      if (line.per === 'year') {
        totalAmount += line.amountNok;
        rows.push(envelopeRow(line, year, line.amountNok, inYear, inYear));
      } else {
        rows.push(envelopeRow(line, year, line.amountNok, totalPlanned, inYear));
      }
    }
    rows.push(envelopeRow(line, 'total', line.per === 'year' ? totalAmount : line.amountNok, totalPlanned, totalPlanned));
  }
  return rows;
}

function envelopeRow(line: BudgetLineRecord, year: number | 'total', amountNok: number, plannedNok: number, plannedInYearNok: number): EnvelopeRow {
  const differenceNok = amountNok - plannedNok;
  return {
    id: line.id,
    name: line.name,
    year,
    per: line.per,
    amountNok,
    plannedNok,
    plannedInYearNok,
    differenceNok,
    status: differenceNok > 0 ? 'headroom' : differenceNok < 0 ? 'overrun' : 'on-budget',
  };
}
