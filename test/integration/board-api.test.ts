import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { handlerHarness } from '../support/api.ts';
import { checkState, deviceHealth } from '../support/health-fixtures.ts';

/**
 * The region board (`GET /api/regions/{regionId}/board`): region, environments and device states
 * in one answer, through the deployed handler and the redaction stage, against DynamoDB Local.
 */
describe('region board API', () => {
  let api: Awaited<ReturnType<typeof handlerHarness>>;
  const at = '2026-03-02T10:00:00.000Z';

  beforeAll(async () => {
    api = await handlerHarness();
    await api.call('POST', '/api/regions', { body: { id: 'kr', name: 'KR-IKT' } });
    await api.call('POST', '/api/regions/kr/members', { body: { id: 'lillesand', name: 'Lillesand', joinedOn: '2010-01-01', reason: 'test member' } });
    for (const id of ['kris', 'arendal']) await api.call('POST', '/api/regions/kr/environments', { body: { id, name: `Drift ${id}`, site: `Site ${id}`, key: { type: 'equal' } } });
    const store = new DynamoDbHealthStore(api.doc, api.tableName);
    // A probe message naming its target: operators read it as it is, members with the target hidden.
    const failing = checkState('https', at, { type: 'http', status: 'critical', rawStatus: 'critical', message: 'GET https://fw-1.kris.kr-ikt.no:8443/ timed out' });
    await store.saveHealth('kr', 'kris', [
      deviceHealth('sw-1', at, { name: 'Switch 1', kind: 'switch', environmentId: 'kris' }),
      deviceHealth('fw-1', at, { name: 'Brannmur 1', kind: 'firewall', environmentId: 'kris', status: 'critical', checks: [failing] }),
    ]);
  });

  it('carries the region, every environment with its counts, and each device’s state, ordered by kind and name', async () => {
    const board = await api.call('GET', '/api/regions/kr/board', { as: { role: 'operator' } });
    expect(board.status).toBe(200);
    expect(board.body.region).toEqual({ id: 'kr', name: 'KR-IKT' });
    expect(board.body.environments.map((e: { environmentId: string }) => e.environmentId).sort()).toEqual(['arendal', 'kris']);
    const kris = board.body.environments.find((e: { environmentId: string }) => e.environmentId === 'kris');
    expect(kris).toMatchObject({ name: 'Drift kris', site: 'Site kris', devices: 2, byStatus: { ok: 1, critical: 1, warning: 0, unknown: 0 } });
    expect(kris.items.map((item: { deviceId: string; status: string }) => [item.deviceId, item.status])).toEqual([
      ['fw-1', 'critical'],
      ['sw-1', 'ok'],
    ]);
    // Only what the board draws: the device page reads drift, observed facts and backups itself.
    expect(Object.keys(kris.items[0]).sort()).toEqual(['checks', 'deviceId', 'flapping', 'inMaintenance', 'kind', 'name', 'since', 'status']);
    // A check as a row draws it, nothing of its streaks, times or type.
    expect(kris.items[0].checks[0]).toEqual({ name: 'https', status: 'critical', value: 1.2, unit: 'ms', message: 'GET https://fw-1.kris.kr-ikt.no:8443/ timed out' });
    // Where the server's time went, for the dashboard's resource timing and the benchmark.
    expect(board.headers['server-timing']).toMatch(/^read;dur=[\d.]+, build;dur=[\d.]+, json;dur=[\d.]+$/);
    const arendal = board.body.environments.find((e: { environmentId: string }) => e.environmentId === 'arendal');
    expect(arendal).toMatchObject({ devices: 0, items: [], lastSweepAt: null });
  });

  it('reads only what the board shows: no drift, facts or backup jobs, the backup age still counted', async () => {
    const store = new DynamoDbHealthStore(api.doc, api.tableName);
    const backupCheck = checkState('backup', at, { type: 'backup-coverage' });
    await store.saveHealth('kr', 'arendal', [
      deviceHealth('nas-1', at, {
        name: 'NAS 1',
        kind: 'storage',
        environmentId: 'arendal',
        checks: [backupCheck],
        drift: [{ field: 'firmware', kind: 'mismatch', registered: '1.0', observed: '1.1', observedAt: at }],
        observed: { observedAt: at, firmware: '1.1' },
        maintenanceWindowIds: ['w-1'],
      }),
    ]);
    // Backed up successfully 6 hours before the board is read; the job list is the device page's.
    const lastSuccessAt = new Date(Date.now() - 6 * 3_600_000).toISOString();
    await store.saveBackup('kr', 'arendal', 'nas-1', { lastSuccessAt, recent: [{ job: 'nightly', result: 'success', start: lastSuccessAt, end: lastSuccessAt }], updatedAt: lastSuccessAt }, 0);
    const [entry] = await store.readBoardView('kr', 'arendal');
    expect(Object.keys(entry?.health ?? {}).sort()).toEqual(['checks', 'deviceId', 'flapping', 'inMaintenance', 'kind', 'lastSweepAt', 'name', 'since', 'status']);
    expect(entry?.backup).toEqual({ lastSuccessAt });
    // The latest item's measurements are merged in, as on the full board.
    expect(entry?.health?.checks[0]).toMatchObject({ name: 'backup', rawStatus: 'ok', value: 1.2, failStreak: 0, passStreak: 1 });
    const board = await api.call('GET', '/api/regions/kr/board', { as: { role: 'operator' } });
    const arendal = board.body.environments.find((e: { environmentId: string }) => e.environmentId === 'arendal');
    expect(arendal.backup).toMatchObject({ required: 1, missing: 0, neverBackedUp: 0, worstAgeHours: 6 });
  });

  it('shows a member the same board with check targets hidden (the redaction stage applies)', async () => {
    const board = await api.call('GET', '/api/regions/kr/board', { as: { role: 'member', memberId: 'lillesand' } });
    expect(board.status).toBe(200);
    const kris = board.body.environments.find((e: { environmentId: string }) => e.environmentId === 'kris');
    expect(kris.items[0].checks[0].message).toBe('GET [target hidden] timed out');
    expect(board.text).not.toContain('kr-ikt.no');
  });

  it('answers 404 for an unknown region, 401 without a token and 403 for a token of another region', async () => {
    expect((await api.call('GET', '/api/regions/nope/board')).status).toBe(404);
    expect((await api.call('GET', '/api/regions/kr/board', { as: 'anonymous' })).status).toBe(401);
    expect((await api.call('GET', '/api/regions/kr/board', { as: { role: 'operator', regionIds: 'other' } })).status).toBe(403);
  });
});
