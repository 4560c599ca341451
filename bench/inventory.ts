/**
 * Benchmark of the inventory list path (issue 2). For 1,000 devices in one environment it prints:
 * - the list endpoint's median latency through the local host (HTTP → API Gateway event → handler
 *   → DynamoDB Local) against a raw Query of the same items, measured in the same run, as a ratio;
 * - how many DynamoDB requests one list call makes.
 * Run alone: `npx tsx bench/inventory.ts` (part of `npm run bench`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { deviceKeys } from '#shared/adapters/dynamodb/keys.ts';
import { freePort } from '../local/dynamodb-local.ts';
import { startSystem, tokenFor } from '../local/system.ts';

const DEVICES = 1000;
const ROUNDS = 30;
const ENVIRONMENT = 'bench-miljo';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function benchInventory(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'driftsbilde-bench-'));
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const system = await startSystem({ env: { ...process.env, PORT: String(await freePort()), DDB_PORT: String(await freePort()), DATA_DIR: dataDir }, reset: true, lab: false });
  try {
    // The handlers' own client: counting its requests counts what a list call costs.
    const { documentClient, inventory, config } = await import('#functions/commons/services.ts');
    let requests = 0;
    documentClient.middlewareStack.add((next) => async (args) => {
      requests++;
      return next(args);
    }, { step: 'initialize', name: 'countRequests' });

    await inventory.createEnvironment('kr-ikt', { id: ENVIRONMENT, name: 'Benchmark', site: 'Bench', key: { type: 'equal' }, serves: [] });
    const devices = Array.from({ length: DEVICES }, (_, i) => ({
      id: `bench-${String(i).padStart(4, '0')}`, name: `Benchmark server ${i}`, kind: 'server' as const, role: 'virtualisering', vendor: 'Dell', model: 'PowerEdge R750',
      serial: `BENCH${i}`, firmware: 'iDRAC 6.10', environmentId: ENVIRONMENT, purchaseDate: '2021-06-01', purchaseCostNok: 150000,
      vendorEndOfSupport: 'announced-unknown' as const, criticality: 3, payer: { type: 'shared' as const }, tags: ['bench'],
    }));
    // Loading goes through the store in batches; only the reads are measured.
    const { DynamoDbInventoryStore } = await import('#shared/adapters/dynamodb/inventory-store.ts');
    const store = new DynamoDbInventoryStore(documentClient, config.TABLE_NAME);
    for (let i = 0; i < devices.length; i += 25) {
      await Promise.all(devices.slice(i, i + 25).map((device) => store.createDevice('kr-ikt', device)));
    }

    const token = await tokenFor(system, 'operator');
    const url = `${system.url}/api/regions/kr-ikt/devices?environmentId=${ENVIRONMENT}&limit=1000`;
    const listTimes: number[] = [];
    const queryTimes: number[] = [];
    let requestsPerList = 0;
    let itemsListed = 0;
    let bytes = 0;
    for (let round = 0; round < ROUNDS + 3; round++) {
      requests = 0;
      const started = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const text = await response.text();
      const listMs = performance.now() - started;
      const body = JSON.parse(text) as { items: unknown[]; nextCursor?: string };
      itemsListed = body.items.length;
      bytes = text.length;
      requestsPerList = requests - 1; // minus the region lookup (a GetItem)

      const rawStarted = performance.now();
      let rawItems = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await documentClient.send(new QueryCommand({
          TableName: config.TABLE_NAME, IndexName: 'byEnvironment', KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': deviceKeys.byEnvironment('kr-ikt', ENVIRONMENT) }, ExclusiveStartKey: startKey,
        }));
        rawItems += page.Items?.length ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      const rawMs = performance.now() - rawStarted;
      if (round >= 3) { // the first rounds warm up the JIT and connections
        listTimes.push(listMs);
        queryTimes.push(rawMs);
      }
      if (rawItems !== DEVICES) throw new Error(`raw query saw ${rawItems} items`);
    }
    const list = median(listTimes);
    const raw = median(queryTimes);
    console.log('— Inventory list (issue 2) —');
    console.log(`devices in one environment:         ${DEVICES} (listed per call: ${itemsListed}, response ${(bytes / 1024).toFixed(0)} KiB)`);
    console.log(`list endpoint median latency:       ${list.toFixed(1)} ms over ${ROUNDS} calls (HTTP → handler → DynamoDB Local)`);
    console.log(`raw Query of the same items median: ${raw.toFixed(1)} ms`);
    console.log(`ratio endpoint / raw Query:         ${(list / raw).toFixed(2)}`);
    console.log(`DynamoDB requests per list call:    ${requestsPerList} Query page(s) for ~${((bytes / 1024 / 1024)).toFixed(2)} MB, plus 1 GetItem for the region`);
  } finally {
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchInventory();
