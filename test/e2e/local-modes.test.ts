import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local.ts';
import { startSystem, type RunningSystem } from '../../local/system.ts';
import { CHROMIUM } from './browser-support.ts';

/**
 * Demo mode on and off, as `npm start` and `npm start -- --no-demo` run them on one data folder:
 * a real instance loads nothing, makes its first admin once and signs in with a password (the
 * dashboard shows that form, no DEMO); demo sign-in needs both demo mode and the demo region.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'driftsbilde-modes-'));
let ports: Record<'PORT' | 'DDB_PORT', string>;
let system: RunningSystem | undefined;
let browser: Browser | undefined;

async function start(options: { demo?: boolean; reset?: boolean }): Promise<{ system: RunningSystem; log: string[] }> {
  await system?.stop();
  system = undefined;
  const log: string[] = [];
  system = await startSystem({ env: { ...process.env, ...ports, DATA_DIR: dataDir }, lab: false, log: (line) => log.push(line), ...options });
  return { system, log };
}

async function post(sys: RunningSystem, path: string, body: unknown, token?: string) {
  const response = await fetch(`${sys.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads any JSON
}

async function mode(sys: RunningSystem): Promise<unknown> {
  return (await fetch(`${sys.url}/local/sign-in`)).json();
}

beforeAll(async () => {
  ports = { PORT: String(await freePort()), DDB_PORT: String(await freePort()) };
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('demo mode on and off', () => {
  let adminPassword = '';

  it('--no-demo on a fresh store: nothing loaded, a first admin printed once, password sign-in only', async () => {
    const { system: sys, log } = await start({ demo: false });
    expect(sys.demo).toBe(false);
    const line = log.findIndex((text) => text.includes("created the user 'admin'"));
    expect(line, log.join('\n')).toBeGreaterThanOrEqual(0);
    adminPassword = (log[line + 1] ?? '').trim();
    expect(adminPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);

    expect(await mode(sys)).toEqual({ mode: 'password' });
    const picker = await post(sys, '/local/sign-in', { role: 'admin' });
    expect(picker.status).toBe(403);
    expect(picker.body.token).toBeUndefined();

    const signedIn = await post(sys, '/local/sign-in', { userName: 'admin', password: adminPassword });
    expect(signedIn.status).toBe(200);
    const regions = await fetch(`${sys.url}/api/regions`, { headers: { authorization: `Bearer ${signedIn.body.token}` } });
    expect(((await regions.json()) as { items: unknown[] }).items).toEqual([]);
    // A region of its own, so the store is no longer empty for the next start.
    expect((await post(sys, '/api/regions', { id: 'agder-ikt', name: 'Agder IKT' }, signedIn.body.token)).status).toBe(201);
  }, 180_000);

  it('the dashboard offers user name and password, shows no DEMO, and signs in', async () => {
    const sys = system as RunningSystem;
    const context = await (browser as Browser).newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    await page.goto(`${sys.url}/`);
    await page.getByLabel('Brukernavn').waitFor();
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(await page.getByText('DEMO', { exact: true }).count()).toBe(0);
    await page.getByLabel('Brukernavn').fill('admin');
    await page.getByLabel('Passord').fill('not-the-password');
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByText('Feil brukernavn eller passord.').waitFor();
    await page.getByLabel('Passord').fill(adminPassword);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('button', { name: 'Logg ut' }).waitFor();
    await context.close(); // the dashboard polls; it must not outlive this system
  }, 60_000);

  it('demo mode asked for, but the store lacks the demo region: still password sign-in, and no second admin', async () => {
    const { system: sys, log } = await start({});
    expect(sys.demo).toBe(false);
    expect(log.join('\n')).toContain('Demo sign-in is off');
    expect(log.join('\n')).not.toContain("created the user 'admin'");
    expect(await mode(sys)).toEqual({ mode: 'password' });
    expect((await post(sys, '/local/sign-in', { role: 'admin' })).status).toBe(403);
  }, 180_000);

  it('demo mode with the demo region (a fresh store): the picker, and DEMO in the dashboard header', async () => {
    const { system: sys } = await start({ reset: true });
    expect(sys.demo).toBe(true);
    expect(await mode(sys)).toEqual({ mode: 'demo', regionId: 'kr-ikt' });
    expect((await post(sys, '/local/sign-in', { role: 'operator' })).status).toBe(200);
    const context = await (browser as Browser).newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    await page.goto(`${sys.url}/`);
    await page.getByRole('radio', { name: 'Driftsoperatør', exact: true }).waitFor();
    await page.getByText('DEMO', { exact: true }).waitFor();
    await context.close();
  }, 180_000);

  it('--no-demo on the demo store: the picker is off', async () => {
    const { system: sys } = await start({ demo: false });
    expect(sys.demo).toBe(false);
    expect((await post(sys, '/local/sign-in', { role: 'admin' })).status).toBe(403);
  }, 180_000);
});
