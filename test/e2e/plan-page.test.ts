import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nok, spaces, startBrowserSystem, type BrowserSystem } from './browser-support.ts';

/**
 * The reinvestment plan as a budget owner reads it, in a real browser against the whole local
 * system with the demo region: the period and filters as controls kept in the link, the stacked bar
 * chart with the budget lines over it, a bar that filters the tables, the explanation beside the
 * item, and the envelopes compared cumulatively (the demo's two lines are given for 2017–2020 as a
 * whole). Expected figures are read from the API in the same run and summed here.
 */
// Generous: the machine is shared by several workers; every wait is on a condition.
vi.setConfig({ testTimeout: 180_000, expect: { poll: { timeout: 30_000 } } });
let harness: BrowserSystem;

beforeAll(async () => {
  harness = await startBrowserSystem();
}, 240_000);

afterAll(async () => {
  await harness?.stop();
});

interface Total {
  year: number;
  memberId: string | null;
  kind: string;
  environmentId: string;
  amountNok: number;
}

async function planFromApi(query = 'from=2017&to=2020') {
  const answer = await harness.api('GET', `/api/regions/kr-ikt/reinvestment-plan?${query}`, { role: 'budget-owner' });
  expect(answer.status).toBe(200);
  return answer.body as { items: Array<{ deviceId: string; name: string; kind: string; budgetYear: number; costNok: number }>; totals: Total[]; envelopes: Array<{ id: string; name: string; year: number | 'total'; per: string; amountNok: number; plannedNok: number; plannedInYearNok: number; status: string }> };
}

async function openPlan(language: 'nb' | 'en'): Promise<Page> {
  const page = await harness.newPage();
  if (language === 'en') await page.addInitScript(() => localStorage.setItem('driftsbilde.language', 'en'));
  if (language === 'nb') {
    await harness.signIn(page, 'Budsjetteier');
  } else {
    // The sign-in screen speaks English too; the role's radio is labelled in English.
    await page.goto(`${harness.system.url}/`);
    await page.getByRole('radio', { name: 'Budget owner', exact: true }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }
  await page.locator('svg.bar-chart rect.chart-bar').first().waitFor({ timeout: 60_000 });
  return page;
}

const rowsShown = (page: Page) => page.locator('table.plan tbody tr');

describe('the plan page (nb)', () => {
  it('draws a stacked bar per year by kind, each segment focusable, with the numbers in a table', async () => {
    const plan = await planFromApi();
    const page = await openPlan('nb');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Reinvesteringsplan 2017–2020');
    expect(await page.getByLabel('Fra år').inputValue()).toBe('2017');
    expect(await page.getByLabel('Til år').inputValue()).toBe('2020');

    // One segment per (year, kind) with a cost.
    const pairs = new Map<string, number>();
    for (const total of plan.totals) pairs.set(`${total.year}|${total.kind}`, (pairs.get(`${total.year}|${total.kind}`) ?? 0) + total.amountNok);
    const nonZero = [...pairs.values()].filter((amount) => amount > 0).length;
    const bars = page.locator('svg.bar-chart rect.chart-bar');
    await expect.poll(() => bars.count()).toBe(nonZero);
    for (const tabindex of await bars.evaluateAll((rects) => rects.map((rect) => rect.getAttribute('tabindex')))) expect(tabindex).toBe('0');
    expect(await page.locator('svg.bar-chart > title').textContent()).toBe('Planlagt kostnad per år');

    // The firewall segment of 2017 says what it holds: year, kind and amount.
    const firewalls2017 = pairs.get('2017|firewall')!;
    const segment = page.locator('svg.bar-chart rect[data-column="2017"][data-group="firewall"]');
    expect(spaces((await segment.getAttribute('aria-label'))!)).toBe(`2017, Brannmur: ${nok(firewalls2017)}. Vis disse tiltakene.`);

    // The table equivalent: the Brannmur row's 2017 cell is the same sum.
    await page.getByText('Tallene i diagrammet som tabell').click();
    const tableRow = page.locator('details.chart-table tbody tr').filter({ has: page.getByRole('rowheader', { name: 'Brannmur', exact: true }) });
    expect(spaces(await tableRow.locator('td').first().innerText())).toBe(nok(firewalls2017));
  });

  it('draws a whole-period budget line cumulatively: what is left at the start of each year, never an even split', async () => {
    const plan = await planFromApi();
    const page = await openPlan('nb');
    const line = plan.envelopes.filter((row) => row.id === 'ikt-kapasitet-sikkerhet-2017-2020' && row.year !== 'total');
    expect(line.map((row) => row.per)).toEqual(['total', 'total', 'total', 'total']);
    // Left at the start of a year = 8 000 000 − what the earlier years planned against the line.
    let spent = 0;
    const expected: string[] = [];
    for (const row of line) {
      expected.push(nok(8_000_000 - spent));
      spent += row.plannedInYearNok;
    }
    await page.getByText('Tallene i diagrammet som tabell').click();
    const tableRow = page.locator('details.chart-table tbody tr.envelope-line').filter({ hasText: 'IKT kapasitet og sikkerhet 2017–2020' });
    expect((await tableRow.locator('td').allInnerTexts()).map(spaces)).toEqual(expected);
    expect((await page.locator('ul.chart-legend li').allInnerTexts()).map(spaces)).toContain(
      'IKT kapasitet og sikkerhet 2017–2020: 8 000 000 kr for hele perioden; linjen viser det som er igjen ved starten av hvert år',
    );

    // The envelope table: each year holds the whole 8 000 000 against the planned so far, and the
    // overrun rows are exactly those the API marks (none from an artificial 2 000 000 a year).
    const rows = page.locator('section[aria-labelledby="plan-envelopes"] tbody tr').filter({ hasText: 'IKT kapasitet og sikkerhet 2017–2020' });
    await expect.poll(() => rows.count()).toBe(5);
    for (const [index, row] of line.entries()) {
      const cells = (await rows.nth(index).locator('td').allInnerTexts()).map(spaces);
      expect(cells.slice(0, 6)).toEqual([String(row.year), 'hele perioden', nok(8_000_000), nok(row.plannedInYearNok), nok(row.plannedNok), nok(8_000_000 - row.plannedNok)]);
    }
    expect(await page.locator('section[aria-labelledby="plan-envelopes"] tr.overrun').count()).toBe(plan.envelopes.filter((row) => row.status === 'overrun').length);
  });

  it('filters the tables to a bar by click and by keyboard, keeps it in the link, and shows everything again', async () => {
    const plan = await planFromApi();
    const page = await openPlan('nb');
    const firewalls2017 = plan.items.filter((item) => item.budgetYear === 2017 && item.kind === 'firewall');
    expect(firewalls2017.length).toBeGreaterThan(0);

    await page.locator('svg.bar-chart rect[data-column="2017"][data-group="firewall"]').click();
    await expect.poll(() => rowsShown(page).count()).toBe(firewalls2017.length);
    expect(new Set(await page.locator('table.plan tbody tr > td:nth-child(2)').allInnerTexts())).toEqual(new Set(['Brannmur']));
    expect(await page.getByRole('heading', { name: 'Budsjettår 2018' }).count()).toBe(0);
    expect(page.url()).toContain('year=2017');
    expect(page.url()).toContain('group=firewall');
    await page.getByRole('status').filter({ hasText: `Viser bare 2017, Brannmur: ${firewalls2017.length} tiltak.` }).waitFor();

    await page.getByRole('button', { name: 'Vis alle tiltak' }).click();
    await expect.poll(() => rowsShown(page).count()).toBe(plan.items.length);
    expect(page.url()).not.toContain('year=');

    // Keyboard: a focused segment is chosen with Enter.
    const servers = plan.items.filter((item) => item.kind === 'server');
    const serverYear = servers[0]!.budgetYear;
    const serverSegment = page.locator(`svg.bar-chart rect[data-column="${serverYear}"][data-group="server"]`);
    await serverSegment.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rowsShown(page).count()).toBe(servers.filter((item) => item.budgetYear === serverYear).length);
    // Focus stays on the chosen segment, which says it is pressed.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-group'))).toBe('server');
    expect(await page.locator(`svg.bar-chart rect[data-column="${serverYear}"][data-group="server"]`).getAttribute('aria-pressed')).toBe('true');

    // The link opens the same selection.
    const link = page.url();
    const again = await harness.newPage();
    await harness.signIn(again, 'Budsjetteier');
    await again.goto(link);
    await expect.poll(() => again.locator('table.plan tbody tr').count(), { timeout: 60_000 }).toBe(servers.filter((item) => item.budgetYear === serverYear).length);
  });

  it('splits the bars by municipality on the switch, the split kept in the link', async () => {
    const plan = await planFromApi();
    const page = await openPlan('nb');
    await page.getByRole('radio', { name: 'Kommune' }).check();
    const pairs = new Set(plan.totals.filter((total) => total.amountNok > 0).map((total) => `${total.year}|${total.memberId ?? ''}`));
    await expect.poll(() => page.locator('svg.bar-chart rect.chart-bar').count()).toBe(pairs.size);
    expect(page.url()).toContain('by=member');
    const kristiansand2017 = plan.totals.filter((total) => total.year === 2017 && total.memberId === 'kristiansand').reduce((sum, total) => sum + total.amountNok, 0);
    expect(spaces((await page.locator('svg.bar-chart rect[data-column="2017"][data-group="kristiansand"]').getAttribute('aria-label'))!)).toBe(
      `2017, Kristiansand kommune: ${nok(kristiansand2017)}. Vis disse tiltakene.`,
    );
  });

  it('changes the period and the kind with the controls, and the link follows', async () => {
    const page = await openPlan('nb');
    await page.getByLabel('Fra år').fill('2018');
    await page.getByLabel('Til år').fill('2019');
    await page.getByLabel('Type').first().selectOption({ label: 'Server' });
    await page.getByRole('button', { name: 'Vis planen' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Reinvesteringsplan 2018–2019');
    expect(page.url()).toMatch(/from=2018&to=2019&kind=server/);
    const expected = (await planFromApi('from=2018&to=2019&kind=server')).items;
    await expect.poll(() => rowsShown(page).count(), { timeout: 60_000 }).toBe(expected.length);
    expect(new Set(await page.locator('table.plan tbody tr > td:nth-child(2)').allInnerTexts())).toEqual(new Set(['Server']));
    expect(await page.getByLabel('Type').first().inputValue()).toBe('server');

    // A period the wrong way round is refused in words, and nothing moves.
    await page.getByLabel('Fra år').fill('2021');
    await page.getByRole('button', { name: 'Vis planen' }).click();
    await page.getByText('«Til år» kan ikke være før «Fra år».').waitFor();
    expect(page.url()).toMatch(/from=2018&to=2019/);
  });

  it('opens the explanation beside the item, and closing it returns to the item', async () => {
    const plan = await planFromApi();
    const page = await openPlan('nb');
    const first = plan.items[0]!;
    const button = page.getByRole('button', { name: `Forklar ${first.name}`, exact: true });
    await button.click();
    const panel = page.locator('aside#plan-explanation');
    await panel.getByRole('heading', { name: `Hvorfor ${first.name} står i planen` }).waitFor({ timeout: 60_000 });
    expect(await panel.locator('ol.steps li').count()).toBeGreaterThan(0);
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    // Beside: the panel starts to the right of the item's table, and is in view.
    const table = (await page.locator('table.plan').first().boundingBox())!;
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(table.x + table.width - 1);
    expect(await panel.isVisible()).toBe(true);

    await panel.getByRole('button', { name: 'Lukk forklaringen' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Forklar ${first.name}`);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('the plan page (en)', () => {
  it('speaks English on the switch: controls, chart, legend, envelopes and the panel', async () => {
    const plan = await planFromApi();
    const page = await openPlan('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Reinvestment plan 2017–2020');
    await page.getByLabel('From year').waitFor();
    await page.getByRole('button', { name: 'Show the plan' }).waitFor();
    await page.getByRole('radio', { name: 'Municipality' }).waitFor();
    expect(await page.locator('svg.bar-chart > title').textContent()).toBe('Planned cost per year');
    expect((await page.locator('ul.chart-legend li').allInnerTexts()).map(spaces)).toContain(
      'IKT kapasitet og sikkerhet 2017–2020: 8 000 000 kr for the whole period; the line shows what is left at the start of each year',
    );
    const firewalls = plan.items.filter((item) => item.budgetYear === 2017 && item.kind === 'firewall').length;
    await page.locator('svg.bar-chart rect[data-column="2017"][data-group="firewall"]').click();
    await page.getByRole('status').filter({ hasText: `Showing only 2017, Firewall: ${firewalls} item${firewalls === 1 ? '' : 's'}.` }).waitFor();
    await page.getByRole('button', { name: 'Show all items' }).click();
    await page.getByRole('button', { name: `Explain ${plan.items[0]!.name}`, exact: true }).click();
    await page.locator('aside#plan-explanation').getByRole('button', { name: 'Close the explanation' }).waitFor();
    expect(await page.locator('section[aria-labelledby="plan-envelopes"] thead th').allInnerTexts()).toEqual([
      'Envelope',
      'Year',
      'Set aside',
      'Budget',
      'Planned in the year',
      'Planned so far',
      'Difference',
      'Assessment',
    ]);
  });
});
