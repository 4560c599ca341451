/**
 * What one environment sweep and one dashboard load cost in AWS requests and DynamoDB capacity,
 * measured on the KR-IKT demo region (3 environments, 67 devices) in DynamoDB Local: every
 * DynamoDB call asks for its consumed capacity (ReturnConsumedCapacity TOTAL), metric batches are
 * counted as the CloudWatch publisher would send them, and a dashboard load runs the calls the
 * health view makes (`GET …/health`, then `GET …/environments/{id}/health` per environment).
 * The probes are stubbed (no network): each network device reports 11 check results a sweep, each
 * other device 6 — what the lab's SNMP agents and node_exporters report. docs/deploy.md's monthly
 * cost table is built from these figures. Baseline in the same run: the one-item board row and an
 * item per sample, which the health store wrote before.
 * Then the collector's measured run time per invocation and per device-sweep (bench/collector-run.ts),
 * for the Lambda duration rows of the cost table.
 * Run alone: `LOG_LEVEL=warn npx tsx bench/costs.ts` (needs Java 17 for DynamoDB Local).
 */
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { batchMetricData, toCloudWatchDatum } from '#shared/adapters/cloudwatch/metrics-publisher.ts';
import { DynamoDbBudgetLineStore } from '#shared/adapters/dynamodb/budget-line-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamodb/client.ts';
import { ensureTable } from '#shared/adapters/dynamodb/create-table.ts';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { DynamoDbIncidentStore } from '#shared/adapters/dynamodb/incident-store.ts';
import { DynamoDbInventoryStore } from '#shared/adapters/dynamodb/inventory-store.ts';
import { EnvironmentSweeper, type RunCheck } from '#shared/domain/health/environment-sweep.ts';
import { HealthService } from '#shared/domain/health/health-service.ts';
import type { MetricDatum } from '#shared/domain/health/metrics.ts';
import { Inventory } from '#shared/domain/inventory.ts';
import { loadRegionBundle } from '#shared/domain/region-bundle.ts';
import { freePort, startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { measureCollectorRun } from './collector-run.ts';

/** The collector's memory (DriftsbildeFunction's default; the collectors stack keeps it). */
const COLLECTOR_MEMORY_MB = 512;

const SWEEPS = 6;
const NETWORK_KINDS = new Set(['firewall', 'router', 'switch']);
const NETWORK_RESULTS = ['uptime', 'cpu', 'storage', 'if-wan1', 'if-wan2', 'if-lan', 'if-ha', 'ha-state', 'latency', 'certificate-days', 'ping'];
const SERVER_RESULTS = ['up', 'cpu', 'memory', 'filesystem', 'load', 'uptime'];

/** DynamoDB requests and capacity, by read and write, as a sweep or a page load spends them. */
export interface Spent {
  reads: number;
  writes: number;
  readUnits: number;
  writeUnits: number;
}

const READ_COMMANDS = new Set(['GetCommand', 'QueryCommand', 'ScanCommand', 'BatchGetCommand', 'TransactGetCommand']);

export async function measureCosts(): Promise<{ devices: number; environments: number; perEnvironmentSweep: Spent & { metricRequests: number; metricData: number; devicesPerSweep: number }; perDashboardLoad: Spent & { apiRequests: number }; perDeviceSweepWriteUnits: number; oneItemLayoutWriteUnitsPerDeviceSweep: number }> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  try {
    const tableName = 'bench-costs';
    await ensureTable(new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), tableName);
    const doc = createDocumentClient({ DYNAMODB_ENDPOINT: dynamo.endpoint, AWS_REGION: 'eu-north-1' });
    const spent: Spent = { reads: 0, writes: 0, readUnits: 0, writeUnits: 0 };
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ReturnConsumedCapacity?: string };
        input.ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> }).ConsumedCapacity;
        const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
        if (READ_COMMANDS.has(context.commandName ?? '')) {
          spent.reads++;
          spent.readUnits += units;
        } else {
          spent.writes++;
          spent.writeUnits += units;
        }
        return result;
      },
      { step: 'initialize', name: 'benchConsumedCapacity' },
    );
    const reset = () => Object.assign(spent, { reads: 0, writes: 0, readUnits: 0, writeUnits: 0 });

    const inventoryStore = new DynamoDbInventoryStore(doc, tableName);
    const demo = JSON.parse(readFileSync(new URL('../data/demo/kr-ikt.json', import.meta.url), 'utf8')) as { region: { id: string } };
    await loadRegionBundle(inventoryStore, demo, { store: new DynamoDbBudgetLineStore(doc, tableName), document: JSON.parse(readFileSync(new URL('../data/demo/budget-lines.json', import.meta.url), 'utf8')) });
    const regionId = demo.region.id;
    const inventory = new Inventory(inventoryStore);
    const environments = (await inventory.listEnvironments(regionId, { limit: 100 })).items;

    // Every device gets one check; the stubbed probe answers it with the results its kind reports.
    const monitored = {
      ...inventoryStore,
      getEnvironment: inventoryStore.getEnvironment.bind(inventoryStore),
      listDevices: async (...args: Parameters<typeof inventoryStore.listDevices>) => {
        const page = await inventoryStore.listDevices(...args);
        return { ...page, items: page.items.map((device) => ({ ...device, monitoring: { checks: [{ type: 'tcp' as const, name: NETWORK_KINDS.has(device.kind) ? 'snmp' : 'node', host: '127.0.0.1', port: 161, timeoutMs: 1000 }], failuresToAlert: 3, passesToRecover: 2 } })) };
      },
    };
    let sweepIndex = 0;
    const runCheck: RunCheck = async (check, context) => {
      const names = check.name === 'snmp' ? NETWORK_RESULTS : SERVER_RESULTS;
      const at = context.now().toISOString();
      return {
        results: names.map((name, index) => {
          const value = Math.round(((sweepIndex * 31 + index * 17) % 97) * 10) / 10 + 1;
          return { name: `${check.name}.${name}`, type: check.type, status: 'ok' as const, value, unit: '%', message: `${name} ${value} %`, observedAt: at };
        }),
        durationMs: 5,
      };
    };
    let metricRequests = 0;
    let metricData = 0;
    const metrics = {
      publish: async (namespace: string, data: readonly MetricDatum[]) => {
        const batches = batchMetricData(namespace, data.filter((datum) => Number.isFinite(datum.value)).map(toCloudWatchDatum));
        metricRequests += batches.length;
        metricData += data.length;
      },
    };
    const health = new DynamoDbHealthStore(doc, tableName);
    const incidents = new DynamoDbIncidentStore(doc, tableName);
    let clock = Date.parse('2026-11-27T08:00:00Z');
    const now = () => new Date(clock);
    const sweeper = new EnvironmentSweeper({ inventory: monitored as never, health, incidents, maintenance: health, metrics, runCheck, secrets: { resolve: async () => '' } as never, now, log: () => undefined });

    // The first sweep creates each device's board state (once in its life); the figures are the sweeps after it.
    for (const environment of environments) await sweeper.sweep(regionId, environment.id);
    reset();
    metricRequests = 0;
    metricData = 0;
    for (sweepIndex = 1; sweepIndex <= SWEEPS; sweepIndex++) {
      clock += 60_000;
      for (const environment of environments) await sweeper.sweep(regionId, environment.id);
    }
    const environmentSweeps = SWEEPS * environments.length;
    const devices = (await inventoryStore.listDevices(regionId, {}, { limit: 1000 })).items.length;
    const perEnvironmentSweep = {
      reads: spent.reads / environmentSweeps,
      writes: spent.writes / environmentSweeps,
      readUnits: spent.readUnits / environmentSweeps,
      writeUnits: spent.writeUnits / environmentSweeps,
      metricRequests: metricRequests / environmentSweeps,
      metricData: metricData / environmentSweeps,
      devicesPerSweep: devices / environments.length,
    };
    const perDeviceSweepWriteUnits = spent.writeUnits / (SWEEPS * devices);

    // The same sweeps in the layout before: a 1-unit item per check result, the board row in one item (~3.3 KB: 4 units).
    const resultsPerSweep = (await inventoryStore.listDevices(regionId, {}, { limit: 1000 })).items.reduce((sum, device) => sum + (NETWORK_KINDS.has(device.kind) ? NETWORK_RESULTS.length : SERVER_RESULTS.length), 0);
    const oneItemLayoutWriteUnitsPerDeviceSweep = (resultsPerSweep * 1 + devices * 4) / devices;

    // A dashboard load: the health view's calls, as the API's use cases run them.
    const service = new HealthService({ inventory, health, incidents, maintenance: health, now });
    reset();
    const LOADS = 5;
    for (let load = 0; load < LOADS; load++) {
      await service.regionHealth(regionId);
      for (const environment of environments) await service.environmentHealth(regionId, environment.id);
    }
    const perDashboardLoad = {
      reads: spent.reads / LOADS,
      writes: spent.writes / LOADS,
      readUnits: spent.readUnits / LOADS,
      writeUnits: spent.writeUnits / LOADS,
      apiRequests: 1 + environments.length,
    };
    return { devices, environments: environments.length, perEnvironmentSweep, perDashboardLoad, perDeviceSweepWriteUnits, oneItemLayoutWriteUnitsPerDeviceSweep };
  } finally {
    await dynamo.stop();
  }
}

export async function benchCosts(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const measured = await measureCosts();
  const { perEnvironmentSweep: sweep, perDashboardLoad: load } = measured;
  console.log(`Requests and capacity per sweep and per dashboard load (KR-IKT demo region: ${measured.environments} environments, ${measured.devices} devices; DynamoDB Local, ReturnConsumedCapacity)`);
  console.log(`  one environment sweep (${sweep.devicesPerSweep.toFixed(1)} devices): ${sweep.reads.toFixed(1)} DynamoDB reads (${sweep.readUnits.toFixed(1)} RCU), ${sweep.writes.toFixed(1)} writes (${sweep.writeUnits.toFixed(1)} WCU), ${sweep.metricRequests.toFixed(1)} PutMetricData (${sweep.metricData.toFixed(0)} metric values)`);
  console.log(`  write units per device-sweep: ${measured.perDeviceSweepWriteUnits.toFixed(2)} (samples, board, roll-ups, incidents), against ${measured.oneItemLayoutWriteUnitsPerDeviceSweep.toFixed(2)} for an item per sample and the one-item board row`);
  console.log(`  one dashboard load (health view): ${load.apiRequests} API requests, ${load.reads.toFixed(1)} DynamoDB reads (${load.readUnits.toFixed(1)} RCU), ${load.writes.toFixed(1)} writes (${load.writeUnits.toFixed(1)} WCU)`);

  const run = await measureCollectorRun();
  const gbSeconds = (ms: number) => (ms / 1000) * (COLLECTOR_MEMORY_MB / 1024);
  const monthlyDeviceSweeps = run.devices * 60 * 24 * 30;
  console.log(
    `Collector run time, measured (real collector handler and probes against the lab's SNMP v2c/v3, node_exporter and HTTPS peers; ${run.monitoredDevices} devices, ${run.checksPerSweep} checks a sweep, median of ${run.sweeps} sweeps; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
  );
  console.log(
    `  one invocation (one environment's sweep): ${run.invocationMs.toFixed(0)} ms; per device-sweep ${run.msPerDeviceSweep.toFixed(0)} ms = ${gbSeconds(run.msPerDeviceSweep).toFixed(3)} GB-s at ${COLLECTOR_MEMORY_MB} MB; ${((monthlyDeviceSweeps * gbSeconds(run.msPerDeviceSweep)) / 1000).toFixed(0)} k GB-s a month for ${run.devices} devices at 1-minute sweeps`,
  );
  console.log(
    `  baseline, same sweeps with the probes answering at once (the collector's own store work): ${run.stubbedInvocationMs.toFixed(0)} ms an invocation, ${run.stubbedMsPerDeviceSweep.toFixed(0)} ms per device-sweep; real probes ÷ baseline ${(run.msPerDeviceSweep / run.stubbedMsPerDeviceSweep).toFixed(2)}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchCosts();
