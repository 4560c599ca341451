/**
 * Board benchmark (issue 11, "1,000 devices"): the whole local system (DynamoDB Local, the local
 * host, the dashboard bundle) and the Debian Chromium, headless, driven by playwright-core. The
 * health board is loaded signed in as an operator, and the run prints:
 *
 * - time to render: from navigation start until all device rows are in the page (every card open,
 *   as the board remembers open cards across reloads), by the page's own clock; the requests the
 *   page made after the page itself (its HTML, script and style sheet); and the board endpoint's
 *   own time from its `Server-Timing` header (DynamoDB reads, building, JSON);
 * - the first visit (cards closed): time until every card shows its counts, and opening every card;
 * - a refresh that changes 100 devices: time, the longest main-thread task during it (a task over
 *   50 ms is what makes a page feel stuck), whether focus and scroll stayed put, and the input
 *   delay of key presses made while it runs (time from the key to its handler);
 * - the server's reads in this process: the board view's projected Query against the full rows the
 *   board read before (same data, same DynamoDB Local), as a ratio.
 *
 * The page baseline, measured in the same run, is the same board with 67 devices (KR-IKT's size
 * today); the ratio says how the board scales. Goals: < 1.5 s and ≤ 3 API requests at 1,000.
 *
 *   npx tsx bench/board.ts            (or import { benchBoard } from './board.ts')
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createDocumentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import type { CheckState } from '#shared/domain/health/check-state.ts';
import type { DeviceHealth } from '#shared/domain/health/device-status.ts';
import type { DeviceKind } from '#shared/schemas/common.ts';
import { launchChromium, signedInContext } from '../local/chromium.ts';
import { freePort } from '../local/dynamodb-local.ts';
import { startSystem, tokenFor, type RunningSystem } from '../local/system.ts';

export const BOARD_DEVICES = 1000;
export const BASELINE_DEVICES = 67;
export const BOARD_GOAL_MS = 1500;
export const BOARD_GOAL_API_REQUESTS = 3;
/** Files that make up "the page itself"; every other request is the page's own doing. */
const PAGE_ITSELF = /\/(?:index\.html)?(?:#.*)?$|\/dist\/app\.js$|\/styles\.css$/;

/** The demo data's region (data/demo). */
const DEMO_REGION = 'kr-ikt';
const KINDS: DeviceKind[] = ['firewall', 'router', 'switch', 'server', 'storage', 'backup', 'platform'];

/**
 * Board rows for `count` devices spread over the environments, as sweeps leave them: two checks
 * each, every 10th device warning, every 37th critical, every 50th flapping, every 45th in
 * maintenance. `variant` changes the status of every 10th device, as a later sweep would.
 */
/** When the seeded states began: fixed, so a later seed changes only the rows whose status changes. */
const SINCE = '2026-11-02T07:00:00.000Z';

export function boardRows(count: number, environmentIds: readonly string[], at: string, variant = 0): Array<{ environmentId: string; health: DeviceHealth }> {
  return Array.from({ length: count }, (_, index) => {
    const status = index % 37 === 0 ? 'critical' : (index + variant) % 10 === 0 ? 'warning' : 'ok';
    const check = (name: string, type: CheckState['type'], value: number, unit: string, checkStatus: CheckState['status']): CheckState => ({
      name,
      type,
      status: checkStatus,
      rawStatus: checkStatus,
      value,
      unit,
      observedAt: at,
      since: SINCE,
      failStreak: checkStatus === 'ok' ? 0 : 3,
      passStreak: checkStatus === 'ok' ? 10 : 0,
      recent: 'oooooooooo',
      flapping: index % 50 === 0,
      ...(checkStatus === 'ok' ? {} : { message: `CPU ${value} % over the threshold` }),
    });
    const deviceId = `bench-${String(index).padStart(4, '0')}`;
    return {
      environmentId: environmentIds[index % environmentIds.length] as string,
      health: {
        deviceId,
        name: `Enhet ${String(index).padStart(4, '0')}`,
        kind: KINDS[index % KINDS.length] as DeviceKind,
        environmentId: environmentIds[index % environmentIds.length] as string,
        status,
        since: SINCE,
        checks: [check('snmp.cpu', 'snmp', 20 + (index % 70), '%', status), check('ssh', 'tcp', 3 + (index % 5), 'ms', 'ok')],
        flapping: index % 50 === 0,
        inMaintenance: index % 45 === 0,
        maintenanceWindowIds: [],
        drift: [],
        lastSweepAt: at,
      },
    };
  });
}

/** Writes the rows through the health store adapter, as the collectors do. */
export async function seedBoard(system: RunningSystem, rows: ReturnType<typeof boardRows>): Promise<void> {
  const doc = createDocumentClient({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${system.settings.dynamoDbPort}`, AWS_REGION: 'eu-north-1' });
  try {
    const store = new DynamoDbHealthStore(doc, system.settings.tableName);
    for (const environmentId of new Set(rows.map((row) => row.environmentId))) {
      await store.saveHealth(DEMO_REGION, environmentId, rows.filter((row) => row.environmentId === environmentId).map((row) => row.health));
    }
  } finally {
    doc.destroy();
  }
}


export async function demoEnvironmentIds(system: RunningSystem): Promise<string[]> {
  const token = await tokenFor(system, 'operator');
  const response = await fetch(`${system.url}/api/regions/${DEMO_REGION}/environments?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  const page = (await response.json()) as { items: Array<{ id: string }> };
  return page.items.map((environment) => environment.id);
}

export interface BoardLoad {
  renderMs: number;
  pageReadyMs: number;
  apiMs: number;
  lastAnswerMs: number;
  drawMs: number;
  apiRequests: string[];
  allRequests: string[];
}

/** Loads the board signed in as an operator and waits until every card shows `expectedDevices` in all. */
export async function loadBoard(page: Page, system: RunningSystem, expectedDevices: number): Promise<BoardLoad> {
  const requests: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname + new URL(request.url()).search;
    if (!PAGE_ITSELF.test(new URL(request.url()).pathname)) requests.push(`${request.method()} ${path}`);
  });
  await page.goto(`${system.url}/#/health`);
  await page.waitForFunction(
    (expected) => {
      const board = document.querySelector('.board');
      if (!board || board.hasAttribute('aria-busy')) return false;
      // A card's first figure line starts with its monitored-device count ("334 enheter").
      const counts = Array.from(board.querySelectorAll('section.environment p.meta')).map((line) => Number.parseInt(line.textContent ?? '', 10) || 0);
      return counts.reduce((sum, count) => sum + count, 0) === expected;
    },
    expectedDevices,
    { timeout: 120_000, polling: 20 },
  );
  const renderMs = await page.evaluate(() => performance.now());
  // Where the time went: the page's start, the API's answers (DynamoDB Local shares the machine), drawing.
  const timing = await page.evaluate(() => {
    const api = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) => entry.name.includes('/api/'));
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { pageReadyMs: navigation.domContentLoadedEventEnd, apiMs: api.reduce((sum, entry) => sum + entry.duration, 0), lastAnswerMs: Math.max(0, ...api.map((entry) => entry.responseEnd)) };
  });
  return { renderMs, ...timing, drawMs: renderMs - timing.lastAnswerMs, apiRequests: requests.filter((request) => request.includes(' /api/')), allRequests: [...requests] };
}

/** Opens every card and waits until `expectedRows` device rows are drawn; returns the time it took. */
async function openEveryCard(page: Page, expectedRows: number): Promise<{ ms: number; requests: number }> {
  let requests = 0;
  const count = () => (requests += 1);
  page.on('request', count);
  const started = await page.evaluate(() => performance.now());
  for (const toggle of await page.locator('[data-environment-toggle]').all()) await toggle.click();
  await page.waitForFunction((expected) => document.querySelectorAll('tr[data-device-id]').length === expected, expectedRows, { timeout: 120_000, polling: 20 });
  const ms = (await page.evaluate(() => performance.now())) - started;
  page.off('request', count);
  return { ms, requests };
}

export interface RowsLoad {
  renderMs: number;
  requests: string[];
  serverTiming: Array<{ name: string; duration: number }>;
  boardBytes: number;
}

/**
 * Reloads the board with every card open (remembered from `openEveryCard`) and waits until
 * `expectedRows` device rows are in the page: navigation start → every row present.
 */
export async function loadBoardRows(page: Page, expectedRows: number): Promise<RowsLoad> {
  const requests: string[] = [];
  const record = (request: { url(): string; method(): string }) => {
    const url = new URL(request.url());
    if (!PAGE_ITSELF.test(url.pathname)) requests.push(`${request.method()} ${url.pathname}${url.search}`);
  };
  page.on('request', record);
  await page.reload();
  await page.waitForFunction((expected) => document.querySelectorAll('tr[data-device-id]').length === expected, expectedRows, { timeout: 120_000, polling: 20 });
  const renderMs = await page.evaluate(() => performance.now());
  page.off('request', record);
  const board = await page.evaluate(() => {
    const entry = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((candidate) => candidate.name.includes('/board'));
    return { serverTiming: (entry?.serverTiming ?? []).map(({ name, duration }) => ({ name, duration })), boardBytes: entry?.decodedBodySize ?? 0 };
  });
  return { renderMs, requests, ...board };
}

/** Long tasks (over 50 ms) the main thread ran since `watchLongTasks`. */
async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = seen;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => seen.push(entry.duration))).observe({ type: 'longtask' });
  });
}

async function refreshWithChanges(page: Page, system: RunningSystem, environmentIds: string[]): Promise<{ ms: number; longestTaskMs: number; focusKept: boolean; scrollKept: boolean }> {
  // Scroll down into the device lists and put focus on a device link, as a person reading the list would.
  const focused = page.locator('tr[data-device-id="bench-0500"] a');
  await focused.focus();
  await page.evaluate(() => window.scrollBy(0, 200));
  // Kept scroll: the row being read stays where it was on screen (scroll anchoring may move scrollY when rows above grow).
  const rowTop = () => page.evaluate(() => document.querySelector('tr[data-device-id="bench-0500"]')?.getBoundingClientRect().top ?? Number.NaN);
  const topBefore = await rowTop();
  await seedBoard(system, boardRows(BOARD_DEVICES, environmentIds, new Date().toISOString(), 5));
  await watchLongTasks(page);
  const started = await page.evaluate(() => performance.now());
  // The board's own timer calls this every 30 s; the refresh button does the same.
  await page.evaluate(() => (document.querySelector('.toolbar button') as HTMLButtonElement).click());
  // bench-0005 was ok and is warning after the change (every 10th device, shifted by 5).
  await page.waitForFunction(() => document.querySelector('tr[data-device-id="bench-0005"] .status-warning') !== null, undefined, { timeout: 120_000, polling: 20 });
  await page.waitForFunction(() => !document.querySelector('.board')?.hasAttribute('aria-busy'), undefined, { timeout: 120_000 });
  const ms = (await page.evaluate(() => performance.now())) - started;
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  const focusKept = await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-device-id') === 'bench-0500');
  const scrollKept = Math.abs((await rowTop()) - topBefore) <= 2;
  return { ms, longestTaskMs: Math.max(0, ...longTasks), focusKept, scrollKept };
}

/**
 * Another refresh with changes, with Tab pressed every few milliseconds until it is done: the
 * longest input delay (key event queued → its handler runs) says whether the page stayed responsive.
 */
async function inputDuringRefresh(page: Page, system: RunningSystem, environmentIds: string[]): Promise<{ presses: number; longestDelayMs: number }> {
  await seedBoard(system, boardRows(BOARD_DEVICES, environmentIds, new Date().toISOString(), 7));
  await page.evaluate(() => {
    const delays: number[] = [];
    (window as unknown as { inputDelays: number[] }).inputDelays = delays;
    document.addEventListener('keydown', (event) => delays.push(performance.now() - event.timeStamp), { capture: true });
    (document.querySelector('.toolbar button') as HTMLButtonElement).click();
  });
  // bench-0003 turns warning with variant 7 ((3 + 7) % 10 = 0): the refresh has drawn its rows.
  const done = () => page.evaluate(() => document.querySelector('tr[data-device-id="bench-0003"] .status-warning') !== null && !document.querySelector('.board')?.hasAttribute('aria-busy'));
  while (!(await done())) await page.keyboard.press('Tab');
  const delays = await page.evaluate(() => (window as unknown as { inputDelays: number[] }).inputDelays);
  return { presses: delays.length, longestDelayMs: Math.max(0, ...delays) };
}

/** The server's board reads, in this process: the projected board view against the full rows, `rounds` times each, medians. */
async function serverReads(system: RunningSystem, environmentIds: string[], rounds = 5): Promise<{ viewMs: number; fullMs: number; viewBytes: number; fullBytes: number }> {
  const doc = createDocumentClient({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${system.settings.dynamoDbPort}`, AWS_REGION: 'eu-north-1' });
  const store = new DynamoDbHealthStore(doc, system.settings.tableName);
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const timed = async (read: () => Promise<unknown>) => {
    const started = performance.now();
    const result = await read();
    return { ms: performance.now() - started, bytes: JSON.stringify(result).length };
  };
  try {
    const view: number[] = [];
    const full: number[] = [];
    let viewBytes = 0;
    let fullBytes = 0;
    for (let round = 0; round < rounds; round++) {
      // Alternating, so a busy moment of the machine falls on both.
      const a = await timed(() => Promise.all(environmentIds.map((id) => store.readBoardView(DEMO_REGION, id))));
      const b = await timed(() => Promise.all(environmentIds.map((id) => store.readBoard(DEMO_REGION, id))));
      view.push(a.ms);
      full.push(b.ms);
      [viewBytes, fullBytes] = [a.bytes, b.bytes];
    }
    return { viewMs: median(view), fullMs: median(full), viewBytes, fullBytes };
  } finally {
    doc.destroy();
  }
}

async function measure(browser: Browser, system: RunningSystem, devices: number, environmentIds: string[]) {
  const context = await signedInContext(browser, system, 'operator');
  try {
    const page = await context.newPage();
    const load = await loadBoard(page, system, devices);
    const open = await openEveryCard(page, devices);
    const rows = await loadBoardRows(page, devices);
    return { load, open, rows, page, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}

export async function benchBoard(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'driftsbilde-bench-board-'));
  const [port, dynamoDbPort] = [await freePort(), await freePort()];
  const system = await startSystem({ env: { PORT: String(port), DDB_PORT: String(dynamoDbPort), DATA_DIR: dataDir }, lab: false });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const environmentIds = await demoEnvironmentIds(system);
    const at = new Date().toISOString();
    console.log(`board benchmark: headless Chromium, health board signed in as an operator, ${environmentIds.length} environments; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`);

    // Warm-up (bundle and DynamoDB Local's first queries), not counted.
    await seedBoard(system, boardRows(BASELINE_DEVICES, environmentIds, at));
    await (await measure(browser, system, BASELINE_DEVICES, environmentIds)).close();

    const baseline = await measure(browser, system, BASELINE_DEVICES, environmentIds);
    await baseline.close();
    await seedBoard(system, boardRows(BOARD_DEVICES, environmentIds, at));
    const large = await measure(browser, system, BOARD_DEVICES, environmentIds);
    const refresh = await refreshWithChanges(large.page, system, environmentIds);
    const input = await inputDuringRefresh(large.page, system, environmentIds);
    await large.close();
    const reads = await serverReads(system, environmentIds);

    const serverText = (run: typeof baseline) => run.rows.serverTiming.map((phase) => `${phase.name} ${phase.duration.toFixed(0)} ms`).join(', ');
    const line = (label: string, run: typeof baseline) => {
      console.log(
        `${label}: all device rows rendered in ${run.rows.renderMs.toFixed(0)} ms from navigation start, ${run.rows.requests.length} requests after the page (${run.rows.requests.join(', ')}); ` +
          `board endpoint ${serverText(run)} on the server, ${(run.rows.boardBytes / 1024).toFixed(0)} KB`,
      );
      console.log(
        `  first visit, cards closed: cards drawn in ${run.load.renderMs.toFixed(0)} ms (page ready ${run.load.pageReadyMs.toFixed(0)} ms, waiting on the API ${run.load.apiMs.toFixed(0)} ms, drawing after the last answer ${run.load.drawMs.toFixed(0)} ms), ` +
          `${run.load.apiRequests.length} API requests; every card opened in ${run.open.ms.toFixed(0)} ms with ${run.open.requests} requests`,
      );
    };
    line(`baseline (${BASELINE_DEVICES} devices)`, baseline);
    line(`${BOARD_DEVICES} devices`, large);
    console.log(
      `refresh with 100 changed devices and every card open: ${refresh.ms.toFixed(0)} ms, longest main-thread task ${refresh.longestTaskMs.toFixed(0)} ms (long = over 50 ms), ` +
        `focus ${refresh.focusKept ? 'kept' : 'LOST'}, scroll ${refresh.scrollKept ? 'kept' : 'MOVED'}; ${input.presses} key presses during another refresh, longest input delay ${input.longestDelayMs.toFixed(0)} ms`,
    );
    console.log(
      `server reads for ${BOARD_DEVICES} devices in this process (median of 5): board view (projected) ${reads.viewMs.toFixed(0)} ms, ${(reads.viewBytes / 1024).toFixed(0)} KB; ` +
        `full rows (before) ${reads.fullMs.toFixed(0)} ms, ${(reads.fullBytes / 1024).toFixed(0)} KB; ratio ${(reads.viewMs / reads.fullMs).toFixed(2)}× the time`,
    );
    const apiRequests = large.rows.requests.filter((request) => request.includes(' /api/'));
    const ratio = large.rows.renderMs / baseline.rows.renderMs;
    const meets = large.rows.renderMs < BOARD_GOAL_MS && apiRequests.length <= BOARD_GOAL_API_REQUESTS;
    console.log(
      `ratio ${BOARD_DEVICES}/${BASELINE_DEVICES} devices: ${ratio.toFixed(2)}× the time to render; goal < ${BOARD_GOAL_MS} ms and ≤ ${BOARD_GOAL_API_REQUESTS} API requests: ${meets ? 'met' : 'NOT met'} ` +
        `(${apiRequests.length} API requests; load average ${loadavg()[0]?.toFixed(1)} now)`,
    );
  } finally {
    await browser?.close();
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchBoard();
}
