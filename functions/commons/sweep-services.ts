import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import * as z from 'zod';
import { CloudWatchMetricsPublisher, LogMetricsPublisher } from '#shared/adapters/cloudwatch/metrics-publisher.ts';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { environmentSecrets } from '#shared/adapters/secrets/environment-secrets.ts';
import { EnvironmentSweeper } from '#shared/domain/health/environment-sweep.ts';
import type { MetricsPublisher } from '#shared/domain/health/metrics.ts';
import { healthStore, incidentStore } from './health-services.ts';
import { config, inventoryStore } from './services.ts';

/**
 * Module-scope services of the sweep (fan-out and collector functions), built once per container.
 * Settings beyond the shared config:
 * - METRICS_SINK: `cloudwatch` (default in AWS) or `log` (default locally, where DYNAMODB_ENDPOINT
 *   is set): locally the metric batches are logged, and appended to METRICS_FILE when that is set.
 * - SWEEP_CONCURRENCY: checks in flight per environment sweep (default 16).
 * - METRICS_PER_KIND: `false` leaves out DeviceCount per Kind × Status (most of the metric cost,
 *   see docs/cloudwatch-cost.md); default `true`.
 */
const HealthSettings = z.object({
  METRICS_SINK: z.enum(['cloudwatch', 'log']).optional(),
  METRICS_FILE: z.string().min(1).optional(),
  SWEEP_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  METRICS_PER_KIND: z.enum(['true', 'false']).default('true'),
});
const settings = HealthSettings.parse(process.env);

const metricsSink = settings.METRICS_SINK ?? (config.DYNAMODB_ENDPOINT ? 'log' : 'cloudwatch');
export const metricsPublisher: MetricsPublisher =
  metricsSink === 'cloudwatch'
    ? new CloudWatchMetricsPublisher(new CloudWatchClient({ region: config.AWS_REGION }))
    : new LogMetricsPublisher(settings.METRICS_FILE ? { file: settings.METRICS_FILE } : {});

export const environmentSweeper = new EnvironmentSweeper({
  inventory: inventoryStore,
  health: healthStore,
  incidents: incidentStore,
  maintenance: healthStore,
  metrics: metricsPublisher,
  runCheck,
  secrets: environmentSecrets,
  concurrency: settings.SWEEP_CONCURRENCY,
  perKindStatus: settings.METRICS_PER_KIND === 'true',
});
