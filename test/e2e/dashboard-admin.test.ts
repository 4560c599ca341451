import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nok, seedHealth, spaces, startBrowserSystem, type BrowserSystem } from './browser-support.ts';

/**
 * The operators' and budget owners' screens in a real browser against the whole local system:
 * maintenance windows, budget lines (with the plan's envelopes and a stale edit), the CSV import
 * and a device's drift and history. One system for the whole file; a fresh browser context per test.
 */
const REGION = '/api/regions/kr-ikt';
let env: BrowserSystem;

beforeAll(async () => {
  env = await startBrowserSystem();
});

afterAll(async () => {
  await env?.stop();
});

describe('the operators’ and budget owners’ screens in a browser', () => {
  it('lets an operator add one-off and weekly maintenance windows in Oslo time, see them listed and delete one', async () => {
    // The browser runs in New York: the window is still planned in Norwegian time.
    const page = await env.newPage({ timezoneId: 'America/New_York' });
    await env.signIn(page, 'Driftsoperatør');
    await page.getByRole('link', { name: 'Vedlikehold' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Vedlikeholdsvinduer');
    await page.getByLabel('Driftsmiljø', { exact: true }).selectOption({ label: 'Lokal datapark Birkenes' });
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    await page.getByText('Ingen vedlikeholdsvinduer i Lokal datapark Birkenes.').waitFor();
    expect(page.url()).toContain('environmentId=birkenes-datapark');

    // One-off, for one device: 22:00–02:00 Oslo summer time is 20:00–00:00 UTC.
    await page.getByLabel('Årsak', { exact: true }).fill('Bytte av UPS');
    await page.getByLabel('Brannmur Birkenes', { exact: true }).check();
    await page.getByLabel('Start', { exact: true }).fill('01.07.2030 22:00');
    await page.getByLabel('Slutt', { exact: true }).fill('02.07.2030 02:00');
    await page.getByRole('button', { name: 'Legg inn vinduet' }).click();
    await page.getByText('Vinduet «Bytte av UPS» er lagt inn').waitFor();
    const oneOff = page.getByRole('row').filter({ hasText: 'Bytte av UPS' });
    await expect.poll(() => oneOff.innerText()).toContain('01.07.2030 22:00 – 02.07.2030 02:00');
    expect(await oneOff.innerText()).toContain('Brannmur Birkenes');

    // Weekly: Saturdays from 23:00 for 3 hours runs past midnight to 02:00.
    await page.getByLabel('Årsak', { exact: true }).fill('Ukentlig patching');
    await page.getByLabel('Hver uke').check();
    await page.getByLabel('Lørdag').check();
    await page.getByLabel('Starter kl.').fill('23:00');
    await page.getByLabel('Varighet (timer)').fill('3');
    await page.getByText('Slutter kl. 02:00 dagen etter.').waitFor();
    await page.getByRole('button', { name: 'Legg inn vinduet' }).click();
    await page.getByText('Vinduet «Ukentlig patching» er lagt inn').waitFor();
    const weekly = page.getByRole('row').filter({ hasText: 'Ukentlig patching' });
    await expect.poll(() => weekly.innerText()).toContain('Hver lør kl. 23:00–02:00 (over midnatt)');
    expect(await weekly.innerText()).toContain('Hele miljøet');

    const stored = await env.api('GET', `${REGION}/environments/birkenes-datapark/maintenance-windows`);
    expect(stored.status).toBe(200);
    const byReason = new Map(stored.body.items.map((window: { reason: string }) => [window.reason, window]));
    expect(byReason.get('Bytte av UPS')).toMatchObject({ deviceIds: ['fw-birk-01'], schedule: { type: 'one-off', start: '2030-07-01T20:00:00.000Z', end: '2030-07-02T00:00:00.000Z' } });
    expect(byReason.get('Ukentlig patching')).toMatchObject({ deviceIds: [], schedule: { type: 'weekly', days: ['sat'], start: '23:00', end: '02:00' } });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/dashboard-maintenance.png', fullPage: true });

    await page.getByRole('button', { name: 'Slett vinduet «Bytte av UPS»' }).click();
    await page.getByRole('button', { name: 'Ja, slett' }).click();
    await page.getByText('Vinduet «Bytte av UPS» er slettet.').waitFor();
    await expect.poll(() => oneOff.count()).toBe(0);
    await expect.poll(() => weekly.count()).toBe(1);
    const after = await env.api('GET', `${REGION}/environments/birkenes-datapark/maintenance-windows`);
    expect(after.body.items.map((window: { reason: string }) => window.reason)).toEqual(['Ukentlig patching']);
  });

  it('refuses a maintenance window that ends before it starts or starts at a time Oslo skips, beside the field', async () => {
    const page = await env.newPage();
    await env.signIn(page, 'Driftsoperatør');
    await page.goto(`${env.system.url}/#/maintenance?environmentId=lillesand-datapark`);
    await page.getByLabel('Årsak', { exact: true }).fill('Feil rekkefølge');
    await page.getByLabel('Start', { exact: true }).fill('10.01.2030 10:00');
    await page.getByLabel('Slutt', { exact: true }).fill('10.01.2030 08:00');
    await page.getByRole('button', { name: 'Legg inn vinduet' }).click();
    await page.getByText('Slutt må være etter start.').waitFor();
    expect(await page.getByLabel('Slutt', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // 02:30 on 30.03.2031 never happens in Oslo: the clocks jump from 02:00 to 03:00.
    await page.getByLabel('Start', { exact: true }).fill('30.03.2031 02:30');
    await page.getByLabel('Slutt', { exact: true }).fill('30.03.2031 05:00');
    await page.getByRole('button', { name: 'Legg inn vinduet' }).click();
    await page.getByText('Det klokkeslettet finnes ikke i norsk tid den dagen').waitFor();
    expect(await page.getByLabel('Start', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Slutt', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    expect((await env.api('GET', `${REGION}/environments/lillesand-datapark/maintenance-windows`)).body.items).toEqual([]);
  });

  it('lets a budget owner add a budget line, see it among the plan’s envelopes, and delete it', async () => {
    const page = await env.newPage();
    await env.signIn(page, 'Budsjetteier'); // a budget owner starts on the plan
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Reinvesteringsplan 2017–2020');
    await page.getByRole('link', { name: 'Endre budsjettrammene' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Budsjettrammer');
    // The demo's two lines, amounts in NOK.
    const demo = page.getByRole('row').filter({ hasText: 'IKT kapasitet og sikkerhet 2017–2020' });
    await expect.poll(async () => spaces(await demo.innerText())).toContain(nok(8_000_000));

    await page.getByLabel('Navn', { exact: true }).fill('Nettverk 2018–2019');
    await page.getByLabel('Beløp (kr)').fill('450 000');
    await page.getByLabel('Fra år').fill('2018');
    await page.getByLabel('Til og med år').fill('2019');
    await page.getByLabel('Hvert år').check();
    await page.getByLabel('Svitsj', { exact: true }).check();
    await page.getByLabel('Ruter', { exact: true }).check();
    await page.getByRole('button', { name: 'Legg inn rammen' }).click();
    await page.getByText('Budsjettrammen «Nettverk 2018–2019» er lagt inn.').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Nettverk 2018–2019' });
    await expect.poll(async () => spaces(await row.innerText())).toContain(nok(450_000));
    expect(await row.innerText()).toContain('Hvert år');
    expect(await row.innerText()).toContain('Ruter, Svitsj');
    const created = (await env.api('GET', `${REGION}/budget-lines?limit=1000`, { role: 'budget-owner' })).body.items.find((line: { name: string }) => line.name === 'Nettverk 2018–2019');
    expect(created).toMatchObject({ fromYear: 2018, toYear: 2019, amountNok: 450_000, per: 'year', tags: [] });
    expect([...created.kinds].sort()).toEqual(['router', 'switch']);
    await page.screenshot({ path: '/tmp/dashboard-budget-lines.png', fullPage: true });

    // The plan compares its items with the new line: one envelope row per budget year.
    await page.getByRole('link', { name: 'Tilbake til reinvesteringsplanen' }).click();
    await page.getByRole('heading', { name: 'Budsjettrammer', level: 2 }).waitFor();
    const plan = (await env.api('GET', `${REGION}/reinvestment-plan?from=2017&to=2020`, { role: 'budget-owner' })).body;
    const envelopeRows = plan.envelopes.filter((envelope: { id: string }) => envelope.id === created.id);
    expect(envelopeRows.length).toBeGreaterThan(0);
    const shown = page.locator('section[aria-labelledby="plan-envelopes"] tbody tr').filter({ hasText: 'Nettverk 2018–2019' });
    await expect.poll(() => shown.count()).toBe(envelopeRows.length);
    expect(spaces(await shown.first().innerText())).toContain(nok(450_000));

    await page.getByRole('link', { name: 'Endre budsjettrammene' }).click();
    await page.getByRole('button', { name: 'Slett Nettverk 2018–2019' }).click();
    await page.getByRole('button', { name: 'Ja, slett' }).click();
    await page.getByText('Budsjettrammen «Nettverk 2018–2019» er slettet.').waitFor();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Nettverk 2018–2019' }).count()).toBe(0);
    expect((await env.api('GET', `${REGION}/budget-lines/${created.id}`, { role: 'budget-owner' })).status).toBe(404);
  });

  it('explains a stale budget-line edit (409) and reloads the line as it is now', async () => {
    const page = await env.newPage();
    await env.signIn(page, 'Budsjetteier');
    await page.goto(`${env.system.url}/#/budget-lines`);
    await page.getByRole('button', { name: 'Endre IKT kapasitet og sikkerhet 2017–2020' }).click();
    await page.getByRole('heading', { name: 'Endre «IKT kapasitet og sikkerhet 2017–2020»' }).waitFor();
    await expect.poll(() => page.getByLabel('Beløp (kr)').inputValue()).toBe('8000000');

    // Someone else saves while this form is open …
    const path = `${REGION}/budget-lines/ikt-kapasitet-sikkerhet-2017-2020`;
    const { version: _version, id: _id, ...line } = (await env.api('GET', path, { role: 'budget-owner' })).body;
    const theirs = await env.api('PUT', path, { role: 'budget-owner', body: { ...line, amountNok: 8_500_000, version: _version } });
    expect(theirs.status).toBe(200);
    // … so this stale edit is refused and explained, and their change stays.
    await page.getByLabel('Beløp (kr)').fill('9 000 000');
    await page.getByRole('button', { name: 'Lagre endringer' }).click();
    await page.getByText('Noen andre har endret denne budsjettrammen siden du åpnet den').waitFor();
    expect((await env.api('GET', path, { role: 'budget-owner' })).body.amountNok).toBe(8_500_000);

    await page.getByRole('button', { name: 'Last inn på nytt' }).click();
    await expect.poll(() => page.getByLabel('Beløp (kr)').inputValue()).toBe('8500000');
    await expect.poll(async () => spaces(await page.getByRole('row').filter({ hasText: 'IKT kapasitet og sikkerhet 2017–2020' }).innerText())).toContain(nok(8_500_000));
  });

  it('imports a CSV: lists each bad row and field, refuses a too-large file, then imports a good file and shows the count', async () => {
    const page = await env.newPage();
    await env.signIn(page, 'Driftsoperatør');
    await page.goto(`${env.system.url}/#/inventory`);
    await page.getByRole('link', { name: 'Importer fra CSV' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Importer inventar fra CSV');
    await page.getByText('256 KiB').first().waitFor();
    expect(await page.locator('code').filter({ hasText: 'npm run import' }).count()).toBe(1);

    const header = 'id,name,kind,environmentId,purchaseDate,purchaseCostNok,vendor,model';
    const good1 = 'sw-test-01,Testsvitsj 1,switch,birkenes-datapark,15.03.2021,12500,HPE,Aruba 2930F';
    const bad = 'sw-test-02,Testsvitsj 2,switch,finnes-ikke,31.02.2021,12500,HPE,Aruba 2930F';
    const file = page.getByLabel('CSV-fil');
    await file.setInputFiles({ name: 'svitsjer.csv', mimeType: 'text/csv', buffer: Buffer.from([header, good1, bad].join('\n')) });
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByText('Ingenting ble importert fra svitsjer.csv').waitFor();
    const problems = page.locator('table.import-problems tbody tr');
    await expect.poll(() => problems.count()).toBe(2);
    const texts = await problems.allInnerTexts();
    expect(texts.every((text) => text.startsWith('3'))).toBe(true); // row 3: the header is row 1
    expect(texts.join('\n')).toContain('environmentId');
    expect(texts.join('\n')).toContain('purchaseDate');
    expect((await env.api('GET', `${REGION}/devices/sw-test-01`)).status).toBe(404); // all or nothing
    await page.screenshot({ path: '/tmp/dashboard-import.png', fullPage: true });

    // Bigger than the API takes: refused before it is sent, naming the command line.
    await file.setInputFiles({ name: 'stor.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${'x'.repeat(300 * 1024)}`) });
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'her er grensen 256 KiB' }).filter({ hasText: 'npm run import' }).waitFor();

    // A trial run writes nothing; the real run writes both and says how many.
    const good2 = 'sw-test-02,Testsvitsj 2,switch,Lokal datapark Birkenes,2021-02-28,12 500,HPE,Aruba 2930F';
    await file.setInputFiles({ name: 'svitsjer.csv', mimeType: 'text/csv', buffer: Buffer.from([header, good1, good2].join('\n')) });
    await page.getByLabel('Bare sjekk filen').check();
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByText('Filen svitsjer.csv er i orden: 2 enheter kan importeres').waitFor();
    expect((await env.api('GET', `${REGION}/devices/sw-test-01`)).status).toBe(404);
    await page.getByLabel('Bare sjekk filen').uncheck();
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByText('2 enheter er importert fra svitsjer.csv').waitFor();
    const imported = await env.api('GET', `${REGION}/devices/sw-test-02`);
    expect(imported.body).toMatchObject({ name: 'Testsvitsj 2', environmentId: 'birkenes-datapark', purchaseDate: '2021-02-28', purchaseCostNok: 12_500 });
  });

  it('shows a device’s drift and draws its history: raw samples for 24 hours, an hourly min/avg/max band for 7 days', async () => {
    const seeded = await seedHealth(env, 'rt-lill-01', 'lillesand-datapark');
    expect(seeded.drift).toHaveLength(1);
    const page = await env.newPage();
    await env.signIn(page, 'Driftsoperatør');
    await page.goto(`${env.system.url}/#/inventory/rt-lill-01`);
    await page.getByRole('heading', { name: 'Ruter Lillesand', level: 1 }).waitFor();

    // Drift: the router reports other firmware than the inventory has.
    await page.getByRole('heading', { name: 'Observert på enheten' }).waitFor();
    const drift = page.locator('table.drift tbody tr');
    await expect.poll(() => drift.count()).toBe(1);
    expect(await drift.innerText()).toContain('IOS-XE 16.6.4');
    expect(await drift.innerText()).toContain('IOS-XE 17.3.1');

    // 24 t: the raw samples as a line, the numbers in a table (nb-NO: decimal comma, dd.mm.yyyy hh:mm).
    const history = page.locator('section.history');
    await history.getByRole('heading', { name: 'Historikk' }).waitFor();
    expect(await history.getByLabel('Sjekk').locator('option').allInnerTexts()).toEqual(['snmp.cpu (OK)', 'ssh (OK)']);
    const chart = history.locator('svg.chart');
    await expect.poll(() => chart.locator('polyline.chart-line').count()).toBeGreaterThan(0);
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.locator('title').textContent()).toBe('snmp.cpu siste 24 t');
    expect(await history.locator('svg.chart polygon.chart-band').count()).toBe(0);
    await history.getByText(/Vis verdiene som tabell/).click();
    const rawRows = history.locator('details.history-table tbody tr');
    expect(await rawRows.count()).toBeGreaterThan(20); // 288 samples, summed up per hour
    expect(await rawRows.first().locator('th').innerText()).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    // Summed up per hour: 30–57,5 with 43,75 on average, written the Norwegian way.
    expect(await rawRows.nth(3).innerText()).toMatch(/30\s+43,8\s+57,5\s+12/);
    await page.locator('section.history').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/dashboard-history.png', fullPage: true });

    // 7 dager: hourly roll-ups, drawn as a min–max band around the average.
    await history.getByRole('radio', { name: '7 dager', exact: true }).check();
    await history.getByRole('button', { name: 'Vis historikk' }).click();
    await expect.poll(() => history.locator('svg.chart polygon.chart-band').count()).toBeGreaterThan(0);
    expect(await history.locator('svg.chart title').textContent()).toBe('snmp.cpu siste 7 dager');
    const summary = await history.locator('details.history-table summary').innerText();
    const rows = Number(/\((\d+) rader\)/.exec(summary)?.[1]);
    expect(rows).toBeGreaterThanOrEqual(167);
    expect(rows).toBeLessThanOrEqual(170);
    expect(await history.locator('details.history-table thead').innerText()).toContain('Snitt');
    await page.locator('section.history').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/dashboard-history-7d.png' });

    // 90 dager: 30 days of roll-ups, summed up per day in the table.
    await history.getByRole('radio', { name: '90 dager', exact: true }).check();
    await history.getByRole('button', { name: 'Vis historikk' }).click();
    await history.locator('details.history-table caption').filter({ hasText: 'per døgn' }).waitFor();
    await history.getByLabel('Sjekk').selectOption('ssh');
    await history.getByRole('radio', { name: '24 t', exact: true }).check();
    await history.getByRole('button', { name: 'Vis historikk' }).click();
    await expect.poll(() => history.locator('svg.chart title').textContent()).toBe('ssh siste 24 t');
    await page.locator('section.history').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/dashboard-history-ssh.png' });
  }, 300_000); // the seed writes ~1 000 history items into an on-disk DynamoDB Local, slow on a busy machine

  it('shows the same screens read-only to roles that may not change them', async () => {
    const window = await env.api('POST', `${REGION}/environments/felles-kristiansand/maintenance-windows`, {
      body: { reason: 'Oppgradering av kjernesvitsj', schedule: { type: 'weekly', days: ['sun'], start: '01:00', end: '05:00' } },
    });
    expect(window.status).toBe(201);
    const owner = await env.newPage();
    await env.signIn(owner, 'Budsjetteier');
    await owner.goto(`${env.system.url}/#/maintenance?environmentId=felles-kristiansand`);
    await owner.getByText('Bare driftsoperatører og administratorer kan legge inn og slette vedlikeholdsvinduer.').waitFor();
    await expect.poll(() => owner.getByRole('row').filter({ hasText: 'Oppgradering av kjernesvitsj' }).innerText()).toContain('Hver søn kl. 01:00–05:00');
    expect(await owner.getByRole('button', { name: /Slett/ }).count()).toBe(0);
    expect(await owner.getByRole('button', { name: 'Legg inn vinduet' }).count()).toBe(0);
    await owner.goto(`${env.system.url}/#/import`);
    await owner.getByText('Bare driftsoperatører og administratorer kan importere inventar.').waitFor();
    expect(await owner.getByLabel('CSV-fil').count()).toBe(0);

    const operator = await env.newPage();
    await env.signIn(operator, 'Driftsoperatør');
    await operator.goto(`${env.system.url}/#/plan`);
    await operator.getByRole('link', { name: 'Se budsjettrammene' }).click();
    await operator.getByText('Bare budsjetteiere og administratorer kan endre budsjettrammene.').waitFor();
    await operator.getByRole('row').filter({ hasText: 'Oppgradering og reinvestering 2017–2020' }).waitFor();
    expect(await operator.getByRole('button', { name: /^Endre / }).count()).toBe(0);
    expect(await operator.getByRole('button', { name: 'Legg inn rammen' }).count()).toBe(0);
  });
});
