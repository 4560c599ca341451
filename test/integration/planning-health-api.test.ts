import { beforeAll, describe, expect, it } from 'vitest';
import { handlerHarness } from '../support/api.ts';
import { deviceBody, loadDemoRegion } from '../support/demo.ts';
import { rollup } from '../support/health-fixtures.ts';

/**
 * Rule 4 of the reinvestment plan, end to end: roll-ups and incidents stored as the monitor
 * stores them pull a device forward through the deployed handlers (which read "today" from the
 * clock, so the data is placed relative to today, UTC).
 */
type Harness = Awaited<ReturnType<typeof handlerHarness>>;
let api: Harness;
const region = '/api/regions/kr-ikt';
const plan = `${region}/reinvestment-plan`;
const DAY_MS = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const midnight = Date.parse(`${today}T00:00:00.000Z`);
/** An instant `days` before today's midnight, at 10:00 UTC. */
const daysAgo = (days: number) => new Date(midnight - days * DAY_MS + 10 * 3_600_000).toISOString();
// Servers live 5 years in KR-IKT: bought last June, due in June four years from now (outside a 4-year plan's first year).
const purchaseDate = `${year - 1}-06-01`;
const period = `from=${year}&to=${year + 4}`;

beforeAll(async () => {
  api = await handlerHarness();
  const { DynamoDbHealthStore } = await import('#shared/adapters/dynamodb/health-store.ts');
  const { DynamoDbIncidentStore } = await import('#shared/adapters/dynamodb/incident-store.ts');
  const { newIncidentId, openManualIncident } = await import('#shared/domain/health/incidents.ts');
  await loadDemoRegion(api);

  for (const id of ['srv-helse-sick', 'srv-helse-flaky', 'srv-helse-steady']) {
    const created = await api.call('POST', `${region}/devices`, {
      body: deviceBody({ id, environmentId: 'felles-kristiansand', purchaseDate, purchaseCostNok: 200_000, payer: { type: 'member', memberId: 'kristiansand' } }),
      as: { role: 'operator' },
    });
    expect(created.status).toBe(201);
  }

  const health = new DynamoDbHealthStore(api.doc, api.tableName);
  // sick: ten observed hours in the last ten days, 60 sweeps each, 6 of them critical: exactly 10 %.
  // steady: the same hours with 54 of their 600 sweeps critical (9 %), and an all-critical hour 95 days ago that
  // would lift it to 17 % if the 90 days did not end where they do.
  await health.writeHistory('kr-ikt', [], [
    ...Array.from({ length: 10 }, (_, i) => rollup('srv-helse-sick', daysAgo(i + 1), 60, 6)),
    ...Array.from({ length: 10 }, (_, i) => rollup('srv-helse-steady', daysAgo(i + 1), 60, i === 0 ? 0 : 6)),
    rollup('srv-helse-steady', daysAgo(95), 60, 60),
  ]);

  const incidents = new DynamoDbIncidentStore(api.doc, api.tableName);
  const incident = (deviceId: string, at: string, planned = false) =>
    incidents.create(
      'kr-ikt',
      openManualIncident({ id: newIncidentId(new Date(at)), environmentId: 'felles-kristiansand', deviceId, title: `${deviceId} down`, severity: 'critical', by: 'op', at, planned }),
    );
  // flaky: three incidents in the last 365 days, and never observed by a sweep.
  for (const days of [10, 100, 300]) await incident('srv-helse-flaky', daysAgo(days));
  // steady: two incidents, a planned one and one 400 days ago: still below three.
  await incident('srv-helse-steady', daysAgo(5));
  await incident('srv-helse-steady', daysAgo(50));
  await incident('srv-helse-steady', daysAgo(20), true);
  await incident('srv-helse-steady', daysAgo(400));
});

describe('planning API: health pull-forward from the monitor’s data', () => {
  it('pulls a device critical for 10 % of the observed time, and one with 3 incidents, into this year with reason health', async () => {
    const response = await api.call('GET', `${plan}?${period}`, { as: { role: 'budget-owner' } });
    expect(response.status).toBe(200);
    const item = (id: string) => response.body.items.find((i: { deviceId: string }) => i.deviceId === id);
    expect(item('srv-helse-sick')).toMatchObject({ reason: 'health', dueDate: today, budgetYear: year, overdue: false, shares: [{ memberId: 'kristiansand', fraction: 1 }] });
    expect(item('srv-helse-flaky')).toMatchObject({ reason: 'health', dueDate: today, budgetYear: year });
    // Below both thresholds: stays where its lifetime puts it.
    expect(item('srv-helse-steady')).toMatchObject({ reason: 'lifetime', dueDate: `${year + 4}-06-01`, budgetYear: year + 4 });
  });

  it('explains the pull-forward with the figures, as a share of the observed time', async () => {
    const response = await api.call('GET', `${plan}/items/srv-helse-sick?${period}`, { as: { role: 'member', memberId: 'kristiansand' } });
    expect(response.status).toBe(200);
    expect(response.body.inputs.health).toEqual({ criticalFractionLast90Days: 0.1, incidentsLast365Days: 0, observedSweepsLast90Days: 600, criticalSweepsLast90Days: 60 });
    const step = response.body.steps.find((s: { rule: string }) => s.rule === 'health');
    expect(step).toMatchObject({
      step: 4,
      value: true,
      explanation: `critical 10 % of the observed time in the last 90 days (60 of 600 sweeps), 0 incidents in the last 365 days: due no later than this year, so due ${today}`,
      details: { criticalFractionLast90Days: 0.1, criticalSweepsLast90Days: 60, observedSweepsLast90Days: 600, incidentsLast365Days: 0, currentYear: year },
    });
    expect(response.body.item).toMatchObject({ reason: 'health', budgetYear: year, dueDate: today });

    const flaky = await api.call('GET', `${plan}/items/srv-helse-flaky?${period}`);
    expect(flaky.body.inputs.health).toEqual({ criticalFractionLast90Days: null, incidentsLast365Days: 3 });
    expect(flaky.body.steps.find((s: { rule: string }) => s.rule === 'health').explanation).toBe(
      `not observed by any sweep in the last 90 days, 3 incidents in the last 365 days: due no later than this year, so due ${today}`,
    );
  });

  it('explains why a device below the thresholds stays, and shows no figures for a device with no health data', async () => {
    const steady = await api.call('GET', `${plan}/items/srv-helse-steady?${period}`);
    expect(steady.body.inputs.health).toEqual({ criticalFractionLast90Days: 0.09, incidentsLast365Days: 2, observedSweepsLast90Days: 600, criticalSweepsLast90Days: 54 });
    expect(steady.body.steps.find((s: { rule: string }) => s.rule === 'health')).toMatchObject({ value: false, explanation: expect.stringMatching(/below the thresholds/) });
    expect(steady.body.item).toMatchObject({ reason: 'lifetime', budgetYear: year + 4 });

    const demo = await api.call('GET', `${plan}/items/pf-sharepoint?${period}`);
    expect(demo.status).toBe(200);
    expect(demo.body.inputs.health).toBeNull();
    expect(demo.body.steps.find((s: { rule: string }) => s.rule === 'health').explanation).toMatch(/^no health figures for this device/);
  });
});
