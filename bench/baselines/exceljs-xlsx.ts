import type ExcelJS from 'exceljs';
import { isWholePeriodBasis } from '#shared/adapters/export/plan-views.ts';
import type { Column, Lang, View } from '#shared/adapters/export/views.ts';
import { columnLetter } from '#shared/adapters/export/xlsx.ts';

/**
 * Baseline of the XLSX benchmark: the exceljs writer the exports used before our own
 * (shared/adapters/export/xlsx.ts), kept as it was so `bench/xlsx.ts` compares both on the same views.
 */
export async function exceljsViewsXlsx(views: readonly View[], options: { lang: Lang; created: string }): Promise<Buffer> {
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
      return { numFmt: '#,##0 "kr"' };
    case 'percent':
      return { numFmt: '0.0000' };
    case 'date':
      return { numFmt: lang === 'nb' ? 'dd.mm.yyyy' : 'yyyy-mm-dd' };
    case 'year':
      return { numFmt: '0' };
    default:
      return {};
  }
}

function sumRow(sheet: ExcelJS.Worksheet, view: View, lang: Lang): void {
  if (!view.columns.some((column) => column.sum)) return;
  const lastDataRow = view.rows.length + 1;
  const row = sheet.addRow(
    view.columns.map((column, index) => {
      if (index === 0) return lang === 'nb' ? 'Sum' : 'Total';
      if (!column.sum) return null;
      const letter = columnLetter(index + 1);
      const result = view.rows.reduce<number>((sum, values) => sum + (typeof values[index] === 'number' ? values[index] : 0), 0);
      return { formula: view.rows.length > 0 ? `SUM(${letter}2:${letter}${lastDataRow})` : '0', result };
    }),
  );
  row.font = { bold: true };
}

function envelopeFormulas(sheet: ExcelJS.Worksheet, view: View): void {
  let firstYearRow = 2;
  view.rows.forEach((values, index) => {
    const rowNumber = index + 2;
    const row = sheet.getRow(rowNumber);
    const isTotal = index + 1 === view.rows.length || view.rows[index + 1]?.[1] !== values[1];
    if (isTotal && rowNumber > firstYearRow) {
      if (isWholePeriodBasis(values[8])) {
        row.getCell(5).value = { formula: `SUM(H${firstYearRow}:H${rowNumber - 1})`, result: values[4] as number };
      } else {
        row.getCell(4).value = { formula: `SUM(D${firstYearRow}:D${rowNumber - 1})`, result: values[3] as number };
        row.getCell(5).value = { formula: `SUM(E${firstYearRow}:E${rowNumber - 1})`, result: values[4] as number };
      }
      row.font = { bold: true };
    }
    row.getCell(6).value = { formula: `D${rowNumber}-E${rowNumber}`, result: values[5] as number };
    if (isTotal) firstYearRow = rowNumber + 1;
  });
}
