/**
 * Sample ingest benchmark: how fast the health store writes sweep samples compared with plain
 * BatchWriteItem of the very same items, and what each sample costs in write units.
 *
 * It starts an in-memory DynamoDB Local, makes the table from the shared definition, and then
 * alternates rounds of (a) raw BatchWriteCommand calls — items pre-built, 25 per call, the same
 * number of calls in flight — and (b) `DynamoDbHealthStore.writeHistory`, which builds the items
 * itself and retries unprocessed ones. Throughput is the median of the rounds; the goal is a ratio
 * of at least 0.8. Write units come from ReturnConsumedCapacity.
 *
 * Run alone: `npx tsx bench/ingest.ts` (needs Java 17 for DynamoDB Local).
 */
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { BATCH_WRITE_LIMIT } from '#shared/adapters/dynamodb/batch-writer.ts';
import { createDocumentClient } from '#shared/adapters/dynamodb/client.ts';
import { ensureTable } from '#shared/adapters/dynamodb/create-table.ts';
import { healthKeys } from '#shared/adapters/dynamodb/health-keys.ts';
import { DynamoDbHealthStore, sampleItem, splitHealth } from '#shared/adapters/dynamodb/health-store.ts';
import type { DeviceHealth } from '#shared/domain/health/device-status.ts';
import { evaluateDevice } from '#shared/domain/health/evaluate.ts';
import type { CheckResult } from '#shared/domain/health/probe.ts';
import { rollupHour, sampleBucketOf, type SampleBucket } from '#shared/domain/health/samples.ts';
import { freePort, startDynamoDbLocal } from '../local/dynamodb-local.ts';

const DEVICES = 300;
const SWEEPS_PER_ROUND = 10;
const ROUNDS = 5;
const CONCURRENCY = 4;
const BOARD_DEVICES = 40;
const BOARD_SWEEPS = 11;

/** What one sweep measures on a firewall: SNMP uptime, CPU, storage, four interfaces, HA, HTTPS and ping. */
function firewallResults(at: string, seed: number): CheckResult[] {
  const names = ['snmp.uptime', 'snmp.cpu', 'snmp.storage', 'snmp.if-wan1', 'snmp.if-wan2', 'snmp.if-lan', 'snmp.if-ha', 'snmp.ha-state', 'https.latency', 'https.certificate-days', 'ping'];
  return names.map((name, index) => ({
    name,
    type: 'snmp',
    status: (seed + index) % 17 === 0 ? 'warning' : 'ok',
    value: Math.round(((seed * 7919 + index * 104729) % 100_000) / 10) / 10,
    unit: 'ms',
    observedAt: at,
  }));
}

function sweepBuckets(sweep: number): SampleBucket[] {
  const at = new Date(Date.parse('2025-03-14T00:00:00Z') + sweep * 60_000).toISOString();
  return Array.from({ length: DEVICES }, (_, device) => sampleBucketOf(`fw-${String(device).padStart(4, '0')}`, at, firewallResults(at, device + sweep)));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function benchIngest(): Promise<void> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  try {
    const tableName = 'bench-ingest';
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(client, tableName);
    const doc = createDocumentClient({ DYNAMODB_ENDPOINT: dynamo.endpoint, AWS_REGION: 'eu-north-1' });

    let storeUnits = 0;
    const store = new DynamoDbHealthStore(doc, tableName, {
      batch: { concurrency: CONCURRENCY, measureCapacity: true },
      onBatchWrite: (stats) => (storeUnits += stats.consumedWriteUnits),
    });

    let rawUnits = 0;
    /** Plain BatchWriteItem: pre-built items, 25 per call, CONCURRENCY calls in flight, no retries. */
    async function rawWrite(items: Array<Record<string, unknown>>): Promise<void> {
      const chunks: Array<Array<Record<string, unknown>>> = [];
      for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) chunks.push(items.slice(start, start + BATCH_WRITE_LIMIT));
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < chunks.length) {
            const chunk = chunks[next++] as Array<Record<string, unknown>>;
            const output = await doc.send(
              new BatchWriteCommand({ RequestItems: { [tableName]: chunk.map((Item) => ({ PutRequest: { Item } })) }, ReturnConsumedCapacity: 'TOTAL' }),
            );
            for (const consumed of output.ConsumedCapacity ?? []) rawUnits += consumed.CapacityUnits ?? 0;
            if (Object.keys(output.UnprocessedItems ?? {}).length > 0) throw new Error('DynamoDB Local left items unprocessed in the raw run');
          }
        }),
      );
    }

    // The same sample items for both paths (the raw path gets them pre-built, as a lower bound on work).
    const rounds = Array.from({ length: ROUNDS }, (_, round) => Array.from({ length: SWEEPS_PER_ROUND }, (_, sweep) => sweepBuckets(round * SWEEPS_PER_ROUND + sweep)));
    const samplesPerRound = SWEEPS_PER_ROUND * DEVICES;

    // Warm-up: JIT, sockets, the table's first partitions.
    await rawWrite(sweepBuckets(10_000).map((bucket) => sampleItem('warm', bucket)));
    await store.writeHistory('warm', sweepBuckets(10_001), []);

    const rawRates: number[] = [];
    const storeRates: number[] = [];
    rawUnits = 0;
    storeUnits = 0;
    for (const round of rounds) {
      // Alternate, so that neither path always meets a warmer or fuller engine.
      const rawItems = round.flatMap((buckets) => buckets.map((bucket) => sampleItem('r-raw', bucket)));
      let started = performance.now();
      await rawWrite(rawItems);
      rawRates.push(samplesPerRound / ((performance.now() - started) / 1000));

      started = performance.now();
      // As the collector does: one writeHistory per environment sweep.
      for (const buckets of round) await store.writeHistory('r-sto', buckets, []);
      storeRates.push(samplesPerRound / ((performance.now() - started) / 1000));
    }

    const samples = ROUNDS * samplesPerRound;
    const raw = median(rawRates);
    const viaStore = median(storeRates);
    const itemBytes = Buffer.byteLength(JSON.stringify(sampleItem('r-sto', sweepBuckets(0)[0] as SampleBucket)));

    // The board row: BOARD_DEVICES firewalls swept BOARD_SWEEPS times through the store (values and
    // messages move every sweep, one device in ten turns critical half-way), against the one-item row
    // every sweep wrote before (its PutItem measured the same way).
    let boardUnits = 0;
    const boardStore = new DynamoDbHealthStore(doc, tableName, { batch: { measureCapacity: true }, onBatchWrite: (stats) => (boardUnits += stats.consumedWriteUnits) });
    let oneItemUnits = 0;
    let firstSweepUnits = 0;
    let previousBoard = new Map<string, DeviceHealth>();
    let lastHealth: DeviceHealth | undefined;
    for (let sweep = 0; sweep < BOARD_SWEEPS; sweep++) {
      const at = new Date(Date.parse('2025-03-14T00:00:00Z') + sweep * 60_000).toISOString();
      const evaluated = Array.from({ length: BOARD_DEVICES }, (_, index) => {
        const id = `fw-${String(index).padStart(4, '0')}`;
        const results = firewallResults(at, index + sweep).map((result) => ({
          ...result,
          status: index % 10 === 0 && sweep >= BOARD_SWEEPS / 2 && result.name === 'snmp.cpu' ? ('critical' as const) : ('ok' as const),
          message: `${result.name}: ${result.value} ${result.unit}`,
        }));
        const previous = previousBoard.get(id);
        return evaluateDevice({
          device: { id, name: `Brannmur Kristiansand ${index}`, kind: 'firewall', environmentId: 'kris', firmware: '7.2.5', serial: `FG60F${index}`, monitoring: { checks: [], failuresToAlert: 3, passesToRecover: 2 } },
          results,
          facts: { firmware: '7.2.5', serial: `FG60F${index}` },
          sweepAt: at,
          activeWindowIds: [],
          ...(previous ? { previous } : {}),
        } as never).health;
      });
      if (sweep > 0) await boardStore.saveHealth('b', 'kris', evaluated, previousBoard);
      else {
        await boardStore.saveHealth('b', 'kris', evaluated);
        firstSweepUnits = boardUnits;
      }
      for (const health of evaluated) {
        const put = await doc.send(new PutCommand({ TableName: tableName, Item: { ...health, ...healthKeys.health('b-one', 'kris', health.deviceId), entity: 'health' }, ReturnConsumedCapacity: 'TOTAL' }));
        oneItemUnits += put.ConsumedCapacity?.CapacityUnits ?? 0;
      }
      previousBoard = new Map((await boardStore.readBoard('b', 'kris')).flatMap((entry) => (entry.health ? [[entry.deviceId, entry.health] as const] : [])));
      lastHealth = evaluated[1];
    }
    // The first sweep creates every device's state item (once in a device's life); the goal is about the sweeps after it.
    const boardPerDeviceSweep = (boardUnits - firstSweepUnits) / (BOARD_DEVICES * (BOARD_SWEEPS - 1));
    const oneItemPerDeviceSweep = oneItemUnits / (BOARD_DEVICES * BOARD_SWEEPS);
    const split = splitHealth(lastHealth!);

    // Counted before the history below is written through the same store.
    const roundsStoreUnits = storeUnits;
    // History reads: one device with 48 hours of 1-minute buckets and 30 days of hourly roll-ups,
    // read the way GET …/devices/{id}/history does (raw up to 48 h, hourly beyond).
    const historyStart = Date.parse('2025-04-01T00:00:00Z');
    const rawBuckets = Array.from({ length: 48 * 60 }, (_, minute) => {
      const at = new Date(historyStart + minute * 60_000).toISOString();
      return sampleBucketOf('fw-history', at, firewallResults(at, minute), 'ok');
    });
    const hourly = Array.from({ length: 30 * 24 }, (_, hour) => rollupHour('fw-history', new Date(historyStart - 30 * 86_400_000 + hour * 3_600_000), [
      sampleBucketOf('fw-history', new Date(historyStart - 30 * 86_400_000 + hour * 3_600_000).toISOString(), firewallResults('x', hour), 'ok'),
    ])!);
    await store.writeHistory('r-hist', rawBuckets, hourly);
    const rawReads: number[] = [];
    const hourlyReads: number[] = [];
    for (let run = 0; run < 7; run++) {
      let started = performance.now();
      const read = await store.readSamples('r-hist', 'fw-history', new Date(historyStart), new Date(historyStart + 48 * 3_600_000));
      rawReads.push(performance.now() - started);
      if (read.length !== rawBuckets.length) throw new Error(`history read ${read.length} buckets`);
      started = performance.now();
      await store.readRollups('r-hist', 'fw-history', new Date(historyStart - 30 * 86_400_000), new Date(historyStart));
      hourlyReads.push(performance.now() - started);
    }
    const checksPerBucket = Object.keys(sweepBuckets(0)[0]?.checks ?? {}).length;

    console.log('Sample ingest (DynamoDB Local, in memory)');
    console.log(`  samples:                     ${samples} (${DEVICES} devices × ${ROUNDS * SWEEPS_PER_ROUND} sweeps, 11 checks each), ${CONCURRENCY} calls in flight`);
    console.log(`  raw BatchWriteItem:          ${raw.toFixed(0)} samples/s (median of ${ROUNDS} rounds: ${rawRates.map((r) => r.toFixed(0)).join(', ')})`);
    console.log(`  through the health store:    ${viaStore.toFixed(0)} samples/s (median of ${ROUNDS} rounds: ${storeRates.map((r) => r.toFixed(0)).join(', ')})`);
    console.log(`  ratio store / raw:           ${(viaStore / raw).toFixed(2)} (goal ≥ 0.80)`);
    console.log(`  write units per device-sweep: ${(roundsStoreUnits / samples).toFixed(2)} via the store, ${(rawUnits / samples).toFixed(2)} raw (one bucket item holds the sweep's ${checksPerBucket} check samples, ≈ ${itemBytes} bytes as JSON)`);
    console.log(`  write units per check sample: ${(roundsStoreUnits / samples / checksPerBucket).toFixed(3)} via the store (goal ≤ 0.2), ${(rawUnits / samples / checksPerBucket).toFixed(3)} raw, against 1.00 for an item per check sample`);
    console.log(`  board row:                   ${boardPerDeviceSweep.toFixed(2)} write units per device and sweep (goal ≤ 1: ${boardPerDeviceSweep <= 1 ? 'met' : 'MISSED'}), ${oneItemPerDeviceSweep.toFixed(2)} for the one-item row (${BOARD_DEVICES} firewalls × ${BOARD_SWEEPS - 1} sweeps after the first, a tenth turning critical half-way; the first sweep, which creates the state items, cost ${(firstSweepUnits / BOARD_DEVICES).toFixed(2)} per device)`);
    console.log(`                               state item ≈ ${Buffer.byteLength(JSON.stringify(split.state))} bytes, written when it changes; latest item ≈ ${Buffer.byteLength(JSON.stringify(split.latest))} bytes, every sweep; one-item row ≈ ${Buffer.byteLength(JSON.stringify(lastHealth))} bytes (as JSON)`);
    console.log(`  history of one device:       48 h raw (${rawBuckets.length} buckets) read in ${median(rawReads).toFixed(0)} ms, 30 days hourly (${hourly.length} roll-ups) in ${median(hourlyReads).toFixed(0)} ms (medians of ${rawReads.length})`);
  } finally {
    await dynamo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchIngest();
}
