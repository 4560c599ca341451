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
 * Today's size of each bundle plus 5 %, as a ceiling test/infra/bundle-budget.test.ts holds: a
 * growing bundle is a decision, not an accident. How they got under the 300 KB budget (issue 10;
 * docs/deploy.md, "Bundles and cold starts"): small signed-request clients instead of the AWS SDK
 * (shared/adapters/aws/lean/), our own handler chain instead of middy, the OpenAPI document as a
 * gzipped literal written at synth, our own XLSX writer instead of exceljs (plan export 1.48 MB →
 * 257 KB), our own SNMP client instead of net-snmp (~129 KB that esbuild cannot tree-shake), English
 * catalogues only in the Lambdas (`shared/messages/<area>.ts`; bokmål in `<area>.i18n.ts` for the
 * dashboard and the CLIs), and zod/mini instead of classic zod (~108 KB → ~40 KB per bundle).
 * Before the last three: 232–432 KB; after: 112–253 KB.
 */
export const BUNDLE_CEILINGS: Readonly<Record<string, number>> = {
  'Driftsbilde-Api/GetOpenapiFunction': 57_000,
  'Driftsbilde-Api/InventoryReadFunction': 173_000,
  'Driftsbilde-Api/InventoryWriteFunction': 172_000,
  'Driftsbilde-Api/SecretNamesFunction': 173_000,
  'Driftsbilde-Api/HealthReadFunction': 213_000,
  'Driftsbilde-Api/HealthWriteFunction': 213_000,
  'Driftsbilde-Api/IngestBackupResultsFunction': 212_000,
  'Driftsbilde-Api/PlanExportFunction': 223_000,
  'Driftsbilde-Api/PlanningReadFunction': 208_000,
  'Driftsbilde-Api/PortfolioReadFunction': 266_000,
  'Driftsbilde-Api/PlanningWriteFunction': 258_000,
  'Driftsbilde-Api/PortfolioWriteFunction': 249_000,
  'Driftsbilde-Collectors/FanOutSweepsFunction': 119_000,
  'Driftsbilde-Collectors/CollectEnvironmentFunction': 243_000,
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
