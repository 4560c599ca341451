import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSystem, type BrowserSystem } from './browser-support.ts';

/**
 * The audit trail in a real browser against the whole local system, whose demo region is loaded
 * at start and recorded as `demo-import`: a municipality reads the Endringslogg, and a budget
 * owner reads where an explanation's figures come from, in bokmål and then in English.
 */
let harness: BrowserSystem;

beforeAll(async () => {
  harness = await startBrowserSystem();
});

afterAll(async () => {
  await harness?.stop();
});

describe('the audit trail in the dashboard', () => {
  it('shows a municipality the changes that move cost shares, by name, and none of the operations detail', async () => {
    const incident = await harness.api('POST', '/api/regions/kr-ikt/environments/lillesand-datapark/incidents', { body: { title: 'Revisjonsavvik' } });
    expect(incident.status).toBe(201);
    const page = await harness.newPage();
    await harness.signIn(page, 'Kommune', 'Lillesand kommune');
    await page.getByRole('link', { name: 'Endringslogg' }).click();
    await page.getByRole('heading', { level: 1, name: 'Endringslogg' }).waitFor();
    // The demo load wrote the region last: its entry is on the first page, newest first.
    await page.getByRole('row').filter({ hasText: 'demo-import' }).filter({ hasText: 'Opprettet: Region' }).first().waitFor();
    // Members were written first: older pages, one click each.
    const kristiansand = page.getByRole('row').filter({ hasText: 'Opprettet: Medlem Kristiansand kommune' });
    for (let older = 0; older < 10 && (await kristiansand.count()) === 0; older++) {
      const rows = await page.locator('table.data tbody tr').count();
      await page.getByRole('button', { name: 'Vis eldre endringer' }).click();
      await expect.poll(() => page.locator('table.data tbody tr').count()).toBeGreaterThan(rows);
    }
    expect(await kristiansand.first().innerText()).toContain('demo-import');
    expect(await page.getByRole('row').filter({ hasText: 'Revisjonsavvik' }).count()).toBe(0);

    await page.getByRole('button', { name: 'In English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Change log' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Created: Region' }).first().waitFor();
  });

  it('says in the plan’s explanation who entered each figure it used', async () => {
    const page = await harness.newPage();
    await harness.signIn(page, 'Budsjetteier');
    await page.getByRole('heading', { name: /^Budsjettår \d{4}$/ }).first().waitFor();
    await page.getByRole('button', { name: /^Forklar / }).first().click();
    await page.getByRole('heading', { name: 'Hvor tallene kommer fra' }).waitFor();
    const sources = await page.locator('ul.sources li').allInnerTexts();
    expect(sources.length).toBeGreaterThan(2);
    expect(sources.some((text) => /^Innkjøpspris for .+: [\d\s]+ kr, registrert av demo-import \d{2}\.\d{2}\.\d{4}$/.test(text.replace(/\u00a0/g, ' ')))).toBe(true);
  });
});
