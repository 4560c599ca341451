import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_BUDGET_BYTES, BUNDLE_CEILINGS, resourceCount, STACK_RESOURCE_LIMIT, type BundledFunction } from '#infra/bundled-assets.ts';
import { REPO_ROOT } from '#infra/constructs/driftsbilde-function.ts';
import { DataStack } from '#infra/stacks/data-stack.ts';
import { ApiStack } from '#infra/stacks/api-stack.ts';
import type { RouteContract } from '#shared/api/contract.ts';
import { ROUTES } from '#shared/api/routes.ts';
import { cdkJsonContext } from './synth.ts';

/**
 * The bundle sizes and the API stack's resource budget (issue 10), from a real `cdk synth` with
 * esbuild. Sizes are deterministic for a lock file; times are not, so they live in `npm run bench`.
 */
type Bundle = Pick<BundledFunction, 'id' | 'dir' | 'bytes'>;
let outdir: string;
let functions: Bundle[];

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'driftsbilde-budget-'));
  // In a child process: synthesis with esbuild takes a minute or more, which would block this worker.
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'bundled-functions.ts'), outdir], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  functions = JSON.parse(stdout) as Bundle[];
}, 900_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** The input files esbuild put into a bundle, read from its source map (`sources`). */
function inputsOf(bundle: Bundle): string[] {
  return (JSON.parse(readFileSync(join(bundle.dir, 'index.mjs.map'), 'utf8')) as { sources: string[] }).sources;
}
const packageIn = (bundle: Bundle, name: string) => inputsOf(bundle).some((source) => source.includes(`node_modules/${name}/`));
const named = (suffix: string) => {
  const found = functions.find((bundle) => bundle.id.endsWith(suffix));
  if (!found) throw new Error(`no bundle ${suffix}`);
  return found;
};

describe('bundles', () => {
  it('every function has a ceiling, and stays under it (today\'s size plus 5 %: a growing bundle is a decision, not an accident)', () => {
    expect(functions.map((bundle) => bundle.id).sort()).toEqual(Object.keys(BUNDLE_CEILINGS).sort());
    for (const bundle of functions) expect(bundle.bytes, bundle.id).toBeLessThanOrEqual(BUNDLE_CEILINGS[bundle.id]!);
  });

  it('every bundle is within the 300 KB budget, the plan export and the collector among them', () => {
    const over = functions.filter((bundle) => bundle.bytes > BUNDLE_BUDGET_BYTES).map((bundle) => `${bundle.id}: ${bundle.bytes} bytes`);
    expect(over).toEqual([]);
    expect(named('/InventoryReadFunction').bytes).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
    // The XLSX export writes its own SpreadsheetML: 1.48 MB with exceljs before.
    expect(named('/PlanExportFunction').bytes).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
    expect(inputsOf(named('/PlanExportFunction')).some((source) => source.endsWith('shared/adapters/export/xlsx.ts'))).toBe(true);
    expect(inputsOf(named('/PortfolioReadFunction')).some((source) => source.endsWith('functions/get-member-costs.ts'))).toBe(true);
  });

  it('carries no AWS SDK client and no middy: the small signed-request clients and our own handler chain stand in for them', () => {
    for (const bundle of functions) {
      const inputs = inputsOf(bundle);
      expect(inputs.filter((source) => /node_modules\/(@aws-sdk|@smithy|@middy)\//.test(source)), bundle.id).toEqual([]);
    }
    expect(inputsOf(named('/InventoryReadFunction')).some((source) => source.endsWith('shared/adapters/aws/lean/lib-dynamodb.ts'))).toBe(true);
    expect(inputsOf(named('/CollectEnvironmentFunction')).some((source) => source.endsWith('shared/adapters/aws/lean/client-cloudwatch.ts'))).toBe(true);
  });

  it('carries no exceljs (a test dependency only) and no net-snmp (the lab agent only): the probe has its own SNMP client', () => {
    for (const bundle of functions) {
      for (const name of ['exceljs', 'net-snmp', 'asn1-ber', 'smart-buffer']) expect(packageIn(bundle, name), `${bundle.id}: ${name}`).toBe(false);
    }
    expect(inputsOf(named('/CollectEnvironmentFunction')).some((source) => source.endsWith('shared/adapters/probes/snmp-client/session.ts'))).toBe(true);
  });

  it('the OpenAPI function carries its document as a literal built at synth time, not zod and the contract', () => {
    const inputs = inputsOf(named('/GetOpenapiFunction'));
    expect(inputs.some((source) => source.endsWith('.build/generated/openapi-served.js'))).toBe(true);
    expect(inputs.filter((source) => source.includes('node_modules/zod/') || source.endsWith('shared/api/routes.ts'))).toEqual([]);
  });

  it('carries zod/mini, not classic zod (its method chains cannot tree-shake: ~108 KB against ~40 KB)', () => {
    for (const bundle of functions) {
      expect(inputsOf(bundle).filter((source) => source.includes('node_modules/zod/v4/classic/')), bundle.id).toEqual([]);
    }
  });

  it('carries no zod locale but English', () => {
    for (const bundle of functions) {
      const inputs = inputsOf(bundle);
      expect(inputs.filter((source) => source.includes('zod/v4/locales/') && !source.endsWith('/en.js')), bundle.id).toEqual([]);
    }
  });

  it('ships index.mjs and its source map, nothing else', () => {
    for (const bundle of functions) expect(readdirSync(bundle.dir).sort(), bundle.id).toEqual(['index.mjs', 'index.mjs.map']);
  });
});

describe('API stack resource budget', () => {
  /** The API stack with `extra` routes beside the contract's, synthesized without bundling. */
  function apiResources(extra: RouteContract[]): number {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
    const env = { region: 'eu-north-1' };
    const data = new DataStack(app, 'Driftsbilde-Data', { env });
    // The API and its authorizer live in the web stack (see there why); a bare pair stands in for them.
    const web = new Stack(app, 'Driftsbilde-Web', { env });
    const httpApi = new HttpApi(web, 'HttpApi', { createDefaultStage: false });
    const authorizer = new HttpJwtAuthorizer('Authorizer', 'https://cognito-idp.eu-north-1.amazonaws.com/pool', { jwtAudience: ['client'] });
    const api = new ApiStack(app, 'Driftsbilde-Api', { env, table: data.table, routes: [...ROUTES, ...extra], httpApi, authorizer });
    return resourceCount(app, api);
  }

  it('holds 60 more routes with room to spare, one resource per route', () => {
    const today = apiResources([]);
    // 60 routes of a kind the contract does not have yet: they get a capability of their own.
    const more: RouteContract[] = Array.from({ length: 60 }, (_, index) => ({
      method: 'GET',
      path: `/api/regions/{regionId}/portfolio-${index}`,
      functionName: 'get-region',
      summary: `route ${index}`,
      allow: ['admin'],
    }));
    const withMore = apiResources(more);
    // One function with its role, policy, log group, integration and permission, then a Route each.
    expect(withMore - today).toBe(6 + 60);
    expect(withMore).toBeLessThanOrEqual(STACK_RESOURCE_LIMIT);
    expect(STACK_RESOURCE_LIMIT - today).toBeGreaterThanOrEqual(60 + 6);
  });
});
