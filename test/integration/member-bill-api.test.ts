import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { handlerHarness } from '../support/api.ts';

/**
 * A member's bill through the API on DynamoDB Local, on a small region computed by hand.
 *
 * Region `mb`, default key equal. Members Kristiansand, Søgne (merges into Kristiansand on
 * 2020-01-01) and Lillesand; one environment serving all three, key equal.
 * - fw-1, shared, due 2019-06-01 (bought 2014-06-01, lifetime 5), costs 300 001: three payers in
 *   2019, 100 000.33 each → floors 300 000, the krone to the lowest id on the tie: Kristiansand
 *   100 001, Lillesand 100 000, Søgne 100 000.
 * - srv-1, shared, due 2020-03-01, costs 200 001: Kristiansand (with Søgne) and Lillesand,
 *   100 000.5 each → Kristiansand 100 001, Lillesand 100 000.
 * - sw-1, Søgne's own, due 2020-09-01, costs 50 000: Kristiansand pays it after the merger.
 * - Project p1 (Kristiansand, Søgne, Lillesand, the region's key: equal), assessed: 2019 investment
 *   90 000 and operating 3 000 → 30 000 and 1 000 each; 2020 investment 60 001 and operating 3 001 →
 *   Kristiansand 30 001 and 1 501, Lillesand 30 000 and 1 500.
 * - Project p2 (5 MNOK in 2019) does not fit the 2 MNOK envelope: not in the plan, not on any bill.
 *
 * Søgne's bill 2019–2020: 2019 100 000 + 30 000 + 1 000 = 131 000; 2020 nothing.
 * Kristiansand's: 2019 100 001 + 30 000 + 1 000 = 131 001; 2020 (100 001 + 50 000) + 30 001 + 1 501
 * = 181 503; total 312 504.
 */
type Harness = Awaited<ReturnType<typeof handlerHarness>>;
let api: Harness;
const region = '/api/regions/mb';
const admin = { as: { role: 'admin' as const, regionIds: '*' } };
const operator = { as: { role: 'operator' as const, regionIds: 'mb' } };
const member = (memberId: string) => ({ as: { role: 'member' as const, memberId, regionIds: 'mb' } });
const bill = (memberId: string, query = 'from=2019&to=2020') => `${region}/members/${memberId}/costs?${query}`;

async function ok(response: Promise<{ status: number; text: string; body: any }>) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const done = await response;
  expect(done.status, done.text).toBeLessThan(300);
  return done.body;
}

beforeAll(async () => {
  api = await handlerHarness();
  await ok(api.call('POST', '/api/regions', { body: { id: 'mb', name: 'Medlemsregning', defaultKey: { type: 'equal' } }, ...admin }));
  const people = [
    { id: 'kristiansand', name: 'Kristiansand kommune' },
    { id: 'sogne', name: 'Søgne kommune', mergedInto: 'kristiansand', mergedOn: '2020-01-01' },
    { id: 'lillesand', name: 'Lillesand kommune' },
  ];
  for (const body of people) await ok(api.call('POST', `${region}/members`, { body: { joinedOn: '2014-01-01', reason: 'test', ...body }, ...admin }));
  await ok(api.call('POST', `${region}/environments`, {
    body: { id: 'felles', name: 'Felles miljø', site: 'Kristiansand', key: { type: 'equal' }, serves: people.map((person) => ({ memberId: person.id, from: '2014-01-01' })) },
    ...admin,
  }));
  const device = (id: string, kind: string, purchaseDate: string, replacementCostNok: number, payer: unknown) => ({
    id, name: `Enhet ${id}`, kind, environmentId: 'felles', purchaseDate, purchaseCostNok: 10_000, criticality: 3, replacementCostNok, expectedLifetimeYears: 5, payer,
  });
  for (const body of [
    device('fw-1', 'firewall', '2014-06-01', 300_001, { type: 'shared' }),
    device('srv-1', 'server', '2015-03-01', 200_001, { type: 'shared' }),
    device('sw-1', 'switch', '2015-09-01', 50_000, { type: 'member', memberId: 'sogne' }),
  ]) await ok(api.call('POST', `${region}/devices`, { body, ...admin }));
  await ok(api.call('POST', `${region}/budget-lines`, { body: { id: 'prosjekter', name: 'Prosjekter', fromYear: 2019, toYear: 2020, amountNok: 2_000_000, per: 'year', scope: 'projects' }, ...admin }));
  const project = (id: string, costs: unknown[]) => ({ id, title: `Prosjekt ${id}`, proposedBy: 'kristiansand', participants: ['kristiansand', 'sogne', 'lillesand'], category: 'infrastruktur', costs });
  await ok(api.call('POST', `${region}/projects`, { body: project('p1', [{ year: 2019, investmentNok: 90_000, operatingNok: 3_000 }, { year: 2020, investmentNok: 60_001, operatingNok: 3_001 }]), ...operator }));
  await ok(api.call('POST', `${region}/projects`, { body: project('p2', [{ year: 2019, investmentNok: 5_000_000, operatingNok: 0 }]), ...operator }));
  for (const id of ['p1', 'p2']) await ok(api.call('POST', `${region}/projects/${id}/transitions`, { body: { to: 'assessed', reason: 'vurdert' }, ...operator }));
}, 120_000);

describe("a member's bill through the API (hand-computed)", () => {
  it("bills Søgne until the merger, and any member may read it", async () => {
    const body = await ok(api.call('GET', bill('sogne'), member('lillesand')));
    expect(body).toMatchObject({ regionId: 'mb', memberId: 'sogne', memberName: 'Søgne kommune', from: 2019, to: 2020, projects: { scenarioId: 'base' } });
    expect(body.years).toEqual([
      { year: 2019, reinvestmentNok: 100_000, projectInvestmentNok: 30_000, projectOperatingNok: 1_000, totalNok: 131_000 },
      { year: 2020, reinvestmentNok: 0, projectInvestmentNok: 0, projectOperatingNok: 0, totalNok: 0 },
    ]);
    expect(body.lines.map((line: { source: string; refId: string; amountNok: number }) => [line.source, line.refId, line.amountNok])).toEqual([
      ['reinvestment', 'fw-1', 100_000],
      ['project-investment', 'p1', 30_000],
      ['project-operating', 'p1', 1_000],
    ]);
    expect(body.lines[0].shares).toEqual([{ memberId: 'kristiansand', amountNok: 100_001 }, { memberId: 'lillesand', amountNok: 100_000 }, { memberId: 'sogne', amountNok: 100_000 }]);
  });

  it("gives Kristiansand Søgne's part from 2020, in step with both plans, and links each line's explanation", async () => {
    const body = await ok(api.call('GET', bill('kristiansand'), member('kristiansand')));
    expect(body.years).toEqual([
      { year: 2019, reinvestmentNok: 100_001, projectInvestmentNok: 30_000, projectOperatingNok: 1_000, totalNok: 131_001 },
      { year: 2020, reinvestmentNok: 150_001, projectInvestmentNok: 30_001, projectOperatingNok: 1_501, totalNok: 181_503 },
    ]);
    expect(body.total).toEqual({ reinvestmentNok: 250_002, projectInvestmentNok: 60_001, projectOperatingNok: 2_501, totalNok: 312_504 });
    expect(body.lines.some((line: { refId: string }) => line.refId === 'p2')).toBe(false);

    const portfolio = await ok(api.call('GET', `${region}/portfolio/plan?from=2019&to=2020`, member('kristiansand')));
    const own = portfolio.shares.filter((share: { memberId: string }) => share.memberId === 'kristiansand');
    expect(own.map((share: { year: number; investmentNok: number; operatingNok: number }) => [share.year, share.investmentNok, share.operatingNok])).toEqual(
      body.years.map((year: { year: number; projectInvestmentNok: number; projectOperatingNok: number }) => [year.year, year.projectInvestmentNok, year.projectOperatingNok]),
    );

    const switchLine = body.lines.find((line: { refId: string }) => line.refId === 'sw-1');
    expect(switchLine).toMatchObject({ year: 2020, costNok: 50_000, amountNok: 50_000, explanation: '/api/regions/mb/reinvestment-plan/items/sw-1?from=2019&to=2020' });
    const explained = await ok(api.call('GET', switchLine.explanation, member('kristiansand')));
    expect(explained.shares.members).toEqual([expect.objectContaining({ memberId: 'kristiansand', mergedFrom: ['sogne'], amountNok: 50_000 })]);
    const projectLine = body.lines.find((line: { refId: string }) => line.refId === 'p1');
    expect((await api.call('GET', projectLine.explanation, member('kristiansand'))).status).toBe(200);
  });

  it('exports the lines as Norwegian CSV with one column per paying member, by name', async () => {
    const response = await api.call('GET', bill('kristiansand', 'from=2019&to=2020&format=csv&lang=nb'), member('lillesand'));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="kommunekostnader-mb-kristiansand-2019-2020.csv"');
    const rows = parse(response.text.replace(/^\ufeff/, ''), { columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(['År', 'Type', 'Post', 'Kostnad (kr)', 'Kristiansand kommune (kr)', 'Lillesand kommune (kr)', 'Søgne kommune (kr)', 'Forklaring']);
    expect(rows[0]).toMatchObject({ År: '2019', Type: 'Reinvestering', Post: 'Enhet fw-1', 'Kostnad (kr)': '300001', 'Kristiansand kommune (kr)': '100001', 'Søgne kommune (kr)': '100000' });
    const years = await api.call('GET', bill('kristiansand', 'from=2019&to=2020&format=csv&view=years'), member('lillesand'));
    expect(parse(years.text, { columns: true })).toEqual([
      { Year: '2019', 'Reinvestment (NOK)': '100001', 'Project investment (NOK)': '30000', 'Project operating (NOK)': '1000', 'Total (NOK)': '131001' },
      { Year: '2020', 'Reinvestment (NOK)': '150001', 'Project investment (NOK)': '30001', 'Project operating (NOK)': '1501', 'Total (NOK)': '181503' },
    ]);
  });

  it('exports both tables as an XLSX workbook with NOK formats and sums', async () => {
    const response = await api.call('GET', bill('kristiansand', 'from=2019&to=2020&format=xlsx&lang=nb'), member('sogne'));
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="kommunekostnader-mb-kristiansand-2019-2020.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(response.text, 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Poster', 'År']);
    const years = workbook.getWorksheet('År')!;
    expect(years.getRow(1).values).toEqual([undefined, 'År', 'Reinvestering (kr)', 'Prosjekt, investering (kr)', 'Prosjekt, drift (kr)', 'Totalt (kr)']);
    expect(years.getCell('E4').value).toEqual({ formula: 'SUM(E2:E3)', result: 312_504 });
    expect(years.getCell('E2').numFmt).toBe('#,##0 "kr"');
  });

  it('answers 404 for an unknown member and 400 for a reversed period', async () => {
    expect((await api.call('GET', bill('nobody'), member('sogne'))).status).toBe(404);
    expect((await api.call('GET', bill('sogne', 'from=2020&to=2019'), member('sogne'))).status).toBe(400);
  });
});
