import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { freePort } from '../../local/dynamodb-local.ts';
import { startSystem, tokenFor, type RunningSystem } from '../../local/system.ts';

/**
 * What a browser test file needs: the whole local system (DynamoDB Local with the demo region,
 * the local host with the real handlers, the dashboard bundle built from web/src) on free ports
 * with its own data directory, headless Chromium driven by playwright-core, and small helpers to
 * sign in as a person would and to call the API as a script would. Each file starts one system
 * for all its tests; each test gets a fresh browser context, so nothing leaks between tests.
 */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type RoleLabel = 'Driftsoperatør' | 'Kommune' | 'Budsjetteier' | 'Administrator';
export type ApiRole = 'operator' | 'member' | 'budget-owner' | 'admin';

export interface BrowserSystem {
  system: RunningSystem;
  browser: Browser;
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Signs in through the dashboard's own sign-in screen. */
  signIn(page: Page, role: RoleLabel, municipality?: string): Promise<void>;
  /** The API as a script would call it, to check what the dashboard did (or to race it). */
  api(method: string, path: string, options?: { role?: ApiRole; memberId?: string; body?: unknown }): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads any JSON
  stop(): Promise<void>;
}

export async function startBrowserSystem(): Promise<BrowserSystem> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}; the browser tests need it. Install the Debian package: sudo apt-get install -y chromium`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'driftsbilde-e2e-'));
  const contexts: BrowserContext[] = [];
  let system: RunningSystem | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await system?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const [port, dynamoDbPort] = [await freePort(), await freePort()];
    // startSystem builds the dashboard bundle from web/src before the host serves it.
    system = await startSystem({ env: { PORT: String(port), DDB_PORT: String(dynamoDbPort), DATA_DIR: dataDir }, lab: false });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    await stop();
    throw error;
  }
  const running = system;
  const launched = browser;

  return {
    system: running,
    browser: launched,
    async newPage(options = {}) {
      const context = await launched.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'nb-NO', ...options });
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
    async api(method, path, options = {}) {
      const token = await tokenFor(running, options.role ?? 'operator', options.memberId);
      const response = await fetch(`${running.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    stop,
  };
}

/** Intl puts no-break spaces in `1 234 kr`; compare text with ordinary spaces. */
export function spaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

export const nok = (amount: number) => spaces(new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK', maximumFractionDigits: 0 }).format(amount));
