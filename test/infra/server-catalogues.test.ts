import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_CONDITIONS, REPO_ROOT } from '#infra/constructs/driftsbilde-function.ts';
import { routerSource } from '#infra/routers.ts';
import { capabilitiesOf } from '#shared/api/capabilities.ts';

/**
 * Which message catalogues (shared/messages/<area>.<lang>.ts) each Lambda bundle carries. The
 * Lambdas render English only (the API's `message` and `problem`), so a bokmål catalogue in a bundle
 * is dead weight (issue 10: every bundle ≤ 300 KB) — except the kinds, which the plan export writes
 * into its bokmål CSV/XLSX. Built with esbuild as `cdk synth` does (tree-shaken, so only what the
 * bundle keeps counts), packages left out: the catalogues are our own files.
 */
const COLLECTOR_ENTRIES = ['fan-out-sweeps', 'collect-environment'];

/** The catalogue files that end up in the bundle of `source` (a router or a handler file), e.g. `health.en`. */
async function cataloguesIn(source: { contents: string } | { file: string }): Promise<string[]> {
  const entry = 'file' in source ? { entryPoints: [source.file] } : { stdin: { contents: source.contents, resolveDir: REPO_ROOT, sourcefile: 'router.ts', loader: 'ts' as const } };
  const { metafile } = await build({
    ...entry,
    bundle: true,
    write: false,
    minify: true,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    conditions: LAMBDA_CONDITIONS.split(','),
    absWorkingDir: REPO_ROOT,
    logLevel: 'silent',
  });
  const [output] = Object.values(metafile.outputs) as Metafile['outputs'][string][];
  return Object.entries(output!.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .flatMap(([file]) => /shared\/messages\/(\w+\.(?:nb|en))\.ts$/.exec(file)?.[1] ?? [])
    .sort();
}

const bundles = new Map<string, string[]>();

beforeAll(async () => {
  for (const capability of capabilitiesOf()) bundles.set(capability.name, await cataloguesIn({ contents: routerSource(capability) }));
  for (const name of COLLECTOR_ENTRIES) bundles.set(name, await cataloguesIn({ file: join(REPO_ROOT, 'functions', `${name}.ts`) }));
}, 120_000);

describe('message catalogues in the Lambda bundles', () => {
  it('no bundle carries a bokmål catalogue but the kinds of the plan export', () => {
    for (const [name, catalogues] of bundles) {
      expect(catalogues.filter((catalogue) => catalogue.endsWith('.nb') && catalogue !== 'kinds.nb'), name).toEqual([]);
    }
    expect(bundles.get('plan-export')).toContain('kinds.nb');
  });

  it('carries the English of what it renders: errors everywhere, health where checks are run or shown, plan where plans are made', () => {
    expect(bundles.get('inventory-read')).toContain('errors.en');
    expect(bundles.get('health-read')).toContain('health.en');
    expect(bundles.get('collect-environment')).toContain('health.en');
    expect(bundles.get('planning-read')).toContain('plan.en');
  });

  it('a portfolio or planning function carries no health texts (it reads the roll-ups, not the checks)', () => {
    for (const name of ['portfolio-read', 'portfolio-write', 'planning-read', 'planning-write', 'plan-export']) {
      expect(bundles.get(name)?.filter((catalogue) => catalogue.startsWith('health.')), name).toEqual([]);
    }
  });
});
