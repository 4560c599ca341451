import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { nb } from '../../web/src/i18n/nb.ts';
import { checkState, deviceHealth } from '../support/health-fixtures.ts';
import { seedHealth, spaces, startBrowserSystem, type BrowserSystem } from './browser-support.ts';

/**
 * No English word left in the Norwegian UI: walks every view in nb as an operator (who sees the
 * most), with health, an incident, an open plan explanation and the chart's table, and fails on
 * any visible word from a list of common English words, unless the nb dictionary itself uses that
 * word (a loan word it allows). What it finds is printed with the view and the text around it.
 */
vi.setConfig({ testTimeout: 600_000, expect: { poll: { timeout: 60_000 } } });

/** English words that are not Norwegian; any of these on an nb screen is a missed translation. */
const ENGLISH_WORDS = [
  'the', 'and', 'of', 'with', 'from', 'not', 'critical', 'resolved', 'failed', 'failing', 'error', 'warning', 'loading',
  'unknown', 'device', 'devices', 'check', 'checks', 'since', 'days', 'hours', 'minutes', 'incident', 'incidents', 'opened',
  'acknowledged', 'monitoring', 'environment', 'member', 'members', 'budget', 'items', 'shared', 'lifetime', 'cost', 'years',
  'health', 'timeout', 'refused', 'secret', 'missing', 'overdue', 'headroom', 'overrun', 'purchased', 'replacement', 'vendor',
  'support', 'rounding', 'needed', 'payer', 'pays', 'below', 'above', 'thresholds', 'key', 'served', 'planned', 'recovered',
  'again', 'after', 'before', 'sweep', 'none', 'yes', 'show', 'save', 'cancel', 'delete', 'edit', 'add', 'remove', 'search',
  'filter', 'total', 'year', 'explain', 'download', 'sign', 'out', 'back', 'next', 'previous', 'name', 'status', 'open',
];

/** Words the nb dictionary itself uses are allowed (loan words such as "status" or "server"). */
const DICTIONARY_WORDS = new Set(Object.values(nb).flatMap((text) => words(text)));
const FORBIDDEN = ENGLISH_WORDS.filter((word) => !DICTIONARY_WORDS.has(word));

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-zæøåé]+/u).filter(Boolean);
}

let harness: BrowserSystem;

beforeAll(async () => {
  harness = await startBrowserSystem();
  const board = await seedHealth(harness, 'fw-kris-01', 'felles-kristiansand');
  // A router up 37 days, its message as the SNMP probe writes it (English, for API clients).
  const at = board.lastSweepAt;
  const uptime = checkState('snmp.uptime', at, { type: 'snmp', value: 37 * 86_400, unit: 's', message: 'up 37 days' });
  await new DynamoDbHealthStore(harness.doc, harness.tableName).saveHealth('kr-ikt', 'felles-kristiansand', [
    board,
    deviceHealth('rt-kris-01', at, { name: 'Hovedruter 1', kind: 'router', environmentId: 'felles-kristiansand', checks: [uptime] }),
  ]);
  const incident = await harness.api('POST', '/api/regions/kr-ikt/environments/felles-kristiansand/incidents', {
    body: { title: 'Hovedbrannmur 1 svarer ikke', deviceId: 'fw-kris-01', severity: 'critical' },
  });
  expect(incident.status).toBe(201);
  await harness.api('POST', `/api/regions/kr-ikt/environments/felles-kristiansand/incidents/${incident.body.id}/acknowledge`, { body: {} });
}, 300_000);

afterAll(async () => {
  await harness?.stop();
});

/** Waits until the view has drawn: its heading is there and nothing is loading any more. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor({ timeout: 60_000 });
  await expect.poll(() => page.locator('[aria-busy="true"], .loading').count()).toBe(0);
}

interface Finding {
  view: string;
  word: string;
  context: string;
}

async function englishOn(page: Page, view: string): Promise<Finding[]> {
  // `code` shows identifiers as they are in the API (a changed field's name, a share formula): not prose.
  await page.evaluate(() => document.querySelectorAll('code').forEach((code) => (code.textContent = '')));
  const text = await page.locator('body').innerText();
  const findings: Finding[] = [];
  for (const line of text.split('\n')) {
    for (const word of new Set(words(line))) {
      if (FORBIDDEN.includes(word)) findings.push({ view, word, context: line.trim().slice(0, 160) });
    }
  }
  return findings;
}

describe('the Norwegian UI', () => {
  it('shows no English word on any view', async () => {
    expect(FORBIDDEN.length).toBeGreaterThan(50); // the list is not emptied by the dictionary
    const page = await harness.newPage();
    await harness.signIn(page, 'Driftsoperatør');
    const base = harness.system.url;
    const findings: Finding[] = [];
    const visit = async (view: string, path: string, after?: () => Promise<void>) => {
      await page.goto(`${base}/#/${path}`);
      await settled(page);
      if (after) await after();
      findings.push(...(await englishOn(page, view)));
    };

    await visit('helse', 'health', async () => {
      // Every environment opened, so every device's checks are on screen.
      const show = page.getByRole('button', { name: 'Vis enheter' });
      for (let left = await show.count(); left > 0; left--) await show.first().click();
      await expect.poll(async () => spaces(await page.locator('main').innerText())).toContain('snmp.uptime: oppe i 37 dager');
    });
    await visit('avvik', 'incidents?state=all', async () => {
      for (const summary of await page.locator('details > summary').all()) await summary.click();
    });
    await visit('vedlikehold', 'maintenance');
    await visit('inventar', 'inventory');
    await visit('enhet', 'inventory/fw-kris-01', async () => {
      await page.locator('section.history svg.chart').first().waitFor({ timeout: 60_000 });
    });
    await visit('import', 'import');
    await visit('plan', 'plan', async () => {
      await page.getByText('Tallene i diagrammet som tabell').click();
      await page.getByRole('button', { name: /^Forklar / }).first().click();
      await page.locator('aside#plan-explanation ol.steps li').first().waitFor({ timeout: 60_000 });
    });
    await visit('budsjettrammer', 'budget-lines');
    await visit('endringslogg', 'audit');
    await page.goto(`${base}/#/vegg`);
    await page.locator('main').first().waitFor();
    await expect.poll(() => page.locator('[aria-busy="true"], .loading').count()).toBe(0);
    findings.push(...(await englishOn(page, 'vegg')));

    if (findings.length > 0) {
      console.log(`English words on the Norwegian screens (${findings.length}):`);
      for (const finding of findings) console.log(`  ${finding.view}: «${finding.word}» in «${finding.context}»`);
    } else {
      console.log(`No English word found on 10 views (${FORBIDDEN.length} words checked).`);
    }
    expect(findings).toEqual([]);
  });
});
