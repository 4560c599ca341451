import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { batchMetricData, CloudWatchMetricsPublisher, LogMetricsPublisher, PUT_METRIC_DATA_LIMITS, toCloudWatchDatum } from '#shared/adapters/cloudwatch/metrics-publisher.ts';
import { environmentMetrics, METRICS_NAMESPACE, type MetricDatum } from '#shared/domain/health/metrics.ts';
import type { EnvironmentSummary } from '#shared/schemas/health.ts';
import { captureRequests } from '../../support/aws-capture.ts';

/** A real CloudWatch client whose requests are captured after serialisation, compression and signing. */
function capturingClient() {
  const client = new CloudWatchClient({ region: 'eu-north-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return { client, requests: captureRequests(client) };
}

const summary: EnvironmentSummary = {
  devices: 5,
  notMonitored: 0,
  flapping: 0,
  byStatus: { ok: 3, warning: 0, critical: 1, unknown: 1 },
  byKind: { firewall: { total: 2, ok: 1, warning: 0, critical: 1, unknown: 0 }, server: { total: 3, ok: 2, warning: 0, critical: 0, unknown: 1 } },
  backup: { required: 3, missing: 1, neverBackedUp: 1, worstAgeHours: 30.5, worstDeviceId: 's3' },
  openIncidents: 2,
  openPlannedIncidents: 1,
  lastSweepAt: '2025-03-14T10:00:00.000Z',
};
const at = new Date('2025-03-14T10:00:00Z');

describe('environment metrics', () => {
  it('are aggregates per environment: status counts, kind × status, backups, p95 latency and unplanned incidents', () => {
    const data = environmentMetrics({ regionId: 'kr-ikt', environmentId: 'kristiansand', at, summary, checkLatencyP95Ms: 123.4 });
    expect(data).toHaveLength(4 + 2 * 4 + 4);
    const find = (name: string, extra: Record<string, string> = {}) =>
      data.find((d) => d.name === name && JSON.stringify(d.dimensions) === JSON.stringify({ Region: 'kr-ikt', Environment: 'kristiansand', ...extra }));
    expect(find('DeviceCount', { Status: 'critical' })?.value).toBe(1);
    expect(find('DeviceCount', { Status: 'warning' })?.value).toBe(0);
    expect(find('DeviceCount', { Kind: 'firewall', Status: 'critical' })?.value).toBe(1);
    expect(find('BackupsMissing')?.value).toBe(1);
    expect(find('WorstBackupAgeHours')?.value).toBe(30.5);
    expect(find('CheckLatencyP95')).toMatchObject({ value: 123, unit: 'Milliseconds' });
    expect(find('IncidentsOpen')?.value).toBe(2);
    expect(data.every((d) => !Object.keys(d.dimensions).some((name) => /device/i.test(name)))).toBe(true);
  });

  it('can leave out the kind × status counts, and leave out a backup age that does not exist', () => {
    const data = environmentMetrics({ regionId: 'r', environmentId: 'e', at, summary: { ...summary, backup: { ...summary.backup, worstAgeHours: null } } }, { perKindStatus: false });
    expect(data.map((d) => d.name)).toEqual(['DeviceCount', 'DeviceCount', 'DeviceCount', 'DeviceCount', 'BackupsMissing', 'IncidentsOpen']);
  });
});

describe('PutMetricData requests', () => {
  it('send one request in the Driftsbilde namespace with Region and Environment dimensions', async () => {
    const { client, requests } = capturingClient();
    await new CloudWatchMetricsPublisher(client).publish(METRICS_NAMESPACE, environmentMetrics({ regionId: 'kr-ikt', environmentId: 'arendal', at, summary, checkLatencyP95Ms: 80 }));
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.target).toBe('GraniteServiceVersion20100801.PutMetricData');
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(request.json.Namespace).toBe('Driftsbilde');
    expect(request.json.MetricData).toHaveLength(16);
    expect(request.json.MetricData[0]).toEqual({
      MetricName: 'DeviceCount',
      Dimensions: [
        { Name: 'Region', Value: 'kr-ikt' },
        { Name: 'Environment', Value: 'arendal' },
        { Name: 'Status', Value: 'ok' },
      ],
      Value: 3,
      Unit: 'Count',
      Timestamp: at.getTime() / 1000,
    });
  });

  it('split at 1,000 metrics per request', async () => {
    const { client, requests } = capturingClient();
    const data: MetricDatum[] = Array.from({ length: 2_500 }, (_, i) => ({ name: `M${i}`, dimensions: { Region: 'r', Environment: 'e' }, value: i, unit: 'Count', timestamp: at }));
    await new CloudWatchMetricsPublisher(client).publish('Driftsbilde', data);
    expect(requests.map((r) => r.json.MetricData.length)).toEqual([1000, 1000, 500]);
    // In order, nothing lost or repeated.
    expect(requests.flatMap((r) => r.json.MetricData.map((d: { MetricName: string }) => d.MetricName))).toEqual(data.map((d) => d.name));
  });

  it('split at 1 MB per request before 1,000 metrics when the metrics are large', async () => {
    const { client, requests } = capturingClient();
    // ~3.5 KB per datum (30 dimensions of 100 characters): ~280 fit in 1 MB.
    const dimensions = Object.fromEntries(Array.from({ length: 28 }, (_, i) => [`D${i}`, 'x'.repeat(100)]));
    const data: MetricDatum[] = Array.from({ length: 1_000 }, (_, i) => ({ name: `Big${i}`, dimensions: { Region: 'r', Environment: 'e', ...dimensions }, value: i, unit: 'Count', timestamp: at }));
    await new CloudWatchMetricsPublisher(client).publish('Driftsbilde', data);
    expect(requests.length).toBeGreaterThan(1);
    for (const request of requests) {
      expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(PUT_METRIC_DATA_LIMITS.maxBytes);
      expect(request.json.MetricData.length).toBeLessThan(1000);
    }
    // Full batches are close to the limit: the size estimate is not wildly pessimistic.
    expect(Buffer.byteLength(requests[0]!.body)).toBeGreaterThan(0.8 * PUT_METRIC_DATA_LIMITS.maxBytes);
    expect(requests.reduce((sum, r) => sum + r.json.MetricData.length, 0)).toBe(1000);
  });

  it('drop NaN and infinite values, which CloudWatch rejects', async () => {
    const { client, requests } = capturingClient();
    await new CloudWatchMetricsPublisher(client).publish('Driftsbilde', [
      { name: 'A', dimensions: { Region: 'r', Environment: 'e' }, value: Number.NaN, unit: 'Count', timestamp: at },
      { name: 'B', dimensions: { Region: 'r', Environment: 'e' }, value: 1, unit: 'Count', timestamp: at },
      { name: 'C', dimensions: { Region: 'r', Environment: 'e' }, value: Number.POSITIVE_INFINITY, unit: 'Count', timestamp: at },
    ]);
    expect(requests[0]?.json.MetricData.map((d: { MetricName: string }) => d.MetricName)).toEqual(['B']);
  });

  it('refuse a per-device dimension: one custom metric per device is never wanted', async () => {
    const { client, requests } = capturingClient();
    const publisher = new CloudWatchMetricsPublisher(client);
    await expect(publisher.publish('Driftsbilde', [{ name: 'Up', dimensions: { Region: 'r', DeviceId: 'fw-1' }, value: 1, unit: 'Count', timestamp: at }])).rejects.toThrow(/per-device/);
    expect(requests).toHaveLength(0);
  });

  it('are batched the same way locally, where they are logged instead of sent', async () => {
    const lines: string[] = [];
    const data: MetricDatum[] = Array.from({ length: 1_001 }, (_, i) => ({ name: `M${i}`, dimensions: { Region: 'r', Environment: 'e' }, value: i, unit: 'Count', timestamp: at }));
    await new LogMetricsPublisher({ log: (line) => lines.push(line) }).publish('Driftsbilde', data);
    expect(lines.map((line) => JSON.parse(line).putMetricData.MetricData.length)).toEqual([1000, 1]);
  });

  it('batch by an overestimate of the serialised size', () => {
    const datum = toCloudWatchDatum({ name: 'X', dimensions: { Region: 'r' }, value: 1, unit: 'Count', timestamp: at });
    expect(batchMetricData('Driftsbilde', [datum, datum, datum], { maxMetrics: 1000, maxBytes: 2 * JSON.stringify(datum).length + 60 })).toHaveLength(2);
  });
});
