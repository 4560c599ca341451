import { appendFileSync } from 'node:fs';
import { PutMetricDataCommand, type CloudWatchClient, type MetricDatum as CloudWatchDatum } from '@aws-sdk/client-cloudwatch';
import type { MetricDatum, MetricsPublisher } from '#shared/domain/health/metrics.ts';

/**
 * PutMetricData's documented limits (CloudWatch API reference, PutMetricData): at most 1,000
 * different metrics and 1 MB per request, 30 dimensions per metric, and no NaN or ±Infinity.
 * The size is kept under the limit before compression, measured as the JSON the SDK sends
 * (the client speaks AWS JSON 1.0), with the ISO text of timestamps standing in for the shorter
 * epoch numbers the SDK writes — an overestimate, never an underestimate.
 */
export const PUT_METRIC_DATA_LIMITS = { maxMetrics: 1_000, maxBytes: 1_000_000, maxDimensions: 30 } as const;

export interface BatchLimits {
  maxMetrics: number;
  maxBytes: number;
}

export function toCloudWatchDatum(datum: MetricDatum): CloudWatchDatum {
  return {
    MetricName: datum.name,
    Dimensions: Object.entries(datum.dimensions).map(([Name, Value]) => ({ Name, Value })),
    Value: datum.value,
    Unit: datum.unit,
    Timestamp: datum.timestamp,
  };
}

/** Splits data into PutMetricData requests within the count and size limits, in order. */
export function batchMetricData(namespace: string, data: readonly CloudWatchDatum[], limits: BatchLimits = PUT_METRIC_DATA_LIMITS): CloudWatchDatum[][] {
  const envelope = Buffer.byteLength(JSON.stringify({ Namespace: namespace, MetricData: [] }), 'utf8');
  const batches: CloudWatchDatum[][] = [];
  let current: CloudWatchDatum[] = [];
  let bytes = envelope;
  for (const datum of data) {
    const size = Buffer.byteLength(JSON.stringify(datum), 'utf8') + 1; // + the comma between items
    if (envelope + size > limits.maxBytes) throw new Error(`one metric datum (${datum.MetricName}) is larger than a whole request may be`);
    if (current.length > 0 && (current.length >= limits.maxMetrics || bytes + size > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = envelope;
    }
    current.push(datum);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Refuses what CloudWatch would refuse, and per-device dimensions (one metric per device is never wanted). */
function checkedData(data: readonly MetricDatum[]): CloudWatchDatum[] {
  return data.flatMap((datum) => {
    if (Object.keys(datum.dimensions).some((name) => /device/i.test(name))) {
      throw new Error(`metric ${datum.name} has a per-device dimension; publish environment aggregates only`);
    }
    if (Object.keys(datum.dimensions).length > PUT_METRIC_DATA_LIMITS.maxDimensions) throw new Error(`metric ${datum.name} has more than 30 dimensions`);
    return Number.isFinite(datum.value) ? [toCloudWatchDatum(datum)] : []; // CloudWatch rejects NaN and ±Infinity
  });
}

/** Publishes to CloudWatch, one PutMetricData per batch. The client comes in from outside (tests capture its requests). */
export class CloudWatchMetricsPublisher implements MetricsPublisher {
  constructor(
    private readonly client: Pick<CloudWatchClient, 'send'>,
    private readonly limits: BatchLimits = PUT_METRIC_DATA_LIMITS,
  ) {}

  async publish(namespace: string, data: readonly MetricDatum[]): Promise<void> {
    for (const batch of batchMetricData(namespace, checkedData(data), this.limits)) {
      await this.client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: batch }));
    }
  }
}

/**
 * Locally there is no CloudWatch: the same batches are written as one JSON line each to the log
 * and, when `file` is given, appended to that file (JSON Lines), so a developer sees exactly what
 * would have been sent.
 */
export class LogMetricsPublisher implements MetricsPublisher {
  constructor(private readonly options: { log?: (line: string) => void; file?: string; limits?: BatchLimits } = {}) {}

  async publish(namespace: string, data: readonly MetricDatum[]): Promise<void> {
    const batches = batchMetricData(namespace, checkedData(data), this.options.limits ?? PUT_METRIC_DATA_LIMITS);
    for (const [index, batch] of batches.entries()) {
      const line = JSON.stringify({ putMetricData: { request: index + 1, of: batches.length, Namespace: namespace, MetricData: batch } });
      // With a file the batches go there only, so a local console stays readable.
      if (this.options.file) appendFileSync(this.options.file, `${line}\n`);
      else (this.options.log ?? ((text: string) => console.log(text)))(line);
    }
  }
}
