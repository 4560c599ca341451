import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import type { DeviceHealth } from '#shared/domain/health/device-status.ts';
import { checkState, deviceHealth } from '../support/health-fixtures.ts';
import { startBrowserSystem, type BrowserSystem } from './browser-support.ts';

/**
 * Health an operator can trust (issue 11), in Debian's Chromium against the whole local system:
 * devices without checks counted as "ikke overvåket" (not "Ukjent"), a device page that starts
 * with its status and open incident, flapping shown, symbols the default fonts can draw, and the
 * wall display. This system runs no lab, so the board rows a sweep would write are seeded through
 * the health store adapter: ok, not monitored (no checks), critical with an incident, and the
 * lab's flapping WAN link as the sweep marks it.
 */
const REGION = '/api/regions/kr-ikt';
const TIME_ZONE = 'Europe/Oslo';
const WAIT = { timeout: 60_000 }; // the machine is shared and busy: wait long, on conditions
const HOUR = 3_600_000;

let harness: BrowserSystem;
let store: DynamoDbHealthStore;
let incidentId: string;
const since = new Date(Date.now() - 3 * HOUR - 17 * 60_000).toISOString();

/** dd.mm.yyyy HH:mm in Oslo time, worked out with Intl rather than with the dashboard's own formatter. */
function osloDateTime(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}

/** A board row as a sweep leaves it, a moment after the last one (a row never goes back in time). */
function row(deviceId: string, environmentId: string, overrides: Partial<DeviceHealth>): DeviceHealth {
  const at = new Date().toISOString();
  return deviceHealth(deviceId, at, { environmentId, since, ...overrides });
}

async function save(environmentId: string, rows: DeviceHealth[]): Promise<void> {
  const { skipped } = await store.saveHealth('kr-ikt', environmentId, rows);
  expect(skipped).toEqual([]);
}

beforeAll(async () => {
  harness = await startBrowserSystem();
  store = new DynamoDbHealthStore(harness.doc, harness.tableName);
  const incident = await harness.api('POST', `${REGION}/environments/felles-kristiansand/incidents`, {
    body: { title: 'Hovedbrannmur 1 svarer ikke', deviceId: 'fw-kris-01', severity: 'critical' },
  });
  expect(incident.status).toBe(201);
  incidentId = incident.body.id;
  const at = new Date().toISOString();
  // Lillesand: one monitored router, three devices the sweep found without any check.
  await save('lillesand-datapark', [
    row('rt-lill-01', 'lillesand-datapark', { name: 'Ruter Lillesand', kind: 'router', checks: [checkState('ping', at, { since })] }),
    ...['fw-lill-01', 'sw-lill-01', 'sw-lill-02'].map((id) => row(id, 'lillesand-datapark', { name: id, status: 'unknown', checks: [] })),
  ]);
  // Kristiansand: a critical firewall with its open incident, and the WAN link going down and up
  // every 5 minutes: its last ten results alternate, so the check state marks it flapping.
  await save('felles-kristiansand', [
    row('fw-kris-01', 'felles-kristiansand', {
      name: 'Hovedbrannmur 1 (HA)',
      kind: 'firewall',
      status: 'critical',
      openIncidentId: incidentId,
      checks: [checkState('ping', at, { status: 'critical', rawStatus: 'critical', since, failStreak: 12, passStreak: 0, recent: 'cccccccccc' })],
    }),
    row('rt-kris-wan', 'felles-kristiansand', {
      name: 'WAN-ruter mot Lillesand og Birkenes',
      kind: 'router',
      status: 'critical',
      flapping: true,
      checks: [
        checkState('snmp.if-xe-0/0/0', at, { type: 'snmp', status: 'critical', rawStatus: 'critical', since, failStreak: 1, passStreak: 0, recent: 'ocococococ', flapping: true }),
        checkState('snmp.if-xe-0/0/1', at, { type: 'snmp', since, passStreak: 10, recent: 'oooooooooo' }),
      ],
    }),
  ]);
});

afterAll(async () => {
  await harness?.stop();
});

const newPage = (): Promise<Page> => harness.newPage({ timezoneId: TIME_ZONE });

async function signedIn(language: 'nb' | 'en' = 'nb'): Promise<Page> {
  const page = await newPage();
  await harness.signIn(page, 'Driftsoperatør');
  if (language === 'en') {
    await page.getByRole('button', { name: 'In English' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor(WAIT);
  }
  return page;
}

function card(page: Page, name: string) {
  return page.locator('section.environment').filter({ has: page.getByRole('heading', { name, level: 2 }) });
}

/** The tiles of a card as `word → count`. */
async function tiles(page: Page, name: string): Promise<Record<string, number>> {
  const items = card(page, name).locator('ul.status-counts li');
  const texts = await items.allInnerTexts();
  return Object.fromEntries(texts.map((text) => {
    // The symbol before the word (✓, ✕, !, ?) is not part of it.
    const match = /^[^\p{L}]*(.*?)\s*(\d+)$/su.exec(text.replace(/\s+/g, ' ').trim());
    return [match?.[1] ?? text, Number(match?.[2])];
  }));
}

// Generous per test: seven page loads on two shared, busy cores.
describe('health an operator can trust', { timeout: 240_000 }, () => {
  it('counts devices without checks as "Ikke overvåket", not as "Ukjent", with plural forms right', async () => {
    const page = await signedIn();
    const lillesand = card(page, 'Lokal datapark Lillesand');
    await lillesand.waitFor(WAIT);
    await expect.poll(() => tiles(page, 'Lokal datapark Lillesand'), WAIT).toEqual({ Kritisk: 0, Advarsel: 0, Ukjent: 0, OK: 1, 'Ikke overvåket': 3 });
    const meta = (await lillesand.locator('p.meta').first().innerText()).replace(/\s+/g, ' ');
    expect(meta).toContain('1 overvåket enhet');
    expect(meta).toContain('3 enheter uten sjekker');
    // Kristiansand: two monitored devices, none without checks.
    const kristiansand = (await card(page, 'Felles driftsmiljø Kristiansand/Songdalen').locator('p.meta').first().innerText()).replace(/\s+/g, ' ');
    expect(kristiansand).toContain('2 overvåkede enheter');
    expect(kristiansand).toContain('0 enheter uten sjekker');

    // The API says the same: what the board shows is what the summary counts.
    const region = await harness.api('GET', `${REGION}/health`);
    const summary = region.body.environments.find((environment: { environmentId: string }) => environment.environmentId === 'lillesand-datapark');
    expect(summary).toMatchObject({ devices: 1, notMonitored: 3, byStatus: { ok: 1, unknown: 0 } });
  });

  it('says "Not monitored" and "1 monitored device" in English', async () => {
    const page = await signedIn('en');
    await expect.poll(() => tiles(page, 'Lokal datapark Lillesand'), WAIT).toEqual({ Critical: 0, Warning: 0, Unknown: 0, OK: 1, 'Not monitored': 3 });
    const meta = (await card(page, 'Lokal datapark Lillesand').locator('p.meta').first().innerText()).replace(/\s+/g, ' ');
    expect(meta).toContain('1 monitored device ·');
    expect(meta).toContain('3 devices without checks');
  });

  it('starts a device’s page with its status, since when, and its open incident', async () => {
    const page = await signedIn();
    await page.goto(`${harness.system.url}/#/inventory/fw-kris-01`);
    const status = page.locator('section.device-status');
    await status.getByRole('heading', { name: 'Status nå', level: 2 }).waitFor(WAIT);
    await expect.poll(() => status.locator('.status-line').innerText(), WAIT).toContain('Kritisk');
    expect((await status.locator('.status-line').innerText()).replace(/\s+/g, ' ')).toContain(`siden ${osloDateTime(since)}`);
    const link = status.locator('.open-incident a');
    await expect.poll(() => link.innerText(), WAIT).toContain('Hovedbrannmur 1 svarer ikke');
    expect(await link.getAttribute('href')).toBe('#/incidents?environmentId=felles-kristiansand');
    // It comes first: right after the device's name, before the facts and the edit form.
    const order = await page.evaluate(() => {
      const main = document.querySelector('main') as HTMLElement;
      const all = Array.from(main.querySelectorAll('h1, h2')).map((heading) => heading.textContent);
      return all.slice(0, 2);
    });
    expect(order).toEqual(['Hovedbrannmur 1 (HA)', 'Status nå']);

    // A device without checks says so instead of "Ukjent".
    await page.goto(`${harness.system.url}/#/inventory/sw-lill-01`);
    await expect.poll(() => page.locator('section.device-status .status-line').innerText(), WAIT).toContain('Ikke overvåket');
    expect(await page.locator('section.device-status').innerText()).not.toContain('Ukjent');

    // And in English.
    await page.getByRole('button', { name: 'In English' }).click();
    await page.goto(`${harness.system.url}/#/inventory/fw-kris-01`);
    await page.getByRole('heading', { name: 'Status now', level: 2 }).waitFor(WAIT);
    await expect.poll(() => page.locator('section.device-status .status-line').innerText(), WAIT).toContain(`since ${osloDateTime(since)}`);
    await expect.poll(() => page.locator('section.device-status .open-incident').innerText(), WAIT).toContain('Open incident');
  });

  it('shows the flapping WAN link on the board and on its page', async () => {
    const page = await signedIn();
    const kristiansand = card(page, 'Felles driftsmiljø Kristiansand/Songdalen');
    await expect.poll(() => kristiansand.locator('.flapping-note').innerText(), WAIT).toContain('1 ustabil enhet');
    await kristiansand.getByRole('button', { name: 'Vis enheter' }).click();
    const wanRow = kristiansand.getByRole('row').filter({ has: page.getByRole('link', { name: 'WAN-ruter mot Lillesand og Birkenes' }) });
    await expect.poll(() => wanRow.innerText(), WAIT).toContain('Ustabil');

    await wanRow.getByRole('link', { name: 'WAN-ruter mot Lillesand og Birkenes' }).click();
    const note = page.locator('section.device-status .flapping-note');
    await expect.poll(() => note.innerText(), WAIT).toContain('snmp.if-xe-0/0/0');
    expect(await note.innerText()).toContain('Ustabil');
    expect(await note.innerText()).not.toContain('xe-0/0/1'); // the steady link is not named

    await page.getByRole('button', { name: 'In English' }).click();
    await expect.poll(() => page.locator('section.device-status .flapping-note').innerText(), WAIT).toContain('Flapping');
  });

  it('draws every status symbol with the fonts Debian has, the maintenance "Pågår" badge included', async () => {
    const now = Date.now();
    const window = await harness.api('POST', `${REGION}/environments/lillesand-datapark/maintenance-windows`, {
      body: { reason: 'Bytte av svitsj', deviceIds: ['sw-lill-01'], schedule: { type: 'one-off', start: new Date(now - HOUR).toISOString(), end: new Date(now + 2 * HOUR).toISOString() } },
    });
    expect(window.status).toBe(201);
    const page = await signedIn();
    await card(page, 'Lokal datapark Lillesand').locator('ul.status-counts li').first().waitFor(WAIT);
    const boardSymbols = await symbolsOn(page);

    await page.goto(`${harness.system.url}/#/maintenance?environmentId=lillesand-datapark`);
    const running = page.locator('.status-maintenance').filter({ hasText: 'Pågår' });
    await running.first().waitFor(WAIT);
    // The pause sign is drawn, not a glyph: a box the size of the text, with no character in it.
    const drawn = running.first().locator('svg.status-symbol');
    const box = await drawn.boundingBox();
    expect(box?.width).toBeGreaterThan(8);
    expect(box?.height).toBeGreaterThan(8);
    expect((await running.first().innerText()).trim()).toBe('Pågår');

    const glyphs = new Set([...boardSymbols.text, ...(await symbolsOn(page)).text].join(''));
    expect(glyphs.size).toBeGreaterThan(0);
    expect(boardSymbols.drawn).toBeGreaterThan(0); // the "Ikke overvåket" tiles
    for (const glyph of glyphs) {
      // fontconfig, which Chromium uses on Debian, must know a font with the character.
      const fonts = execFileSync('fc-list', [`:charset=${glyph.codePointAt(0)?.toString(16)}`, 'family'], { encoding: 'utf8' }).trim();
      expect(fonts, `no installed font draws ${glyph} (U+${glyph.codePointAt(0)?.toString(16).toUpperCase()})`).not.toBe('');
    }
  });

  it('wall mode shows only what is not OK, in large type, and refreshes itself', async () => {
    const page = await newPage();
    await page.clock.install(); // the test moves time on instead of waiting 30 s
    await harness.signIn(page, 'Driftsoperatør');
    await page.getByRole('link', { name: 'Veggskjerm' }).click();
    await page.getByRole('heading', { name: 'Det som ikke er OK', level: 1 }).waitFor(WAIT);
    expect(page.url()).toMatch(/#\/vegg$/);
    const devices = page.locator('.wall-device');
    await expect.poll(() => devices.count(), WAIT).toBe(2);
    const names = await page.locator('.wall-device-name').allInnerTexts();
    expect(names.sort()).toEqual(['Hovedbrannmur 1 (HA)', 'WAN-ruter mot Lillesand og Birkenes']);
    // The ok router and the devices without checks are not on the wall; the menu is not either.
    expect(await page.getByText('Ruter Lillesand', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    const wan = devices.filter({ hasText: 'WAN-ruter' });
    expect(await wan.innerText()).toContain('Ustabil');
    expect(await page.locator('.wall-environment h2').first().innerText()).toContain('1 åpent avvik');
    // Readable across a room: the device lines are at least twice body size.
    const size = await devices.first().evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(size).toBeGreaterThanOrEqual(28);

    // A server in Lillesand fails: the wall shows it after its next refresh, without a reload.
    await save('lillesand-datapark', [
      row('srv-lill-01', 'lillesand-datapark', { name: 'Server Lillesand 1', kind: 'server', status: 'critical', checks: [checkState('ssh', new Date().toISOString(), { status: 'critical', rawStatus: 'critical', since })] }),
    ]);
    await page.clock.runFor(30_000);
    await expect.poll(() => page.locator('.wall-device-name').allInnerTexts(), WAIT).toContain('Server Lillesand 1');
    // Critical first.
    expect((await devices.first().innerText())).toContain('Kritisk');

    await page.getByRole('link', { name: 'Tilbake til Driftsbilde' }).click();
    await page.getByRole('heading', { name: 'Driftsbilde', level: 1 }).waitFor(WAIT);
    expect(await page.getByRole('navigation').isVisible()).toBe(true);
    await page.screenshot({ path: '/tmp/dashboard-health-board.png', fullPage: true });
  });

  it('wall mode in English', async () => {
    const page = await signedIn('en');
    await page.goto(`${harness.system.url}/#/vegg`);
    await page.getByRole('heading', { name: 'What is not OK', level: 1 }).waitFor(WAIT);
    await expect.poll(() => page.locator('.wall-device').count(), WAIT).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('link', { name: 'Back to the health board' }).isVisible()).toBe(true);
    expect(await page.locator('.wall-device').filter({ hasText: 'WAN-ruter' }).innerText()).toContain('Flapping');
    await page.screenshot({ path: '/tmp/dashboard-wall.png', fullPage: true });
  });
});

/** The status symbols on the page: the characters of the text ones, and how many are drawn. */
async function symbolsOn(page: Page): Promise<{ text: string[]; drawn: number }> {
  return page.evaluate(() => ({
    text: Array.from(document.querySelectorAll('span.status-symbol')).map((symbol) => symbol.textContent ?? ''),
    drawn: document.querySelectorAll('svg.status-symbol').length,
  }));
}
