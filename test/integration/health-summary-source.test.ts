import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleKeys } from '#shared/adapters/dynamodb/health-keys.ts';
import { rollupItem } from '#shared/adapters/dynamodb/health-rollups.ts';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { DynamoDbHealthSummarySource } from '#shared/adapters/dynamodb/health-summary-source.ts';
import { DynamoDbIncidentStore } from '#shared/adapters/dynamodb/incident-store.ts';
import type { BatchWriteStats } from '#shared/adapters/dynamodb/batch-writer.ts';
import { newIncidentId, openManualIncident } from '#shared/domain/health/incidents.ts';
import type { CheckResult } from '#shared/domain/health/probe.ts';
import { sampleBucketOf } from '#shared/domain/health/samples.ts';
import { freshTable } from '../support/dynamodb.ts';
import { rollup } from '../support/health-fixtures.ts';

/**
 * The plan's health figures from DynamoDB Local. As of 2025-06-30 the 90 days are
 * [2025-04-02, 2025-07-01) and the 365 days [2024-07-01, 2025-07-01), UTC.
 */
const AS_OF = '2025-06-30';

describe('DynamoDB health summary source', () => {
  let doc: DynamoDBDocumentClient;
  let tableName: string;
  let health: DynamoDbHealthStore;
  let incidents: DynamoDbIncidentStore;
  const queries: string[] = [];
  let source: DynamoDbHealthSummarySource;

  async function incident(environmentId: string, deviceId: string | undefined, at: string, planned = false) {
    await incidents.create(
      'r',
      openManualIncident({ id: newIncidentId(new Date(at)), environmentId, ...(deviceId ? { deviceId } : {}), title: `fault on ${deviceId ?? 'everything'}`, severity: 'warning', by: 'op', at, planned }),
    );
  }

  beforeAll(async () => {
    const table = await freshTable('health-summary');
    doc = table.doc;
    tableName = table.tableName;
    health = new DynamoDbHealthStore(doc, tableName);
    incidents = new DynamoDbIncidentStore(doc, tableName);
    source = new DynamoDbHealthSummarySource(doc, tableName, { concurrency: 4, onQuery: (what) => queries.push(what) });

    // sick: half of its observed sweeps critical, counting only the hours that start in the window.
    await health.writeHistory('r', [], [
      rollup('sick', '2025-04-01T23:00:00.000Z', 10, 10), // the hour before the window
      rollup('sick', '2025-04-02T00:00:00.000Z', 10, 10), // its first hour
      rollup('sick', '2025-06-30T23:00:00.000Z', 10, 0), // its last hour
      rollup('sick', '2025-07-01T00:00:00.000Z', 10, 10), // after asOf
      rollup('other-region-twin', '2025-05-01T00:00:00.000Z', 10, 10),
    ]);
    // legacy: roll-ups from before the device status was kept (no sw/cr): not observed.
    await doc.send(new PutCommand({ TableName: tableName, Item: rollupItem('r', { deviceId: 'legacy', hour: '2025-05-01T10:00:00.000Z', checks: { ping: { worst: 'critical', samples: 60, valued: 0 } } }) }));

    // flaky: 3 incidents in the window, one of them in the environment it has moved away from;
    // the first instant of the window is in, the millisecond before and the end of the window out.
    await incident('e1', 'flaky', '2024-07-01T00:00:00.000Z');
    await incident('e2', 'flaky', '2025-01-15T08:00:00.000Z');
    await incident('e1', 'flaky', '2025-06-30T23:59:59.999Z');
    await incident('e1', 'flaky', '2024-06-30T23:59:59.999Z');
    await incident('e1', 'flaky', '2025-07-01T00:00:00.000Z');
    await incident('e1', 'flaky', '2025-03-01T00:00:00.000Z', true); // planned: not counted
    await incident('e1', undefined, '2025-03-02T00:00:00.000Z'); // about no device
    await incident('e1', 'sick', '2025-05-05T00:00:00.000Z');
    await incident('e1', 'not-asked', '2025-05-05T00:00:00.000Z');
  });

  it('computes each device’s figures from the roll-ups and incidents in the windows, in E + D queries', async () => {
    queries.length = 0;
    const scope = {
      devices: [
        { id: 'sick', environmentId: 'e1' },
        { id: 'flaky', environmentId: 'e1' },
        { id: 'legacy', environmentId: 'e1' },
        { id: 'quiet', environmentId: 'e1' },
      ],
      environmentIds: ['e1', 'e2'],
    };
    const summaries = await source.summariesFor('r', AS_OF, scope);
    expect(Object.fromEntries(summaries)).toEqual({
      sick: { criticalFractionLast90Days: 0.5, incidentsLast365Days: 1, observedSweepsLast90Days: 20, criticalSweepsLast90Days: 10 },
      // Never observed: no share, but its incidents count.
      flaky: { criticalFractionLast90Days: null, incidentsLast365Days: 3 },
    });
    // One Query per environment (2) and one per device (4), one page each.
    expect(queries.filter((q) => q === 'incidents')).toHaveLength(2);
    expect(queries.filter((q) => q === 'rollups')).toHaveLength(4);
  });

  it('reads the environments the devices are in even when the region lists none, and nothing for no devices', async () => {
    queries.length = 0;
    const summaries = await source.summariesFor('r', AS_OF, { devices: [{ id: 'flaky', environmentId: 'e2' }], environmentIds: [] });
    expect(summaries.get('flaky')).toEqual({ criticalFractionLast90Days: null, incidentsLast365Days: 1 });
    expect(queries).toEqual(['incidents', 'rollups']);
    queries.length = 0;
    expect((await source.summariesFor('r', AS_OF, { devices: [], environmentIds: ['e1', 'e2'] })).size).toBe(0);
    expect(queries).toEqual([]);
  });

  it('moves its windows with asOf', async () => {
    // A day later the window's first hour (2025-04-02T00) has left it, and the incident at the old start too.
    const later = await source.summariesFor('r', '2025-07-01', { devices: [{ id: 'sick', environmentId: 'e1' }, { id: 'flaky', environmentId: 'e1' }], environmentIds: ['e1', 'e2'] });
    expect(later.get('sick')).toMatchObject({ observedSweepsLast90Days: 20, criticalSweepsLast90Days: 10 }); // 2025-06-30T23 and 2025-07-01T00 now
    expect(later.get('flaky')).toMatchObject({ incidentsLast365Days: 3 }); // 2025-01-15, 2025-06-30, 2025-07-01 (2024-07-01 left)
    const muchLater = await source.summariesFor('r', '2026-12-31', { devices: [{ id: 'sick', environmentId: 'e1' }, { id: 'flaky', environmentId: 'e1' }], environmentIds: ['e1', 'e2'] });
    expect(muchLater.size).toBe(0);
  });

  it('fails when DynamoDB fails, and stops sending more queries', async () => {
    let sent = 0;
    const broken = { send: async () => { sent++; throw new Error('throttled'); } } as unknown as DynamoDBDocumentClient;
    const failing = new DynamoDbHealthSummarySource(broken, tableName, { concurrency: 2 });
    const devices = Array.from({ length: 20 }, (_, i) => ({ id: `d${i}`, environmentId: 'e1' }));
    await expect(failing.summariesFor('r', AS_OF, { devices, environmentIds: ['e1'] })).rejects.toThrow('throttled');
    expect(sent).toBeLessThanOrEqual(2);
  });
});

describe('what the sweep writes for it', () => {
  let doc: DynamoDBDocumentClient;
  let tableName: string;

  beforeAll(async () => {
    ({ doc, tableName } = await freshTable('health-summary'));
  });

  /** What a firewall's SNMP sweep measures (as in health-store.test.ts). */
  function firewallResults(at: string): CheckResult[] {
    const names = ['snmp.uptime', 'snmp.cpu', 'snmp.storage', 'snmp.if-wan1', 'snmp.if-wan2', 'snmp.if-lan', 'snmp.if-ha', 'snmp.ha-state', 'https.latency', 'https.certificate-days', 'ping'];
    return names.map((name, index) => ({ name, type: 'snmp', status: index === 3 ? 'warning' : 'ok', value: 1000 + index * 3.75, observedAt: at }));
  }

  it('keeps the device status in the sample bucket, still one write unit for a busy firewall, and the counts in the roll-up', async () => {
    const batches: BatchWriteStats[] = [];
    const store = new DynamoDbHealthStore(doc, tableName, { batch: { measureCapacity: true }, onBatchWrite: (stats) => batches.push(stats) });
    const at = '2025-03-14T10:00:00.000Z';
    const bucket = sampleBucketOf('fw', at, firewallResults(at), 'critical');
    await store.writeHistory('r', [bucket], []);
    expect(batches[0]?.consumedWriteUnits).toBe(1);
    const [read] = await store.readSamples('r', 'fw', new Date(at), new Date('2025-03-14T10:01:00Z'));
    expect(read).toEqual(bucket);
    expect(read?.status).toBe('critical');

    const hourly = rollup('fw', '2025-03-14T10:00:00.000Z', 60, 7);
    await store.writeHistory('r', [], [hourly]);
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: sampleKeys.hourly('r', 'fw'), sk: hourly.hour } }));
    expect(Item).toMatchObject({ sw: 60, cr: 7 });
    expect(await store.readRollups('r', 'fw', new Date('2025-03-14T00:00:00Z'), new Date('2025-03-15T00:00:00Z'))).toEqual([hourly]);
  });
});
