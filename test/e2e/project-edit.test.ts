import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSystem, type BrowserSystem } from './browser-support.ts';

/**
 * Editing a project on its page in Chromium against the whole local system: an operator overrides
 * the urgency (a reason is required, shown under its field) and removes the override again, and
 * adds, changes and removes a benefit (target, target date, measure); each save goes through the
 * project's PATCH and is checked in what the API then holds. A member is offered neither form.
 */
const WAIT = 60_000;
const PROJECT_ID = 'e2e-edit-nettskjema';
let harness: BrowserSystem;
let environment: { id: string; name: string };

beforeAll(async () => {
  harness = await startBrowserSystem();
  const created = await harness.api('POST', '/api/regions/kr-ikt/projects', {
    role: 'operator',
    body: { id: PROJECT_ID, title: 'E2E Endring nettskjema', proposedBy: 'lillesand', participants: ['lillesand', 'birkenes'], category: 'digitalisering' },
  });
  if (created.status !== 201) throw new Error(`creating ${PROJECT_ID}: ${created.status} ${JSON.stringify(created.body)}`);
  const environments = await harness.api('GET', '/api/regions/kr-ikt/environments?limit=100');
  environment = environments.body.items[0];
}, 300_000);

afterAll(async () => {
  await harness?.stop();
});

async function stored(): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads any JSON
  const answer = await harness.api('GET', `/api/regions/kr-ikt/projects/${PROJECT_ID}`);
  expect(answer.status).toBe(200);
  return answer.body;
}

async function openProject(page: Page): Promise<void> {
  await page.goto(`${harness.system.url}/#/project/${PROJECT_ID}`);
  await page.getByRole('heading', { level: 1, name: 'E2E Endring nettskjema' }).waitFor({ timeout: WAIT });
}

/** The field wrapper (label, control, error line) of a labelled control inside `scope` (the inner locator is relative to the wrapper). */
const fieldOf = (page: Page, scope: Locator, label: string): Locator => scope.locator('.field').filter({ has: page.getByLabel(label, { exact: true }) });

describe('editing a project on its page', () => {
  it('lets an operator override the urgency with a reason, and remove the override', async () => {
    const page = await harness.newPage();
    await harness.signIn(page, 'Driftsoperatør');
    await openProject(page);

    const form = page.locator('form.urgency-form');
    await form.getByLabel('Hastegrad', { exact: true }).selectOption('4');
    await form.getByRole('button', { name: 'Lagre' }).click();
    await expect.poll(() => fieldOf(page, form, 'Årsak til overstyringen').locator('.field-error').innerText(), { timeout: WAIT }).toBe('Skriv hvorfor hastegraden overstyres.');
    expect(await form.getByLabel('Årsak til overstyringen', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect((await stored()).urgencyOverride).toBeUndefined();

    await form.getByLabel('Årsak til overstyringen', { exact: true }).fill('Avtalen med leverandøren går ut i 2019.');
    await form.getByRole('button', { name: 'Lagre' }).click();
    await expect.poll(async () => (await stored()).urgencyOverride, { timeout: WAIT }).toEqual({ rating: 4, reason: 'Avtalen med leverandøren går ut i 2019.' });
    // The page is read again: the form shows the saved override.
    await expect.poll(() => page.locator('form.urgency-form').getByLabel('Årsak til overstyringen', { exact: true }).inputValue(), { timeout: WAIT }).toBe('Avtalen med leverandøren går ut i 2019.');

    await page.locator('form.urgency-form').getByLabel('Hastegrad', { exact: true }).selectOption({ label: 'Ingen overstyring (utledet)' });
    await page.locator('form.urgency-form').getByRole('button', { name: 'Lagre' }).click();
    await expect.poll(async () => (await stored()).urgencyOverride, { timeout: WAIT }).toBeUndefined();
  }, 240_000);

  it('lets an operator add a benefit (errors under their fields), change its target and date, and remove it', async () => {
    const page = await harness.newPage();
    await harness.signIn(page, 'Driftsoperatør');
    await openProject(page);

    const added = page.getByRole('region', { name: 'Ny gevinst' });
    await added.getByLabel('Gevinst', { exact: true }).fill('Færre timer nede');
    await added.getByLabel('Måles som', { exact: true }).selectOption('availability');
    await added.getByLabel('Mål', { exact: true }).fill('99,5');
    await added.getByLabel('Måldato', { exact: true }).fill('31.13.2021');
    await added.getByRole('button', { name: 'Lagre' }).click();
    // A monitoring measure needs its environment; the date is no calendar day: both under their fields.
    await expect.poll(() => fieldOf(page, added, 'Driftsmiljø').locator('.field-error').innerText(), { timeout: WAIT }).toBe('Velg driftsmiljøet som måles.');
    expect(await fieldOf(page, added, 'Måldato').locator('.field-error').innerText()).toBe('Skriv en dato som dd.mm.åååå.');
    expect(await fieldOf(page, added, 'Mål').locator('.field-error').isHidden()).toBe(true);

    await added.getByLabel('Driftsmiljø', { exact: true }).selectOption(environment.id);
    await added.getByLabel('Måldato', { exact: true }).fill('31.12.2021');
    await added.getByLabel('Ansvarlig kommune', { exact: true }).selectOption({ label: 'Birkenes kommune' });
    await added.getByRole('button', { name: 'Lagre' }).click();
    await expect.poll(async () => (await stored()).benefits, { timeout: WAIT }).toEqual([
      {
        description: 'Færre timer nede',
        ownerMemberId: 'birkenes',
        measure: { type: 'availability', environmentId: environment.id },
        target: 99.5,
        targetDate: '2021-12-31',
        values: [],
      },
    ]);

    const existing = page.getByRole('region', { name: 'Endre gevinsten «Færre timer nede»' });
    await existing.waitFor({ timeout: WAIT });
    expect(await existing.getByLabel('Mål', { exact: true }).inputValue()).toBe('99,5');
    expect(await existing.getByLabel('Måldato', { exact: true }).inputValue()).toBe('31.12.2021');
    await existing.getByLabel('Måles som', { exact: true }).selectOption('entered');
    await existing.getByLabel('Enhet', { exact: true }).fill('timer per år');
    await existing.getByLabel('Mål', { exact: true }).fill('12');
    await existing.getByLabel('Måldato', { exact: true }).fill('1.6.2022');
    await existing.getByRole('button', { name: 'Lagre' }).click();
    await expect.poll(async () => (await stored()).benefits, { timeout: WAIT }).toEqual([
      { description: 'Færre timer nede', ownerMemberId: 'birkenes', measure: { type: 'entered', unit: 'timer per år' }, target: 12, targetDate: '2022-06-01', values: [] },
    ]);

    await page.getByRole('region', { name: 'Endre gevinsten «Færre timer nede»' }).getByRole('button', { name: 'Fjern gevinsten' }).click();
    await expect.poll(async () => (await stored()).benefits, { timeout: WAIT }).toEqual([]);
  }, 240_000);

  it('offers a member neither the urgency override nor the benefits', async () => {
    const page = await harness.newPage();
    await harness.signIn(page, 'Kommune', 'Lillesand kommune');
    await openProject(page);
    await page.getByRole('heading', { name: 'Gevinster', exact: true }).waitFor({ timeout: WAIT });
    expect(await page.locator('form.urgency-form').count()).toBe(0);
    expect(await page.locator('form.benefit-form').count()).toBe(0);
  }, 240_000);
});
