import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '#shared/adapters/dynamodb/client.ts';
import { ensureTable } from '#shared/adapters/dynamodb/create-table.ts';
import { DynamoDbInventoryStore } from '#shared/adapters/dynamodb/inventory-store.ts';
import { DynamoDbBudgetLineStore } from '#shared/adapters/dynamodb/budget-line-store.ts';
import { Inventory } from '#shared/domain/inventory.ts';
import { loadRegionBundle } from '#shared/domain/region-bundle.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { loadOrCreateSigningKey, signToken, type LocalSigningKey } from './auth.ts';
import { loadDemoPortfolio } from './demo-portfolio.ts';
import { startDynamoDbLocal, type RunningDynamoDb } from './dynamodb-local.ts';
import { buildDashboard } from '../web/build.ts';
import { startLocalHost } from './host.ts';
import type { SignInMode } from './sign-in.ts';
import { LocalUserStore } from './users.ts';
import { startLab } from './lab/index.ts';
import { linkLab } from './lab-link.ts';
import { startCollectorSchedule } from './scheduler.ts';
import { localSettings, type LocalSettings } from './settings.ts';

const DEMO_REGION_FILE = new URL('../data/demo/kr-ikt.json', import.meta.url);
const DEMO_BUDGET_LINES_FILE = new URL('../data/demo/budget-lines.json', import.meta.url);

export interface StartOptions {
  reset?: boolean;
  /** Start the simulated devices and the collectors' schedule. */
  lab?: boolean;
  /**
   * Demo mode (the default): an empty store gets the demo region, and while the store holds it
   * the dashboard signs in with the identity picker. `false` (`--no-demo`) is a real local
   * instance: nothing loaded, sign-in with user name and password, a first admin made on first start.
   */
  demo?: boolean;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface RunningSystem {
  url: string;
  settings: LocalSettings;
  signingKey: LocalSigningKey;
  /** True when `/local/sign-in` is the demo identity picker; false when it asks for a password. */
  demo: boolean;
  /** The embedded DynamoDB Local (fault tests crash and restart it). */
  database: RunningDynamoDb;
  stop(): Promise<void>;
}

/** Brings up every local part in order and returns one `stop` that takes them all down again. */
export async function startSystem(options: StartOptions = {}): Promise<RunningSystem> {
  const log = options.log ?? (() => undefined);
  const settings = localSettings(options.env);
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`while stopping: ${String(error)}`));
  };
  try {
    const databaseDir = join(settings.dataDir, 'dynamodb');
    if (options.reset) {
      rmSync(databaseDir, { recursive: true, force: true });
      log(`--reset: removed ${databaseDir}`);
    }
    log(`Starting DynamoDB Local on 127.0.0.1:${settings.dynamoDbPort} (data in ${databaseDir})…`);
    const dynamo = await startDynamoDbLocal({ port: settings.dynamoDbPort, dataDir: databaseDir, warn: log });
    stops.push(() => dynamo.stop());

    // The handlers read these at module scope, so they are set before the host imports any.
    process.env.TABLE_NAME = settings.tableName;
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    process.env.AWS_REGION ??= 'eu-north-1';
    // Lambda runs the newest Node runtime; on this machine's Node 20 the SDK only prints an upgrade notice.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    // No CloudWatch here: each PutMetricData batch the collectors would send is appended to a file.
    process.env.METRICS_FILE ??= join(settings.dataDir, 'cloudwatch-metrics.jsonl');
    // No Secrets Manager here: the checks' secrets are files under the data folder (DataFolderSecrets).
    process.env.SECRETS_DIR ??= join(settings.dataDir, 'secrets');

    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    if (await ensureTable(client, settings.tableName)) log(`Created table ${settings.tableName}.`);
    const documentClient = createDocumentClient({ DYNAMODB_ENDPOINT: dynamo.endpoint, AWS_REGION: 'eu-north-1' });
    const inventoryStore = new DynamoDbInventoryStore(documentClient, settings.tableName);
    const inventory = new Inventory(inventoryStore);
    const demoRequested = options.demo ?? true;
    const regions = await inventory.listRegions({ limit: 1 });
    if (regions.items.length === 0 && demoRequested) {
      // A region is written last (see loadRegionBundle), so a demo load that stopped partway
      // leaves no region and is simply completed here on the next start.
      log('The store is empty: loading the KR-IKT demo region…');
      const loaded = await loadRegionBundle(inventoryStore, readJson(DEMO_REGION_FILE), {
        store: new DynamoDbBudgetLineStore(documentClient, settings.tableName),
        document: readJson(DEMO_BUDGET_LINES_FILE),
      });
      log(`Loaded ${loaded.regionId}: ${loaded.members} members, ${loaded.environments} environments, ${loaded.devices} devices, ${loaded.budgetLines} budget lines.`);
    }
    if (demoRequested && (await holdsRegion(inventory, DEMO_REGION_ID))) {
      const portfolio = await loadDemoPortfolio(documentClient, settings.tableName);
      if (portfolio) log(`Loaded the demo portfolio: ${portfolio.projects} projects (${portfolio.transitions} decisions), ${portfolio.rankings} rankings, ${portfolio.scenarios} scenarios, ${portfolio.budgetLines} project budget lines.`);
    }

    const signingKey = await loadOrCreateSigningKey(settings.dataDir);
    const demo = demoRequested && (await holdsRegion(inventory, DEMO_REGION_ID));
    const signIn: SignInMode = demo ? { mode: 'demo', regionId: DEMO_REGION_ID } : { mode: 'password', users: new LocalUserStore(settings.dataDir) };
    if (signIn.mode === 'password') {
      if (demoRequested) log(`Demo sign-in is off: the store does not hold the demo region '${DEMO_REGION_ID}'. Sign in with a user name and password.`);
      const firstAdmin = await signIn.users.ensureFirstAdmin();
      if (firstAdmin) {
        log('');
        log(`First start without demo mode: created the user '${firstAdmin.userName}' (admin) with the password`);
        log(`    ${firstAdmin.password}`);
        log('  It is shown only now. Sign in with it, then add people with: npm run users -- add <name> --role operator --region <regionId>');
        log('');
      }
    }
    await buildDashboard();
    const host = await startLocalHost({ port: settings.port, signingKey, signIn });
    stops.push(() => host.stop());

    // The lab's simulated devices are the demo region's; a real instance has its own devices.
    if ((options.lab ?? true) && !demo) log('The lab (simulated devices) runs only in demo mode.');
    if ((options.lab ?? true) && demo) {
      const labBasePort = settings.labPort;
      log(`Starting the lab: simulated devices on 127.0.0.1 from port ${labBasePort}…`);
      const lab = await startLab({ basePort: labBasePort });
      stops.push(() => lab.stop());
      const regionId = (await inventory.listRegions({ limit: 1 })).items[0]?.id ?? 'kr-ikt';
      const link = await linkLab({ lab, inventory, regionId, secretsDir: process.env.SECRETS_DIR, url: host.url, operatorToken: () => signToken(signingKey, { role: 'operator', regionIds: [regionId] }), log });
      stops.push(async () => link.stop());
      const schedule = await startCollectorSchedule({ intervalMs: 60_000, log: (line) => log(`collectors: ${line}`) });
      stops.push(() => schedule.stop());
      log(`Collectors sweep every minute (the first sweep runs now); CloudWatch metric batches go to ${process.env.METRICS_FILE}.`);
    }

    log('');
    log(`Driftsbilde runs on ${host.url}${demo ? '  — DEMO mode: anyone who reaches this port may sign in as anyone (npm start -- --no-demo for real users)' : ''}`);
    log(`  Dashboard:  ${host.url}/`);
    log(`  API:        ${host.url}/api/regions  (described at ${host.url}/api/openapi.json)`);
    log('  A token:    npm run token -- --role operator   (or --role member --member lillesand, --role budget-owner, --role admin)');
    log(`  Try:        curl -H "Authorization: Bearer $(npm run -s token -- --role operator 2>/dev/null)" ${host.url}/api/regions/kr-ikt/devices`);
    log('Ctrl-C stops everything, DynamoDB Local included.');
    return { url: host.url, settings, signingKey, demo, database: dynamo, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function readJson(file: URL): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A token for a role, signed by this system's key (tests and scripts): bound to the demo region, or every region for an admin. */
export function tokenFor(system: RunningSystem, role: Parameters<typeof signToken>[1]['role'], memberId?: string): Promise<string> {
  return signToken(system.signingKey, { role, memberId, regionIds: role === 'admin' ? '*' : [DEMO_REGION_ID] });
}

/** The demo region's id, read from the demo data itself. */
const DEMO_REGION_ID = (readJson(DEMO_REGION_FILE) as { region: { id: string } }).region.id;

async function holdsRegion(inventory: Inventory, regionId: string): Promise<boolean> {
  try {
    await inventory.getRegion(regionId);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}
