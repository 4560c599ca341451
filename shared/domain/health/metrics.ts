import type { EnvironmentSummary } from '#shared/schemas/health.ts';
import { CHECK_STATUSES } from '#shared/schemas/health.ts';

/**
 * The environment metrics each sweep publishes: aggregates per environment, never one metric per
 * device (a custom metric costs per month whatever it holds; see docs/cloudwatch-cost.md).
 *
 * | metric               | dimensions                                | unit         |
 * |----------------------|-------------------------------------------|--------------|
 * | DeviceCount          | Region, Environment, Status               | Count        |
 * | DeviceCount          | Region, Environment, Kind, Status (*)     | Count        |
 * | BackupsMissing       | Region, Environment                       | Count        |
 * | WorstBackupAgeHours  | Region, Environment (only when one exists)| None (hours) |
 * | CheckLatencyP95      | Region, Environment (only when measured)  | Milliseconds |
 * | IncidentsOpen        | Region, Environment                       | Count        |
 *
 * (*) for the kinds the environment has, when `perKindStatus` is on (the default).
 * IncidentsOpen counts unplanned incidents only: an alarm on it never fires for planned work.
 */
export const METRICS_NAMESPACE = 'Driftsbilde';

export interface MetricDatum {
  name: string;
  dimensions: Record<string, string>;
  value: number;
  unit: 'Count' | 'Milliseconds' | 'None';
  timestamp: Date;
}

/** Port: where metric data goes. CloudWatch in AWS; a log line (or file) locally. */
export interface MetricsPublisher {
  publish(namespace: string, data: readonly MetricDatum[]): Promise<void>;
}

export interface EnvironmentMetricsInput {
  regionId: string;
  environmentId: string;
  at: Date;
  summary: EnvironmentSummary;
  /** p95 of this sweep's check durations; absent when nothing was probed. */
  checkLatencyP95Ms?: number;
}

export function environmentMetrics(input: EnvironmentMetricsInput, options: { perKindStatus?: boolean } = {}): MetricDatum[] {
  const base = { Region: input.regionId, Environment: input.environmentId };
  const at = input.at;
  const datum = (name: string, value: number, unit: MetricDatum['unit'], extra: Record<string, string> = {}): MetricDatum => ({
    name,
    dimensions: { ...base, ...extra },
    value,
    unit,
    timestamp: at,
  });
  const { summary } = input;
  // Every status is published, zeros included, so an alarm on critical sees 0 rather than no data.
  const data = CHECK_STATUSES.map((status) => datum('DeviceCount', summary.byStatus[status], 'Count', { Status: status }));
  if (options.perKindStatus ?? true) {
    for (const [kind, counts] of Object.entries(summary.byKind)) {
      for (const status of CHECK_STATUSES) data.push(datum('DeviceCount', counts[status], 'Count', { Kind: kind, Status: status }));
    }
  }
  data.push(datum('BackupsMissing', summary.backup.missing, 'Count'));
  if (summary.backup.worstAgeHours !== null) data.push(datum('WorstBackupAgeHours', summary.backup.worstAgeHours, 'None'));
  if (input.checkLatencyP95Ms !== undefined) data.push(datum('CheckLatencyP95', Math.round(input.checkLatencyP95Ms), 'Milliseconds'));
  data.push(datum('IncidentsOpen', summary.openIncidents, 'Count'));
  return data;
}
