import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { tokenFor, type RunningSystem } from './system.ts';

/**
 * Headless Chromium for the browser tests, the board benchmark and the screenshot script: the
 * Debian package's binary driven by playwright-core (no browser download).
 */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}; the browser tests need it. Install the Debian package: sudo apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** The key the dashboard keeps its token under (web/src/session.ts). */
const TOKEN_KEY = 'driftsbilde.token';

/**
 * A browser context already signed in as `role`: the token the local sign-in would hand out is put
 * where the dashboard keeps it before any page script runs, so a measurement starts at the view.
 */
export async function signedInContext(browser: Browser, system: RunningSystem, role: Parameters<typeof tokenFor>[1], options: BrowserContextOptions & { memberId?: string } = {}): Promise<BrowserContext> {
  const { memberId, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'nb-NO', ...contextOptions });
  const token = await tokenFor(system, role, memberId);
  await context.addInitScript(([key, value]) => window.sessionStorage.setItem(key as string, value as string), [TOKEN_KEY, token]);
  return context;
}
