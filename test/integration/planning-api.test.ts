import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { handlerHarness } from '../support/api.ts';
import { demoBudgetLines, loadDemoRegion } from '../support/demo.ts';

type Harness = Awaited<ReturnType<typeof handlerHarness>>;
let api: Harness;
const region = '/api/regions/kr-ikt';
const plan = `${region}/reinvestment-plan`;
const lines = `${region}/budget-lines`;
const budgetOwner = { as: { role: 'budget-owner' as const } };
const iveland = { as: { role: 'member' as const, memberId: 'iveland' } };

beforeAll(async () => {
  api = await handlerHarness();
  await loadDemoRegion(api);
  for (const line of demoBudgetLines().budgetLines) {
    const created = await api.call('POST', lines, { body: line, ...budgetOwner });
    expect(created.status).toBe(201);
  }
});

describe('planning API: budget lines', () => {
  const line = { name: 'Svitsjer 2019', fromYear: 2019, toYear: 2020, amountNok: 500_000, per: 'year', kinds: ['switch'] };

  it('lets budget owners add, replace and remove lines, and everyone read them', async () => {
    const created = await api.call('POST', lines, { body: line, ...budgetOwner });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'svitsjer-2019', version: 1, tags: [] });
    const listed = await api.call('GET', lines, iveland);
    expect(listed.body.items.map((l: { id: string }) => l.id).sort()).toEqual(['ikt-kapasitet-sikkerhet-2017-2020', 'oppgradering-reinvestering-2017-2020', 'svitsjer-2019']);
    const replaced = await api.call('PUT', `${lines}/svitsjer-2019`, { body: { ...line, amountNok: 600_000, version: 1 }, as: { role: 'admin' } });
    expect(replaced.body).toMatchObject({ amountNok: 600_000, version: 2 });
    const stale = await api.call('PUT', `${lines}/svitsjer-2019`, { body: { ...line, version: 1 }, ...budgetOwner });
    expect(stale.status).toBe(409);
    const fetched = await api.call('GET', `${lines}/svitsjer-2019`, iveland);
    expect(fetched.headers.etag).toBe('"2"');
    expect((await api.call('DELETE', `${lines}/svitsjer-2019?version=2`, budgetOwner)).status).toBe(204);
    expect((await api.call('GET', `${lines}/svitsjer-2019`, budgetOwner)).status).toBe(404);
  });

  it('refuses writes from members and operators', async () => {
    expect((await api.call('POST', lines, { body: line, ...iveland })).status).toBe(403);
    expect((await api.call('POST', lines, { body: line, as: { role: 'operator' } })).status).toBe(403);
  });

  it('names each bad field of a line', async () => {
    const bad = await api.call('POST', lines, { body: { ...line, toYear: 2018, kinds: [], per: 'month' }, ...budgetOwner });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['body.per']);
    const reversed = await api.call('POST', lines, { body: { ...line, toYear: 2018, kinds: [] }, ...budgetOwner });
    expect(reversed.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['body.kinds', 'body.toYear']);
  });
});

describe('planning API: the plan', () => {
  it('answers every role with items, shares, totals and envelopes', async () => {
    const response = await api.call('GET', `${plan}?from=2017&to=2020`, iveland);
    expect(response.status).toBe(200);
    const sharepoint = response.body.items.find((i: { deviceId: string }) => i.deviceId === 'pf-sharepoint');
    expect(sharepoint).toMatchObject({ budgetYear: 2017, costNok: 3_100_000, reason: 'lifetime' });
    // A member sees every share, not only its own.
    expect(sharepoint.shares.map((s: { memberId: string }) => s.memberId)).toEqual(['iveland', 'kristiansand', 'songdalen']);
    expect(response.body.envelopes.find((e: { year: unknown; id: string }) => e.id === 'ikt-kapasitet-sikkerhet-2017-2020' && e.year === 'total')).toMatchObject({ amountNok: 8_000_000 });
    expect(response.body.totals.length).toBeGreaterThan(0);
  });

  it('filters by member, environment and kind', async () => {
    const birkenes = await api.call('GET', `${plan}?from=2017&to=2020&memberId=birkenes`, budgetOwner);
    expect(birkenes.body.items.length).toBeGreaterThan(0);
    expect(birkenes.body.items.every((i: { shares: { memberId: string }[] }) => i.shares.some((s) => s.memberId === 'birkenes'))).toBe(true);
    expect(birkenes.body.totals.every((t: { memberId: string }) => t.memberId === 'birkenes')).toBe(true);
    const firewalls = await api.call('GET', `${plan}?from=2017&to=2020&kind=firewall&environmentId=felles-kristiansand`, budgetOwner);
    expect(firewalls.body.items.map((i: { deviceId: string }) => i.deviceId)).toEqual(['fw-kris-01', 'fw-kris-02', 'fw-helse-01']);
  });

  it('explains one item step by step with its share computation', async () => {
    const response = await api.call('GET', `${plan}/items/pf-sharepoint?from=2017&to=2020`, iveland);
    expect(response.status).toBe(200);
    expect(response.body.steps.map((s: { rule: string }) => s.rule)).toEqual(['lifetime', 'end-of-life', 'due-date', 'health', 'budget-year', 'cost', 'payer']);
    expect(response.body.shares).toMatchObject({ on: '2017-01-01', key: { type: 'fixed-plus-population', fixed: 0.3 }, populationTotal: 97_141 });
    expect(response.body.item).toMatchObject({ deviceId: 'pf-sharepoint', budgetLineId: 'oppgradering-reinvestering-2017-2020' });
    expect((await api.call('GET', `${plan}/items/no-such-device?from=2017&to=2020`, iveland)).status).toBe(404);
    expect((await api.call('GET', '/api/regions/nowhere/reinvestment-plan?from=2017&to=2020', iveland)).status).toBe(404);
  });

  it('refuses a reversed period and an unknown format', async () => {
    const reversed = await api.call('GET', `${plan}?from=2020&to=2017`, iveland);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details[0].field).toBe('query.to');
    const pdf = await api.call('GET', `${plan}?format=pdf`, iveland);
    expect(pdf.body.error.details.map((d: { field: string }) => d.field)).toEqual(['query.format']);
  });
});

describe('planning API: CSV and XLSX', () => {
  it('exports items as CSV that reads back to the same figures', async () => {
    const json = await api.call('GET', `${plan}?from=2017&to=2020`, iveland);
    const csv = await api.call('GET', `${plan}?from=2017&to=2020&format=csv`, iveland);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="reinvestment-plan-kr-ikt-2017-2020.csv"');
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(json.body.items.length);
    const sharepoint = rows.find((row) => row.Id === 'pf-sharepoint')!;
    expect(sharepoint).toMatchObject({ 'Due date': '2017-01-15', 'Budget year': '2017', 'Cost (NOK)': '3100000', Reason: 'lifetime', Overdue: 'no' });
    // Names, not ids (data/demo/kr-ikt.json), and one column per paying member: Kristiansand's share as in the shares view below.
    expect(sharepoint).toMatchObject({ Device: 'SharePoint-plattform', Kind: 'Platform', Environment: 'Felles driftsmiljø Kristiansand/Songdalen', 'Kristiansand kommune (NOK)': '2304128' });
    const memberColumns = Object.keys(sharepoint).filter((header) => / kommune \(NOK\)$/.test(header));
    expect(memberColumns.length).toBeGreaterThanOrEqual(3);
    // Each member's column holds its part; the parts add up to the item's cost.
    expect(memberColumns.reduce((sum, header) => sum + Number(sharepoint[header] || 0), 0)).toBe(3_100_000);
    expect(memberColumns.filter((header) => sharepoint[header] !== '').sort()).toEqual(['Iveland kommune (NOK)', 'Kristiansand kommune (NOK)', 'Songdalen kommune (NOK)']);
  });

  it('keeps a formula-like name from running when the CSV is opened in a spreadsheet', async () => {
    const created = await api.call('POST', `${region}/devices`, {
      body: { id: 'evil-01', name: '=HYPERLINK("http://example.invalid")', kind: 'switch', environmentId: 'lillesand-datapark', purchaseDate: '2012-01-01', purchaseCostNok: 1000, criticality: 1, payer: { type: 'member', memberId: 'lillesand' } },
      as: { role: 'operator' },
    });
    expect(created.status).toBe(201);
    const csv = await api.call('GET', `${plan}?from=2017&to=2020&format=csv`, iveland);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows.find((row) => row.Id === 'evil-01')?.Device).toBe(`'=HYPERLINK("http://example.invalid")`);
    expect((await api.call('DELETE', `${region}/devices/evil-01?version=1`, { as: { role: 'operator' } })).status).toBe(204);
  });

  it('exports Norwegian CSV: semicolons, Norwegian headers, decimal comma, dd.mm.yyyy', async () => {
    const items = await api.call('GET', `${plan}?from=2017&to=2020&format=csv&lang=nb`, iveland);
    expect(items.text.startsWith('\ufeff')).toBe(true);
    const rows = parse(items.text, { columns: true, delimiter: ';', bom: true }) as Record<string, string>[];
    expect(rows.find((row) => row.Id === 'pf-sharepoint')).toMatchObject({
      Enhet: 'SharePoint-plattform', Type: 'Plattform', Driftsmiljø: 'Felles driftsmiljø Kristiansand/Songdalen',
      Forfallsdato: '15.01.2017', Budsjettår: '2017', 'Kostnad (kr)': '3100000', Årsak: 'levetid', Forfalt: 'nei', 'Kristiansand kommune (kr)': '2304128',
    });
    const shares = await api.call('GET', `${plan}?from=2017&to=2020&format=csv&lang=nb&view=shares`, iveland);
    const shareRows = parse(shares.text, { columns: true, delimiter: ';', bom: true }) as Record<string, string>[];
    // Kristiansand's SharePoint share: 0.743267 → 74,3267 %.
    expect(shareRows.find((row) => row.Enhet === 'SharePoint-plattform' && row.Medlem === 'Kristiansand kommune')).toMatchObject({ 'Andel (%)': '74,3267', 'Beløp (kr)': '2304128' });
  });

  it('exports a real spreadsheet: a sheet per view, NOK format, frozen header, sums as formulas', async () => {
    const response = await api.call('GET', `${plan}?from=2017&to=2020&format=xlsx`, iveland);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="reinvestment-plan-kr-ikt-2017-2020.xlsx"/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(response.text, 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Items', 'Shares', 'Totals', 'Budget lines']);
    const items = workbook.getWorksheet('Items')!;
    expect(items.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(items.getRow(1).getCell(9).value).toBe('Cost (NOK)');
    const count = (await api.call('GET', `${plan}?from=2017&to=2020`, iveland)).body.items.length as number;
    const sumCell = items.getRow(count + 2).getCell(9);
    expect(sumCell.value).toMatchObject({ formula: `SUM(I2:I${count + 1})` });
    expect(items.getRow(2).getCell(9).numFmt).toBe('#,##0 "kr"');
    expect(items.getRow(2).getCell(5).value).toBeInstanceOf(Date);
    expect(items.getRow(1).getCell(11).value).toMatch(/ kommune \(NOK\)$/);
    expect(items.getRow(count + 2).getCell(11).value).toMatchObject({ formula: `SUM(K2:K${count + 1})` });
    const envelopes = workbook.getWorksheet('Budget lines')!;
    // The 8 MNOK line is for 2017–2020 as a whole: its total holds the sum itself, and the planned is the SUM of the years' own planned.
    expect(envelopes.getRow(6).getCell(4).value).toBe(8_000_000);
    expect(envelopes.getRow(6).getCell(5).value).toMatchObject({ formula: 'SUM(H2:H5)' });
    expect(envelopes.getRow(2).getCell(6).value).toMatchObject({ formula: 'D2-E2' });
  });

  it('names sheets and headers in Norwegian with lang=nb', async () => {
    const response = await api.call('GET', `${plan}?from=2017&to=2020&format=xlsx&lang=nb`, iveland);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(response.text, 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Tiltak', 'Fordeling', 'Summer', 'Budsjettrammer']);
    const items = workbook.getWorksheet('Tiltak')!;
    expect(items.getRow(1).getCell(5).value).toBe('Forfallsdato');
    expect(items.getRow(2).getCell(5).numFmt).toBe('dd.mm.yyyy');
    const environments = new Set(items.getColumn(4).values.slice(2));
    expect(environments.has('Felles driftsmiljø Kristiansand/Songdalen')).toBe(true);
    expect(environments.has('felles-kristiansand')).toBe(false);
  });
});

describe('planning API: device import', () => {
  const imports = '/api/regions/imp/devices/import';
  const operator = { as: { role: 'operator' as const } };
  const csvCall = (text: string, query = '', as: { role: 'operator' | 'member' | 'admin'; memberId?: string } = { role: 'operator' }) =>
    api.call('POST', `${imports}${query}`, { rawBody: text, headers: { 'content-type': 'text/csv' }, as });
  const header = 'id,name,kind,environmentId,purchaseDate,purchaseCostNok,criticality,payerMemberId,payerKey,vendorEndOfSupport,tags';

  beforeAll(async () => {
    await api.call('POST', '/api/regions', { body: { id: 'imp', name: 'Import' } });
    await api.call('POST', '/api/regions/imp/members', { body: { id: 'lillesand', name: 'Lillesand kommune', joinedOn: '2014-01-01', reason: 'import test member' } });
    await api.call('POST', '/api/regions/imp/environments', { body: { id: 'datapark', name: 'Lokal datapark', site: 'Lillesand', key: { type: 'equal' } }, ...operator });
  });

  it('writes every row of a good file and answers the count', async () => {
    const text = [
      header,
      'imp-fw-01,Brannmur 1,firewall,datapark,2016-05-01,120000,4,lillesand,,2021-06-30,sikkerhet;nett',
      ',Server En,server,Lokal datapark,01.02.2015,"85 000,00",,,equal,announced-unknown,',
    ].join('\n');
    const response = await csvCall(text);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ written: 2, created: 2, updated: 0, format: 'driftsbilde', dryRun: false, summary: { code: 'import-summary', message: '2 created, 0 updated, 0 skipped' } });
    const fw = await api.call('GET', '/api/regions/imp/devices/imp-fw-01', operator);
    expect(fw.body).toMatchObject({ kind: 'firewall', purchaseCostNok: 120_000, criticality: 4, payer: { type: 'member', memberId: 'lillesand' }, tags: ['sikkerhet', 'nett'], vendorEndOfSupport: '2021-06-30' });
    const server = await api.call('GET', '/api/regions/imp/devices/server-en', operator);
    expect(server.body).toMatchObject({ environmentId: 'datapark', purchaseDate: '2015-02-01', purchaseCostNok: 85_000, criticality: 3, payer: { type: 'shared', key: { type: 'equal' } } });
  });

  it('writes nothing when any row is bad, and lists each row and field', async () => {
    const text = [
      header,
      'imp-ok-01,Fin server,server,datapark,2016-05-01,100000,3,,,,',
      'imp-bad-01,Dårlig dato,server,datapark,2016-13-01,100000,3,,,,',
      'imp-bad-02,Ukjent miljø,toaster,nowhere,2016-05-01,abc,9,nobody,,,',
    ].join('\n');
    const response = await csvCall(text);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^nothing was imported/);
    const fields = response.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual([
      'row 3.purchaseDate',
      'row 4.kind',
      'row 4.environmentId',
      'row 4.payerMemberId',
      'row 4.purchaseCostNok',
      'row 4.criticality',
    ]);
    expect(response.body.error.details[0]).toMatchObject({ row: 3, column: 'purchaseDate' });
    expect((await api.call('GET', '/api/regions/imp/devices/imp-ok-01', operator)).status).toBe(404);
  });

  it('maps NetBox export headers', async () => {
    const text = [
      'Name,Status,Tenant,Site,Role,Manufacturer,Type,Serial number,Platform,Tags,ID,Purchase date,Purchase cost,cf_criticality',
      'nb-core-rt,Active,Lillesand kommune,Lokal datapark,Core Router,Cisco,ISR 4331,FDO123,IOS-XE 16.9,"wan,kjerne",42,2015-03-01,"210 000",5',
    ].join('\n');
    const response = await csvCall(text);
    expect(response.body).toMatchObject({ written: 1, created: 1, format: 'netbox', dryRun: false });
    const device = await api.call('GET', '/api/regions/imp/devices/nb-core-rt', operator);
    expect(device.body).toMatchObject({ kind: 'router', role: 'Core Router', vendor: 'Cisco', model: 'ISR 4331', serial: 'FDO123', firmware: 'IOS-XE 16.9', environmentId: 'datapark', purchaseCostNok: 210_000, criticality: 5, payer: { type: 'member', memberId: 'lillesand' }, tags: ['wan', 'kjerne'] });
  });

  it('maps Snipe-IT export headers', async () => {
    const text = [
      'Asset Tag,Item Name,Category,Manufacturer,Model Name,Serial Number,Purchase Date,Purchase Cost,Warranty Months,Location,Company',
      'KR-0042,Lagringshylle,Storage,NetApp,FAS2750,NA998,2017-03-01 00:00:00,"1,250,000.00",36,Lokal datapark,',
    ].join('\n');
    const response = await csvCall(text);
    expect(response.body).toMatchObject({ written: 1, created: 1, format: 'snipe-it', dryRun: false });
    const device = await api.call('GET', '/api/regions/imp/devices/kr-0042', operator);
    expect(device.body).toMatchObject({ name: 'Lagringshylle', kind: 'storage', purchaseDate: '2017-03-01', purchaseCostNok: 1_250_000, warrantyEnd: '2020-03-01', payer: { type: 'shared' } });
  });

  it('checks without writing on a dry run', async () => {
    const response = await csvCall(`${header}\nimp-dry-01,Prøve,switch,datapark,2016-05-01,10000,3,,,,`, '?dryRun=true');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ written: 1, created: 1, format: 'driftsbilde', dryRun: true, summary: { code: 'import-summary-dry-run' } });
    expect((await api.call('GET', '/api/regions/imp/devices/imp-dry-01', operator)).status).toBe(404);
  });

  it('lets only operators and admins import, as text/csv, up to 256 KiB', async () => {
    expect((await csvCall(`${header}\n`, '', { role: 'member', memberId: 'lillesand' })).status).toBe(403);
    const json = await api.call('POST', imports, { body: { csv: 'x' }, ...operator });
    expect(json.status).toBe(415);
    const big = `${header}\n${'x'.repeat(300 * 1024)}`;
    const tooLarge = await csvCall(big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.message).toMatch(/npm run import/);
  });
});

describe('device batch writer', () => {
  it('removes what it wrote when an id was taken meanwhile, so nothing of the batch stays', async () => {
    const { DynamoDbDeviceBatchWriter } = await import('#shared/adapters/dynamodb/device-batch-writer.ts');
    const { DynamoDbInventoryStore } = await import('#shared/adapters/dynamodb/inventory-store.ts');
    const store = new DynamoDbInventoryStore(api.doc, api.tableName);
    const device = (id: string) => ({
      id,
      name: id,
      kind: 'switch' as const,
      role: '',
      vendor: '',
      model: '',
      serial: '',
      firmware: '',
      environmentId: 'datapark',
      purchaseDate: '2016-01-01',
      purchaseCostNok: 1_000,
      vendorEndOfSupport: null,
      criticality: 3,
      payer: { type: 'shared' as const },
      tags: [],
    });
    // Someone creates bw-250 after the import checked: the chunk holding it (200–299) is refused.
    await store.createDevice('imp', { ...device('bw-250'), version: 1 } as never);
    const batch = Array.from({ length: 320 }, (_, index) => device(`bw-${index}`));
    const writer = new DynamoDbDeviceBatchWriter(api.doc, api.tableName);
    await expect(writer.createAll('imp', batch)).rejects.toMatchObject({ statusCode: 409, details: { device: 'bw-250' } });
    const { allPages } = await import('#shared/domain/paging.ts');
    const left = (await allPages((page) => store.listDevices('imp', { q: 'bw-' }, page))).map((d) => d.id);
    expect(left).toEqual(['bw-250']);

    // A batch that fits is written whole, with progress reported per transaction.
    const progress: number[] = [];
    await writer.createAll('imp', Array.from({ length: 230 }, (_, index) => device(`ok-${index}`)), (written) => progress.push(written));
    expect(progress.sort((a, b) => a - b).at(-1)).toBe(230);
    const written = await allPages((page) => store.listDevices('imp', { environmentId: 'datapark', kind: 'switch', q: 'ok-' }, page));
    expect(written).toHaveLength(230);
  });
});
