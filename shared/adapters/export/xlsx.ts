import type { PlanNames } from '#shared/domain/reinvestment/planning.ts';
import type { ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import { isWholePeriodBasis, planViews } from './plan-views.ts';
import type { CellValue, ColumnType, Lang, View } from './views.ts';
import { zip } from './zip.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/**
 * The plan as a real spreadsheet: one sheet per view (items, shares, totals, budget lines), with
 * a frozen, filterable header, NOK number formats, real dates, and sums as formulas (a Sum row under
 * each summable column; on the budget-line sheet the total rows and the differences are formulas),
 * so a budget owner can change a figure and see the sums follow. Excel shows the decimal comma
 * itself under a Norwegian locale; `nb` gives Norwegian sheet names, headers and dd.mm.yyyy dates.
 */
export function planXlsx(plan: ReinvestmentPlan, options: { lang: Lang; names?: PlanNames }): Buffer {
  return viewsXlsx(planViews(plan, options.lang, options.names), { lang: options.lang, created: plan.asOf });
}

/**
 * Views (a plan's, a member's bill) as a workbook, one sheet each, laid out as above; `created` is
 * a `YYYY-MM-DD`. Written here as SpreadsheetML (ECMA-376 part 1, the strict subset every reader
 * takes) in a ZIP: the library we used before (exceljs) weighed ~1.2 MB in the Lambda bundle for
 * the handful of features below. Tests read the files back with exceljs and openpyxl.
 */
export function viewsXlsx(views: readonly View[], options: { lang: Lang; created: string }): Buffer {
  const strings = new SharedStrings();
  const sheets = views.map((view) => sheetXml(view, options.lang, strings));
  const created = new Date(`${options.created}T00:00:00Z`);
  return zip(
    [
      { name: '[Content_Types].xml', data: contentTypesXml(views.length) },
      { name: '_rels/.rels', data: PACKAGE_RELS },
      { name: 'docProps/core.xml', data: coreXml(created) },
      { name: 'xl/workbook.xml', data: workbookXml(views) },
      { name: 'xl/_rels/workbook.xml.rels', data: workbookRelsXml(views.length) },
      { name: 'xl/styles.xml', data: STYLES_XML },
      ...sheets.map((data, index) => ({ name: `xl/worksheets/sheet${index + 1}.xml`, data })),
      { name: 'xl/sharedStrings.xml', data: strings.xml() },
    ],
    created,
  );
}

// --- what goes in the cells -------------------------------------------------------------------

/** A formula with its value cached, so readers that do not calculate (and previews) show the figure. */
interface Formula {
  formula: string;
  result: number;
}
type Cell = CellValue | Formula;
interface SheetRow {
  cells: Cell[];
  bold: boolean;
}

/** Header, data, and the formulas: the Sum row, or the budget-line sheet's totals and differences. */
function sheetRows(view: View, lang: Lang): SheetRow[] {
  const header: SheetRow = { cells: view.columns.map((column) => column.header), bold: true };
  if (view.name === 'envelopes') return [header, ...envelopeRows(view)];
  const data = view.rows.map((cells) => ({ cells, bold: false }));
  return [header, ...data, ...sumRow(view, lang)];
}

/** A bold Sum row: `=SUM(I2:I61)` under every summable column, with the value cached as its result. */
function sumRow(view: View, lang: Lang): SheetRow[] {
  if (!view.columns.some((column) => column.sum)) return [];
  const lastDataRow = view.rows.length + 1;
  const cells = view.columns.map((column, index): Cell => {
    if (index === 0) return lang === 'nb' ? 'Sum' : 'Total';
    if (!column.sum) return null;
    const letter = columnLetter(index + 1);
    const result = view.rows.reduce<number>((sum, values) => sum + (typeof values[index] === 'number' ? values[index] : 0), 0);
    return { formula: view.rows.length > 0 ? `SUM(${letter}2:${letter}${lastDataRow})` : '0', result };
  });
  return [{ cells, bold: true }];
}

/**
 * Budget-line sheet: each line's rows are its years followed by its total. For a line set aside per
 * year the total's amount and planned are SUMs of the year rows above it; a line given for its whole
 * period has cumulative year rows, so its total is the whole amount and the SUM of the yearly planned
 * column. Every difference is set aside − planned.
 */
function envelopeRows(view: View): SheetRow[] {
  let firstYearRow = 2;
  return view.rows.map((values, index) => {
    const rowNumber = index + 2;
    const cells: Cell[] = [...values];
    // A line's rows run together: the next row with another id (column B) starts the next line.
    const isTotal = index + 1 === view.rows.length || view.rows[index + 1]?.[1] !== values[1];
    const bold = isTotal && rowNumber > firstYearRow;
    if (bold) {
      if (isWholePeriodBasis(values[8])) {
        cells[4] = { formula: `SUM(H${firstYearRow}:H${rowNumber - 1})`, result: values[4] as number };
      } else {
        cells[3] = { formula: `SUM(D${firstYearRow}:D${rowNumber - 1})`, result: values[3] as number };
        cells[4] = { formula: `SUM(E${firstYearRow}:E${rowNumber - 1})`, result: values[4] as number };
      }
    }
    cells[5] = { formula: `D${rowNumber}-E${rowNumber}`, result: values[5] as number };
    if (isTotal) firstYearRow = rowNumber + 1;
    return { cells, bold };
  });
}

// --- worksheet XML ---------------------------------------------------------------------------

function sheetXml(view: View, lang: Lang, strings: SharedStrings): string {
  const rows = sheetRows(view, lang);
  const width = view.columns.length;
  const lastColumn = columnLetter(Math.max(width, 1));
  const styles = view.columns.map((column) => styleIndex(column.type, lang));
  const cols = view.columns
    .map((column, index) => {
      const style = styles[index]! % BOLD;
      const columnWidth = column.width ?? Math.max(12, column.header.length + 2);
      return `<col min="${index + 1}" max="${index + 1}" width="${columnWidth}" customWidth="1"${style ? ` style="${style}"` : ''}/>`;
    })
    .join('');
  const body = rows
    .map((row, rowIndex) => {
      const r = rowIndex + 1;
      const cells = row.cells.map((value, index) => cellXml(`${columnLetter(index + 1)}${r}`, value, (styles[index] ?? 0) + (row.bold ? BOLD : 0), view.columns[index]?.type, strings)).join('');
      return `<row r="${r}"${row.bold ? ` s="${BOLD}" customFormat="1"` : ''}>${cells}</row>`;
    })
    .join('');
  return (
    `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<dimension ref="A1:${lastColumn}${rows.length}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${body}</sheetData>` +
    `<autoFilter ref="A1:${lastColumn}1"/>` +
    '</worksheet>'
  );
}

function cellXml(ref: string, value: Cell, style: number, type: ColumnType | undefined, strings: SharedStrings): string {
  const s = style ? ` s="${style}"` : '';
  if (value === null || value === '') return '';
  if (typeof value === 'object') return `<c r="${ref}"${s}><f>${escapeXml(value.formula)}</f><v>${number(value.result)}</v></c>`;
  if (typeof value === 'number') return `<c r="${ref}"${s}><v>${number(value)}</v></c>`;
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `<c r="${ref}"${s}><v>${dateSerial(value)}</v></c>`;
  return `<c r="${ref}"${s} t="s"><v>${strings.index(value)}</v></c>`;
}

/** A number as SpreadsheetML writes it; a non-finite one (which no cell can hold) as 0. */
function number(value: number): string {
  return Number.isFinite(value) ? String(value) : '0';
}

/** Days since 30.12.1899, Excel's (1900 date system) serial for a date: 2017-01-15 → 42750. */
export function dateSerial(isoDate: string): number {
  return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/** 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Text cells as one table of distinct strings: the item kinds, environments and members repeat on every row. */
class SharedStrings {
  private readonly indexes = new Map<string, number>();
  private count = 0;

  index(text: string): number {
    this.count += 1;
    let found = this.indexes.get(text);
    if (found === undefined) {
      found = this.indexes.size;
      this.indexes.set(text, found);
    }
    return found;
  }

  xml(): string {
    const items = [...this.indexes.keys()].map((text) => {
      // Excel drops leading and trailing spaces unless told to keep them; a cell holds at most 32,767 characters.
      const clipped = text.slice(0, 32_767);
      return `<si><t${/^\s|\s$/.test(clipped) ? ' xml:space="preserve"' : ''}>${escapeXml(clipped)}</t></si>`;
    });
    return `${XML_DECLARATION}<sst xmlns="${MAIN_NS}" count="${this.count}" uniqueCount="${this.indexes.size}">${items.join('')}</sst>`;
  }
}

/** XML text: the five escapes, and the control characters XML 1.0 cannot carry at all removed. */
function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

// --- styles: one cell format per column type, and each again in bold -----------------------------

/** Number formats: NOK with thousands grouping, percent with four decimals, dates per language. */
const NOK_FORMAT = '#,##0 "kr"';
const PERCENT_FORMAT = '0.0000';
/**
 * cellXfs, in this order: general, nb date, en date, NOK, percent, year (built-in format 1, "0"),
 * then the same six in bold. A cell's style index is its column type's, plus {@link BOLD} in a header
 * or sum row.
 */
const FORMATS: ReadonlyArray<{ id: number; code?: string }> = [
  { id: 0 },
  { id: 164, code: 'dd.mm.yyyy' },
  { id: 165, code: 'yyyy-mm-dd' },
  { id: 166, code: NOK_FORMAT },
  { id: 167, code: PERCENT_FORMAT },
  { id: 1 },
];
const BOLD = FORMATS.length;

function styleIndex(type: ColumnType, lang: Lang): number {
  switch (type) {
    case 'date':
      return lang === 'nb' ? 1 : 2;
    case 'nok':
      return 3;
    case 'percent':
      return 4;
    case 'year':
      return 5;
    default:
      return 0;
  }
}

const STYLES_XML = (() => {
  const custom = FORMATS.filter((format) => format.code);
  const numFmts = custom.map((format) => `<numFmt numFmtId="${format.id}" formatCode="${escapeXml(format.code!)}"/>`).join('');
  const xf = (format: { id: number }, font: number) =>
    `<xf numFmtId="${format.id}" fontId="${font}" fillId="0" borderId="0" xfId="0"${format.id ? ' applyNumberFormat="1"' : ''}${font ? ' applyFont="1"' : ''}/>`;
  const xfs = [...FORMATS.map((format) => xf(format, 0)), ...FORMATS.map((format) => xf(format, 1))];
  return (
    `${XML_DECLARATION}<styleSheet xmlns="${MAIN_NS}">` +
    `<numFmts count="${custom.length}">${numFmts}</numFmts>` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
})();

// --- the package around the sheets ------------------------------------------------------------

function contentTypesXml(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, index) => `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return (
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    sheets +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '</Types>'
  );
}

const PACKAGE_RELS =
  `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}">` +
  `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '</Relationships>';

function coreXml(created: Date): string {
  const stamp = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    `${XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    '<dc:creator>Driftsbilde</dc:creator>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

function workbookXml(views: readonly View[]): string {
  const sheets = views.map((view, index) => `<sheet name="${escapeXml(sheetName(view.title))}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`).join('');
  return `${XML_DECLARATION}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>`;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(title: string): string {
  return title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet';
}

function workbookRelsXml(sheetCount: number): string {
  const sheets = Array.from({ length: sheetCount }, (_, index) => `<Relationship Id="rId${index + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`);
  return (
    `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}">${sheets.join('')}` +
    `<Relationship Id="rId${sheetCount + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${sheetCount + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>` +
    '</Relationships>'
  );
}

