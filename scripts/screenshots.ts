/**
 * Screenshots of every view of the dashboard, for the README: starts the whole local system on
 * free ports with a throw-away data folder (the demo region), gives the board the state a sweep
 * would leave (every demo device with checks, a few warning or critical, one maintenance window
 * running, one incident open), and photographs each view in the Debian Chromium at 1366×768,
 * signed in as an administrator, in bokmål.
 *
 *   npx tsx scripts/screenshots.ts            → docs/screenshots/<view>.png
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDocumentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import type { CheckState } from '#shared/domain/health/check-state.ts';
import type { DeviceHealth } from '#shared/domain/health/device-status.ts';
import { launchChromium, signedInContext } from '../local/chromium.ts';
import { freePort } from '../local/dynamodb-local.ts';
import { startSystem, tokenFor, type RunningSystem } from '../local/system.ts';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const REGION = 'kr-ikt';
const HOUR = 3_600_000;
const MAX_HEIGHT = 2400;

/** File name → hash route. */
export const SCREENSHOT_VIEWS: ReadonlyArray<readonly [string, string]> = [
  ['sign-in', ''],
  ['health', 'health'],
  ['health-devices', 'health'],
  ['wall', 'vegg'],
  ['incidents', 'incidents'],
  ['maintenance', 'maintenance?environmentId=lillesand-datapark'],
  ['inventory', 'inventory'],
  ['device', 'inventory/fw-kris-01'],
  ['import', 'import'],
  ['plan', 'plan'],
  ['budget-lines', 'budget-lines'],
  ['audit', 'audit'],
];

async function api(system: RunningSystem, method: string, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- script reads any JSON
  const token = await tokenFor(system, 'admin');
  const response = await fetch(`${system.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** Every demo device with two checks as a sweep leaves them; every 9th warning, every 23rd critical. */
async function seedSweep(system: RunningSystem): Promise<void> {
  const devices = (await api(system, 'GET', `/api/regions/${REGION}/devices?limit=1000`)).items as Array<{ id: string; name: string; kind: DeviceHealth['kind']; environmentId: string }>;
  const at = new Date().toISOString();
  const since = new Date(Date.now() - 26 * HOUR).toISOString();
  const rows = devices.map((device, index): DeviceHealth => {
    const status = index % 23 === 5 ? 'critical' : index % 9 === 4 ? 'warning' : 'ok';
    const check = (name: string, type: CheckState['type'], value: number, unit: string, checkStatus: CheckState['status']): CheckState => ({
      name, type, status: checkStatus, rawStatus: checkStatus, value, unit, observedAt: at, since, failStreak: checkStatus === 'ok' ? 0 : 3, passStreak: checkStatus === 'ok' ? 10 : 0, recent: 'oooooooooo', flapping: false,
    });
    return {
      deviceId: device.id, name: device.name, kind: device.kind, environmentId: device.environmentId, status, since, flapping: false, inMaintenance: false, maintenanceWindowIds: [], drift: [], lastSweepAt: at,
      checks: [check('snmp.cpu', 'snmp', status === 'ok' ? 12 + (index % 30) : 93, '%', status), check('ssh', 'tcp', 2 + (index % 6), 'ms', 'ok')],
    };
  });
  const doc = createDocumentClient({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${system.settings.dynamoDbPort}`, AWS_REGION: 'eu-north-1' });
  try {
    const store = new DynamoDbHealthStore(doc, system.settings.tableName);
    for (const environmentId of new Set(rows.map((row) => row.environmentId))) await store.saveHealth(REGION, environmentId, rows.filter((row) => row.environmentId === environmentId));
  } finally {
    doc.destroy();
  }
  const now = Date.now();
  await api(system, 'POST', `/api/regions/${REGION}/environments/lillesand-datapark/maintenance-windows`, {
    reason: 'Bytte av svitsj', deviceIds: [], schedule: { type: 'one-off', start: new Date(now - HOUR).toISOString(), end: new Date(now + 2 * HOUR).toISOString() },
  });
  await api(system, 'POST', `/api/regions/${REGION}/environments/felles-kristiansand/incidents`, { title: 'Hovedbrannmur 1 svarer ikke på SNMP', deviceId: 'fw-kris-01', severity: 'critical' });
}

export async function takeScreenshots(): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'driftsbilde-screenshots-'));
  const system = await startSystem({ env: { PORT: String(await freePort()), DDB_PORT: String(await freePort()), DATA_DIR: dataDir }, lab: false });
  const browser = await launchChromium();
  const written: string[] = [];
  try {
    await seedSweep(system);
    mkdirSync(OUT, { recursive: true });
    const context = await signedInContext(browser, system, 'admin', { viewport: { width: 1366, height: 768 } });
    context.setDefaultTimeout(120_000);
    const page = await context.newPage();
    for (const [name, route] of SCREENSHOT_VIEWS) {
      if (name === 'sign-in') {
        const visitor = await browser.newPage({ viewport: { width: 1366, height: 768 } });
        await visitor.goto(`${system.url}/`);
        await visitor.getByRole('heading', { name: 'Logg inn' }).waitFor({ timeout: 120_000 });
        await visitor.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
        await visitor.close();
      } else {
        await page.goto(`${system.url}/#/${route}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"], main .loading'), undefined, { timeout: 120_000 });
        if (name === 'health-devices') {
          await page.locator('[data-environment-toggle]').first().click();
          await page.locator('table.devices tbody tr').first().waitFor();
        }
        // The whole page, cut at 2,400 px: a long audit trail or plan says what it is by then.
        const height = Math.min(MAX_HEIGHT, await page.evaluate(() => document.documentElement.scrollHeight));
        await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width: 1366, height } });
      }
      written.push(`docs/screenshots/${name}.png`);
      console.log(`docs/screenshots/${name}.png  (#/${route})`);
    }
  } finally {
    await browser.close();
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await takeScreenshots();
