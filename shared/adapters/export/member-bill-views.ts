import type { BillSource, MemberBill } from '#shared/schemas/member-bill.ts';
import { column, costColumn, namesBy, payerCells, payerColumns, payersOf, yearColumn, type CellValue, type Lang, type View } from './views.ts';

/**
 * A member's bill as flat tables, for CSV (one view) and XLSX (both): the lines, with one column
 * per paying member (names, the billed member first), and the years. Laid out by the plan's
 * exporters (`csv.ts`, `xlsx.ts`), so `lang=nb` gives the same Norwegian headers, decimal comma,
 * dates and NOK formats.
 */
export type BillViewName = 'lines' | 'years';
export const BILL_VIEW_NAMES: readonly BillViewName[] = ['lines', 'years'];

const TITLES: Record<BillViewName, Record<Lang, string>> = {
  lines: { en: 'Lines', nb: 'Poster' },
  years: { en: 'Years', nb: 'År' },
};

const SOURCES: Record<BillSource, Record<Lang, string>> = {
  reinvestment: { en: 'Reinvestment', nb: 'Reinvestering' },
  'project-investment': { en: 'Project investment', nb: 'Prosjekt, investering' },
  'project-operating': { en: 'Project operating cost', nb: 'Prosjekt, drift' },
};

export function billViews(bill: MemberBill, lang: Lang): View[] {
  return BILL_VIEW_NAMES.map((name) => billView(bill, name, lang));
}

export function billView(bill: MemberBill, name: BillViewName, lang: Lang): View {
  const title = TITLES[name][lang];
  if (name === 'years') {
    return {
      name,
      title,
      columns: [
        yearColumn(lang),
        column('Reinvestment (NOK)', 'Reinvestering (kr)', 'nok', lang, { sum: true }),
        column('Project investment (NOK)', 'Prosjekt, investering (kr)', 'nok', lang, { sum: true }),
        column('Project operating (NOK)', 'Prosjekt, drift (kr)', 'nok', lang, { sum: true }),
        column('Total (NOK)', 'Totalt (kr)', 'nok', lang, { sum: true }),
      ],
      rows: bill.years.map((year) => [year.year, year.reinvestmentNok, year.projectInvestmentNok, year.projectOperatingNok, year.totalNok]),
    };
  }
  const member = namesBy(Object.fromEntries(bill.members.map((entry) => [entry.id, entry.name])));
  const payers = payersOf(bill.lines, member, bill.memberId);
  return {
    name,
    title,
    columns: [
      yearColumn(lang),
      column('Type', 'Type', 'text', lang, { width: 24 }),
      column('Item', 'Post', 'text', lang, { width: 40 }),
      costColumn(lang),
      ...payerColumns(payers, member, lang),
      column('Explanation', 'Forklaring', 'text', lang, { width: 60 }),
    ],
    rows: bill.lines.map((line): CellValue[] => [line.year, SOURCES[line.source][lang], line.name, line.costNok, ...payerCells(payers, line), line.explanation]),
  };
}

/** `member-costs-kr-ikt-sogne-2017-2020.csv` / `kommunekostnader-…`; a CSV of the years gets `-years` / `-ar`. */
export function billFileName(bill: Pick<MemberBill, 'regionId' | 'memberId' | 'from' | 'to'>, lang: Lang, extension: 'csv' | 'xlsx', view?: BillViewName): string {
  const base = lang === 'nb' ? 'kommunekostnader' : 'member-costs';
  const suffix = view === 'years' ? (lang === 'nb' ? '-ar' : '-years') : '';
  return `${base}-${bill.regionId}-${bill.memberId}-${bill.from}-${bill.to}${suffix}.${extension}`;
}
