import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { DataFolderSecrets } from '#shared/adapters/secrets/data-folder-secrets.ts';
import { checkState, deviceHealth } from '../support/health-fixtures.ts';
import { spaces, startBrowserSystem, type BrowserSystem } from './browser-support.ts';

/**
 * Operators edit a device's checks on the device page, in a real browser against the whole local
 * system: type-specific fields, secrets chosen from the environment's names (never typed), the
 * API's refusal of a target outside the environment shown beside the field in words, fields the
 * form does not show kept, removal with a confirmation; and other roles see no controls at all.
 * Also here (one system start for both): resolving an incident whose device still fails asks for a
 * note and warns.
 */
vi.setConfig({ testTimeout: 180_000, expect: { poll: { timeout: 30_000 } } });

let harness: BrowserSystem;
const DEVICE = '/api/regions/kr-ikt/devices';

beforeAll(async () => {
  harness = await startBrowserSystem();
  // The local system reads the checks' secrets from files in SECRETS_DIR (set when it started).
  const secrets = new DataFolderSecrets(process.env.SECRETS_DIR!);
  secrets.put('lillesand-datapark/snmp-community', 'public-value-never-shown');
  secrets.put('lillesand-datapark/snmp-v3', 'v3-value-never-shown');
  secrets.put('lillesand-datapark/restic-password', 'restic-value-never-shown');
  secrets.put('birkenes-datapark/snmp-community', 'birkenes-value');
}, 240_000);

afterAll(async () => {
  await harness?.stop();
});

async function deviceChecks(id: string): Promise<Array<Record<string, unknown>>> {
  const device = await harness.api('GET', `${DEVICE}/${id}`);
  expect(device.status).toBe(200);
  return device.body.monitoring?.checks ?? [];
}

async function openDevice(page: Page, id: string): Promise<void> {
  await page.goto(`${harness.system.url}/#/inventory/${id}`);
  await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 60_000 });
}

const checksSection = (page: Page) => page.locator('section.device-checks');

describe('a device’s checks (nb)', () => {
  it('lets an operator add an SNMP check with a secret chosen from the environment’s names', async () => {
    const page = await harness.newPage();
    await harness.signIn(page, 'Driftsoperatør');
    await openDevice(page, 'rt-lill-01');
    const section = checksSection(page);
    await section.getByText('Enheten har ingen sjekker, så den er ikke overvåket.').waitFor({ timeout: 60_000 });

    await section.getByRole('button', { name: 'Legg til sjekk' }).click();
    await section.getByLabel('Type', { exact: true }).selectOption({ label: 'SNMP' });
    await section.getByLabel('Navn', { exact: true }).fill('snmp');
    await section.getByLabel('Vertsnavn eller IP-adresse').fill('10.20.0.1');
    // The secret is a list of the environment's names, never a text field.
    const secret = section.getByLabel('Hemmelighet');
    await expect.poll(() => secret.locator('option').allInnerTexts()).toEqual(['Velg hemmelighet', 'lillesand-datapark/restic-password', 'lillesand-datapark/snmp-community', 'lillesand-datapark/snmp-v3']);
    expect(await section.locator('input[name="secretRef"]').count()).toBe(0);
    await section.getByText('Hemmelighetene driftsmiljøet Lokal datapark Lillesand har.', { exact: false }).waitFor();
    await secret.selectOption('lillesand-datapark/snmp-community');
    await section.getByLabel('Grensesnitt som må være oppe').fill('WAN, HA');
    await section.getByRole('button', { name: 'Lagre sjekken' }).click();

    await section.getByText('Sjekken snmp er lagret.').waitFor();
    const row = section.locator('table.checks-table tbody tr').first();
    expect((await row.locator('th, td').allInnerTexts()).slice(0, 4).map(spaces)).toEqual(['snmp', 'SNMP', '10.20.0.1:161', 'lillesand-datapark/snmp-community']);
    expect(await deviceChecks('rt-lill-01')).toEqual([
      expect.objectContaining({ type: 'snmp', name: 'snmp', host: '10.20.0.1', port: 161, version: '2c', secretRef: 'lillesand-datapark/snmp-community', interfaces: ['WAN', 'HA'] }),
    ]);
    expect(await page.content()).not.toContain('value-never-shown');
  });

  it('says in Norwegian, beside the field, when the target is outside the environment, and keeps fields it does not show', async () => {
    // A threshold the form does not show, set through the API.
    const before = await harness.api('GET', `${DEVICE}/fw-lill-01`);
    const check = { type: 'snmp', name: 'snmp', host: '10.20.0.2', version: '2c', secretRef: 'lillesand-datapark/snmp-community', cpuPercent: { warning: 70, critical: 90, direction: 'above' } };
    expect((await harness.api('PATCH', `${DEVICE}/fw-lill-01`, { body: { monitoring: { checks: [check] }, version: before.body.version } })).status).toBe(200);

    const page = await harness.newPage();
    await harness.signIn(page, 'Driftsoperatør');
    await openDevice(page, 'fw-lill-01');
    const section = checksSection(page);
    await section.getByRole('button', { name: 'Endre sjekken snmp' }).click();
    const host = section.getByLabel('Vertsnavn eller IP-adresse');
    expect(await host.inputValue()).toBe('10.20.0.2');
    await expect.poll(() => section.getByLabel('Hemmelighet').inputValue()).toBe('lillesand-datapark/snmp-community');
    await host.fill('10.99.0.1');
    await section.getByRole('button', { name: 'Lagre sjekken' }).click();
    const error = section.locator(`#${await host.getAttribute('id')}-error`);
    await expect.poll(() => error.innerText()).toBe('Målet er utenfor driftsmiljøets nett. Bruk en adresse eller et vertsnavn i miljøet.');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('host');

    await host.fill('fw-lill-01.lillesand.kr-ikt.no');
    await section.getByRole('button', { name: 'Lagre sjekken' }).click();
    await section.getByText('Sjekken snmp er lagret.').waitFor();
    expect(await deviceChecks('fw-lill-01')).toEqual([expect.objectContaining({ host: 'fw-lill-01.lillesand.kr-ikt.no', cpuPercent: { warning: 70, critical: 90, direction: 'above' } })]);
  });

  it('adds a TCP check with its own fields, refuses an empty name, and removes a check after asking', async () => {
    const page = await harness.newPage();
    await harness.signIn(page, 'Driftsoperatør');
    await openDevice(page, 'srv-lill-helse-01');
    const section = checksSection(page);
    await section.getByRole('button', { name: 'Legg til sjekk' }).click();
    // TCP is the first type: host, port and timeout, no secret.
    expect(await section.getByLabel('Type', { exact: true }).inputValue()).toBe('tcp');
    expect(await section.getByLabel('Hemmelighet').count()).toBe(0);
    await section.getByLabel('Vertsnavn eller IP-adresse').fill('10.20.0.40');
    await section.getByRole('button', { name: 'Lagre sjekken' }).click();
    await section.getByText('Fyll ut dette feltet.').waitFor();
    expect(await deviceChecks('srv-lill-helse-01')).toEqual([]);

    await section.getByLabel('Navn', { exact: true }).fill('ssh');
    await section.getByLabel('Port').fill('22');
    await section.getByRole('button', { name: 'Lagre sjekken' }).click();
    await section.getByText('Sjekken ssh er lagret.').waitFor();
    expect(await deviceChecks('srv-lill-helse-01')).toEqual([expect.objectContaining({ type: 'tcp', name: 'ssh', host: '10.20.0.40', port: 22, timeoutMs: 5000 })]);

    await section.getByRole('button', { name: 'Fjern sjekken ssh' }).click();
    await section.getByRole('alert').filter({ hasText: 'Fjerne sjekken ssh? Overvåkingen slutter å spørre etter den.' }).waitFor();
    await section.getByRole('button', { name: 'Fjern', exact: true }).click();
    await section.getByText('Sjekken ssh er fjernet.').waitFor();
    expect(await deviceChecks('srv-lill-helse-01')).toEqual([]);
  });

  it('shows no check controls to a municipality or a budget owner', async () => {
    for (const [role, member] of [['Kommune', 'Lillesand kommune'], ['Budsjetteier', undefined]] as const) {
      const page = await harness.newPage();
      await harness.signIn(page, role, member);
      await openDevice(page, 'rt-lill-01');
      // The page is drawn at once with the device's name: the checks section would be there now.
      await page.getByRole('heading', { level: 1, name: 'Ruter Lillesand' }).waitFor({ timeout: 60_000 });
      expect(await page.getByRole('heading', { name: 'Sjekker', exact: true }).count(), role).toBe(0);
      expect(await page.getByRole('button', { name: 'Legg til sjekk' }).count(), role).toBe(0);
      expect(await page.getByRole('button', { name: 'Endre sjekken snmp' }).count(), role).toBe(0);
    }
  });
});

describe('a device’s checks (en)', () => {
  it('adds a restic check in English with the secret chosen from the list', async () => {
    const page = await harness.newPage();
    await page.addInitScript(() => localStorage.setItem('driftsbilde.language', 'en'));
    await page.goto(`${harness.system.url}/`);
    await page.getByRole('radio', { name: 'Operator', exact: true }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await openDevice(page, 'bk-lill-01');
    const section = checksSection(page);
    await section.getByRole('heading', { name: 'Checks', exact: true }).waitFor({ timeout: 60_000 });
    await section.getByText('The device has no checks, so it is not monitored.').waitFor();
    await section.getByRole('button', { name: 'Add a check' }).click();
    await section.getByLabel('Type', { exact: true }).selectOption({ label: 'Restic backup' });
    await section.getByLabel('Name', { exact: true }).fill('backup');
    await section.getByLabel('Restic repository').fill('sftp:backup@10.20.0.9:/srv/restic');
    await section.getByLabel('Also run “restic check”').check();
    const secret = section.getByLabel('Secret', { exact: true });
    await expect.poll(() => secret.locator('option').count()).toBe(4);
    await secret.selectOption('lillesand-datapark/restic-password');
    await section.getByRole('button', { name: 'Save the check' }).click();
    await section.getByText('The check backup is saved.').waitFor();
    expect(await deviceChecks('bk-lill-01')).toEqual([
      expect.objectContaining({ type: 'restic', name: 'backup', repository: 'sftp:backup@10.20.0.9:/srv/restic', secretRef: 'lillesand-datapark/restic-password', runCheck: true, timeoutMs: 30000 }),
    ]);
  });
});

/** The board row of a device that is critical now, as a sweep would leave it. */
async function seedCritical(deviceId: string, environmentId: string, name: string): Promise<void> {
  const at = new Date(Date.now() - 60_000).toISOString();
  const store = new DynamoDbHealthStore(harness.doc, harness.tableName);
  const check = checkState('ping', at, { status: 'critical', rawStatus: 'critical', failStreak: 5, passStreak: 0, recent: 'ccccc', message: 'no answer' });
  await store.saveHealth('kr-ikt', environmentId, [deviceHealth(deviceId, at, { name, kind: 'server', environmentId, status: 'critical', checks: [check] })]);
}

async function openIncident(environmentId: string, deviceId: string, title: string): Promise<string> {
  const created = await harness.api('POST', `/api/regions/kr-ikt/environments/${environmentId}/incidents`, { body: { title, deviceId, severity: 'critical' } });
  expect(created.status).toBe(201);
  return `/api/regions/kr-ikt/environments/${environmentId}/incidents/${created.body.id}`;
}

describe('resolving an incident whose device still fails', () => {
  it('nb: warns, asks for a note, refuses an empty one, and resolves with the note', async () => {
    await seedCritical('srv-lill-01', 'lillesand-datapark', 'Server Lillesand 1');
    const path = await openIncident('lillesand-datapark', 'srv-lill-01', 'Server Lillesand 1 svarer ikke');
    const page = await harness.newPage();
    await harness.signIn(page, 'Driftsoperatør');
    await page.goto(`${harness.system.url}/#/incidents?environmentId=lillesand-datapark`);
    const row = page.getByRole('row').filter({ hasText: 'Server Lillesand 1 svarer ikke' });
    await row.getByRole('button', { name: 'Løs' }).click({ timeout: 60_000 });
    await row.getByRole('alert').filter({ hasText: 'Server Lillesand 1 feiler fortsatt (status: kritisk).' }).waitFor();
    expect((await harness.api('GET', path)).body.state).toBe('open'); // nothing sent yet

    await row.getByRole('button', { name: 'Løs likevel' }).click();
    await page.getByText('Skriv et notat før du løser et avvik for en enhet som fortsatt feiler.').waitFor();
    expect((await harness.api('GET', path)).body.state).toBe('open');

    await row.getByLabel('Notat: hvorfor løses avviket nå?').fill('Byttet disk, venter på neste sjekk.');
    await row.getByRole('button', { name: 'Løs likevel' }).click();
    await page.getByText('Avviket er løst med notatet ditt. Feiler enheten fortsatt ved neste sjekk, åpnes et nytt avvik.').waitFor();
    const resolved = (await harness.api('GET', path)).body;
    expect(resolved.state).toBe('resolved');
    expect(resolved.timeline.at(-1).text).toContain('Byttet disk, venter på neste sjekk.');
  });

  it('en: the same warning in English; a device that is fine resolves at once', async () => {
    await seedCritical('srv-lill-02', 'lillesand-datapark', 'Server Lillesand 2');
    await openIncident('lillesand-datapark', 'srv-lill-02', 'Server Lillesand 2 is down');
    const fine = await openIncident('lillesand-datapark', 'srv-lill-03', 'Server Lillesand 3 was slow'); // no board row: not failing
    const page = await harness.newPage();
    await page.addInitScript(() => localStorage.setItem('driftsbilde.language', 'en'));
    await page.goto(`${harness.system.url}/`);
    await page.getByRole('radio', { name: 'Operator', exact: true }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${harness.system.url}/#/incidents?environmentId=lillesand-datapark`);
    const row = page.getByRole('row').filter({ hasText: 'Server Lillesand 2 is down' });
    await row.getByRole('button', { name: 'Resolve' }).click({ timeout: 60_000 });
    await row.getByRole('alert').filter({ hasText: 'Server Lillesand 2 is still failing (status: critical).' }).waitFor();
    await row.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('row').filter({ hasText: 'Server Lillesand 3 was slow' }).getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(async () => (await harness.api('GET', fine)).body.state).toBe('resolved');
  });
});
