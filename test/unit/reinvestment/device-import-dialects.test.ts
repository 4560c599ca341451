import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { detectFormat, normaliseHeader, parseKindMap } from '#shared/domain/device-import/columns.ts';
import { errorText } from '#shared/messages/errors.i18n.ts';
import { parseDeviceCsv, parseImportDate, parseNok, slashOrderOf, type ImportReferences } from '#shared/domain/device-import/parse-csv.ts';
import type { Device } from '#shared/schemas/device.ts';

/**
 * The CSV dialects of NetBox and Snipe-IT, on their own published files (test/fixtures/csv,
 * SOURCES.md) where there is one. Expected values are read off the files by eye.
 */
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/csv/${name}`, import.meta.url), 'utf8');
const noReferences: ImportReferences = { environments: [], members: [], existingDevices: [] };

describe('headers: NetBox and Snipe-IT before our own names', () => {
  it('recognises the files by their own headers, even where they share names with ours (Name, Serial number)', () => {
    const headerOf = (name: string) => (parse(fixture(name), { to_line: 1 }) as string[][])[0]!.map(normaliseHeader);
    expect(detectFormat(headerOf('snipe-it-assets-sample.csv'))).toBe('snipe-it');
    expect(detectFormat(headerOf('snipe-it-licenses-sample.csv'))).toBe('snipe-it');
    expect(detectFormat(headerOf('netbox-device-bulk-import.csv'))).toBe('netbox');
    // NetBox's UI export has an "Asset tag" column too, like Snipe-IT: its other columns decide.
    expect(detectFormat(headerOf('netbox-devices-export-all.csv'))).toBe('netbox');
    expect(detectFormat(headerOf('netbox-devices-export-all-3.6.csv'))).toBe('netbox');
    // Our own column names inside a NetBox export (a `kind` or `environmentId` custom field) do not make it ours.
    expect(detectFormat(['Name', 'Site', 'Role', 'cf_environmentId', 'cf_purchase_cost_nok'].map(normaliseHeader))).toBe('netbox');
  });

  it('names missing columns in NetBox vocabulary, with the custom field to add (NetBox bulk-import file)', () => {
    const parsed = parseDeviceCsv(fixture('netbox-device-bulk-import.csv'), noReferences);
    expect(parsed.ok).toBe(false);
    const problems = !parsed.ok ? parsed.problems : [];
    expect(problems.map((p) => [p.field, p.problem])).toEqual([
      ['purchaseDate', "add a column 'Purchase date' or custom field `cf_purchase_date`"],
      ['purchaseCostNok', "add a column 'Purchase cost' or custom field `cf_purchase_cost`"],
    ]);
    const [date] = problems;
    expect(errorText('nb', date!)).toBe("legg til en kolonne 'Purchase date' eller egendefinert felt `cf_purchase_date`");
  });

  it('names missing columns in Snipe-IT vocabulary (Snipe-IT licences file: no Location, no Category)', () => {
    const parsed = parseDeviceCsv(fixture('snipe-it-licenses-sample.csv'), noReferences);
    expect(!parsed.ok && parsed.problems.map((p) => `${p.field}: ${p.problem}`)).toEqual(["environmentId: add a column 'Location'", "kind: add a column 'Category'"]);
    expect(!parsed.ok && errorText('nb', parsed.problems[0]!)).toBe("legg til en kolonne 'Location'");
  });
});

describe('dates follow the source', () => {
  const licences = parse(fixture('snipe-it-licenses-sample.csv'), { columns: true }) as Array<Record<string, string>>;

  it("reads Snipe-IT's licence dates month first, as the file writes them", () => {
    const dates = licences.map((row) => row['purchase date']!);
    expect(dates).toEqual(['07/13/2012', '03/05/2002', '03/01/1984', '05/15/1987', '02/08/1982', '03/29/2015', '07/06/2016', '']);
    const order = slashOrderOf(dates, 'mdy');
    expect(order).toBe('mdy');
    expect(dates.slice(0, 7).map((text) => parseImportDate(text, order))).toEqual(
      ['2012-07-13', '2002-03-05', '1984-03-01', '1987-05-15', '1982-02-08', '2015-03-29', '2016-07-06'].map((value) => ({ ok: true, value })),
    );
  });

  it('lets a Snipe-IT file that writes day first say so', () => {
    expect(slashOrderOf(['13/07/2012', '03/05/2002'], 'mdy')).toBe('dmy');
    expect(parseImportDate('03/05/2002', 'dmy')).toEqual({ ok: true, value: '2002-05-03' });
  });

  it('refuses a slash date that could be either order where the source has no convention', () => {
    expect(slashOrderOf(['03/05/2002'], undefined)).toBe('undecided');
    const refused = parseImportDate('03/05/2002', 'undecided');
    expect(refused).toMatchObject({ ok: false, code: 'import-date-ambiguous', params: { value: '03/05/2002', dayFirst: '2002-05-03', monthFirst: '2002-03-05' } });
    expect(!refused.ok && refused.problem).toBe("'03/05/2002' could be 2002-05-03 or 2002-03-05; write the date as YYYY-MM-DD");
    // Unambiguous on their own: a part over 12, or both parts equal; dotted dates are Norwegian, day first.
    expect(parseImportDate('13/05/2002')).toEqual({ ok: true, value: '2002-05-13' });
    expect(parseImportDate('05/13/2002')).toEqual({ ok: true, value: '2002-05-13' });
    expect(parseImportDate('05/05/2002')).toEqual({ ok: true, value: '2002-05-05' });
    expect(parseImportDate('03.05.2002')).toEqual({ ok: true, value: '2002-05-03' });
    expect(parseImportDate('4/5/16', 'mdy')).toEqual({ ok: true, value: '2016-04-05' });
    expect(parseImportDate('2023-01-23')).toEqual({ ok: true, value: '2023-01-23' });
  });

  it('refuses an ambiguous slash date as a row error in a NetBox file, naming row and column', () => {
    const text = ['Name,Site,Role,Purchase date,Purchase cost', 'sw-01,Datapark,Access switch,03/05/2019,"12 500"', 'sw-02,Datapark,Access switch,2019-05-03,"12 500"'].join('\n');
    const parsed = parseDeviceCsv(text, { ...noReferences, environments: [{ id: 'datapark', name: 'Datapark' }] });
    expect(!parsed.ok && parsed.problems).toEqual([
      expect.objectContaining({ row: 2, field: 'purchaseDate', column: 'Purchase date', code: 'import-date-ambiguous' }),
    ]);
  });
});

describe('amounts with currency marks and thousands separators', () => {
  it("reads Snipe-IT's dollar costs (the mark is dropped, not converted) and Norwegian kroner", () => {
    const licences = parse(fixture('snipe-it-licenses-sample.csv'), { columns: true }) as Array<Record<string, string>>;
    expect(licences.slice(0, 3).map((row) => row['purchase cost'])).toEqual(['$79.66', '$17.47', '$5.31']);
    expect(licences.slice(0, 3).map((row) => parseNok(row['purchase cost']!))).toEqual([80, 17, 5]);
    expect(parseNok('$12.58')).toBe(13);
    expect(parseNok('kr 12 500,00')).toBe(12_500);
    expect(parseNok('kr 12\u00a0500,00')).toBe(12_500);
    expect(parseNok('NOK 1.250.000')).toBe(1_250_000);
    expect(parseNok('€ 1,234.50')).toBe(1_235);
  });
});

describe('kinds: the user mapping, and untracked kinds skipped on request', () => {
  const references: ImportReferences = {
    environments: [{ id: 'datapark', name: 'Datapark' }],
    members: [],
    existingDevices: [],
  };
  const header = 'Name,Site,Role,Purchase date,Purchase cost';
  const rows = ['esx-01,Datapark,Hypervisor,2019-05-03,100000', 'pdu-a1,Datapark,PDU,2019-05-03,9000', 'pp-01,Datapark,Patch panel,2019-05-03,2000', 'rt-01,Datapark,Core Router,2019-05-03,50000'];

  it('parses --map-kind pairs, joined with ; or repeated', () => {
    expect(parseKindMap(['Hypervisor=server', 'Storage Array=storage;Core=router'])).toEqual({ ok: true, map: { Hypervisor: 'server', 'Storage Array': 'storage', Core: 'router' } });
    expect(parseKindMap(['Temp Fencing, Decorative Fencing and Gates=switch'])).toEqual({ ok: true, map: { 'Temp Fencing, Decorative Fencing and Gates': 'switch' } });
    expect(parseKindMap(['Hypervisor=server,Core=router'])).toEqual({ ok: true, map: { Hypervisor: 'server', Core: 'router' } });
    expect(parseKindMap(['Hypervisor'])).toMatchObject({ ok: false, problem: expect.stringMatching(/not TEXT=kind/) });
    expect(parseKindMap(['PDU=power'])).toMatchObject({ ok: false, problem: expect.stringMatching(/'power' .* is no device kind/) });
  });

  it('refuses the whole file when a kind is neither tracked nor mapped, saying how to map or skip', () => {
    const parsed = parseDeviceCsv([header, ...rows].join('\n'), references);
    expect(!parsed.ok && parsed.problems.map((p) => `${p.row}:${p.field}:${p.code}`)).toEqual(['2:kind:import-kind-unknown', '3:kind:import-kind-unknown', '4:kind:import-kind-unknown']);
    expect(!parsed.ok && parsed.problems[0]).toMatchObject({ column: 'Role', params: { value: 'Hypervisor' } });
  });

  it('maps roles through the user mapping and skips untracked rows by number when asked', () => {
    const parsed = parseDeviceCsv([header, ...rows].join('\n'), references, { kindMap: { hypervisor: 'server' }, skipUnknownKinds: true });
    expect(parsed).toMatchObject({ ok: true, skippedRows: [3, 4] });
    expect(parsed.ok && parsed.creates.map((d) => [d.id, d.kind])).toEqual([['esx-01', 'server'], ['rt-01', 'router']]);
  });

  it('still rejects the whole file for any other bad row when skipping', () => {
    const parsed = parseDeviceCsv([header, ...rows, 'sw-09,Nowhere,Switch,2019-05-03,1000'].join('\n'), references, { kindMap: { Hypervisor: 'server' }, skipUnknownKinds: true });
    expect(!parsed.ok && parsed.problems.map((p) => `${p.row}:${p.field}`)).toEqual(['6:environmentId']);
  });
});

describe('re-import updates devices matched by asset tag or serial', () => {
  const existing = (fields: Partial<Device>): Device => ({
    id: 'x', name: 'X', kind: 'server', role: '', vendor: '', model: '', serial: '', firmware: '', environmentId: 'datapark',
    purchaseDate: '2015-01-01', purchaseCostNok: 1, vendorEndOfSupport: null, criticality: 4, payer: { type: 'shared' }, tags: ['keep'], version: 3, ...fields,
  });
  const references: ImportReferences = {
    environments: [{ id: 'datapark', name: 'Datapark' }],
    members: [],
    existingDevices: [
      existing({ id: 'kr-0042', name: 'Old name', monitoring: { checks: [], failuresToAlert: 3, passesToRecover: 2 } }),
      existing({ id: 'srv-old-name', serial: 'SN-777', firmware: 'ESXi 7.0' }),
    ],
  };

  it('updates by asset tag and by serial, keeping what the file has no column for', () => {
    const text = [
      'Asset Tag,Name,Category,Serial Number,Location,Purchase Date,Purchase Cost',
      'KR-0042,New name,Server,,Datapark,2016-03-01,"$1,000.00"',
      'KR-0099,Renamed by serial,Server,sn-777,Datapark,2017-03-01,2000',
      'KR-0100,Brand new,Server,SN-1,Datapark,2018-03-01,3000',
    ].join('\n');
    const parsed = parseDeviceCsv(text, references);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.creates.map((d) => d.id)).toEqual(['kr-0100']);
    expect(parsed.updates.map(({ device, previous }) => [device.id, previous.version])).toEqual([['kr-0042', 3], ['srv-old-name', 3]]);
    const [byTag, bySerial] = parsed.updates;
    expect(byTag!.device).toMatchObject({ name: 'New name', purchaseCostNok: 1000, criticality: 4, tags: ['keep'], monitoring: { checks: [] } });
    expect(bySerial!.device).toMatchObject({ id: 'srv-old-name', name: 'Renamed by serial', serial: 'sn-777', firmware: 'ESXi 7.0' });
  });

  it('refuses a row whose asset tag and serial point at two different devices', () => {
    const text = ['Asset Tag,Name,Category,Serial Number,Location,Purchase Date,Purchase Cost', 'KR-0042,Confused,Server,SN-777,Datapark,2016-03-01,1000'].join('\n');
    const parsed = parseDeviceCsv(text, references);
    expect(!parsed.ok && parsed.problems).toEqual([expect.objectContaining({ row: 2, field: 'serial', problem: expect.stringMatching(/matches device 'kr-0042' but the serial matches device 'srv-old-name'/) })]);
  });
});
