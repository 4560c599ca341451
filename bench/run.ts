/**
 * `npm run bench`: every benchmark, each printing its figures and its ratio against a baseline
 * measured in the same run. Speed goals live here, not in timed unit tests.
 */
import { benchBoard } from './board.ts';
import { benchBundles } from './bundles.ts';
import { benchCosts } from './costs.ts';
import { benchIngest } from './ingest.ts';
import { benchInventory } from './inventory.ts';
import { benchPlan } from './plan.ts';
import { benchPortfolio } from './portfolio.ts';
import { benchSnmp } from './snmp.ts';
import { benchSweep } from './sweep.ts';
import { benchXlsx } from './xlsx.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const benches: Array<[string, () => Promise<void>]> = [
  ['inventory', benchInventory],
  ['sweep', benchSweep],
  ['snmp', benchSnmp],
  ['ingest', benchIngest],
  ['costs', benchCosts],
  ['plan', benchPlan],
  ['xlsx', benchXlsx],
  ['portfolio', benchPortfolio],
  ['bundles', benchBundles],
  ['board', benchBoard],
];

for (const [name, run] of benches) {
  const started = performance.now();
  await run();
  console.log(`(${name} benchmark took ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
