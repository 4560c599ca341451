import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSystem, type BrowserSystem } from './browser-support.ts';

/**
 * The API's field problems are codes with parameters; the dashboard says them in its language. A
 * purchase cost above the API's limit (10^12 NOK) passes the form's own checks, so the words under
 * the field are the API's `field-too-big` with `{ maximum }`, rendered in bokmål and in English.
 */
let harness: BrowserSystem;

beforeAll(async () => {
  harness = await startBrowserSystem();
}, 180_000);

afterAll(async () => {
  await harness?.stop();
});

describe('coded API errors in the dashboard', () => {
  it('show a field error from the API in Norwegian, and in English after the switch', async () => {
    const page = await harness.newPage();
    await harness.signIn(page, 'Driftsoperatør');
    await page.goto(`${harness.system.url}/#/inventory/rt-kris-01`);
    const save = page.getByRole('button', { name: 'Lagre endringer' });
    await save.waitFor({ timeout: 30_000 });

    await page.getByLabel('Innkjøpspris (kr)').fill('2 000 000 000 000');
    await save.click();
    const costError = page.locator('.field').filter({ has: page.getByLabel('Innkjøpspris (kr)') }).locator('.field-error');
    await expect.poll(() => costError.isVisible(), { timeout: 30_000 }).toBe(true);
    // Norwegian groups thousands with a (non-breaking) space.
    expect(await costError.innerText()).toMatch(/^kan være høyst 1\s000\s000\s000\s000$/);
    expect(await page.getByLabel('Innkjøpspris (kr)').getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: 'In English' }).click();
    const saveEn = page.getByRole('button', { name: 'Save changes' });
    await saveEn.waitFor({ timeout: 30_000 });
    await page.getByLabel('Purchase cost (NOK)').fill('2000000000000');
    await saveEn.click();
    const costErrorEn = page.locator('.field').filter({ has: page.getByLabel('Purchase cost (NOK)') }).locator('.field-error');
    await expect.poll(() => costErrorEn.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await costErrorEn.innerText()).toBe('may be at most 1,000,000,000,000');
    expect((await harness.api('GET', '/api/regions/kr-ikt/devices/rt-kris-01')).body.version).toBe(1);
  }, 120_000);
});
