/**
 * What the collector Lambda runs for (issue 10's cost table): the real collector handler
 * (`createCollectorHandler` over an `EnvironmentSweeper` with the real probes, wired as
 * functions/commons/sweep-services.ts wires them) sweeping the KR-IKT demo region in DynamoDB
 * Local, with the lab's simulated devices (SNMP v2c and v3 authPriv agents, node_exporters, an
 * HTTPS server; local/lab) attached to the demo devices as `npm start` attaches them. One SQS
 * message per environment, as the fan-out sends them; the wall time of each invocation is what
 * Lambda bills. Baseline in the same run: the same sweeps with the probes stubbed (answering at
 * once with what the lab's devices report), i.e. the collector's own work on the store.
 * The lab runs in this process, so its work counts against the collector's time: pessimistic.
 * CloudWatch metric batches are counted, not sent (a PutMetricData is ~10–30 ms in AWS, sent in parallel).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { DynamoDbBudgetLineStore } from '#shared/adapters/dynamodb/budget-line-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamodb/client.ts';
import { ensureTable } from '#shared/adapters/dynamodb/create-table.ts';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { DynamoDbIncidentStore } from '#shared/adapters/dynamodb/incident-store.ts';
import { DynamoDbInventoryStore } from '#shared/adapters/dynamodb/inventory-store.ts';
import { DataFolderSecrets } from '#shared/adapters/secrets/data-folder-secrets.ts';
import { EnvironmentSweeper, type RunCheck } from '#shared/domain/health/environment-sweep.ts';
import { Inventory } from '#shared/domain/inventory.ts';
import { loadRegionBundle } from '#shared/domain/region-bundle.ts';
import { createCollectorHandler } from '../functions/commons/sweep-handlers.ts';
import { startLab } from '../local/lab/index.ts';
import { linkLab } from '../local/lab-link.ts';
import { freePort, startDynamoDbLocal } from '../local/dynamodb-local.ts';

export interface CollectorRun {
  environments: number;
  /** Devices with monitoring (all, pointed at the lab), and all devices of the region. */
  monitoredDevices: number;
  devices: number;
  checksPerSweep: number;
  sweeps: number;
  /** Median wall ms of one invocation (one environment's sweep), real probes and stubbed. */
  invocationMs: number;
  stubbedInvocationMs: number;
  /** Wall ms of all invocations of a sweep of every environment, per monitored device. */
  msPerDeviceSweep: number;
  stubbedMsPerDeviceSweep: number;
}

const NETWORK_KINDS = new Set(['firewall', 'router', 'switch']);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function measureCollectorRun(sweeps = 5): Promise<CollectorRun> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const lab = await startLab({ basePort: 0 });
  const secretsDir = mkdtempSync(join(tmpdir(), 'driftsbilde-bench-collector-'));
  try {
    const tableName = 'bench-collector';
    await ensureTable(new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), tableName);
    const doc = createDocumentClient({ DYNAMODB_ENDPOINT: dynamo.endpoint, AWS_REGION: 'eu-north-1' });
    const inventoryStore = new DynamoDbInventoryStore(doc, tableName);
    const demo = JSON.parse(readFileSync(new URL('../data/demo/kr-ikt.json', import.meta.url), 'utf8')) as { region: { id: string } };
    await loadRegionBundle(inventoryStore, demo, { store: new DynamoDbBudgetLineStore(doc, tableName), document: JSON.parse(readFileSync(new URL('../data/demo/budget-lines.json', import.meta.url), 'utf8')) });
    const regionId = demo.region.id;
    const inventory = new Inventory(inventoryStore);
    // As `npm start` does; the backup push has no host to reach here, and is not what is measured.
    const link = await linkLab({ lab, inventory, regionId, secretsDir, url: 'http://127.0.0.1:9', operatorToken: async () => '', log: () => undefined });
    link.stop();

    // The lab simulates a dozen of the 67 devices; every other device is watched like a lab device
    // of its protocol (a network device like an SNMP agent, anything else like a node_exporter), as all are in production.
    const environments = (await inventory.listEnvironments(regionId, { limit: 100 })).items;
    const secrets = new DataFolderSecrets(secretsDir);
    const labDevices = new Map(lab.devices.map((device) => [device.id, device]));
    const donors = (await inventoryStore.listDevices(regionId, {}, { limit: 1000 })).items.filter((device) => labDevices.has(device.id) && device.monitoring);
    const donorFor = (kind: string) => donors.find((donor) => (labDevices.get(donor.id)!.protocol === 'snmp') === NETWORK_KINDS.has(kind))!;
    for (const device of (await inventoryStore.listDevices(regionId, {}, { limit: 1000 })).items) {
      if (labDevices.has(device.id)) continue;
      const donor = donorFor(device.kind);
      const moved = JSON.parse(JSON.stringify(donor.monitoring).replaceAll(`"${donor.environmentId}/lab/`, `"${device.environmentId}/lab/`)) as typeof donor.monitoring;
      for (const [ref, value] of Object.entries(lab.secrets)) secrets.put(`${device.environmentId}/${ref}`, value);
      const { version, ...fields } = device;
      await inventory.replaceDevice({ subject: 'bench', roles: ['operator'] }, regionId, device.id, { ...fields, monitoring: moved }, version);
    }
    const allDevices = (await inventoryStore.listDevices(regionId, {}, { limit: 1000 })).items;
    const monitored = allDevices.filter((device) => device.monitoring && device.monitoring.checks.length > 0);
    const checksPerSweep = monitored.reduce((sum, device) => sum + device.monitoring!.checks.length, 0);

    let clock = Date.parse('2026-11-27T08:00:00Z');
    const now = () => new Date(clock);
    const metrics = { publish: async () => undefined };
    const health = new DynamoDbHealthStore(doc, tableName);
    const incidents = new DynamoDbIncidentStore(doc, tableName);
    const sweeperWith = (probe: RunCheck) =>
      new EnvironmentSweeper({ inventory: inventoryStore, health, incidents, maintenance: health, metrics, runCheck: probe, secrets, now, log: () => undefined });

    // What each check reported last, replayed at once by the stubbed probe.
    const lastOutput = new Map<string, Awaited<ReturnType<RunCheck>>>();
    const recording: RunCheck = async (check, context) => {
      const output = await runCheck(check, context);
      lastOutput.set(`${check.type}:${check.name}:${JSON.stringify(check)}`, output);
      return output;
    };
    const stubbed: RunCheck = async (check, context) => {
      const output = lastOutput.get(`${check.type}:${check.name}:${JSON.stringify(check)}`);
      if (!output) throw new Error(`no recorded output for ${check.name}`);
      const at = context.now().toISOString();
      return { ...output, results: output.results.map((result) => ({ ...result, observedAt: at })) };
    };

    const message = (environmentId: string, index: number) => ({
      Records: [{ messageId: `bench-${environmentId}-${index}`, body: JSON.stringify({ regionId, environmentId, scheduledAt: now().toISOString() }) }],
    });
    async function run(handler: ReturnType<typeof createCollectorHandler>): Promise<{ invocations: number[]; perSweepTotals: number[] }> {
      const invocations: number[] = [];
      const perSweepTotals: number[] = [];
      for (let sweep = 0; sweep < sweeps; sweep++) {
        clock += 60_000;
        let total = 0;
        for (const environment of environments) {
          const started = performance.now();
          const answer = await handler(message(environment.id, sweep) as never, { awsRequestId: 'bench' });
          const ms = performance.now() - started;
          if (answer.batchItemFailures.length > 0) throw new Error(`the collector failed the sweep of ${environment.id}`);
          invocations.push(ms);
          total += ms;
        }
        perSweepTotals.push(total);
      }
      return { invocations, perSweepTotals };
    }

    const real = createCollectorHandler({ sweeper: sweeperWith(recording), now });
    // The first sweep creates each device's board state (once in its life) and warms the probes' modules.
    clock += 60_000;
    for (const environment of environments) await real(message(environment.id, -1) as never);
    const measured = await run(real);
    const baseline = await run(createCollectorHandler({ sweeper: sweeperWith(stubbed), now }));
    return {
      environments: environments.length,
      monitoredDevices: monitored.length,
      devices: allDevices.length,
      checksPerSweep,
      sweeps,
      invocationMs: median(measured.invocations),
      stubbedInvocationMs: median(baseline.invocations),
      msPerDeviceSweep: median(measured.perSweepTotals) / monitored.length,
      stubbedMsPerDeviceSweep: median(baseline.perSweepTotals) / monitored.length,
    };
  } finally {
    await lab.stop();
    await dynamo.stop();
    rmSync(secretsDir, { recursive: true, force: true });
  }
}
