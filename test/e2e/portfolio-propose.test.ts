import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSystem, type BrowserSystem } from './browser-support.ts';

/**
 * "Foreslå prosjekt" on Portefølje in Chromium against the whole local system. Every role may
 * propose (WRITE_RULES 'create-project'), so no role is shown the list without the form; what
 * differs is what a role may send: a member proposes as itself and may not set costs (an
 * assessment field), so its form has the proposer fixed and no cost row, while an operator
 * chooses the proposer and gives a cost row, whose NOK text must reach the API as whole kroner.
 */
const WAIT = 60_000;
let harness: BrowserSystem;

beforeAll(async () => {
  harness = await startBrowserSystem();
}, 240_000);

afterAll(async () => {
  await harness?.stop();
});

const form = (page: Page): Locator => page.locator('form.propose-project-form');
/** The field wrapper (label, control, error line) of a labelled control. */
const fieldOf = (page: Page, label: string): Locator => form(page).locator('.field').filter({ has: page.getByLabel(label, { exact: true }) });

async function openPortfolio(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Portefølje' }).click();
  await page.getByRole('heading', { name: 'Foreslå prosjekt' }).waitFor({ timeout: WAIT });
}

/** The project the API holds with this title (the id is made from the title by the API). */
async function projectTitled(title: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads any JSON
  const listed = await harness.api('GET', '/api/regions/kr-ikt/projects?limit=500');
  expect(listed.status).toBe(200);
  return listed.body.items.find((project: { title: string }) => project.title === title);
}

describe('proposing a project from Portefølje', () => {
  it('lets a member propose as itself (no cost row); an empty title is marked beside its field; the new idea is listed and opens', async () => {
    const page = await harness.newPage();
    await harness.signIn(page, 'Kommune', 'Lillesand kommune');
    await openPortfolio(page);

    expect(await form(page).locator('.proposer').innerText()).toBe('Foreslått av: Lillesand kommune');
    expect(await form(page).getByLabel('Investering (kr)').count()).toBe(0);
    expect(await form(page).getByRole('checkbox', { name: 'Lillesand kommune' }).isChecked()).toBe(true);

    // Empty title: the error shows beside the title, which gets focus; nothing is sent.
    await form(page).getByLabel('Kategori for prosjektet', { exact: true }).fill('digitalisering');
    await form(page).getByRole('button', { name: 'Foreslå prosjektet' }).click();
    await expect.poll(() => fieldOf(page, 'Tittel').locator('.field-error').innerText(), { timeout: WAIT }).toBe('Feltet må fylles ut.');
    expect(await form(page).getByLabel('Tittel', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await fieldOf(page, 'Kategori for prosjektet').locator('.field-error').isHidden()).toBe(true);

    const title = 'E2E Forslag felles nettskjema';
    await form(page).getByLabel('Tittel', { exact: true }).fill(title);
    await form(page).getByLabel('Beskrivelse', { exact: true }).fill('Ett skjema for alle kommunene.');
    await form(page).getByRole('checkbox', { name: 'Birkenes kommune' }).check();
    await form(page).getByRole('button', { name: 'Foreslå prosjektet' }).click();

    const listed = page.locator('table.portfolio tbody tr').filter({ hasText: title });
    await listed.waitFor({ timeout: WAIT });
    expect(await listed.locator('.project-status').innerText()).toBe('Idé');
    expect(await fieldOf(page, 'Tittel').locator('.field-error').isHidden()).toBe(true);

    const stored = await projectTitled(title);
    expect(stored).toMatchObject({ status: 'idea', proposedBy: 'lillesand', category: 'digitalisering', description: 'Ett skjema for alle kommunene.', costs: [] });
    expect([...stored.participants].sort()).toEqual(['birkenes', 'lillesand']);

    await page.getByRole('link', { name: `Åpne «${title}»` }).click();
    await page.waitForURL(`**/#/project/${stored.id}`, { timeout: WAIT });
    await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: WAIT });

    // Its own idea: the member changes the title there; the page is read again with the new one.
    const editor = page.locator('form.edit-idea-form');
    const renamed = `${title} (endret)`;
    await editor.getByLabel('Tittel', { exact: true }).fill(renamed);
    await editor.getByRole('button', { name: 'Lagre' }).click();
    await page.getByRole('heading', { level: 1, name: renamed }).waitFor({ timeout: WAIT });
    expect((await harness.api('GET', `/api/regions/kr-ikt/projects/${stored.id}`)).body).toMatchObject({ title: renamed, proposedBy: 'lillesand' });
  }, 240_000);

  it('lets an operator choose the proposer and give a cost row, NOK parsed as whole kroner; in English on the switch', async () => {
    const page = await harness.newPage();
    await harness.signIn(page, 'Driftsoperatør');
    await openPortfolio(page);
    expect(await form(page).locator('.proposer').count()).toBe(0);

    // A title longer than the API takes (set past the input's maxlength, as a pasted text or an
    // old browser could): the API's own field problem is shown beside the title.
    await form(page).getByLabel('Tittel', { exact: true }).evaluate((input, text) => ((input as HTMLInputElement).value = text), 'x'.repeat(201));
    await form(page).getByLabel('Kategori for prosjektet', { exact: true }).fill('infrastruktur');
    await form(page).getByRole('button', { name: 'Foreslå prosjektet' }).click();
    await expect.poll(() => fieldOf(page, 'Tittel').locator('.field-error').isVisible(), { timeout: WAIT }).toBe(true);
    expect(await fieldOf(page, 'Tittel').locator('.field-error').innerText()).toMatch(/200/);
    expect(await form(page).locator('.message.error').innerText()).toBe('Noe i skjemaet må rettes: se feltene som er merket.');

    const title = 'E2E Forslag ny lagringsløsning';
    await form(page).getByLabel('Tittel', { exact: true }).fill(title);
    await form(page).getByLabel('Kategori for prosjektet', { exact: true }).fill('infrastruktur');
    await form(page).getByLabel('Foreslått av', { exact: true }).selectOption({ label: 'Songdalen kommune' });
    await form(page).getByLabel('År', { exact: true }).fill('2021');
    await form(page).getByLabel('Investering (kr)', { exact: true }).fill('250 000');
    await form(page).getByLabel('Drift (kr)', { exact: true }).fill('12 500 kr');
    await form(page).getByRole('button', { name: 'Foreslå prosjektet' }).click();
    await page.locator('table.portfolio tbody tr').filter({ hasText: title }).waitFor({ timeout: WAIT });

    const stored = await projectTitled(title);
    expect(stored).toMatchObject({ status: 'idea', proposedBy: 'songdalen', participants: ['songdalen'], costs: [{ year: 2021, investmentNok: 250_000, operatingNok: 12_500 }] });

    await page.getByRole('button', { name: 'In English' }).click();
    await page.getByRole('heading', { name: 'Propose a project' }).waitFor({ timeout: WAIT });
    await form(page).getByRole('button', { name: 'Propose the project' }).click();
    await expect.poll(() => fieldOf(page, 'Title').locator('.field-error').innerText(), { timeout: WAIT }).toBe('This field is required.');
  }, 240_000);
});
