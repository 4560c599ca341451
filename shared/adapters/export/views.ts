/**
 * What every export (the plan, a member's bill) is made of: flat tables ("views") in English or
 * Norwegian. The CSV and XLSX exporters only lay these out; what a column is called and how a value
 * is shown is decided by the views, once. The pieces the plan's and the bill's views share live here.
 */
import type { Lang } from '#shared/messages/render.ts';

export type { Lang };

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
  /** A plan view's name, or another export's (the member's bill). */
  name: string;
  /** Sheet title. */
  title: string;
  columns: Column[];
  rows: CellValue[][];
}

export function column(en: string, nb: string, type: ColumnType, lang: Lang, extra: Partial<Column> = {}): Column {
  return { header: lang === 'nb' ? nb : en, type, ...extra };
}

/** The columns every export starts its amounts with. */
export const yearColumn = (lang: Lang, en = 'Year', nb = 'År') => column(en, nb, 'year', lang);
export const costColumn = (lang: Lang) => column('Cost (NOK)', 'Kostnad (kr)', 'nok', lang, { sum: true });

/** Anything split between members: an amount per member id. */
export interface Shared {
  shares: ReadonlyArray<{ memberId: string; amountNok: number }>;
}

/**
 * One summed column per paying member, headed by the member's name ("Iveland (kr)"), in the order
 * given; {@link payerCells} fills a row of them. A member who pays nothing on a row gets an empty
 * cell, not 0, so the eye finds who pays.
 */
export function payerColumns(payerIds: readonly string[], nameOf: (memberId: string) => string, lang: Lang): Column[] {
  return payerIds.map((id) => column(`${nameOf(id)} (NOK)`, `${nameOf(id)} (kr)`, 'nok', lang, { sum: true, width: 18 }));
}

export function payerCells(payerIds: readonly string[], line: Shared): CellValue[] {
  return payerIds.map((id) => line.shares.find((share) => share.memberId === id)?.amountNok ?? null);
}

/** Every member paying on any line, in `first` then name order. */
export function payersOf(lines: readonly Shared[], nameOf: (memberId: string) => string, first?: string): string[] {
  const ids = new Set(lines.flatMap((line) => line.shares.map((share) => share.memberId)));
  const rest = [...ids].filter((id) => id !== first).sort((a, b) => nameOf(a).localeCompare(nameOf(b), 'nb'));
  return first === undefined ? rest : [first, ...rest];
}

/** `2017-06-01` → `01.06.2017` (Norwegian) or unchanged (English). */
export function formatDate(isoDate: string, lang: Lang): string {
  return lang === 'nb' ? `${isoDate.slice(8, 10)}.${isoDate.slice(5, 7)}.${isoDate.slice(0, 4)}` : isoDate;
}

/** A lookup by id that falls back to the id itself (a record removed since, an export without names). */
export function namesBy(names: Readonly<Record<string, string>> | undefined): (id: string) => string {
  return (id) => names?.[id] ?? id;
}
