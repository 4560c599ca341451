import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import * as z from '#shared/schemas/zod.ts';
import { CloudWatchMetricsPublisher, LogMetricsPublisher } from '#shared/adapters/cloudwatch/metrics-publisher.ts';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DataFolderSecrets } from '#shared/adapters/secrets/data-folder-secrets.ts';
import { SecretsManagerSecrets } from '#shared/adapters/secrets/secrets-manager-secrets.ts';
import { SqsSweepQueue } from '#shared/adapters/sqs/sweep-queue.ts';
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
 * - SECRET_NAME_PREFIX (AWS, set by the collectors stack): `driftsbilde/<regionId>/`; the checks'
 *   secrets are read from Secrets Manager under it. Without it (locally) they are files under
 *   SECRETS_DIR (default `.data/secrets`). Secret values are never in the environment.
 */
const HealthSettings = z.object({
  METRICS_SINK: z.optional(z.enum(['cloudwatch', 'log'])),
  METRICS_FILE: z.optional(z.string().check(z.minLength(1))),
  SWEEP_CONCURRENCY: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(256)), 16),
  METRICS_PER_KIND: z._default(z.enum(['true', 'false']), 'true'),
  SECRET_NAME_PREFIX: z.optional(z.string().check(z.regex(/^driftsbilde\/[a-z0-9-]+\/$/))),
  SECRETS_DIR: z._default(z.string().check(z.minLength(1)), '.data/secrets'),
});
const settings = HealthSettings.parse(process.env);

const metricsSink = settings.METRICS_SINK ?? (config.DYNAMODB_ENDPOINT ? 'log' : 'cloudwatch');
export const metricsPublisher: MetricsPublisher =
  metricsSink === 'cloudwatch'
    ? new CloudWatchMetricsPublisher(new CloudWatchClient({ region: config.AWS_REGION }))
    : new LogMetricsPublisher(settings.METRICS_FILE ? { file: settings.METRICS_FILE } : {});

const secrets = settings.SECRET_NAME_PREFIX
  ? new SecretsManagerSecrets(new SecretsManagerClient({ region: config.AWS_REGION }), { prefix: settings.SECRET_NAME_PREFIX })
  : new DataFolderSecrets(settings.SECRETS_DIR);

export const environmentSweeper = new EnvironmentSweeper({
  inventory: inventoryStore,
  health: healthStore,
  incidents: incidentStore,
  maintenance: healthStore,
  metrics: metricsPublisher,
  runCheck,
  secrets,
  concurrency: settings.SWEEP_CONCURRENCY,
  perKindStatus: settings.METRICS_PER_KIND === 'true',
});
