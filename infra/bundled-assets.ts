import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { DriftsbildeFunction, REPO_ROOT } from './constructs/driftsbilde-function.ts';
import { loadDeploymentConfig } from './config/index.ts';
import { buildDriftsbilde, type DriftsbildeStacks } from './driftsbilde.ts';

/** CloudFormation's limit on resources in one stack. */
export const STACK_RESOURCE_LIMIT = 500;
/** The bundle budget per function: minified JavaScript, source map not counted. */
export const BUNDLE_BUDGET_BYTES = 300 * 1024;

/**
 * Today's size of each bundle plus 5 %, as a ceiling test/infra/bundle-budget.test.ts holds
 * (measured after the AWS SDK clients gave way to the small signed-request clients in
 * shared/adapters/aws/lean/, middy to shared/http/chain.ts, the portfolio, the member's bill and
 * the board endpoint landed, and the OpenAPI document became a gzipped literal written at synth
 * time). The collector lost net-snmp (~129 KB with asn1-ber: one CommonJS file with its agent,
 * forwarder, AgentX and MIB parser, which esbuild cannot tree-shake) to the probe's own SNMP client
 * (shared/adapters/probes/snmp-client/, ~14 KB): 432 KB → 314 KB, still over the 300 KB budget
 * by zod (~108 KB); see docs/deploy.md, "Bundles and cold starts". The plan export lost exceljs (~1.2 MB)
 * to our own XLSX writer (shared/adapters/export/xlsx.ts): 1.48 MB → 257 KB; the member's bill
 * moved to the portfolio read function, which already carried its portfolio plan. The coded texts
 * (shared/messages: each area's nb and en catalogues, ~20–50 KB) then took the portfolio functions
 * and planning-write over 300 KB too. The Lambdas render English only, so they now import each
 * area's English module (`<area>.ts`; bokmål only in `<area>.i18n.ts`, for the dashboard and the
 * CLIs), and the portfolio reads roll-ups without the health store and its texts: 10–43 KB less
 * per bundle (portfolio read 360 → 317 KB, portfolio write 344 → 301 KB, under the budget again).
 */
export const BUNDLE_CEILINGS: Readonly<Record<string, number>> = {
  'Driftsbilde-Api/GetOpenapiFunction': 57_000,
  'Driftsbilde-Api/InventoryReadFunction': 240_000,
  'Driftsbilde-Api/InventoryWriteFunction': 239_000,
  'Driftsbilde-Api/SecretNamesFunction': 240_000,
  'Driftsbilde-Api/HealthReadFunction': 280_000,
  'Driftsbilde-Api/HealthWriteFunction': 280_000,
  'Driftsbilde-Api/IngestBackupResultsFunction': 279_000,
  'Driftsbilde-Api/PlanExportFunction': 290_000,
  'Driftsbilde-Api/PlanningReadFunction': 275_000,
  'Driftsbilde-Api/PlanningWriteFunction': 325_000,
  'Driftsbilde-Api/PortfolioReadFunction': 333_000,
  'Driftsbilde-Api/PortfolioWriteFunction': 316_000,
  'Driftsbilde-Collectors/FanOutSweepsFunction': 187_000,
  'Driftsbilde-Collectors/CollectEnvironmentFunction': 331_000,
};

export interface BundledFunction {
  /** `Driftsbilde-Api/InventoryReadFunction` */
  id: string;
  fn: DriftsbildeFunction;
  /** The asset folder holding index.mjs (and its map), as Lambda receives it. */
  dir: string;
  /** Bytes of index.mjs. */
  bytes: number;
}

/** The feature flags of cdk.json, so a synth here builds what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}

/** Every Lambda function of a synthesized app with its bundle (esbuild runs for each, as in `cdk synth`). */
export function bundledFunctions(app: App, outdir: string): BundledFunction[] {
  const assembly = app.synth();
  const bundled: BundledFunction[] = [];
  for (const stack of app.node.children.filter((child): child is Stack => child instanceof Stack)) {
    const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }> };
    for (const fn of stack.node.findAll().filter((construct): construct is DriftsbildeFunction => construct instanceof DriftsbildeFunction)) {
      const key = template.Resources[stack.getLogicalId(fn.node.defaultChild as never)]?.Properties.Code?.S3Key;
      if (!key) throw new Error(`no code asset for ${fn.node.path}`);
      const dir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      bundled.push({ id: fn.node.path, fn, dir, bytes: statSync(join(dir, 'index.mjs')).size });
    }
  }
  return bundled;
}

/** The whole app with real bundling into `outdir`; `extra` adds stacks (a benchmark's baselines) before synthesis. */
export function synthWithBundles(outdir: string, extra?: (app: App) => void): { stacks: DriftsbildeStacks; functions: BundledFunction[]; app: App } {
  const app = new App({ outdir, context: cdkJsonContext(), builtinCloudFormationValidation: false });
  const stacks = buildDriftsbilde(app, { config: loadDeploymentConfig() });
  extra?.(app);
  return { stacks, functions: bundledFunctions(app, outdir), app };
}

/** Resources in a stack's synthesized template. */
export function resourceCount(app: App, stack: Stack): number {
  return Object.keys((app.synth().getStackByName(stack.stackName).template as { Resources?: object }).Resources ?? {}).length;
}
