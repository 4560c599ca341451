import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { expect, vi } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import type { DeviceHealth } from '#shared/domain/health/device-status.ts';
import { detectDrift } from '#shared/domain/health/drift.ts';
import type { HourlyRollup, SampleBucket } from '#shared/domain/health/samples.ts';
import { launchChromium } from '../../local/chromium.ts';
import { freePort } from '../../local/dynamodb-local.ts';
import { startSystem, tokenFor, type RunningSystem } from '../../local/system.ts';
import { checkState, deviceHealth } from '../support/health-fixtures.ts';

/**
 * What a browser test file needs: the whole local system (DynamoDB Local with the demo region,
 * the local host with the real handlers, the dashboard bundle built from web/src) on free ports
 * with its own data directory, headless Chromium driven by playwright-core, and small helpers to
 * sign in as a person would and to call the API as a script would. Each file starts one system
 * for all its tests; each test gets a fresh browser context, so nothing leaks between tests.
 */
export { CHROMIUM } from '../../local/chromium.ts';

/**
 * Timeouts that hold when ~9 workers share the machine's 2 cores: a browser test file starts a
 * whole system (DynamoDB Local, the host, a bundle build, Chromium) and every step waits on the
 * page. Tests and hooks get minutes, `expect.poll` a minute (its default is 1 s), and every
 * playwright wait a minute (`newPage` sets it): generous bounds on conditions, never sleeps.
 */
export const WAIT_MS = 60_000;
vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000, expect: { poll: { timeout: WAIT_MS, interval: 100 } } });

export type RoleLabel = 'Driftsoperatør' | 'Kommune' | 'Budsjetteier' | 'Administrator';
export type ApiRole = 'operator' | 'member' | 'budget-owner' | 'admin';

export interface ApiCallOptions {
  /** Signs a token for this role with the system's key; without `role` or `token` the call is anonymous. */
  role?: ApiRole;
  memberId?: string;
  /** Sent as is, instead of a signed one (e.g. to check that a bad token is refused). */
  token?: string;
  body?: unknown;
}

/** The API as a script would call it: real HTTP to the running system, JSON in and out. */
export async function apiCall(system: RunningSystem, method: string, path: string, options: ApiCallOptions = {}): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads any JSON
  const token = options.token ?? (options.role ? await tokenFor(system, options.role, options.memberId) : undefined);
  const response = await fetch(`${system.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export interface BrowserSystem {
  system: RunningSystem;
  browser: Browser;
  /** A document client on this system's DynamoDB Local, and its table: to seed what no API writes (health). */
  doc: DynamoDBDocumentClient;
  tableName: string;
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Signs in through the dashboard's own sign-in screen. */
  signIn(page: Page, role: RoleLabel, municipality?: string): Promise<void>;
  /** The API as a script would call it, to check what the dashboard did (or to race it); an operator unless `role` says otherwise. */
  api(method: string, path: string, options?: { role?: ApiRole; memberId?: string; body?: unknown }): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads any JSON
  stop(): Promise<void>;
}

export async function startBrowserSystem(): Promise<BrowserSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'driftsbilde-e2e-'));
  const contexts: BrowserContext[] = [];
  let system: RunningSystem | undefined;
  let browser: Browser | undefined;
  let doc: DynamoDBDocumentClient | undefined;
  const stop = async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    doc?.destroy();
    await system?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const [port, dynamoDbPort] = [await freePort(), await freePort()];
    // startSystem builds the dashboard bundle from web/src before the host serves it.
    system = await startSystem({ env: { PORT: String(port), DDB_PORT: String(dynamoDbPort), DATA_DIR: dataDir }, lab: false });
    doc = createDocumentClient({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${system.settings.dynamoDbPort}`, AWS_REGION: 'eu-north-1' });
    browser = await launchChromium();
  } catch (error) {
    await stop();
    throw error;
  }
  const running = system;
  const launched = browser;

  return {
    system: running,
    browser: launched,
    doc: doc as DynamoDBDocumentClient,
    tableName: running.settings.tableName,
    async newPage(options = {}) {
      const context = await launched.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'nb-NO', ...options });
      context.setDefaultTimeout(WAIT_MS);
      contexts.push(context);
      return context.newPage();
    },
    async signIn(page, role, municipality) {
      await page.goto(`${running.url}/`);
      await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
      await page.getByRole('radio', { name: role, exact: true }).check();
      if (municipality) {
        const select = page.getByLabel('Hvilken kommune');
        await expect.poll(() => select.locator('option').count()).toBeGreaterThan(0);
        await select.selectOption({ label: municipality });
      }
      await page.getByRole('button', { name: 'Logg inn' }).click();
      await page.getByRole('button', { name: 'Logg ut' }).waitFor();
    },
    api(method, path, options = {}) {
      return apiCall(running, method, path, { ...options, role: options.role ?? 'operator' });
    },
    stop,
  };
}

/** Intl puts no-break spaces in `1 234 kr`; compare text with ordinary spaces. */
export function spaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

export const nok = (amount: number) => spaces(new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK', maximumFractionDigits: 0 }).format(amount));

const HOUR = 3_600_000;

/**
 * A device's health as the collectors would leave it, written through the health store adapter
 * into the system's table: the board row (two ok checks, and firmware IOS-XE 17.3.1 observed on
 * the device, which drifts from any other firmware in the inventory), raw samples every 5 minutes
 * for the last day, and hourly roll-ups for the last 30 days (~1 000 items: `history: false` skips
 * them when only the board matters). Returns the board row.
 */
export async function seedHealth(env: BrowserSystem, deviceId: string, environmentId: string, options: { history?: boolean } = {}): Promise<DeviceHealth> {
  const store = new DynamoDbHealthStore(env.doc, env.tableName);
  const found = await env.api('GET', `/api/regions/kr-ikt/devices/${deviceId}`);
  if (found.status !== 200) throw new Error(`seedHealth: no device ${deviceId} (${found.status})`);
  const device = found.body;
  const now = Date.now();
  const at = new Date(now - 60_000).toISOString();
  const since = new Date(now - 30 * 24 * HOUR).toISOString();
  const observed = { firmware: 'IOS-XE 17.3.1', serial: device.serial, observedAt: at };
  const check = (name: string, type: 'snmp' | 'tcp', value: number, unit: string) => checkState(name, at, { type, value, unit, since, passStreak: 10, recent: 'oooooooooo' });
  const health = deviceHealth(deviceId, at, {
    name: device.name,
    kind: device.kind,
    environmentId,
    since,
    checks: [check('snmp.cpu', 'snmp', 37.5, '%'), check('ssh', 'tcp', 4, 'ms')],
    observed,
    drift: detectDrift({ firmware: device.firmware, serial: device.serial }, observed),
  });
  await store.saveHealth('kr-ikt', environmentId, [health]);
  if (options.history === false) return health;

  const samples: SampleBucket[] = Array.from({ length: 288 }, (_, index) => ({
    deviceId,
    at: new Date(now - 150_000 - index * 5 * 60_000).toISOString(),
    checks: { 'snmp.cpu': { status: 'ok', value: 30 + (index % 12) * 2.5 }, ssh: { status: 'ok', value: 3 + (index % 5) } },
  }));
  const thisHour = Math.floor(now / HOUR) * HOUR;
  const rollups: HourlyRollup[] = Array.from({ length: 30 * 24 }, (_, index) => {
    const low = 20 + (index % 24);
    return {
      deviceId,
      hour: new Date(thisHour - (index + 1) * HOUR).toISOString(),
      checks: {
        'snmp.cpu': { worst: index % 50 === 7 ? 'warning' : 'ok', samples: 60, valued: 60, min: low, avg: low + 5.5, max: low + 12 },
        ssh: { worst: 'ok', samples: 60, valued: 60, min: 2, avg: 4.2, max: 9 },
      },
    };
  });
  await store.writeHistory('kr-ikt', samples, rollups);
  return health;
}

// --- accessibility -------------------------------------------------------------------------------

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The rules run: WCAG 2.0/2.1 A and AA (contrast, names, labels) and axe's best practices (landmarks, headings). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  /** CSS selectors of the offending elements (the first few). */
  targets: string[];
}

/**
 * Runs axe-core (from npm) in the page as it is now and returns every violation. The engine is
 * evaluated through the DevTools protocol rather than added as a script tag, so it also runs on a
 * page served with the production Content-Security-Policy.
 */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact ?? 'unknown', help: violation.help, targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')) }));
  }, AXE_TAGS);
}

/**
 * axe-core on the page, its findings printed (the run's record of what axe said about each view),
 * and no serious or critical violation allowed. Returns the findings of lesser impact.
 */
export async function expectAccessible(page: Page, label: string): Promise<AxeFinding[]> {
  const findings = await axeFindings(page);
  const blocking = findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
  console.log(
    `axe-core ${label}: ${findings.length === 0 ? 'no violations' : findings.map((finding) => `${finding.impact} ${finding.id} (${finding.targets.length}× e.g. ${finding.targets[0]})`).join('; ')}`,
  );
  expect(blocking, `axe-core, ${label}: ${blocking.map((finding) => `${finding.id}: ${finding.help} at ${finding.targets.join(', ')}`).join(' | ')}`).toEqual([]);
  return findings;
}

/** Waits until the view has drawn: its heading is there and nothing in it is loading any more. */
export async function viewSettled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"], main .loading'), undefined, { timeout: WAIT_MS, polling: 50 });
}
