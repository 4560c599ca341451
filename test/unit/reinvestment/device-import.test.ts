import { describe, expect, it } from 'vitest';
import { detectFormat, kindFromText, normaliseHeader } from '#shared/domain/device-import/columns.ts';
import { parseCostKey, parseDeviceCsv, parseNok, type ImportReferences } from '#shared/domain/device-import/parse-csv.ts';
import { errorText } from '#shared/messages/errors.i18n.ts';

const references: ImportReferences = {
  environments: [{ id: 'felles-kristiansand', name: 'Felles driftsmiljø Kristiansand' }],
  members: [{ id: 'songdalen', name: 'Songdalen kommune' }],
  existingDevices: [],
};

describe('device import', () => {
  it('reads kroner as people write them, in whole NOK', () => {
    expect(parseNok('12 500')).toBe(12_500);
    expect(parseNok('12500,50')).toBe(12_501);
    expect(parseNok('12,500.49')).toBe(12_500);
    expect(parseNok('1.500.000')).toBe(1_500_000);
    expect(parseNok('1.500')).toBe(1_500);
    expect(parseNok('kr 9 000,-')).toBe(9_000);
    expect(parseNok('1 234 567,89 kr')).toBe(1_234_568);
    expect(parseNok('ti tusen')).toBeUndefined();
  });

  it('reads cost keys in their CSV notation', () => {
    expect(parseCostKey('fixed-plus-population:0,3')).toEqual({ type: 'fixed-plus-population', fixed: 0.3 });
    expect(parseCostKey('custom:kristiansand=60;lillesand=40')).toEqual({ type: 'custom', shares: { kristiansand: 60, lillesand: 40 } });
    expect(parseCostKey('custom:kristiansand=60;lillesand=30')).toBe('invalid');
    expect(parseCostKey('weighted')).toBe('invalid');
  });

  it('recognises kinds in English and Norwegian words, backup before server', () => {
    expect(kindFromText('Brannmur')).toBe('firewall');
    expect(kindFromText('Core Router')).toBe('router');
    expect(kindFromText('Backup server')).toBe('backup');
    expect(kindFromText('SAN')).toBe('storage');
    expect(kindFromText('Printer')).toBeUndefined();
  });

  it('tells our own, NetBox and Snipe-IT headers apart', () => {
    expect(detectFormat(['id', 'name', 'environmentId'].map(normaliseHeader))).toBe('driftsbilde');
    expect(detectFormat(['Name', 'Site', 'Device Type', 'cf_purchase_date'].map(normaliseHeader))).toBe('netbox');
    expect(detectFormat(['Asset Tag', 'Item Name', 'Category'].map(normaliseHeader))).toBe('snipe-it');
    expect(normaliseHeader('cf_purchase_date')).toBe('purchasedate');
  });

  it('reads a semicolon file from Norwegian Excel with names instead of ids', () => {
    const text = '\ufeffname;kind;environment;purchaseDate;purchaseCostNok;payer\nSkoleserver;Server;Felles driftsmiljø Kristiansand;01.08.2016;70 000;Songdalen kommune\n';
    const parsed = parseDeviceCsv(text, references);
    expect(parsed).toMatchObject({ ok: true, format: 'driftsbilde' });
    expect(parsed.ok && parsed.creates[0]).toMatchObject({
      id: 'skoleserver',
      kind: 'server',
      environmentId: 'felles-kristiansand',
      purchaseDate: '2016-08-01',
      purchaseCostNok: 70_000,
      criticality: 3,
      payer: { type: 'member', memberId: 'songdalen' },
    });
  });

  it('answers a bad file with every problem and no devices', () => {
    const text = [
      'id,name,kind,environmentId,purchaseDate,purchaseCostNok',
      'a,A,server,felles-kristiansand,2016-01-01,1000',
      'a,A again,server,felles-kristiansand,2016-01-01,1000',
      'b,B,server,felles-kristiansand,2016-02-30,1000',
    ].join('\n');
    const parsed = parseDeviceCsv(text, references);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((p) => `${p.row}:${p.field}`)).toEqual(['3:id', '4:purchaseDate']);
    const duplicate = parseDeviceCsv(text.split('\n').slice(0, 3).join('\n'), references);
    expect(!duplicate.ok && duplicate.problems).toEqual([{ row: 3, field: 'id', column: 'id', code: 'import-row-twice', params: { id: 'a', row: '2' }, problem: "'a' is also on row 2; each device once per file" }]);
    expect(!duplicate.ok && errorText('nb', duplicate.problems[0]!)).toBe("'a' står også på rad 2; hver enhet én gang per fil");
  });

  it('says which required columns a file lacks', () => {
    const parsed = parseDeviceCsv('name,kind\nA,server\n', references);
    expect(!parsed.ok && parsed.problems.map((p) => p.field)).toEqual(['environmentId', 'purchaseDate', 'purchaseCostNok']);
  });

  // Speed is the inventory bench's business (`npm run bench`); here only that a big file is read whole.
  it('checks 10 000 rows', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `dev-${i},Device ${i},switch,felles-kristiansand,2016-01-01,${1000 + i}`);
    const parsed = parseDeviceCsv(['id,name,kind,environmentId,purchaseDate,purchaseCostNok', ...rows].join('\n'), references);
    expect(parsed.ok && parsed.creates).toHaveLength(10_000);
  });
});
