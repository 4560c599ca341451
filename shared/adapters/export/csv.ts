import type { ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import { planView, type PlanNames, type ViewName } from './plan-views.ts';
import { formatDate, type CellValue, type Column, type Lang, type View } from './views.ts';

/**
 * One view of the plan as CSV. English: comma-separated, ISO dates, decimal point. Norwegian
 * (`nb`): what Norwegian Excel expects — semicolon-separated, decimal comma, dd.mm.yyyy, and a
 * UTF-8 byte-order mark so æ, ø and å survive opening by double-click. Amounts are plain whole
 * numbers (no thousands separator) so a spreadsheet reads them as numbers.
 */
export function planCsv(plan: ReinvestmentPlan, options: { lang: Lang; view: ViewName; names?: PlanNames }): string {
  return viewCsv(planView(plan, options.view, options.lang, options.names), options.lang);
}

/** Any view (a plan's, a member's bill) as CSV, by the rules above. */
export function viewCsv(view: View, lang: Lang): string {
  const delimiter = lang === 'nb' ? ';' : ',';
  const lines = [
    view.columns.map((column) => quote(column.header, delimiter)).join(delimiter),
    ...view.rows.map((row) => row.map((value, index) => quote(formatCell(value, view.columns[index]!, lang), delimiter)).join(delimiter)),
  ];
  return `${lang === 'nb' ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`;
}

function formatCell(value: CellValue, column: Column, lang: Lang): string {
  if (value === null) return '';
  if (column.type === 'date' && typeof value === 'string') return formatDate(value, lang);
  if (typeof value === 'number') {
    const text = column.type === 'percent' ? String(Math.round(value * 1e4) / 1e4) : String(value);
    return lang === 'nb' ? text.replace('.', ',') : text;
  }
  return neutraliseFormula(value);
}

/**
 * Device and line names come from users; a spreadsheet would run a text cell starting with =, +,
 * - or @ as a formula (CSV injection). Such text gets a leading apostrophe, which Excel hides.
 */
function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(text: string, delimiter: string): string {
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
