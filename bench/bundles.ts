/**
 * Bundles, cold starts and the API stack's resource budget (issue 10), from the assets `cdk synth`
 * bundles (esbuild, exactly as deployed). For every Lambda function it prints:
 * - the minified size of index.mjs (the source map is not counted) against the 300 KB budget;
 * - the median time to import the bundle in a fresh Node process (RUNS runs, sequentially), the
 *   module initialisation a cold start pays before the first request, as wall-clock time and as the
 *   process's own CPU time (which other load on the machine does not inflate); for an API bundle
 *   also the median of import + the first request (unauthenticated, so no table is needed);
 * both beside two baselines bundled the same way in the same run: an empty module and a bare
 * DynamoDB document client of the real AWS SDK (the bundles carry the lean stand-ins);
 * and the API stack's CloudFormation resources against the 500 a stack may hold.
 * Run alone: `npx tsx bench/bundles.ts` (part of `npm run bench`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';
import { DriftsbildeFunction, REPO_ROOT } from '#infra/constructs/driftsbilde-function.ts';
import { BUNDLE_BUDGET_BYTES, resourceCount, STACK_RESOURCE_LIMIT, synthWithBundles, type BundledFunction } from '#infra/bundled-assets.ts';

const RUNS = 5;
/** What a route added to an existing capability costs the API stack: its AWS::ApiGatewayV2::Route. */
const RESOURCES_PER_NEW_ROUTE = 1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** An unauthenticated request to a route: answered by the middy chain (401, or 200/415 on public routes) without the table. */
function firstRequest(routeKey: string): object {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  return { version: '2.0', routeKey, rawPath: path, rawQueryString: '', headers: {}, isBase64Encoded: false, requestContext: { requestId: 'bench', routeKey, http: { method, path } } };
}

/** One fresh Node process: ms to import the bundle, and (with an event) ms to import + answer it. */
function coldStart(bundle: BundledFunction, event?: object): { importMs: number; importCpuMs: number; firstRequestMs?: number } {
  const file = pathToFileURL(join(bundle.dir, 'index.mjs')).href;
  const script = `
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { handler } = await import(${JSON.stringify(file)});
    const importMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const importCpuMs = (used.user + used.system) / 1000;
    let firstRequestMs;
    ${event ? `await handler(${JSON.stringify(event)}, { awsRequestId: 'bench' }); firstRequestMs = performance.now() - started;` : ''}
    process.stdout.write(JSON.stringify({ importMs, importCpuMs, firstRequestMs }));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    // What Lambda gives a function, with made-up values; nothing is called.
    env: { PATH: process.env.PATH ?? '', TABLE_NAME: 'bench', AWS_REGION: 'eu-north-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', LOG_LEVEL: 'error' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(output) as { importMs: number; importCpuMs: number; firstRequestMs?: number };
}

export async function benchBundles(): Promise<void> {
  const outdir = mkdtempSync(join(tmpdir(), 'driftsbilde-bundles-'));
  try {
    const started = performance.now();
    const { app, stacks, functions } = synthWithBundles(outdir, (appToExtend) => {
      const baselines = new Stack(appToExtend, 'Bench-Baselines', { env: { region: 'eu-north-1' } });
      new DriftsbildeFunction(baselines, 'Empty', { entryName: 'empty', entryFile: join(REPO_ROOT, 'bench', 'baselines', 'empty.ts') });
      // Never deployed: measured only, so the deployment rules' findings on them do not apply.
      NagSuppressions.addStackSuppressions(baselines, [{ id: 'Serverless-LambdaDLQ', reason: 'benchmark baselines, synthesised to be measured and never deployed' }]);
      new DriftsbildeFunction(baselines, 'BareDynamoDb', { entryName: 'bare-dynamodb', entryFile: join(REPO_ROOT, 'bench', 'baselines', 'bare-dynamodb.ts'), realAwsSdk: true });
    });
    const synthSeconds = (performance.now() - started) / 1000;

    const rows: Array<{ name: string; kb: number; importMs: number; cpuMs: number; firstMs?: number; baseline: boolean }> = [];
    // Interleaved rounds, so that a busy moment on the machine touches every bundle alike.
    const samples = new Map<string, { imports: number[]; cpus: number[]; firsts: number[] }>();
    for (let run = 0; run < RUNS; run++) {
      for (const bundle of functions) {
        const routes = stacks.api.functions.includes(bundle.fn) ? [...stacks.api.functionsByRouteKey].filter(([, fn]) => fn === bundle.fn).map(([key]) => key) : [];
        const measured = coldStart(bundle, routes[0] ? firstRequest(routes[0]) : undefined);
        const entry = samples.get(bundle.id) ?? { imports: [], cpus: [], firsts: [] };
        entry.imports.push(measured.importMs);
        entry.cpus.push(measured.importCpuMs);
        if (measured.firstRequestMs !== undefined) entry.firsts.push(measured.firstRequestMs);
        samples.set(bundle.id, entry);
      }
    }
    for (const bundle of functions) {
      const entry = samples.get(bundle.id)!;
      rows.push({
        name: bundle.id.replace(/Function$/, ''),
        kb: bundle.bytes / 1024,
        importMs: median(entry.imports),
        cpuMs: median(entry.cpus),
        ...(entry.firsts.length ? { firstMs: median(entry.firsts) } : {}),
        baseline: bundle.id.startsWith('Bench-Baselines/'),
      });
    }
    const bare = rows.find((row) => row.name === 'Bench-Baselines/BareDynamoDb')!;
    const empty = rows.find((row) => row.name === 'Bench-Baselines/Empty')!;

    console.log(`Bundles and cold starts (issue 10): ${functions.length - 2} functions bundled by cdk synth in ${synthSeconds.toFixed(0)} s; median of ${RUNS} fresh Node ${process.version} processes each`);
    // A markdown table (docs/deploy.md carries it as printed); ratios against the bare SDK client bundled and imported in this run.
    console.log(`| bundle | minified | ≤ 300 KB | import (wall) | ÷ bare SDK | ≤ 200 ms | import CPU | ÷ bare SDK | + 1st request |`);
    console.log(`|---|--:|---|--:|--:|---|--:|--:|--:|`);
    for (const row of rows) {
      const sizeGoal = row.baseline ? '' : row.kb * 1024 <= BUNDLE_BUDGET_BYTES ? 'met' : 'MISSED';
      const timeGoal = row.baseline ? '' : row.importMs <= 200 ? 'met' : `MISSED${row.cpuMs <= 200 ? ' (CPU met)' : ''}`;
      console.log(
        `| ${row.name} | ${row.kb.toFixed(0)} KB | ${sizeGoal} | ${row.importMs.toFixed(0)} ms | ${(row.importMs / bare.importMs).toFixed(2)} | ${timeGoal} | ${row.cpuMs.toFixed(0)} ms | ${(row.cpuMs / bare.cpuMs).toFixed(2)} | ${row.firstMs === undefined ? '' : `${row.firstMs.toFixed(0)} ms`} |`,
      );
    }
    console.log(`  (baselines: an empty module imports in ${empty.importMs.toFixed(0)} ms wall, ${empty.cpuMs.toFixed(0)} ms CPU; the AWS SDK's bare DynamoDB document client, ${bare.kb.toFixed(0)} KB, in ${bare.importMs.toFixed(0)} ms wall, ${bare.cpuMs.toFixed(0)} ms CPU)`);
    console.log(`  (import: wall-clock median; CPU: the process's own user+system time for the import, which another worker's load on the machine does not inflate; load average now ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);

    const used = resourceCount(app, stacks.api);
    const headroom = STACK_RESOURCE_LIMIT - used;
    console.log(`API stack: ${used} of ${STACK_RESOURCE_LIMIT} CloudFormation resources (${stacks.api.functions.length} functions for ${stacks.api.routesByKey.size} routes); headroom ${headroom}, room for ${Math.floor(headroom / RESOURCES_PER_NEW_ROUTE)} more routes in existing capabilities (goal ≥ 60: ${headroom >= 60 ? 'met' : 'MISSED'})`);
    console.log(`  routes per function: ${stacks.api.functions.map((fn) => `${fn.entryName} ${[...stacks.api.functionsByRouteKey.values()].filter((candidate) => candidate === fn).length}`).join(', ')}`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchBundles();
