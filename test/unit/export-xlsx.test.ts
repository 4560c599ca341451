import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCsv } from '#shared/adapters/export/csv.ts';
import type { PlanNames } from '#shared/adapters/export/plan-views.ts';
import type { View } from '#shared/adapters/export/views.ts';
import { planXlsx, viewsXlsx } from '#shared/adapters/export/xlsx.ts';
import type { ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import { requireBinary } from '../support/peers/binaries.ts';

/**
 * Our own XLSX writer, read back by two readers that share no code with it: exceljs (npm, a test
 * dependency only) and openpyxl (Debian's python3-openpyxl); the ZIP is checked by Info-ZIP's
 * `unzip -t`. Every expected value is written here by hand from the plan below.
 */
const plan: ReinvestmentPlan = {
  regionId: 'kr-ikt',
  from: 2017,
  to: 2018,
  asOf: '2017-03-01',
  items: [
    {
      deviceId: 'fw-1', name: 'Brannmur & <kjerne>', kind: 'firewall', environmentId: 'felles', dueDate: '2017-01-15', reason: 'lifetime', budgetYear: 2017, overdue: false, costNok: 300_001,
      shares: [{ memberId: 'kristiansand', fraction: 0.666669, amountNok: 200_001 }, { memberId: 'iveland', fraction: 0.333331, amountNok: 100_000 }], budgetLineId: 'line-a',
    },
    {
      deviceId: 'sw-2', name: ' Svitsj\u0001 2', kind: 'switch', environmentId: 'lokal', dueDate: '2016-03-01', reason: 'vendor-end-of-support', budgetYear: 2017, overdue: true, costNok: 50_000,
      shares: [{ memberId: 'lillesand', fraction: 1, amountNok: 50_000 }],
    },
  ],
  totals: [
    { year: 2017, memberId: 'kristiansand', kind: 'firewall', environmentId: 'felles', amountNok: 200_001 },
    { year: 2017, memberId: null, kind: 'switch', environmentId: 'lokal', amountNok: 7 },
  ],
  envelopes: [
    { id: 'line-a', name: 'Reinvestering', year: 2017, per: 'year', amountNok: 400_000, plannedNok: 300_001, plannedInYearNok: 300_001, differenceNok: 99_999, status: 'headroom' },
    { id: 'line-a', name: 'Reinvestering', year: 2018, per: 'year', amountNok: 400_000, plannedNok: 0, plannedInYearNok: 0, differenceNok: 400_000, status: 'headroom' },
    { id: 'line-a', name: 'Reinvestering', year: 'total', per: 'year', amountNok: 800_000, plannedNok: 300_001, plannedInYearNok: 300_001, differenceNok: 499_999, status: 'headroom' },
    { id: 'line-b', name: 'Sikkerhet', year: 2017, per: 'total', amountNok: 60_000, plannedNok: 50_000, plannedInYearNok: 50_000, differenceNok: 10_000, status: 'headroom' },
    { id: 'line-b', name: 'Sikkerhet', year: 2018, per: 'total', amountNok: 60_000, plannedNok: 70_000, plannedInYearNok: 20_000, differenceNok: -10_000, status: 'overrun' },
    { id: 'line-b', name: 'Sikkerhet', year: 'total', per: 'total', amountNok: 60_000, plannedNok: 70_000, plannedInYearNok: 70_000, differenceNok: -10_000, status: 'overrun' },
  ],
};
const names: PlanNames = {
  members: { kristiansand: 'Kristiansand kommune', iveland: 'Iveland kommune', lillesand: 'Lillesand kommune' },
  environments: { felles: 'Felles driftsmiljø Kristiansand', lokal: 'Lokal datapark Lillesand' },
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'driftsbilde-xlsx-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readWithExcelJs(file: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  return workbook;
}

function save(file: Buffer, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, file);
  return path;
}

describe('XLSX of the plan, read back by exceljs', () => {
  it('has Norwegian sheets, names for ids, one column per paying member, formats, bold header and sum row with formulas and results', async () => {
    const workbook = await readWithExcelJs(planXlsx(plan, { lang: 'nb', names }));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Tiltak', 'Fordeling', 'Summer', 'Budsjettrammer']);
    expect(workbook.creator).toBe('Driftsbilde');
    expect(workbook.created.toISOString()).toBe('2017-03-01T00:00:00.000Z');
    const items = workbook.getWorksheet('Tiltak')!;
    expect(items.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
    expect(items.autoFilter).toBe('A1:M1');
    expect(items.getRow(1).values).toEqual([
      undefined, 'Enhet', 'Id', 'Type', 'Driftsmiljø', 'Forfallsdato', 'Årsak', 'Budsjettår', 'Forfalt', 'Kostnad (kr)', 'Budsjettpost',
      'Iveland kommune (kr)', 'Kristiansand kommune (kr)', 'Lillesand kommune (kr)',
    ]);
    expect(items.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(items.getRow(2).values).toEqual([
      undefined, 'Brannmur & <kjerne>', 'fw-1', 'Brannmur', 'Felles driftsmiljø Kristiansand', new Date('2017-01-15T00:00:00Z'), 'levetid', 2017, 'nei', 300_001, 'Reinvestering', 100_000, 200_001,
    ]);
    // A control character XML cannot carry is dropped; the leading space is kept; nobody-pays cells are empty.
    expect(items.getRow(3).values).toEqual([
      undefined, ' Svitsj 2', 'sw-2', 'Svitsj', 'Lokal datapark Lillesand', new Date('2016-03-01T00:00:00Z'), 'leverandørstøtte opphører', 2017, 'ja', 50_000, undefined, undefined, undefined, 50_000,
    ]);
    expect(items.getCell('E2').numFmt).toBe('dd.mm.yyyy');
    expect(items.getCell('G2').numFmt).toBe('0');
    expect(items.getCell('I2').numFmt).toBe('#,##0 "kr"');
    expect(items.getCell('L2').numFmt).toBe('#,##0 "kr"');
    expect(items.getCell('A4').value).toBe('Sum');
    expect(items.getCell('A4').font?.bold).toBe(true);
    expect(items.getCell('I4').value).toEqual({ formula: 'SUM(I2:I3)', result: 350_001 });
    expect(items.getCell('K4').value).toEqual({ formula: 'SUM(K2:K3)', result: 100_000 });
    expect(items.getCell('L4').value).toEqual({ formula: 'SUM(L2:L3)', result: 200_001 });
    expect(items.getCell('M4').value).toEqual({ formula: 'SUM(M2:M3)', result: 50_000 });
    expect(items.getCell('I4').numFmt).toBe('#,##0 "kr"');
    expect(items.getColumn(1).width).toBe(36);

    const shares = workbook.getWorksheet('Fordeling')!;
    expect(shares.getRow(2).values).toEqual([undefined, 2017, 'Brannmur & <kjerne>', 'Brannmur', 'Felles driftsmiljø Kristiansand', 'Kristiansand kommune', 66.6669, 200_001]);
    expect(shares.getCell('F2').numFmt).toBe('0.0000');
    expect(shares.getCell('G5').value).toEqual({ formula: 'SUM(G2:G4)', result: 350_001 });

    const totals = workbook.getWorksheet('Summer')!;
    expect(totals.getRow(3).values).toEqual([undefined, 2017, '(ikke fordelt)', 'Svitsj', 'Lokal datapark Lillesand', 7]);
  });

  it('writes the budget-line sheet with total rows and differences as formulas', async () => {
    const workbook = await readWithExcelJs(planXlsx(plan, { lang: 'en', names }));
    const lines = workbook.getWorksheet('Budget lines')!;
    expect(lines.getRow(1).values).toEqual([undefined, 'Budget line', 'Id', 'Year', 'Set aside (NOK)', 'Planned (NOK)', 'Difference (NOK)', 'Status', 'Planned in the year (NOK)', 'Set aside']);
    // line-a is set aside per year: its total sums the years; line-b is one sum for the period: the total keeps it and sums the years' own planned.
    expect(lines.getCell('D4').value).toEqual({ formula: 'SUM(D2:D3)', result: 800_000 });
    expect(lines.getCell('E4').value).toEqual({ formula: 'SUM(E2:E3)', result: 300_001 });
    expect(lines.getCell('D7').value).toBe(60_000);
    expect(lines.getCell('E7').value).toEqual({ formula: 'SUM(H5:H6)', result: 70_000 });
    expect(lines.getCell('F2').value).toEqual({ formula: 'D2-E2', result: 99_999 });
    expect(lines.getCell('F6').value).toEqual({ formula: 'D6-E6', result: -10_000 });
    expect(lines.getCell('A4').font?.bold).toBe(true);
    expect(lines.getCell('A3').font?.bold).toBeFalsy();
    const items = workbook.getWorksheet('Items')!;
    expect(items.getCell('E2').numFmt).toBe('yyyy-mm-dd');
    expect(items.getRow(2).values).toEqual([
      undefined, 'Brannmur & <kjerne>', 'fw-1', 'Firewall', 'Felles driftsmiljø Kristiansand', new Date('2017-01-15T00:00:00Z'), 'lifetime', 2017, 'no', 300_001, 'Reinvestering', 100_000, 200_001,
    ]);
    expect(items.getCell('A4').value).toBe('Total');
  });

  it('names columns past Z as Excel does, and sums an empty sheet to 0', async () => {
    const columns = Array.from({ length: 28 }, (_, index) => ({ header: `c${index + 1}`, type: 'nok' as const, sum: true }));
    const wide: View = { name: 'wide', title: 'Wide: [1/2]?', columns, rows: [columns.map((_, index) => index + 1)] };
    const empty: View = { name: 'empty', title: 'Empty', columns: [{ header: 'Kind', type: 'text' }, { header: 'Cost', type: 'nok', sum: true }], rows: [] };
    const workbook = await readWithExcelJs(viewsXlsx([wide, empty], { lang: 'en', created: '2020-02-29' }));
    // A sheet name may not hold : \ / ? * [ ].
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Wide   1 2  ', 'Empty']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('AB1').value).toBe('c28');
    expect(sheet.getCell('AB3').value).toEqual({ formula: 'SUM(AB2:AB2)', result: 28 });
    expect(sheet.getCell('Z3').value).toEqual({ formula: 'SUM(Z2:Z2)', result: 26 });
    // (exceljs reads a cached result of 0 as none, so only the formula is compared here.)
    expect(workbook.getWorksheet('Empty')!.getCell('B2').value).toMatchObject({ formula: '0' });
  });
});

describe('XLSX of the plan, checked by unzip and read by openpyxl', () => {
  it('is a ZIP Info-ZIP tests clean', () => {
    const unzip = requireBinary('unzip', 'unzip');
    const file = save(planXlsx(plan, { lang: 'nb', names }), 'plan.xlsx');
    const out = execFileSync(unzip, ['-t', file], { encoding: 'utf8' });
    expect(out).toContain('No errors detected');
    expect(out).toMatch(/xl\/worksheets\/sheet4\.xml\s+OK/);
    expect(execFileSync(unzip, ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean).sort()).toEqual([
      '[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml',
      'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/worksheets/sheet3.xml', 'xl/worksheets/sheet4.xml',
    ]);
  });

  it('opens in openpyxl with the same values, formats, formulas, cached results, frozen header and filter', () => {
    // Debian's python3-openpyxl lives beside Debian's python3, whatever else is first on PATH.
    const python = '/usr/bin/python3';
    const file = save(planXlsx(plan, { lang: 'nb', names }), 'plan-openpyxl.xlsx');
    const script = `
import json, sys, openpyxl
def sheets(data_only):
    book = openpyxl.load_workbook(sys.argv[1], data_only=data_only)
    return {ws.title: {'freeze': ws.freeze_panes, 'filter': ws.auto_filter.ref,
        'cells': [[[c.value.isoformat() if hasattr(c.value, 'isoformat') else c.value, c.number_format, bool(c.font.b)] for c in row] for row in ws.iter_rows()]}
        for ws in book.worksheets}
print(json.dumps({'formulas': sheets(False), 'values': sheets(True)}))`;
    let out: string;
    try {
      out = execFileSync(python, ['-c', script, file], { encoding: 'utf8' });
    } catch (error) {
      throw new Error(`openpyxl could not be run (install the Debian package python3-openpyxl; listed in .ci/debian-packages.txt): ${String(error)}`);
    }
    type Sheet = { freeze: string; filter: string; cells: [unknown, string, boolean][][] };
    const { formulas, values } = JSON.parse(out) as { formulas: Record<string, Sheet>; values: Record<string, Sheet> };
    expect(Object.keys(formulas)).toEqual(['Tiltak', 'Fordeling', 'Summer', 'Budsjettrammer']);
    const items = formulas.Tiltak!;
    expect(items.freeze).toBe('A2');
    expect(items.filter).toBe('A1:M1');
    expect(items.cells[0]!.every(([, , bold]) => bold)).toBe(true);
    expect(items.cells[1]!.slice(0, 10)).toEqual([
      ['Brannmur & <kjerne>', 'General', false], ['fw-1', 'General', false], ['Brannmur', 'General', false], ['Felles driftsmiljø Kristiansand', 'General', false],
      ['2017-01-15T00:00:00', 'dd.mm.yyyy', false], ['levetid', 'General', false], [2017, '0', false], ['nei', 'General', false],
      [300_001, '#,##0 "kr"', false], ['Reinvestering', 'General', false],
    ]);
    expect(items.cells[3]![8]).toEqual(['=SUM(I2:I3)', '#,##0 "kr"', true]);
    expect(values.Tiltak!.cells[3]![8]![0]).toBe(350_001);
    expect(values.Tiltak!.cells[3]![11]![0]).toBe(200_001);
    expect(formulas.Budsjettrammer!.cells[6]![4]![0]).toBe('=SUM(H5:H6)');
    expect(values.Budsjettrammer!.cells[6]![4]![0]).toBe(70_000);
    expect(formulas.Fordeling!.cells[1]![5]).toEqual([66.6669, '0.0000', false]);
  });
});

describe('CSV of the plan', () => {
  it('shows names, kinds in words and one column per paying member, in Norwegian', () => {
    const text = planCsv(plan, { lang: 'nb', view: 'items', names });
    const rows = parse(text, { columns: true, delimiter: ';', bom: true }) as Record<string, string>[];
    expect(rows[0]).toEqual({
      Enhet: 'Brannmur & <kjerne>', Id: 'fw-1', Type: 'Brannmur', Driftsmiljø: 'Felles driftsmiljø Kristiansand', Forfallsdato: '15.01.2017', Årsak: 'levetid',
      Budsjettår: '2017', Forfalt: 'nei', 'Kostnad (kr)': '300001', Budsjettpost: 'Reinvestering',
      'Iveland kommune (kr)': '100000', 'Kristiansand kommune (kr)': '200001', 'Lillesand kommune (kr)': '',
    });
  });

  it('falls back to ids where a name is not known', () => {
    const rows = parse(planCsv(plan, { lang: 'en', view: 'shares' }), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toEqual({ 'Budget year': '2017', Device: 'Brannmur & <kjerne>', Kind: 'Firewall', Environment: 'felles', Member: 'kristiansand', 'Share (%)': '66.6669', 'Amount (NOK)': '200001' });
  });
});
