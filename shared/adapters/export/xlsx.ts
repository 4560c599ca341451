import type ExcelJS from 'exceljs';
import type { ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import { planViews, type Column, type Lang, type View } from './plan-views.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Number formats: NOK with thousands grouping, percent with four decimals, dates per language. */
const NOK_FORMAT = '#,##0 "kr"';
const PERCENT_FORMAT = '0.0000';

/**
 * The plan as a real spreadsheet: one sheet per view (items, shares, totals, budget lines), with
 * a frozen, filterable header, NOK number formats, real dates, and sums as formulas (a Sum row under
 * each summable column; on the budget-line sheet the total rows and the differences are formulas),
 * so a budget owner can change a figure and see the sums follow. Excel shows the decimal comma
 * itself under a Norwegian locale; `nb` gives Norwegian sheet names, headers and dd.mm.yyyy dates.
 */
export function planXlsx(plan: ReinvestmentPlan, options: { lang: Lang }): Promise<Buffer> {
  return viewsXlsx(planViews(plan, options.lang), { lang: options.lang, created: plan.asOf });
}

/** Views (a plan's, a member's bill) as a workbook, one sheet each, laid out as above; `created` is a `YYYY-MM-DD`. */
export async function viewsXlsx(views: readonly View[], options: { lang: Lang; created: string }): Promise<Buffer> {
  // exceljs is large (~1 MB with its dependencies): loaded on the first XLSX export, not at cold start.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Driftsbilde';
  workbook.created = new Date(`${options.created}T00:00:00Z`);
  for (const view of views) addSheet(workbook, view, options.lang);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: ExcelJS.Workbook, view: View, lang: Lang): void {
  const sheet = workbook.addWorksheet(view.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = view.columns.map((column) => ({ header: column.header, width: column.width ?? Math.max(12, column.header.length + 2), style: styleOf(column, lang) }));
  sheet.getRow(1).font = { bold: true };
  for (const values of view.rows) {
    sheet.addRow(values.map((value, index) => (view.columns[index]?.type === 'date' && typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value)));
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: view.columns.length } };
  if (view.name === 'envelopes') envelopeFormulas(sheet, view);
  else sumRow(sheet, view, lang);
}

function styleOf(column: Column, lang: Lang): Partial<ExcelJS.Style> {
  switch (column.type) {
    case 'nok':
      return { numFmt: NOK_FORMAT };
    case 'percent':
      return { numFmt: PERCENT_FORMAT };
    case 'date':
      return { numFmt: lang === 'nb' ? 'dd.mm.yyyy' : 'yyyy-mm-dd' };
    case 'year':
      return { numFmt: '0' };
    default:
      return {};
  }
}

/** A bold Sum row: `=SUM(I2:I61)` under every summable column, with the value cached as its result. */
function sumRow(sheet: ExcelJS.Worksheet, view: View, lang: Lang): void {
  if (!view.columns.some((column) => column.sum)) return;
  const lastDataRow = view.rows.length + 1;
  const row = sheet.addRow(
    view.columns.map((column, index) => {
      if (index === 0) return lang === 'nb' ? 'Sum' : 'Total';
      if (!column.sum) return null;
      const letter = columnLetter(index + 1);
      const result = view.rows.reduce((sum, values) => sum + (typeof values[index] === 'number' ? (values[index] as number) : 0), 0);
      return { formula: view.rows.length > 0 ? `SUM(${letter}2:${letter}${lastDataRow})` : '0', result };
    }),
  );
  row.font = { bold: true };
}

/**
 * Budget-line sheet: each line's rows are its years followed by its total. The total's amount and
 * planned are SUMs of the year rows above it, and every difference is set aside − planned.
 */
function envelopeFormulas(sheet: ExcelJS.Worksheet, view: View): void {
  let firstYearRow = 2;
  view.rows.forEach((values, index) => {
    const rowNumber = index + 2;
    const row = sheet.getRow(rowNumber);
    const isTotal = index + 1 === view.rows.length || view.rows[index + 1]?.[0] !== values[0];
    if (isTotal && rowNumber > firstYearRow) {
      row.getCell(4).value = { formula: `SUM(D${firstYearRow}:D${rowNumber - 1})`, result: values[3] as number };
      row.getCell(5).value = { formula: `SUM(E${firstYearRow}:E${rowNumber - 1})`, result: values[4] as number };
      row.font = { bold: true };
    }
    row.getCell(6).value = { formula: `D${rowNumber}-E${rowNumber}`, result: values[5] as number };
    if (isTotal) firstYearRow = rowNumber + 1;
  });
}

function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
