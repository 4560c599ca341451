import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollectorHandler } from '#functions/commons/sweep-handlers.ts';
import { CloudWatchMetricsPublisher } from '#shared/adapters/cloudwatch/metrics-publisher.ts';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { DynamoDbIncidentStore } from '#shared/adapters/dynamodb/incident-store.ts';
import { DynamoDbInventoryStore } from '#shared/adapters/dynamodb/inventory-store.ts';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { EnvironmentSweeper } from '#shared/domain/health/environment-sweep.ts';
import { HealthService } from '#shared/domain/health/health-service.ts';
import { Inventory } from '#shared/domain/inventory.ts';
import { captureRequests, type CapturedRequest } from '../support/aws-capture.ts';
import { freshTable } from '../support/dynamodb.ts';
import { deviceOf, loopbackTcpServer, seedRegion, steppedClock } from '../support/health-fixtures.ts';

const secrets = { get: async (ref: string) => Promise.reject(new Error(`no secret ${ref}`)) };
const operator = { subject: 'op-kari', roles: ['operator' as const] };

describe('collector: sweeps through the SQS handler against DynamoDB Local and a real TCP server', () => {
  const clock = steppedClock('2025-03-14T10:57:00Z');
  let tcp: Awaited<ReturnType<typeof loopbackTcpServer>>;
  let table: Awaited<ReturnType<typeof freshTable>>;
  let health: DynamoDbHealthStore;
  let incidents: DynamoDbIncidentStore;
  let service: HealthService;
  let requests: CapturedRequest[];
  let handler: ReturnType<typeof createCollectorHandler>;
  const logs: Array<Record<string, unknown>> = [];
  let messageNumber = 0;

  const message = (body: unknown) => ({ messageId: `m-${++messageNumber}`, body: typeof body === 'string' ? body : JSON.stringify(body) }) as SQSEvent['Records'][number];
  const sweepMessage = (scheduledAt = clock.now().toISOString()) => message({ regionId: 'r', environmentId: 'kris', scheduledAt });
  /** One scheduled minute: the handler sweeps the environment, then the clock moves on. */
  async function sweepOnce() {
    const response = await handler({ Records: [sweepMessage()] });
    expect(response.batchItemFailures).toEqual([]);
    clock.advance();
  }
  const board = () => service.environmentHealth('r', 'kris');
  const item = async (deviceId: string) => (await board()).items.find((i) => i.deviceId === deviceId);

  beforeAll(async () => {
    tcp = await loopbackTcpServer();
    table = await freshTable('collector');
    const inventoryStore = new DynamoDbInventoryStore(table.doc, table.tableName);
    await seedRegion(inventoryStore, 'r', ['kris']);
    await inventoryStore.createDevice('r', deviceOf({ id: 'fw-1', kind: 'firewall', environmentId: 'kris', monitoring: { checks: [{ type: 'tcp', name: 'ssh', host: '127.0.0.1', port: tcp.port, timeoutMs: 1000 }] } }));
    await inventoryStore.createDevice('r', deviceOf({ id: 'srv-1', environmentId: 'kris', monitoring: { checks: [], backup: { required: true, rpoHours: 24 } } }));
    health = new DynamoDbHealthStore(table.doc, table.tableName);
    incidents = new DynamoDbIncidentStore(table.doc, table.tableName);
    service = new HealthService({ inventory: new Inventory(inventoryStore), health, incidents, maintenance: health, now: clock.now });
    const cloudWatch = new CloudWatchClient({ region: 'eu-north-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    requests = captureRequests(cloudWatch);
    const sweeper = new EnvironmentSweeper({
      inventory: inventoryStore,
      health,
      incidents,
      maintenance: health,
      metrics: new CloudWatchMetricsPublisher(cloudWatch),
      runCheck,
      secrets,
      now: clock.now,
      concurrency: 4,
      log: (entry) => logs.push(entry),
    });
    handler = createCollectorHandler({ sweeper, now: clock.now, log: (entry) => logs.push(entry) });
    // srv-1 is in a maintenance window for the first hour: its backup incident will be planned.
    await service.createMaintenanceWindow(operator, 'r', 'kris', {
      reason: 'new backup agent',
      deviceIds: ['srv-1'],
      schedule: { type: 'one-off', start: '2025-03-14T10:00:00.000Z', end: '2025-03-14T11:30:00.000Z' },
    });
  });
  afterAll(async () => {
    await tcp.stop();
  });

  it('1. a reachable device is ok; a device that needs backup and has none goes critical after three sweeps', async () => {
    await sweepOnce(); // 10:57
    expect(await item('fw-1')).toMatchObject({ status: 'ok', checks: [{ name: 'ssh', type: 'tcp', status: 'ok', unit: 'ms' }] });
    expect((await item('srv-1'))?.status).toBe('warning');
    await sweepOnce(); // 10:58
    await sweepOnce(); // 10:59
    const srv = await item('srv-1');
    expect(srv).toMatchObject({ status: 'critical', inMaintenance: true, checks: [{ name: 'backup', type: 'backup-coverage', status: 'critical' }] });
    expect(srv?.openIncidentId).toBeDefined();
    // Inside its maintenance window: planned, and not counted in the alerting metric.
    const incident = await service.getIncident('r', 'kris', srv!.openIncidentId!);
    expect(incident).toMatchObject({ source: 'automatic', planned: true, state: 'open', deviceId: 'srv-1' });
    const summary = (await board()).summary;
    expect(summary).toMatchObject({ openIncidents: 0, openPlannedIncidents: 1, backup: { required: 1, missing: 1, neverBackedUp: 1, worstDeviceId: 'srv-1' } });
  });

  it('2. publishes one PutMetricData per sweep with environment aggregates', () => {
    expect(requests).toHaveLength(3);
    const last = requests.at(-1)!.json as { Namespace: string; MetricData: Array<{ MetricName: string; Dimensions: Array<{ Name: string; Value: string }>; Value: number }> };
    expect(last.Namespace).toBe('Driftsbilde');
    const value = (name: string, dims: Record<string, string>) =>
      last.MetricData.find((d) => d.MetricName === name && d.Dimensions.every((x) => ({ Region: 'r', Environment: 'kris', ...dims })[x.Name] === x.Value) && d.Dimensions.length === 2 + Object.keys(dims).length)?.Value;
    expect(value('DeviceCount', { Status: 'critical' })).toBe(1);
    expect(value('DeviceCount', { Status: 'ok' })).toBe(1);
    expect(value('DeviceCount', { Kind: 'firewall', Status: 'ok' })).toBe(1);
    expect(value('BackupsMissing', {})).toBe(1);
    expect(value('IncidentsOpen', {})).toBe(0);
    expect(value('CheckLatencyP95', {})).toBeGreaterThanOrEqual(0);
    expect(last.MetricData.some((d) => d.Dimensions.some((x) => /device/i.test(x.Name)))).toBe(false);
  });

  it('3. a device that stops answering goes critical on the third failed sweep and opens an unplanned incident', async () => {
    await tcp.stop();
    await sweepOnce(); // 11:00
    expect((await item('fw-1'))?.checks[0]).toMatchObject({ status: 'warning', rawStatus: 'critical', failStreak: 1, message: expect.stringMatching(/refused/) });
    await sweepOnce(); // 11:01
    expect((await item('fw-1'))?.status).toBe('warning');
    await sweepOnce(); // 11:02
    const fw = await item('fw-1');
    expect(fw?.status).toBe('critical');
    const incident = await service.getIncident('r', 'kris', fw!.openIncidentId!);
    expect(incident).toMatchObject({ source: 'automatic', planned: false, state: 'open', checks: ['ssh'], title: 'Device fw-1: ssh critical' });
    expect(incident.timeline[0]?.text).toMatch(/ssh: connection refused/);
    const metrics = requests.at(-1)!.json.MetricData as Array<{ MetricName: string; Dimensions: unknown[]; Value: number }>;
    expect(metrics.find((d) => d.MetricName === 'IncidentsOpen')?.Value).toBe(1);
  });

  it('4. recovery after two passing sweeps resolves the incident with a note', async () => {
    const incidentId = (await item('fw-1'))!.openIncidentId!;
    await service.acknowledgeIncident(operator, 'r', 'kris', incidentId, 'looking');
    await tcp.start();
    await sweepOnce(); // 11:03
    expect((await item('fw-1'))?.status).toBe('critical');
    await sweepOnce(); // 11:04
    const fw = await item('fw-1');
    expect(fw?.status).toBe('ok');
    expect(fw?.openIncidentId).toBeUndefined();
    const incident = await service.getIncident('r', 'kris', incidentId);
    expect(incident.state).toBe('resolved');
    expect(incident.resolvedBy).toBeUndefined();
    expect(incident.timeline.map((entry) => entry.type)).toEqual(['opened', 'acknowledged', 'check-recovered', 'resolved']);
    expect(incident.timeline.at(-1)?.text).toMatch(/^recovered: no check is critical any more/);
    expect((await service.listIncidents('r', 'kris', { state: 'open', limit: 10 })).items.map((i) => i.deviceId)).toEqual(['srv-1']);
  });

  it('5. rolls up the hour that completed, and history picks raw or hourly resolution', async () => {
    const hourly = await health.readRollups('r', 'fw-1', new Date('2025-03-14T10:00:00Z'), new Date('2025-03-14T11:00:00Z'));
    expect(hourly).toHaveLength(1);
    expect(hourly[0]?.checks.ssh).toMatchObject({ worst: 'ok', samples: 3, valued: 3 });
    expect(hourly[0]?.device).toEqual({ sweeps: 3, critical: 0 });
    // srv-1 was warning, warning, then critical (its backup) in the 10:57–10:59 sweeps: the plan's critical share reads this.
    const srv = await health.readRollups('r', 'srv-1', new Date('2025-03-14T10:00:00Z'), new Date('2025-03-14T11:00:00Z'));
    expect(srv[0]?.device).toEqual({ sweeps: 3, critical: 1 });
    const raw = await service.deviceHistory('r', 'fw-1', { check: 'ssh', from: '2025-03-14T10:00:00.000Z', to: '2025-03-14T12:00:00.000Z', resolution: 'auto' });
    expect(raw.resolution).toBe('raw');
    expect(raw.series[0]?.points.map((p) => p.status)).toEqual(['ok', 'ok', 'ok', 'critical', 'critical', 'critical', 'ok', 'ok']);
    const long = await service.deviceHistory('r', 'fw-1', { from: '2025-03-10T00:00:00.000Z', to: '2025-03-14T12:00:00.000Z', resolution: 'auto' });
    expect(long.resolution).toBe('hourly');
    expect(long.series.map((s) => s.check)).toEqual(['ssh']);
  });

  it('6. a pushed backup ends the coverage problem after two sweeps', async () => {
    const { key } = await service.createIngestKey(operator, 'r', 'kris');
    await service.ingestBackupResults('r', 'kris', key, {
      results: [{ deviceId: 'srv-1', job: 'srv-1 nightly', system: 'veeam', result: 'success', start: '2025-03-14T09:00:00.000Z', end: '2025-03-14T10:30:00.000Z', bytes: 5e9 }],
    });
    await sweepOnce();
    await sweepOnce();
    const srv = await item('srv-1');
    expect(srv).toMatchObject({ status: 'ok', backup: { lastSuccessAt: '2025-03-14T10:30:00.000Z' } });
    expect(srv?.checks.find((c) => c.name === 'backup')).toMatchObject({ status: 'ok', value: 0.6 });
    expect((await board()).summary.backup).toMatchObject({ missing: 0, neverBackedUp: 0, worstAgeHours: 0.6 });
  });

  it('7. reports failed messages in batchItemFailures, drops stale ones, and keeps the rest', async () => {
    const before = requests.length;
    const response = await handler({ Records: [message('not json'), sweepMessage(), message({ regionId: 'r' }), sweepMessage('2025-03-14T10:00:00.000Z')] });
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([`m-${messageNumber - 3}`, `m-${messageNumber - 1}`]);
    // One sweep ran (the good message); the stale one was dropped without a sweep.
    expect(requests.length).toBe(before + 1);
    expect(logs.some((entry) => entry.message === 'sweep message too old; dropped')).toBe(true);

    // A sweep that cannot write (no such table) fails its message, so SQS retries it and, in the end, dead-letters it.
    const broken = new EnvironmentSweeper({
      inventory: new DynamoDbInventoryStore(table.doc, table.tableName),
      health: new DynamoDbHealthStore(table.doc, 'no-such-table'),
      incidents,
      maintenance: health,
      metrics: { publish: async () => undefined },
      runCheck,
      secrets,
      now: clock.now,
      log: () => undefined,
    });
    const failing = createCollectorHandler({ sweeper: broken, now: clock.now, log: () => undefined });
    const failed = await failing({ Records: [sweepMessage()] });
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: `m-${messageNumber}` }]);
  });
});
