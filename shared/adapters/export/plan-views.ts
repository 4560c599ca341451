import type { DeviceKind } from '#shared/schemas/common.ts';
import type { ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import type { PlanNames } from '#shared/domain/reinvestment/planning.ts';
import { kindsEn } from '#shared/messages/kinds.en.ts';
import { kindsNb } from '#shared/messages/kinds.nb.ts';
export type { PlanNames };
import { column, costColumn, namesBy, payerCells, payerColumns, payersOf, yearColumn, type CellValue, type Lang, type View } from './views.ts';

/**
 * The plan as flat tables ("views"), in English or Norwegian, with names, not ids: devices,
 * members, environments and budget lines by name, kinds in words, and one column per paying member.
 */
export type ViewName = 'items' | 'shares' | 'totals' | 'envelopes';
export const VIEW_NAMES: readonly ViewName[] = ['items', 'shares', 'totals', 'envelopes'];

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
  'per-year': { en: 'per year', nb: 'per år' },
  'per-total': { en: 'whole period (cumulative)', nb: 'hele perioden (akkumulert)' },
  unallocated: { en: '(not allocated)', nb: '(ikke fordelt)' },
};

/** The envelope sheet's last column for a line given for its whole period (its yearly rows are cumulative). */
export function isWholePeriodBasis(value: unknown): boolean {
  return value === WORDS['per-total']?.en || value === WORDS['per-total']?.nb;
}

function word(key: string, lang: Lang): string {
  return WORDS[key]?.[lang] ?? key;
}

/** Kinds in the reader's language, from the catalogue the dashboard's kind labels match. */
const KINDS: Record<Lang, Readonly<Record<`kind_${DeviceKind}`, string>>> = { nb: kindsNb, en: kindsEn };

/**
 * Every view of the plan. Fractions are shown as percent (43.2868 = 43.2868 %). `names` gives the
 * members' and environments' names (without it, their ids stand in); budget lines are named by the
 * plan's own envelope rows.
 */
export function planViews(plan: ReinvestmentPlan, lang: Lang, names?: PlanNames): View[] {
  return VIEW_NAMES.map((name) => planView(plan, name, lang, names));
}

export function planView(plan: ReinvestmentPlan, name: ViewName, lang: Lang, names?: PlanNames): View {
  const title = TITLES[name][lang];
  const member = namesBy(names?.members);
  const environment = namesBy(names?.environments);
  const kind = (value: DeviceKind) => KINDS[lang][`kind_${value}`] ?? value;
  const device = column('Device', 'Enhet', 'text', lang, { width: 36 });
  const kindColumn = column('Kind', 'Type', 'text', lang, { width: 14 });
  const environmentColumn = column('Environment', 'Driftsmiljø', 'text', lang, { width: 32 });
  const memberColumn = column('Member', 'Medlem', 'text', lang, { width: 18 });
  switch (name) {
    case 'items': {
      const budgetLine = namesBy(Object.fromEntries(plan.envelopes.map((row) => [row.id, row.name])));
      const payers = payersOf(plan.items, member);
      return {
        name,
        title,
        // The device's id beside its name: names may repeat across sites, and the id is what an import matches on.
        columns: [
          device,
          column('Id', 'Id', 'text', lang, { width: 20 }),
          kindColumn,
          environmentColumn,
          column('Due date', 'Forfallsdato', 'date', lang),
          column('Reason', 'Årsak', 'text', lang, { width: 24 }),
          yearColumn(lang, 'Budget year', 'Budsjettår'),
          column('Overdue', 'Forfalt', 'text', lang),
          costColumn(lang),
          column('Budget line', 'Budsjettpost', 'text', lang, { width: 36 }),
          ...payerColumns(payers, member, lang),
        ],
        rows: plan.items.map((item): CellValue[] => [
          item.name,
          item.deviceId,
          kind(item.kind),
          environment(item.environmentId),
          item.dueDate,
          word(item.reason, lang),
          item.budgetYear,
          word(item.overdue ? 'yes' : 'no', lang),
          item.costNok,
          item.budgetLineId ? budgetLine(item.budgetLineId) : null,
          ...payerCells(payers, item),
        ]),
      };
    }
    case 'shares':
      return {
        name,
        title,
        columns: [
          yearColumn(lang, 'Budget year', 'Budsjettår'),
          device,
          kindColumn,
          environmentColumn,
          memberColumn,
          column('Share (%)', 'Andel (%)', 'percent', lang),
          column('Amount (NOK)', 'Beløp (kr)', 'nok', lang, { sum: true }),
        ],
        rows: plan.items.flatMap((item) =>
          item.shares.map((share) => [item.budgetYear, item.name, kind(item.kind), environment(item.environmentId), member(share.memberId), share.fraction * 100, share.amountNok]),
        ),
      };
    case 'totals':
      return {
        name,
        title,
        columns: [yearColumn(lang), memberColumn, kindColumn, environmentColumn, column('Amount (NOK)', 'Beløp (kr)', 'nok', lang, { sum: true })],
        rows: plan.totals.map((total) => [total.year, total.memberId === null ? word('unallocated', lang) : member(total.memberId), kind(total.kind), environment(total.environmentId), total.amountNok]),
      };
    case 'envelopes':
      return {
        name,
        title,
        // The id second: the XLSX writer groups a line's year rows by it (two lines may share a name).
        columns: [
          column('Budget line', 'Budsjettpost', 'text', lang, { width: 36 }),
          column('Id', 'Id', 'text', lang, { width: 28 }),
          column('Year', 'År', 'text', lang),
          column('Set aside (NOK)', 'Ramme (kr)', 'nok', lang),
          column('Planned (NOK)', 'Planlagt (kr)', 'nok', lang),
          column('Difference (NOK)', 'Differanse (kr)', 'nok', lang),
          column('Status', 'Status', 'text', lang),
          column('Planned in the year (NOK)', 'Planlagt i året (kr)', 'nok', lang),
          column('Set aside', 'Rammen gjelder', 'text', lang, { width: 26 }),
        ],
        rows: plan.envelopes.map((row) => [
          row.name,
          row.id,
          row.year === 'total' ? word('total', lang) : String(row.year),
          row.amountNok,
          row.plannedNok,
          row.differenceNok,
          word(row.status, lang),
          row.plannedInYearNok,
          word(`per-${row.per}`, lang),
        ]),
      };
  }
}

/** File name for an export: `reinvestment-plan-kr-ikt-2017-2020.xlsx` / `reinvesteringsplan-…`. */
export function exportFileName(plan: Pick<ReinvestmentPlan, 'regionId' | 'from' | 'to'>, lang: Lang, extension: 'csv' | 'xlsx', view?: ViewName): string {
  const base = lang === 'nb' ? 'reinvesteringsplan' : 'reinvestment-plan';
  return `${base}-${plan.regionId}-${plan.from}-${plan.to}${view && view !== 'items' ? `-${view}` : ''}.${extension}`;
}
