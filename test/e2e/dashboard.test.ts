import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../../local/system.ts';
import { apiCall, nok, seedHealth, spaces, startBrowserSystem, type ApiRole, type BrowserSystem, type RoleLabel } from './browser-support.ts';

/**
 * The dashboard in a real browser against the whole local system: DynamoDB Local with the demo
 * region, the local host with the real handlers, the bundle built from web/src, and headless
 * Chromium driven by playwright-core. Each test gets a fresh browser context, so sign-in
 * (sessionStorage) and the language choice (localStorage) never leak between tests.
 */
const SCREENSHOT = '/tmp/dashboard.png';

let harness: BrowserSystem;
let system: RunningSystem;

beforeAll(async () => {
  harness = await startBrowserSystem();
  system = harness.system;
});

afterAll(async () => {
  await harness?.stop();
});

const newPage = (): Promise<Page> => harness.newPage();
const signIn = (page: Page, role: RoleLabel, municipality?: string) => harness.signIn(page, role, municipality);
const api = (method: string, path: string, options: { role?: ApiRole; memberId?: string; body?: unknown } = {}) => harness.api(method, path, options);

function columnTexts(page: Page, column: number) {
  return page.locator(`table.data tbody tr > :nth-child(${column})`).allInnerTexts();
}

async function openIncident(environmentId: string, title: string, deviceId?: string) {
  const created = await api('POST', `/api/regions/kr-ikt/environments/${environmentId}/incidents`, { body: { title, ...(deviceId ? { deviceId } : {}), severity: 'critical' } });
  expect(created.status).toBe(201);
  return created.body as { id: string };
}

describe('the dashboard in a browser', () => {
  it('lets an operator sign in and shows the inventory in Norwegian with dd.mm.yyyy dates', async () => {
    const page = await newPage();
    await signIn(page, 'Driftsoperatør');
    await page.getByRole('link', { name: 'Inventar' }).click();

    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Inventar');
    await page.getByRole('link', { name: 'Hovedbrannmur 1 (HA)' }).waitFor();
    const headings = await page.locator('table.data thead th').allInnerTexts();
    expect(headings).toEqual(['Navn', 'Type', 'Driftsmiljø', 'Leverandør og modell', 'Fastvare', 'Kjøpt', 'Slutt på støtte', 'Betales av']);

    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Hovedbrannmur 1 (HA)' }) });
    await expect.poll(() => row.innerText()).toContain('15.09.2012'); // purchaseDate 2012-09-15
    await expect.poll(() => row.innerText()).toContain('31.12.2019'); // vendorEndOfSupport 2019-12-31
    for (const purchased of await columnTexts(page, 6)) expect(purchased).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);

    // 67 demo devices, 25 to a page: "Vis flere" follows the API's cursor.
    expect(await page.locator('table.data tbody tr').count()).toBe(25);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Viser 25 enheter' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Vis flere' }).click();
    await expect.poll(() => page.locator('table.data tbody tr').count()).toBe(50);
    await page.getByRole('button', { name: 'Vis flere' }).click();
    await expect.poll(() => page.locator('table.data tbody tr').count()).toBe(67);
    expect(await page.getByRole('button', { name: 'Vis flere' }).isVisible()).toBe(false);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: SCREENSHOT });
  });

  it('filters the inventory by environment, and keeps the filter in the link', async () => {
    const page = await newPage();
    await signIn(page, 'Driftsoperatør');
    await page.goto(`${system.url}/#/inventory`);
    await page.getByRole('link', { name: 'Hovedbrannmur 1 (HA)' }).waitFor();

    await page.getByLabel('Driftsmiljø').selectOption({ label: 'Lokal datapark Birkenes' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByRole('link', { name: 'Brannmur Birkenes' }).waitFor();
    await expect.poll(() => page.locator('table.data tbody tr').count()).toBe(11);
    expect(new Set(await columnTexts(page, 3))).toEqual(new Set(['Lokal datapark Birkenes']));
    expect(await page.getByRole('link', { name: 'Hovedbrannmur 1 (HA)' }).count()).toBe(0);
    expect(page.url()).toContain('environmentId=birkenes-datapark');

    // Free text narrows further; the API searches name, model, vendor, serial and role.
    await page.getByLabel('Søk').fill('skole');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expect.poll(() => columnTexts(page, 1)).toEqual(['Skoleserver Birkenes']);
  });

  it('saves a firmware edit, and explains a conflict when someone else changed the device first', async () => {
    const page = await newPage();
    await signIn(page, 'Driftsoperatør');
    await page.goto(`${system.url}/#/inventory/fw-kris-02`);
    const firmware = page.getByLabel('Fastvare');
    await expect.poll(() => firmware.inputValue()).toBe('PAN-OS 7.1.9');
    const before = await api('GET', '/api/regions/kr-ikt/devices/fw-kris-02');

    await firmware.fill('PAN-OS 8.0.1');
    await page.getByRole('button', { name: 'Lagre endringer' }).click();
    await page.getByText('Endringene er lagret.').waitFor();
    const saved = await api('GET', '/api/regions/kr-ikt/devices/fw-kris-02');
    expect(saved.body.firmware).toBe('PAN-OS 8.0.1');
    expect(saved.body.version).toBe(before.body.version + 1);
    expect(saved.body.serial).toBe(before.body.serial); // only the changed field was sent

    // Someone else saves while this form is open …
    const theirs = await api('PATCH', '/api/regions/kr-ikt/devices/fw-kris-02', { body: { firmware: 'PAN-OS 8.0.2', version: saved.body.version } });
    expect(theirs.status).toBe(200);
    // … so this stale edit is refused and explained, and their change stays.
    await firmware.fill('PAN-OS 8.1.0');
    await page.getByRole('button', { name: 'Lagre endringer' }).click();
    await page.getByText('Noen andre har endret denne enheten siden du åpnet den').waitFor();
    expect((await api('GET', '/api/regions/kr-ikt/devices/fw-kris-02')).body.firmware).toBe('PAN-OS 8.0.2');

    await page.getByRole('button', { name: 'Last inn på nytt' }).click();
    await expect.poll(() => page.getByLabel('Fastvare').inputValue()).toBe('PAN-OS 8.0.2');
  });

  it('shows field errors next to the field: its own date check and the API’s validation', async () => {
    const page = await newPage();
    await signIn(page, 'Driftsoperatør');
    await page.goto(`${system.url}/#/inventory/rt-kris-01`);
    await page.getByRole('button', { name: 'Lagre endringer' }).waitFor();

    await page.getByLabel('Kjøpsdato').fill('31.02.2019');
    await page.getByRole('button', { name: 'Lagre endringer' }).click();
    const dateField = page.locator('.field').filter({ has: page.getByLabel('Kjøpsdato') });
    await expect.poll(() => dateField.locator('.field-error').innerText()).toContain('dd.mm.åååå');
    expect(await page.getByLabel('Kjøpsdato').getAttribute('aria-invalid')).toBe('true');

    // The API allows at most 10^12 NOK; its `body.purchaseCostNok` problem lands on that field.
    await page.getByLabel('Kjøpsdato').fill('01.03.2019');
    await page.getByLabel('Innkjøpspris (kr)').fill('2 000 000 000 000');
    await page.getByRole('button', { name: 'Lagre endringer' }).click();
    const costField = page.locator('.field').filter({ has: page.getByLabel('Innkjøpspris (kr)') });
    await expect.poll(() => costField.locator('.field-error').isVisible()).toBe(true);
    expect(await dateField.locator('.field-error').isVisible()).toBe(false);
    await page.getByText('Noe i skjemaet må rettes').waitFor();
    expect((await api('GET', '/api/regions/kr-ikt/devices/rt-kris-01')).body.version).toBe(1);
  });

  it('switches to English, changes the headings, and remembers the choice', async () => {
    const page = await newPage();
    await signIn(page, 'Driftsoperatør');
    await page.goto(`${system.url}/#/inventory`);
    await page.getByRole('link', { name: 'Hovedbrannmur 1 (HA)' }).waitFor();

    await page.getByRole('button', { name: 'In English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Inventory');
    await page.getByRole('link', { name: 'Hovedbrannmur 1 (HA)' }).waitFor();
    expect(await page.locator('table.data thead th').allInnerTexts()).toEqual(['Name', 'Kind', 'Environment', 'Vendor and model', 'Firmware', 'Purchased', 'End of support', 'Paid by']);
    expect(await page.getByRole('link', { name: 'Inventory' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // Dates and amounts stay Norwegian: they belong to Norwegian budgets.
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Hovedbrannmur 1 (HA)' }).innerText()).toContain('15.09.2012');

    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Inventory');
    await page.getByRole('button', { name: 'På norsk' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Inventar');
  });

  it('lets a municipality edit its own device but not a Birkenes device, as the API decides', async () => {
    const page = await newPage();
    await signIn(page, 'Kommune', 'Lillesand kommune');
    await expect.poll(() => page.locator('.who').innerText()).toContain('Lillesand kommune');

    await page.goto(`${system.url}/#/inventory/fw-birk-01`);
    await page.getByRole('heading', { name: 'Brannmur Birkenes' }).waitFor();
    await page.getByText('Denne enheten betales ikke av kommunen din alene').waitFor();
    expect(await page.getByRole('button', { name: 'Lagre endringer' }).count()).toBe(0);
    expect(await page.getByLabel('Fastvare').count()).toBe(0);
    // The hidden form mirrors a real refusal: the API says no to this member.
    const refused = await api('PATCH', '/api/regions/kr-ikt/devices/fw-birk-01', { role: 'member', memberId: 'lillesand', body: { firmware: 'x', version: 1 } });
    expect(refused.status).toBe(403);

    await page.goto(`${system.url}/#/inventory/fw-lill-01`);
    await page.getByRole('heading', { name: 'Brannmur Lillesand' }).waitFor();
    await page.getByLabel('Fastvare').fill('FortiOS 5.6.9');
    await page.getByRole('button', { name: 'Lagre endringer' }).click();
    await page.getByText('Endringene er lagret.').waitFor();
    expect((await api('GET', '/api/regions/kr-ikt/devices/fw-lill-01')).body.firmware).toBe('FortiOS 5.6.9');
  });

  it('shows the health board per environment with worded statuses, and refreshes it every 30 seconds', async () => {
    // This system runs no lab, so nothing is swept: one device's health is seeded as a sweep would leave it.
    await seedHealth(harness, 'rt-lill-01', 'lillesand-datapark', { history: false });
    const page = await newPage();
    await page.clock.install(); // lets the test move time on instead of waiting 30 s
    await signIn(page, 'Driftsoperatør'); // an operator starts on the health board
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Driftsbilde');
    for (const name of ['Felles driftsmiljø Kristiansand/Songdalen', 'Lokal datapark Lillesand', 'Lokal datapark Birkenes']) {
      await page.getByRole('heading', { name, level: 2 }).waitFor();
    }
    const card = page.locator('section.environment').filter({ has: page.getByRole('heading', { name: 'Lokal datapark Lillesand' }) });
    // Status is a word with the colour, never colour alone.
    expect((await card.locator('.status').allInnerTexts()).map((text) => text.replace(/\s+/g, ''))).toEqual(['✕Kritisk', '!Advarsel', '?Ukjent', '✓OK', 'Ikkeovervåket']);
    const openIncidents = card.getByRole('link').first();
    const before = Number(await openIncidents.innerText());
    const region = await api('GET', '/api/regions/kr-ikt/health');
    expect(before).toBe(region.body.environments.find((environment: { environmentId: string }) => environment.environmentId === 'lillesand-datapark').openIncidents);

    await openIncident('lillesand-datapark', 'Ruter Lillesand mister pakker', 'rt-lill-01');
    expect(Number(await openIncidents.innerText())).toBe(before); // not yet: the board refreshes on its own
    await page.clock.runFor(30_000);
    await expect.poll(async () => Number(await card.getByRole('link').first().innerText())).toBe(before + 1);
    expect(await card.getByRole('link').first().getAttribute('href')).toBe('#/incidents?environmentId=lillesand-datapark');

    // "Vis enheter" opens the environment's board: one row per device the API reports (the seeded one).
    const board = await api('GET', '/api/regions/kr-ikt/environments/lillesand-datapark/health');
    expect(board.body.items.map((item: { deviceId: string }) => item.deviceId)).toContain('rt-lill-01');
    await card.getByRole('button', { name: 'Vis enheter' }).click();
    expect(await card.getByRole('button', { name: 'Skjul enheter' }).getAttribute('aria-expanded')).toBe('true');
    const rows = card.locator('[id$="-devices"] table tbody tr');
    await expect.poll(() => rows.count()).toBe(board.body.items.length);
    const routerRow = rows.filter({ has: page.getByRole('link', { name: 'Ruter Lillesand' }) });
    expect((await routerRow.innerText()).replace(/\s+/g, ' ')).toContain('snmp.cpu');
  });

  it('lets an operator acknowledge, comment on and resolve an incident', async () => {
    const incident = await openIncident('felles-kristiansand', 'Hovedbrannmur 1 svarer ikke på SNMP', 'fw-kris-01');
    const incidentPath = `/api/regions/kr-ikt/environments/felles-kristiansand/incidents/${incident.id}`;
    const page = await newPage();
    await signIn(page, 'Driftsoperatør');
    await page.goto(`${system.url}/#/incidents?environmentId=felles-kristiansand`);
    const row = page.getByRole('row').filter({ hasText: 'Hovedbrannmur 1 svarer ikke på SNMP' });
    await row.getByRole('link', { name: 'Hovedbrannmur 1 (HA)' }).waitFor(); // the device by name, not id
    await expect.poll(() => row.innerText()).toContain('Åpent');

    await row.getByRole('button', { name: 'Kvitter' }).click();
    await page.getByText('Avviket er kvittert.').waitFor();
    await expect.poll(() => row.innerText()).toContain('Kvittert');
    expect((await api('GET', incidentPath)).body.state).toBe('acknowledged');

    await row.getByRole('button', { name: 'Kommenter' }).click();
    await row.getByLabel('Kommentar til avviket «Hovedbrannmur 1 svarer ikke på SNMP»').fill('Byttet strømforsyning, følger med.');
    await row.getByRole('button', { name: 'Lagre kommentar' }).click();
    await page.getByText('Kommentaren er lagret.').waitFor();
    const commented = await api('GET', incidentPath);
    expect(commented.body.timeline.map((entry: { text: string }) => entry.text)).toContain('Byttet strømforsyning, følger med.');

    await row.getByRole('button', { name: 'Løs' }).click();
    await page.getByText('Avviket er løst.').waitFor();
    await expect.poll(() => row.count()).toBe(0); // gone from the open incidents
    expect((await api('GET', incidentPath)).body.state).toBe('resolved');
    await page.getByLabel('Alle').check();
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Hovedbrannmur 1 svarer ikke på SNMP' }).innerText()).toContain('Løst');
  });

  it('shows incidents to a budget owner without the operator actions', async () => {
    await openIncident('birkenes-datapark', 'Svitsj Birkenes 1 svarer ikke', 'sw-birk-01');
    const page = await newPage();
    await signIn(page, 'Budsjetteier');
    await page.goto(`${system.url}/#/incidents?environmentId=birkenes-datapark`);
    await page.getByRole('row').filter({ hasText: 'Svitsj Birkenes 1 svarer ikke' }).waitFor();
    await page.getByText('Bare driftsoperatører kan kvittere og løse avvik.').waitFor();
    expect(await page.getByRole('button', { name: 'Kvitter' }).count()).toBe(0);
  });

  it('shows the reinvestment plan 2017–2020 in NOK, per member, against the budget envelope, with explanations', async () => {
    const line = await api('POST', '/api/regions/kr-ikt/budget-lines', {
      role: 'budget-owner',
      // Deliberately tight (1 000 000 for the whole period, compared cumulatively), so the plan overruns it.
      body: { name: 'IKT-kapasitet og sikkerhet 2017–2020', fromYear: 2017, toYear: 2020, amountNok: 1_000_000, per: 'total', kinds: ['firewall', 'router', 'server', 'backup'] },
    });
    expect(line.status).toBe(201);
    const plan = (await api('GET', '/api/regions/kr-ikt/reinvestment-plan?from=2017&to=2020', { role: 'budget-owner' })).body;
    expect(plan.items.length).toBeGreaterThan(0);

    const page = await newPage();
    await signIn(page, 'Budsjetteier'); // a budget owner starts on the plan
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Reinvesteringsplan 2017–2020');
    for (const year of [2017, 2018, 2019, 2020]) await page.getByRole('heading', { name: `Budsjettår ${year}` }).waitFor();

    // Every line's cost as the API computed it, written the Norwegian way: `278 326 kr`.
    const first = plan.items[0];
    const firstRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: first.name, exact: true }) }).first();
    expect(spaces(await firstRow.innerText())).toContain(nok(first.costNok));
    for (const cost of await page.locator('table.plan tbody tr:not(.explanation-row) > td:nth-child(6)').allInnerTexts()) {
      expect(spaces(cost)).toMatch(/^\d{1,3}( \d{3})* kr$/);
    }

    // Per member: each member's share over the four years adds up to what the API totals say.
    const kristiansand = plan.totals.filter((total: { memberId: string | null }) => total.memberId === 'kristiansand').reduce((sum: number, total: { amountNok: number }) => sum + total.amountNok, 0);
    const memberRow = page.locator('table.member-totals tbody tr').filter({ hasText: 'Kristiansand kommune' });
    expect(spaces(await memberRow.locator('td').last().innerText())).toBe(nok(kristiansand));

    // The envelope: overruns are red and say so in words.
    const overruns = plan.envelopes.filter((row: { status: string }) => row.status === 'overrun').length;
    expect(overruns).toBeGreaterThan(0);
    expect(await page.locator('tr.overrun').count()).toBe(overruns);
    const overrun = page.locator('tr.overrun .envelope-status').first();
    expect(await overrun.innerText()).toContain('Overskridelse');
    expect(await overrun.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(179, 38, 30)');
    const thisLine = plan.envelopes.filter((row: { id: string }) => row.id === line.body.id);
    expect(thisLine.length).toBeGreaterThan(0);
    expect(await page.getByRole('row').filter({ hasText: 'IKT-kapasitet og sikkerhet 2017–2020' }).count()).toBe(thisLine.length);

    await page.getByRole('button', { name: `Forklar ${first.name}` }).click();
    await page.getByRole('heading', { name: `Hvorfor ${first.name} står i planen` }).waitFor();
    expect(await page.locator('ol.steps li').count()).toBeGreaterThan(0);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Last ned CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    await page.getByText(`Filen ${file.suggestedFilename()} er lastet ned.`).waitFor();
  });

  it('sends a signed-out visitor to the sign-in screen and refuses a municipality without a choice', async () => {
    const page = await newPage();
    await page.goto(`${system.url}/#/inventory`);
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();

    // Kommune, but no municipality chosen: the form says so and stays signed out.
    await page.getByRole('radio', { name: 'Kommune', exact: true }).check();
    const municipality = page.getByLabel('Hvilken kommune');
    await expect.poll(() => municipality.locator('option').count()).toBeGreaterThan(0);
    await municipality.selectOption([]);
    expect(await municipality.inputValue()).toBe('');
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('alert').filter({ hasText: 'Velg kommunen du representerer.' }).waitFor();
    expect(await municipality.evaluate((select) => select === document.activeElement)).toBe(true);
    expect(await page.getByRole('button', { name: 'Logg ut' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Logg inn' }).isVisible()).toBe(true);

    // The local sign-in endpoint behind the form refuses the same.
    const refused = await apiCall(system, 'POST', '/local/sign-in', { body: { role: 'member' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]?.field).toBe('body.memberId');
  });
});
