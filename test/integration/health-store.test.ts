import { BatchWriteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchWrite, type BatchWriteStats } from '#shared/adapters/dynamodb/batch-writer.ts';
import { healthKeys, sampleKeys } from '#shared/adapters/dynamodb/health-keys.ts';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { DynamoDbIncidentStore } from '#shared/adapters/dynamodb/incident-store.ts';
import { VersionConflictError } from '#shared/domain/errors.ts';
import { mergeBackupJobs } from '#shared/domain/health/backup-coverage.ts';
import { acknowledgeIncident, openManualIncident, resolveIncident } from '#shared/domain/health/incidents.ts';
import { rollupHour, sampleBucketOf } from '#shared/domain/health/samples.ts';
import { evaluateDevice } from '#shared/domain/health/evaluate.ts';
import type { DeviceHealth } from '#shared/domain/health/device-status.ts';
import type { CheckResult } from '#shared/domain/health/probe.ts';
import { freshTable } from '../support/dynamodb.ts';
import { deviceHealth } from '../support/health-fixtures.ts';

/** What a firewall's SNMP sweep measures: uptime, CPU, storage, a few interfaces, HA state. */
function firewallResults(at: string): CheckResult[] {
  const names = ['snmp.uptime', 'snmp.cpu', 'snmp.storage', 'snmp.if-wan1', 'snmp.if-wan2', 'snmp.if-lan', 'snmp.if-ha', 'snmp.ha-state', 'https.latency', 'https.certificate-days', 'ping'];
  return names.map((name, index) => ({ name, type: 'snmp', status: index === 3 ? 'warning' : 'ok', value: 1000 + index * 3.75, observedAt: at }));
}

describe('DynamoDB health store', () => {
  let doc: DynamoDBDocumentClient;
  let tableName: string;
  let store: DynamoDbHealthStore;
  let batches: BatchWriteStats[];
  beforeAll(async () => {
    const table = await freshTable('health');
    doc = table.doc;
    tableName = table.tableName;
    batches = [];
    store = new DynamoDbHealthStore(doc, tableName, { batch: { measureCapacity: true }, onBatchWrite: (stats) => batches.push(stats) });
  });

  it('keeps each device’s latest health in one item and never lets an older sweep overwrite a newer one', async () => {
    await store.saveHealth('r', 'e', [deviceHealth('a', '2025-03-14T10:01:00.000Z'), deviceHealth('b', '2025-03-14T10:01:00.000Z')]);
    const result = await store.saveHealth('r', 'e', [deviceHealth('a', '2025-03-14T10:00:00.000Z', { status: 'critical' }), deviceHealth('b', '2025-03-14T10:02:00.000Z', { status: 'warning' })]);
    expect(result.skipped).toEqual(['a']);
    const board = await store.readBoard('r', 'e');
    expect(board.map((entry) => [entry.deviceId, entry.health?.status])).toEqual([
      ['a', 'ok'],
      ['b', 'warning'],
    ]);
    // Layout attributes stay inside the adapter.
    expect(board[0]?.health).not.toHaveProperty('pk');
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: healthKeys.health('r', 'e', 'a') }));
    expect(Item).toMatchObject({ pk: 'REGION#r#ENV#e#HEALTH', sk: 'DEVICE#a', entity: 'health', deviceId: 'a' });
  });

  it('writes a steady device’s board row at one write unit per sweep: its state only when it changes, its measurements every sweep', async () => {
    const units: number[] = [];
    const measured = new DynamoDbHealthStore(doc, tableName, { batch: { measureCapacity: true }, onBatchWrite: (stats) => units.push(stats.consumedWriteUnits) });
    const device = { id: 'fw-steady', name: 'Brannmur Kristiansand 01', kind: 'firewall', environmentId: 'steady', firmware: '7.2.5', serial: 'FG60F0000', monitoring: { checks: [], failuresToAlert: 3, passesToRecover: 2 } } as never;
    let previous: DeviceHealth | undefined;
    const perSweep: number[][] = [];
    const sweepAt = (minute: number) => new Date(Date.parse('2025-03-14T10:00:00Z') + minute * 60_000).toISOString();
    for (let minute = 0; minute < 4; minute++) {
      const at = sweepAt(minute);
      // Values and messages move every sweep; at minute 3 the CPU turns critical (a state change).
      const results = firewallResults(at).map((result, index) => ({
        ...result,
        value: 1000 + index * 3.75 + minute,
        status: minute === 3 && result.name === 'snmp.cpu' ? ('critical' as const) : result.status,
        message: `${result.name}: ${1000 + index * 3.75 + minute} ms`,
      }));
      const { health } = evaluateDevice({ device, results, sweepAt: at, activeWindowIds: [], facts: { firmware: '7.2.5', serial: 'FG60F0000' }, ...(previous ? { previous } : {}) } as never);
      units.length = 0;
      await measured.saveHealth('r', 'steady', [health], previous ? new Map([[health.deviceId, previous]]) : undefined);
      perSweep.push([...units]);
      const [entry] = await measured.readBoard('r', 'steady');
      // What the board reads back is exactly what the sweep evaluated.
      expect(entry?.health).toEqual(JSON.parse(JSON.stringify(health)));
      previous = entry?.health;
    }
    // First sweep: latest (1 unit) and state (1–2 KB, 2 units); steady sweeps: latest only, 1 unit
    // (the one-item row was 3.3 KB, 4 units, every sweep); the CPU's change writes the state again.
    expect(perSweep).toEqual([[1, 2], [1], [1], [1, 2]]);
  });

  it('reads the board — health and pushed backups — in one query, and removes devices that left', async () => {
    await store.saveHealth('r', 'e2', [deviceHealth('s1', '2025-03-14T10:00:00.000Z'), deviceHealth('s1-b', '2025-03-14T10:00:00.000Z')]);
    const state = mergeBackupJobs(undefined, [{ job: 'nightly', result: 'success', start: '2025-03-13T22:00:00.000Z', end: '2025-03-13T23:00:00.000Z' }], 'x');
    await store.saveBackup('r', 'e2', 's1', state, 0);
    await store.saveBackup('r', 'e2', 'not-swept-yet', state, 0);
    const board = await store.readBoard('r', 'e2');
    expect(board.map((entry) => [entry.deviceId, Boolean(entry.health), Boolean(entry.backup)])).toEqual([
      ['not-swept-yet', false, true],
      ['s1', true, true],
      ['s1-b', true, false],
    ]);
    expect(board.find((entry) => entry.deviceId === 's1')?.backup).toEqual(state);
    await store.removeFromBoard('r', 'e2', ['s1']);
    expect((await store.readBoard('r', 'e2')).map((entry) => entry.deviceId)).toEqual(['not-swept-yet', 's1-b']);
  });

  it('writes backup state only at the version read', async () => {
    const state = mergeBackupJobs(undefined, [{ job: 'j', result: 'failed', start: '2025-03-13T22:00:00.000Z', end: '2025-03-13T23:00:00.000Z' }], 'x');
    await store.saveBackup('r', 'e3', 'd', state, 0);
    await expect(store.saveBackup('r', 'e3', 'd', state, 0)).rejects.toBeInstanceOf(VersionConflictError);
    const read = await store.getBackup('r', 'e3', 'd');
    expect(read).toEqual({ state, version: 1 });
    await store.saveBackup('r', 'e3', 'd', state, 1);
    await expect(store.saveBackup('r', 'e3', 'd', state, 1)).rejects.toBeInstanceOf(VersionConflictError);
  });

  it('stores one sample bucket per device and sweep, with a 30-day expiresAt, at one write unit for a busy firewall', async () => {
    batches.length = 0;
    const at = '2025-03-14T10:00:00.000Z';
    await store.writeHistory('r', [sampleBucketOf('fw-kris-01', at, firewallResults(at))], []);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.consumedWriteUnits).toBe(1);
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: sampleKeys.samples('r', 'fw-kris-01'), sk: at } }));
    expect(Item?.expiresAt).toBe(Date.parse(at) / 1000 + 30 * 86_400);
    expect(Item?.c).toMatchObject({ 'snmp.cpu': 'o1003.75', 'snmp.if-wan1': 'w1011.25' });
    const [read] = await store.readSamples('r', 'fw-kris-01', new Date(at), new Date('2025-03-14T10:01:00Z'));
    expect(read).toEqual(sampleBucketOf('fw-kris-01', at, firewallResults(at)));
  });

  it('reads samples in [from, to) and hourly roll-ups kept 2 years', async () => {
    const minutes = [0, 15, 30, 45, 60].map((m) => new Date(Date.parse('2025-03-14T11:00:00Z') + m * 60_000).toISOString());
    const samples = minutes.map((at, i) => sampleBucketOf('d', at, [{ name: 'cpu', type: 'snmp', status: i === 2 ? 'critical' : 'ok', value: 10 * (i + 1), observedAt: at }]));
    await store.writeHistory('r', samples, []);
    const hour = new Date('2025-03-14T11:00:00Z');
    const read = await store.readSamples('r', 'd', hour, new Date('2025-03-14T12:00:00Z'));
    expect(read.map((s) => s.at)).toEqual(minutes.slice(0, 4));
    const rollup = rollupHour('d', hour, read)!;
    await store.writeHistory('r', [], [rollup]);
    const rollups = await store.readRollups('r', 'd', new Date('2025-03-14T00:00:00Z'), new Date('2025-03-15T00:00:00Z'));
    expect(rollups).toEqual([{ deviceId: 'd', hour: hour.toISOString(), checks: { cpu: { worst: 'critical', samples: 4, valued: 4, min: 10, avg: 25, max: 40 } } }]);
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: sampleKeys.hourly('r', 'd'), sk: hour.toISOString() } }));
    expect(Item?.expiresAt).toBe(hour.getTime() / 1000 + 730 * 86_400);
  });

  it('keeps maintenance windows and the ingest key per environment', async () => {
    const window = {
      id: 'mw-1',
      environmentId: 'e',
      reason: 'firmware',
      deviceIds: ['fw-1'],
      schedule: { type: 'one-off' as const, start: '2025-05-01T08:00:00.000Z', end: '2025-05-01T10:00:00.000Z' },
      timeZone: 'Europe/Oslo' as const,
      createdAt: 'x',
      createdBy: 'op',
    };
    await store.createWindow('r', window);
    expect(await store.listWindows('r', 'e')).toEqual([window]);
    expect(await store.deleteWindow('r', 'e', 'mw-1')).toBe(true);
    expect(await store.deleteWindow('r', 'e', 'mw-1')).toBe(false);
    expect(await store.getIngestKey('r', 'e')).toBeUndefined();
    await store.putIngestKey('r', 'e', { keyHash: 'ab', keyPrefix: 'dbi_x', createdAt: 'x', createdBy: 'op' });
    expect(await store.getIngestKey('r', 'e')).toEqual({ keyHash: 'ab', keyPrefix: 'dbi_x', createdAt: 'x', createdBy: 'op' });
  });
});

describe('BatchWriteItem retries', () => {
  it('sends UnprocessedItems again with backoff until everything is written', async () => {
    const table = await freshTable('batch');
    let calls = 0;
    // A fake at the document-client boundary: the first call writes only the first ten items and
    // hands the rest back as unprocessed, as DynamoDB does when a partition is busy.
    const flaky = {
      async send(command: BatchWriteCommand) {
        calls++;
        const requests = command.input.RequestItems?.[table.tableName] ?? [];
        if (calls > 1) return table.doc.send(command);
        const written = await table.doc.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: requests.slice(0, 10) } }));
        return { ...written, UnprocessedItems: { [table.tableName]: requests.slice(10) } };
      },
    } as unknown as DynamoDBDocumentClient;
    const sleeps: number[] = [];
    const store = new DynamoDbHealthStore(flaky, table.tableName, { batch: { sleep: async (ms) => void sleeps.push(ms) } });
    const at = (i: number) => new Date(Date.parse('2025-03-14T10:00:00Z') + i * 60_000).toISOString();
    const samples = Array.from({ length: 25 }, (_, i) => sampleBucketOf('d', at(i), [{ name: 'ping', type: 'tcp', status: 'ok', value: i, observedAt: at(i) }]));
    await store.writeHistory('r', samples, []);
    expect(calls).toBe(2);
    expect(sleeps).toHaveLength(1);
    const read = await new DynamoDbHealthStore(table.doc, table.tableName).readSamples('r', 'd', new Date(at(0)), new Date(at(25)));
    expect(read.map((s) => s.checks.ping?.value)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('gives up with an error when items stay unprocessed, so the message is retried rather than samples lost', async () => {
    const table = await freshTable('batch');
    const stuck = {
      async send(command: BatchWriteCommand) {
        return { UnprocessedItems: command.input.RequestItems };
      },
    } as unknown as DynamoDBDocumentClient;
    const sleeps: number[] = [];
    await expect(
      batchWrite(stuck, table.tableName, [{ PutRequest: { Item: { pk: 'x', sk: 'y' } } }], { maxAttempts: 4, baseDelayMs: 10, sleep: async (ms) => void sleeps.push(ms) }),
    ).rejects.toThrow(/unprocessed after 4 attempts/);
    expect(sleeps).toHaveLength(3);
    // Full jitter under an exponential cap: 10, 20, 40 ms.
    sleeps.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(10 * 2 ** i));
  });

  it('splits into requests of 25', async () => {
    const table = await freshTable('batch');
    const stats = await batchWrite(table.doc, table.tableName, Array.from({ length: 60 }, (_, i) => ({ PutRequest: { Item: { pk: 'p', sk: String(i) } } })), { measureCapacity: true });
    expect(stats).toEqual({ calls: 3, retries: 0, consumedWriteUnits: 60 });
  });
});

describe('DynamoDB incident store', () => {
  let store: DynamoDbIncidentStore;
  beforeAll(async () => {
    const table = await freshTable('incidents');
    store = new DynamoDbIncidentStore(table.doc, table.tableName);
  });
  const incident = (id: string, at: string) => openManualIncident({ id, environmentId: 'e', title: id, severity: 'critical', by: 'op', at, planned: false });

  it('keeps an open marker exactly while an incident is not resolved', async () => {
    const created = await store.create('r', incident('inc-1', '2025-03-14T10:00:00.000Z'));
    expect(created.version).toBe(1);
    expect((await store.listOpen('r', 'e')).map((o) => [o.id, o.state])).toEqual([['inc-1', 'open']]);
    const { version, ...record } = created;
    const acknowledged = await store.save('r', acknowledgeIncident(record, 'kari', 'x'), version);
    expect((await store.listOpen('r', 'e')).map((o) => [o.id, o.state])).toEqual([['inc-1', 'acknowledged']]);
    const { version: v2, ...ackRecord } = acknowledged;
    await store.save('r', resolveIncident(ackRecord, 'kari', 'y'), v2);
    expect(await store.listOpen('r', 'e')).toEqual([]);
    expect((await store.get('r', 'e', 'inc-1'))?.state).toBe('resolved');
  });

  it('refuses a write at a stale version and names the current one', async () => {
    const created = await store.create('r', incident('inc-2', '2025-03-14T11:00:00.000Z'));
    const { version, ...record } = created;
    await store.save('r', acknowledgeIncident(record, 'kari', 'x'), version);
    const stale = store.save('r', resolveIncident(record, 'ola', 'y'), version);
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(stale).rejects.toMatchObject({ details: { currentVersion: 2 } });
    // The failed transaction did not touch the marker either.
    expect((await store.listOpen('r', 'e')).find((o) => o.id === 'inc-2')?.state).toBe('acknowledged');
  });

  it('lists newest first, page by page, and open ones alone', async () => {
    for (const [i, hour] of ['12', '13', '14'].entries()) await store.create('r', incident(`inc-${3 + i}`, `2025-03-14T${hour}:00:00.000Z`));
    const first = await store.list('r', 'e', { openOnly: false }, { limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual(['inc-5', 'inc-4']);
    const second = await store.list('r', 'e', { openOnly: false }, { limit: 10, ...(first.nextCursor ? { cursor: first.nextCursor } : {}) });
    expect(second.items.map((i) => i.id)).toEqual(['inc-3', 'inc-2', 'inc-1']);
    const open = await store.list('r', 'e', { openOnly: true }, { limit: 10 });
    expect(open.items.map((i) => [i.id, i.state])).toEqual([
      ['inc-5', 'open'],
      ['inc-4', 'open'],
      ['inc-3', 'open'],
      ['inc-2', 'acknowledged'],
    ]);
    expect(open.items[0]?.timeline).toHaveLength(1);
  });
});
