import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { slugify } from '#shared/domain/ids.ts';
import { handlerHarness } from '../support/api.ts';

/**
 * The published sample exports of Snipe-IT and NetBox (test/fixtures/csv, SOURCES.md) through the
 * import route on DynamoDB Local. Expected values are read off the files: the Snipe-IT assets file
 * has 10 rows; "Ornamental Railings" is on rows 2 and 9, "Electrical" on row 7, the other seven
 * categories are construction trades no mapping names.
 */
type Harness = Awaited<ReturnType<typeof handlerHarness>>;
let api: Harness;
const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), 'utf8');
const assets = fixture('snipe-it-assets-sample.csv');
const imports = '/api/regions/real/devices/import';
const operator = { role: 'operator' as const };
const post = (text: string, query = '') => api.call('POST', `${imports}${query}`, { rawBody: text, headers: { 'content-type': 'text/csv' }, as: operator });
const devices = async () => (await api.call('GET', '/api/regions/real/devices?limit=1000', { as: operator })).body.items as Array<Record<string, unknown>>;
const mapKind = `?mapKind=${encodeURIComponent('Ornamental Railings=server;Electrical=switch')}`;

beforeAll(async () => {
  api = await handlerHarness();
  await api.call('POST', '/api/regions', { body: { id: 'real', name: 'Real exports' } });
  // The region the file describes: its Locations as environments, its Companies as members.
  const rows = parse(assets, { columns: true }) as Array<Record<string, string>>;
  for (const location of new Set(rows.map((row) => row.Location!))) {
    const created = await api.call('POST', '/api/regions/real/environments', { body: { id: slugify(location), name: location, site: location, key: { type: 'equal' } }, as: operator });
    expect(created.status).toBe(201);
  }
  for (const company of new Set(rows.map((row) => row.Company!))) {
    const created = await api.call('POST', '/api/regions/real/members', { body: { id: slugify(company), name: company, joinedOn: '2014-01-01', reason: 'members of the exported file' } });
    expect(created.status).toBe(201);
  }
});

describe('import of real exports through the API', () => {
  it("refuses Snipe-IT's assets sample as a whole while categories are neither mapped nor skipped", async () => {
    const response = await post(assets, mapKind);
    expect(response.status).toBe(400);
    const kindRows = response.body.error.details.filter((d: { field: string }) => d.field.endsWith('.kind')).map((d: { row: number }) => d.row);
    expect(kindRows).toEqual([3, 4, 5, 6, 8, 10, 11]);
    expect(response.body.error.details[0]).toMatchObject({ column: 'Category', code: 'import-kind-unknown', params: { value: 'Structural and Misc Steel (Fabrication)' } });
    expect(await devices()).toEqual([]);
  });

  it('shows on a dry run the counts a real run gives, and writes nothing', async () => {
    const response = await post(assets, `${mapKind}&skipUnknownKinds=true&dryRun=true`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 3, updated: 0, skipped: { count: 7, rows: [3, 4, 5, 6, 8, 10, 11] }, format: 'snipe-it', dryRun: true });
    expect(await devices()).toEqual([]);
  });

  it('imports the mapped rows, skips the untracked ones by number, and reads the cells as the file writes them', async () => {
    const response = await post(assets, `${mapKind}&skipUnknownKinds=true`);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ created: 3, updated: 0, skipped: { count: 7, rows: [3, 4, 5, 6, 8, 10, 11] }, summary: { code: 'import-summary', params: { created: 3, updated: 0, skipped: 7 }, message: '3 created, 0 updated, 7 skipped' } });
    const backhoe = await api.call('GET', '/api/regions/real/devices/icc-2065556', { as: operator });
    // Row 2: Abshire and Sons, Backhoe, ICC-2065556, Ornamental Railings, …, Berge Inc, "Wilkinson, Waters and Kerluke", …, Nial, …, 2023-01-23, 2266.13
    expect(backhoe.body).toMatchObject({
      name: 'Backhoe',
      kind: 'server',
      role: 'Ornamental Railings',
      vendor: 'Berge Inc',
      model: 'Nial',
      environmentId: 'wilkinson-waters-and-kerluke',
      purchaseDate: '2023-01-23',
      purchaseCostNok: 2266,
      payer: { type: 'member', memberId: 'abshire-and-sons' },
      version: 1,
    });
    expect((await devices()).map((device) => [device.id, device.kind]).sort()).toEqual([['hny-7340937', 'server'], ['icc-2065556', 'server'], ['yoo-5936907', 'switch']]);
  });

  it('updates on re-import instead of refusing the devices as existing', async () => {
    const edited = assets.replace('2023-01-23,2266.13', '2023-01-23,"$2,400.00"');
    const response = await post(edited, `${mapKind}&skipUnknownKinds=true`);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ created: 0, updated: 3, skipped: { count: 7 } });
    const backhoe = await api.call('GET', '/api/regions/real/devices/icc-2065556', { as: operator });
    expect(backhoe.body).toMatchObject({ purchaseCostNok: 2400, version: 2 });
  });

  it("answers NetBox's bulk-import file with the custom fields to add, in NetBox's words", async () => {
    const response = await post(fixture('netbox-device-bulk-import.csv'));
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { problem: string }) => d.problem)).toEqual([
      "add a column 'Purchase date' or custom field `cf_purchase_date`",
      "add a column 'Purchase cost' or custom field `cf_purchase_cost`",
    ]);
  });

  it("answers NetBox's UI export (all data, with custom fields) with the custom fields to add, and reads its header as NetBox's", async () => {
    // MGHPCC's export: 39 NetBox columns plus eight custom fields (Zabbix … Offsite Backup), none of them purchase data.
    for (const file of ['netbox-devices-export-all.csv', 'netbox-devices-export-all-3.6.csv']) {
      const response = await post(fixture(file));
      expect(response.status, file).toBe(400);
      expect(response.body.error.details.map((d: { problem: string }) => d.problem), file).toEqual([
        "add a column 'Purchase date' or custom field `cf_purchase_date`",
        "add a column 'Purchase cost' or custom field `cf_purchase_cost`",
      ]);
    }
  });

  it('imports the NetBox UI export once the two custom fields are in it: roles mapped, patch panels, PDUs and phones skipped by row', async () => {
    // The same 60 rows with the custom fields an operator adds in NetBox ("Purchase date", "Purchase cost"),
    // exported as NetBox writes them: ISO dates, plain decimals. Every other cell is the real file's.
    const [header, ...rows] = fixture('netbox-devices-export-all.csv').trimEnd().split('\n');
    const withPurchase = [`${header},Purchase date,Purchase cost`, ...rows.map((row) => `${row},2021-02-25,12500.00`)].join('\n');
    await api.call('POST', '/api/regions/real/environments', { body: { id: 'main-building', name: 'Main Building', site: 'Main Building', key: { type: 'equal' } }, as: operator });
    await api.call('POST', '/api/regions/real/members', { body: { id: 'mghpcc', name: 'MGHPCC', joinedOn: '2014-01-01', reason: 'tenant of the exported file' } });
    const query = `?mapKind=${encodeURIComponent('Access Switch=switch;Storage Server=storage')}&skipUnknownKinds=true`;
    const dry = await post(withPurchase, `${query}&dryRun=true`);
    expect(dry.status).toBe(200);
    // Rows (header = row 1): Access Switch on 23, 47, 50, 57; Storage Server on 37, 59, 60, 61; the other 52 are untracked roles.
    const tracked = [23, 37, 47, 50, 57, 59, 60, 61];
    const skippedRows = Array.from({ length: 60 }, (_, i) => i + 2).filter((row) => !tracked.includes(row));
    expect(dry.body).toMatchObject({ created: 8, updated: 0, skipped: { count: 52, rows: skippedRows }, format: 'netbox', dryRun: true });
    const response = await post(withPurchase, query);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ created: 8, updated: 0, skipped: { count: 52 } });
    // Row 50: SANDBOX-3560-MEETME,Active,MGHPCC,Main Building,…,Access Switch,Cisco,Cisco Catalyst 3560X-48T-L Switch,…,FDO17201KY2
    const meetme = await api.call('GET', '/api/regions/real/devices/sandbox-3560-meetme', { as: operator });
    expect(meetme.body).toMatchObject({
      name: 'SANDBOX-3560-MEETME',
      kind: 'switch',
      role: 'Access Switch',
      vendor: 'Cisco',
      model: 'Cisco Catalyst 3560X-48T-L Switch',
      serial: 'FDO17201KY2',
      environmentId: 'main-building',
      purchaseDate: '2021-02-25',
      purchaseCostNok: 12500,
      payer: { type: 'member', memberId: 'mghpcc' },
    });
    // Row 47: iomic-sw1 has no tenant: shared by the environment's key.
    const iomic = await api.call('GET', '/api/regions/real/devices/iomic-sw1', { as: operator });
    expect(iomic.body).toMatchObject({ kind: 'switch', model: 'Catalyst 2960 SI', payer: { type: 'shared' } });
    const again = await post(withPurchase, query);
    expect(again.body).toMatchObject({ created: 0, updated: 8, skipped: { count: 52 }, summary: { message: '0 created, 8 updated, 52 skipped' } });
  });

  it("answers Snipe-IT's licences file with the columns it lacks, in Snipe-IT's words", async () => {
    const response = await post(fixture('snipe-it-licenses-sample.csv'));
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string; params: { column: string } }) => [d.field, d.params.column])).toEqual([
      ['row 1.environmentId', 'Location'],
      ['row 1.kind', 'Category'],
    ]);
  });

  it('names a bad mapping in the query', async () => {
    const response = await post(assets, `?mapKind=${encodeURIComponent('Electrical=power')}`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error.details)).toMatch(/'power' in 'Electrical=power' is no device kind/);
  });
});

describe('device batch writer: updates', () => {
  it('puts updated devices back and removes created ones when a device it updates was changed meanwhile', async () => {
    const { DynamoDbDeviceBatchWriter } = await import('#shared/adapters/dynamodb/device-batch-writer.ts');
    const read = async (id: string) => (await api.call('GET', `/api/regions/real/devices/${id}`, { as: operator })).body;
    const { version: _a, ...backhoe } = await read('icc-2065556');
    const backhoeRead = await read('icc-2065556');
    const bulldozerRead = await read('yoo-5936907');
    // Someone edits the bulldozer after the import read it (version moves on).
    const edited = await api.call('PATCH', '/api/regions/real/devices/yoo-5936907', { body: { criticality: 5, version: bulldozerRead.version }, as: operator });
    expect(edited.status).toBe(200);
    const { version: _b, ...bulldozer } = bulldozerRead;
    const creates = Array.from({ length: 99 }, (_, index) => ({ ...backhoe, id: `bw-new-${index}`, name: `New ${index}`, serial: '' }));
    const writer = new DynamoDbDeviceBatchWriter(api.doc, api.tableName);
    // Transaction 1: 99 creates and the backhoe's update (goes through); transaction 2: the stale bulldozer (refused).
    const failure = await writer
      .writeAll('real', { creates, updates: [{ device: { ...backhoe, name: 'Backhoe (import)' }, previous: backhoeRead }, { device: { ...bulldozer, name: 'Bulldozer (import)' }, previous: bulldozerRead }] })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ statusCode: 409, code: 'version-conflict', details: expect.anything() });
    expect(await read('icc-2065556')).toEqual(backhoeRead);
    expect(await read('yoo-5936907')).toMatchObject({ name: 'Bulldozer', criticality: 5, version: bulldozerRead.version + 1 });
    expect((await devices()).filter((device) => String(device.id).startsWith('bw-new-'))).toEqual([]);
  });
});
