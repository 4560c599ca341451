import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardRows, demoEnvironmentIds, loadBoard, seedBoard } from '../../bench/board.ts';
import { signedInContext } from '../../local/chromium.ts';
import { startBrowserSystem, type BrowserSystem } from './browser-support.ts';

/**
 * The health board with 1,000 devices in Chromium: how many requests it makes (the time is the
 * benchmark's business, `npm run bench`), that opening a card asks for nothing more, and that a
 * refresh keeps focus on the row being read.
 */
const DEVICES = 1000;

describe('health board with 1,000 devices', () => {
  let env: BrowserSystem;
  let environmentIds: string[];

  beforeAll(async () => {
    env = await startBrowserSystem();
    environmentIds = await demoEnvironmentIds(env.system);
    await seedBoard(env.system, boardRows(DEVICES, environmentIds, new Date().toISOString()));
  }, 600_000);
  afterAll(async () => env?.stop(), 120_000);

  it('draws from one board request, at most 3 requests after the page, and opens cards without asking again', async () => {
    const context = await signedInContext(env.browser, env.system, 'operator');
    try {
      const page = await context.newPage();
      const load = await loadBoard(page, env.system, DEVICES);
      expect(load.apiRequests).toEqual(['GET /api/regions/kr-ikt/board']);
      expect(load.allRequests.length).toBeLessThanOrEqual(3);
      console.log(`board of ${DEVICES} devices: ${load.allRequests.length} requests after the page (${load.allRequests.join(', ')})`);

      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      const firstCard = page.locator('[data-environment-toggle]').first();
      await firstCard.click();
      await expect.poll(() => page.locator('tr[data-device-id]').count(), { timeout: 60_000 }).toBe(Math.ceil(DEVICES / environmentIds.length));
      expect(requests).toEqual([]);
      await expect(firstCard.getAttribute('aria-expanded')).resolves.toBe('true');

      // A reload comes back with the same card open and its rows drawn, without a click.
      await page.reload();
      await expect.poll(() => page.locator('tr[data-device-id]').count(), { timeout: 60_000 }).toBe(Math.ceil(DEVICES / environmentIds.length));
      await expect(page.locator('[data-environment-toggle]').first().getAttribute('aria-expanded')).resolves.toBe('true');
    } finally {
      await context.close();
    }
  }, 600_000);

  it('refreshes only the rows that changed, keeping focus on the row being read', async () => {
    const context = await signedInContext(env.browser, env.system, 'operator');
    try {
      const page = await context.newPage();
      await loadBoard(page, env.system, DEVICES);
      await page.locator('[data-environment-toggle]').first().click();
      await page.locator('tr[data-device-id="bench-0006"]').waitFor({ timeout: 60_000 });
      // Devices 0, 3, 6, … are in the first environment. Before: bench-0003 and bench-0006 are ok
      // ((index + 0) % 10 ≠ 0). After variant 4: bench-0006 turns warning ((6 + 4) % 10 = 0), bench-0003 stays ok.
      await page.evaluate(() => document.querySelectorAll('tr[data-device-id="bench-0003"], tr[data-device-id="bench-0006"]').forEach((row) => row.setAttribute('data-old', '')));
      await page.locator('tr[data-device-id="bench-0006"] a').focus();
      await seedBoard(env.system, boardRows(DEVICES, environmentIds, new Date().toISOString(), 4));
      // The refresh the board's timer runs every 30 s, started at once (a click would move focus to the button).
      await page.evaluate(() => (document.querySelector('.toolbar button') as HTMLButtonElement).click());
      await page.locator('tr[data-device-id="bench-0006"] td .status-warning').first().waitFor({ timeout: 60_000 });
      // The unchanged row is the same element; the changed one is new, and focus moved onto its link.
      await expect(page.locator('tr[data-device-id="bench-0003"]').getAttribute('data-old')).resolves.toBe('');
      await expect(page.locator('tr[data-device-id="bench-0006"]').getAttribute('data-old')).resolves.toBeNull();
      expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-device-id'))).toBe('bench-0006');
    } finally {
      await context.close();
    }
  }, 600_000);
});
