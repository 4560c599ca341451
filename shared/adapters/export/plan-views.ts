import type { ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';

/**
 * The plan as flat tables ("views"), in English or Norwegian. The CSV and XLSX exporters only
 * lay these out; what a column is called and how a value is shown is decided here, once.
 */
export type Lang = 'en' | 'nb';
export type ViewName = 'items' | 'shares' | 'totals' | 'envelopes';
export const VIEW_NAMES: readonly ViewName[] = ['items', 'shares', 'totals', 'envelopes'];

/** How a column's values are typed: drives number formats in XLSX and decimal commas in CSV. */
export type ColumnType = 'text' | 'year' | 'nok' | 'percent' | 'date';

export interface Column {
  header: string;
  type: ColumnType;
  /** Summed in a formula row below the data (XLSX). */
  sum?: boolean;
  width?: number;
}

export type CellValue = string | number | null;

export interface View {
  /** A plan view's name (`ViewName`), or another export's (the member's bill). */
  name: string;
  /** Sheet title. */
  title: string;
  columns: Column[];
  rows: CellValue[][];
}

const TITLES: Record<ViewName, Record<Lang, string>> = {
  items: { en: 'Items', nb: 'Tiltak' },
  shares: { en: 'Shares', nb: 'Fordeling' },
  totals: { en: 'Totals', nb: 'Summer' },
  envelopes: { en: 'Budget lines', nb: 'Budsjettrammer' },
};

const WORDS: Record<string, Record<Lang, string>> = {
  lifetime: { en: 'lifetime', nb: 'levetid' },
  'vendor-end-of-support': { en: 'vendor end of support', nb: 'leverandørstøtte opphører' },
  health: { en: 'health', nb: 'helse' },
  yes: { en: 'yes', nb: 'ja' },
  no: { en: 'no', nb: 'nei' },
  headroom: { en: 'headroom', nb: 'handlingsrom' },
  overrun: { en: 'overrun', nb: 'overskridelse' },
  'on-budget': { en: 'on budget', nb: 'i balanse' },
  total: { en: 'total', nb: 'totalt' },
  unallocated: { en: '(not allocated)', nb: '(ikke fordelt)' },
};

function word(key: string, lang: Lang): string {
  return WORDS[key]?.[lang] ?? key;
}

export function column(en: string, nb: string, type: ColumnType, lang: Lang, extra: Partial<Column> = {}): Column {
  return { header: lang === 'nb' ? nb : en, type, ...extra };
}

/** Every view of the plan. Fractions are shown as percent (43.2868 = 43.2868 %). */
export function planViews(plan: ReinvestmentPlan, lang: Lang): View[] {
  return VIEW_NAMES.map((name) => planView(plan, name, lang));
}

export function planView(plan: ReinvestmentPlan, name: ViewName, lang: Lang): View {
  const title = TITLES[name][lang];
  switch (name) {
    case 'items':
      return {
        name,
        title,
        columns: [
          column('Device', 'Enhet', 'text', lang, { width: 24 }),
          column('Name', 'Navn', 'text', lang, { width: 36 }),
          column('Kind', 'Type', 'text', lang),
          column('Environment', 'Driftsmiljø', 'text', lang, { width: 18 }),
          column('Due date', 'Forfallsdato', 'date', lang),
          column('Reason', 'Årsak', 'text', lang, { width: 24 }),
          column('Budget year', 'Budsjettår', 'year', lang),
          column('Overdue', 'Forfalt', 'text', lang),
          column('Cost (NOK)', 'Kostnad (kr)', 'nok', lang, { sum: true }),
          column('Budget line', 'Budsjettpost', 'text', lang, { width: 28 }),
          column('Payers', 'Betalere', 'text', lang, { width: 60 }),
        ],
        rows: plan.items.map((item) => [
          item.deviceId,
          item.name,
          item.kind,
          item.environmentId,
          item.dueDate,
          word(item.reason, lang),
          item.budgetYear,
          word(item.overdue ? 'yes' : 'no', lang),
          item.costNok,
          item.budgetLineId ?? '',
          item.shares.map((share) => `${share.memberId} ${share.amountNok}`).join('; '),
        ]),
      };
    case 'shares':
      return {
        name,
        title,
        columns: [
          column('Budget year', 'Budsjettår', 'year', lang),
          column('Device', 'Enhet', 'text', lang, { width: 24 }),
          column('Name', 'Navn', 'text', lang, { width: 36 }),
          column('Kind', 'Type', 'text', lang),
          column('Environment', 'Driftsmiljø', 'text', lang, { width: 18 }),
          column('Member', 'Medlem', 'text', lang, { width: 16 }),
          column('Share (%)', 'Andel (%)', 'percent', lang),
          column('Amount (NOK)', 'Beløp (kr)', 'nok', lang, { sum: true }),
        ],
        rows: plan.items.flatMap((item) =>
          item.shares.map((share) => [item.budgetYear, item.deviceId, item.name, item.kind, item.environmentId, share.memberId, share.fraction * 100, share.amountNok]),
        ),
      };
    case 'totals':
      return {
        name,
        title,
        columns: [
          column('Year', 'År', 'year', lang),
          column('Member', 'Medlem', 'text', lang, { width: 16 }),
          column('Kind', 'Type', 'text', lang),
          column('Environment', 'Driftsmiljø', 'text', lang, { width: 18 }),
          column('Amount (NOK)', 'Beløp (kr)', 'nok', lang, { sum: true }),
        ],
        rows: plan.totals.map((total) => [total.year, total.memberId ?? word('unallocated', lang), total.kind, total.environmentId, total.amountNok]),
      };
    case 'envelopes':
      return {
        name,
        title,
        columns: [
          column('Budget line', 'Budsjettpost', 'text', lang, { width: 28 }),
          column('Name', 'Navn', 'text', lang, { width: 36 }),
          column('Year', 'År', 'text', lang),
          column('Set aside (NOK)', 'Ramme (kr)', 'nok', lang),
          column('Planned (NOK)', 'Planlagt (kr)', 'nok', lang),
          column('Difference (NOK)', 'Differanse (kr)', 'nok', lang),
          column('Status', 'Status', 'text', lang),
        ],
        rows: plan.envelopes.map((row) => [
          row.id,
          row.name,
          row.year === 'total' ? word('total', lang) : String(row.year),
          row.amountNok,
          row.plannedNok,
          row.differenceNok,
          word(row.status, lang),
        ]),
      };
  }
}

/** `2017-06-01` → `01.06.2017` (Norwegian) or unchanged (English). */
export function formatDate(isoDate: string, lang: Lang): string {
  return lang === 'nb' ? `${isoDate.slice(8, 10)}.${isoDate.slice(5, 7)}.${isoDate.slice(0, 4)}` : isoDate;
}

/** File name for an export: `reinvestment-plan-kr-ikt-2017-2020.xlsx` / `reinvesteringsplan-…`. */
export function exportFileName(plan: Pick<ReinvestmentPlan, 'regionId' | 'from' | 'to'>, lang: Lang, extension: 'csv' | 'xlsx', view?: ViewName): string {
  const base = lang === 'nb' ? 'reinvesteringsplan' : 'reinvestment-plan';
  return `${base}-${plan.regionId}-${plan.from}-${plan.to}${view && view !== 'items' ? `-${view}` : ''}.${extension}`;
}
