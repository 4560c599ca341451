import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { DynamoDbIncidentStore } from '#shared/adapters/dynamodb/incident-store.ts';
import { openAutomaticIncident, resolveIncident } from '#shared/domain/health/incidents.ts';
import { checkMessage, incidentTitle, timelineText } from '#shared/messages/health.ts';
import { checkState, deviceHealth } from '../support/health-fixtures.ts';
import { startBrowserSystem, type BrowserSystem } from './browser-support.ts';

/**
 * The monitor's texts in the reader's language (issue 11, "Norwegian throughout"): a device page
 * whose checks say "oppe i 37 dager", and an automatic incident whose title and timeline read in
 * bokmål and switch to English. The rows a sweep and the monitor would write are seeded through
 * the store adapters with the same builders the sweep uses (codes and raw parameters).
 */
const WAIT = { timeout: 60_000 };
const ENVIRONMENT = 'felles-kristiansand';
const DEVICE = 'fw-kris-01';
const UPTIME = 37 * 86_400 + 5 * 3_600;

let harness: BrowserSystem;

beforeAll(async () => {
  harness = await startBrowserSystem();
  const at = new Date().toISOString();
  const since = new Date(Date.now() - 3_600_000).toISOString();
  const health = new DynamoDbHealthStore(harness.doc, harness.tableName);
  const { skipped } = await health.saveHealth('kr-ikt', ENVIRONMENT, [
    deviceHealth(DEVICE, at, {
      environmentId: ENVIRONMENT,
      name: 'Hovedbrannmur 1 (HA)',
      kind: 'firewall',
      status: 'critical',
      since,
      checks: [
        checkState('snmp.uptime', at, { type: 'snmp', value: UPTIME, unit: 's', since, ...checkMessage('check.uptime', { seconds: UPTIME }) }),
        checkState('snmp.if-wan', at, {
          type: 'snmp',
          status: 'critical',
          rawStatus: 'critical',
          value: 'down',
          unit: undefined,
          since,
          failStreak: 3,
          passStreak: 0,
          recent: 'ccc',
          ...checkMessage('check.interface-state', { name: 'wan', state: 'down', stateTextCode: 'check.if-state.down' }),
        }),
      ],
    }),
  ]);
  expect(skipped).toEqual([]);
  const incidents = new DynamoDbIncidentStore(harness.doc, harness.tableName);
  const wanDown = { check: 'snmp.if-wan', ...checkMessage('check.interface-state', { name: 'wan', state: 'down', stateTextCode: 'check.if-state.down' }) };
  const opened = openAutomaticIncident('inc-20261127t200000000-abc123', ENVIRONMENT, DEVICE, since, {
    action: 'open',
    ...incidentTitle('Hovedbrannmur 1 (HA)', ['snmp.if-wan']),
    checks: ['snmp.if-wan'],
    planned: false,
    flapping: false,
    entries: [{ at: since, type: 'opened', ...timelineText('incident.opened', {}, [wanDown]) }],
  });
  await incidents.create('kr-ikt', resolveIncident(opened, undefined, at, timelineText('incident.resolved-by-monitor', { count: 2 })));
}, 240_000);

afterAll(async () => {
  await harness?.stop();
});

async function signedIn(): Promise<Page> {
  const page = await harness.newPage();
  await harness.signIn(page, 'Driftsoperatør');
  return page;
}

const text = (page: Page, selector: string) => page.locator(selector).innerText().then((value) => value.replace(/\s+/g, ' '));

describe('health texts in nb and en', () => {
  it('a device page says its checks in bokmål and in English on the switch', async () => {
    const page = await signedIn();
    await page.goto(`${harness.system.url}/#/inventory/${DEVICE}`);
    await expect.poll(() => text(page, 'section.device-status'), WAIT).toContain('snmp.uptime – oppe i 37 dager');
    const nb = await text(page, 'section.device-status');
    expect(nb).toContain('snmp.if-wan – wan er nede');
    expect(nb).not.toMatch(/\bup 37 days\b|\bis down\b/);
    await page.getByRole('button', { name: 'In English' }).click();
    await expect.poll(() => text(page, 'section.device-status'), WAIT).toContain('snmp.uptime – up 37 days');
    expect(await text(page, 'section.device-status')).toContain('snmp.if-wan – wan is down');
  }, 240_000);

  it('an incident’s title and timeline read in bokmål and switch to English', async () => {
    const page = await signedIn();
    await page.goto(`${harness.system.url}/#/incidents?state=all&environmentId=${ENVIRONMENT}`);
    const row = page.locator('tr', { hasText: 'snmp.if-wan kritisk' });
    await row.first().waitFor(WAIT);
    expect(await row.first().innerText()).toContain('Hovedbrannmur 1 (HA): snmp.if-wan kritisk');
    await row.first().locator('summary').click();
    const timeline = () => row.first().locator('ol.timeline').innerText().then((value) => value.replace(/\s+/g, ' '));
    await expect.poll(timeline, WAIT).toContain('Åpnet av overvåkingen: snmp.if-wan: wan er nede');
    expect(await timeline()).toContain('Løst av overvåkingen: ingen sjekk er kritisk lenger (hver besto 2 ganger på rad)');

    await page.getByRole('button', { name: 'In English' }).click();
    const enRow = page.locator('tr', { hasText: 'snmp.if-wan critical' }).first();
    await enRow.waitFor(WAIT);
    expect(await enRow.innerText()).toContain('Hovedbrannmur 1 (HA): snmp.if-wan critical');
    if (!(await enRow.locator('ol.timeline').isVisible())) await enRow.locator('summary').click();
    const enTimeline = () => enRow.locator('ol.timeline').innerText().then((value) => value.replace(/\s+/g, ' '));
    await expect.poll(enTimeline, WAIT).toContain('snmp.if-wan: wan is down');
    expect(await enTimeline()).toContain('recovered: no check is critical any more (each passed 2 times in a row); resolved by the monitor');
  }, 240_000);
});
