import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DriftsbildeFunction } from '#infra/constructs/driftsbilde-function.ts';
import { openApiDocument } from '#shared/api/openapi.ts';
import { cdkJsonContext } from './synth.ts';
import { tokenTimes } from '../support/api.ts';

/**
 * Real bundling, as `cdk synth` does it: local esbuild (no Docker), for two handlers. The bundles
 * are then run in a plain Node process, the way Lambda loads them.
 */
let outdir: string;
const bundles: Record<'openapi' | 'region', string> = { openapi: '', region: '' };

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'driftsbilde-bundling-'));
  const app = new App({ outdir, context: cdkJsonContext(), builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'BundlingProbe', { env: { region: 'eu-north-1' } });
  const functions = {
    openapi: new DriftsbildeFunction(stack, 'GetOpenapiFunction', { entryName: 'get-openapi' }),
    region: new DriftsbildeFunction(stack, 'GetRegionFunction', { entryName: 'get-region' }),
  };
  app.synth();
  const resources = Template.fromStack(stack).toJSON().Resources;
  for (const [name, fn] of Object.entries(functions) as Array<[keyof typeof bundles, DriftsbildeFunction]>) {
    const key = resources[stack.getLogicalId(fn.node.defaultChild as never)].Properties.Code.S3Key as string;
    bundles[name] = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
  }
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** Runs a bundle's handler in a fresh Node process and returns the handler's result. */
function invoke(bundle: string, event: unknown, env: Record<string, string> = {}): { statusCode: number; body: string; headers?: Record<string, string>; isBase64Encoded?: boolean } {
  const script = join(outdir, `invoke-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    script,
    `const { handler } = await import(${JSON.stringify(join(bundle, 'index.mjs'))});
     const result = await handler(${JSON.stringify(event)}, { awsRequestId: 'test', getRemainingTimeInMillis: () => 10_000 });
     process.stdout.write(JSON.stringify(result));`,
  );
  const { PATH, HOME } = process.env;
  // stderr is piped, so a failed start lands in the thrown error's message instead of the test output.
  const output = execFileSync(process.execPath, [script], {
    env: { PATH: PATH ?? '', HOME: HOME ?? '', AWS_REGION: 'eu-north-1', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(output) as { statusCode: number; body: string; headers?: Record<string, string>; isBase64Encoded?: boolean };
}

const httpEvent = (routeKey: string, path: string, extra: Record<string, unknown> = {}) => ({
  version: '2.0',
  routeKey,
  rawPath: path,
  rawQueryString: '',
  headers: {},
  isBase64Encoded: false,
  requestContext: { http: { method: routeKey.split(' ')[0], path }, requestId: 'test', routeKey },
  ...extra,
});

describe('DriftsbildeFunction bundling (esbuild, locally)', () => {
  it('produces one ESM file and its source map, nothing else (no node_modules: the SDK is inside)', () => {
    for (const bundle of Object.values(bundles)) {
      expect(readdirSync(bundle).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    }
  });

  it('imports nothing but Node built-ins, and gives CommonJS dependencies a require()', async () => {
    const code = readFileSync(join(bundles.region, 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire as __driftsbildeCreateRequire } from 'node:module'; const require = __driftsbildeCreateRequire(import.meta.url);")).toBe(true);
    // Let esbuild read the bundle's own imports (static and dynamic): with no node_modules beside
    // it in the temp dir, anything but a built-in would fail to resolve.
    const { metafile } = await build({ entryPoints: [join(bundles.region, 'index.mjs')], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', logLevel: 'silent' });
    const imports = Object.values(metafile.inputs).flatMap((input) => input.imports.map((entry) => entry.path));
    expect(imports.length).toBeGreaterThan(0);
    for (const specifier of imports) expect(builtinModules, specifier).toContain(specifier.replace(/^node:/, ''));
    // The DynamoDB client is bundled, not expected from the runtime.
    expect(code).toContain('DynamoDBClient');
  });

  it('maps stack traces without shipping the sources', () => {
    const code = readFileSync(join(bundles.region, 'index.mjs'), 'utf8');
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    const map = JSON.parse(readFileSync(join(bundles.region, 'index.mjs.map'), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
    expect(map.sources.some((source) => source.endsWith('functions/get-region.ts'))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  });

  it('runs: the public OpenAPI handler serves exactly the document the contract generates, built at synth time', () => {
    const expected = openApiDocument();
    // Schemas name `secretRef`: the document must reach an anonymous reader whole, not redacted.
    expect(JSON.stringify(expected)).toContain('"secretRef"');
    const plain = invoke(bundles.openapi, httpEvent('GET /api/openapi.json', '/api/openapi.json'));
    expect(plain.statusCode).toBe(200);
    expect(plain.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', vary: 'accept-encoding' });
    expect(JSON.parse(plain.body)).toEqual(expected);
    const gzipped = invoke(bundles.openapi, httpEvent('GET /api/openapi.json', '/api/openapi.json', { headers: { 'accept-encoding': 'gzip, deflate, br' } }));
    expect(gzipped).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { 'content-encoding': 'gzip' } });
    expect(JSON.parse(gunzipSync(Buffer.from(gzipped.body, 'base64')).toString('utf8'))).toEqual(expected);
    // Built at synth time: neither zod nor the contract's schemas are in the bundle.
    const sources = (JSON.parse(readFileSync(join(bundles.openapi, 'index.mjs.map'), 'utf8')) as { sources: string[] }).sources;
    expect(sources.filter((source) => source.includes('node_modules/zod/') || source.endsWith('shared/api/openapi.ts') || source.endsWith('shared/api/routes.ts'))).toEqual([]);
    expect(sources.some((source) => source.endsWith('.build/generated/openapi-served.js'))).toBe(true);
  });

  it('runs: a table-backed handler starts with TABLE_NAME and answers through the middy chain', () => {
    const event = httpEvent('GET /api/regions/{regionId}', '/api/regions/NOT_A_SLUG', {
      pathParameters: { regionId: 'NOT_A_SLUG' },
      requestContext: {
        http: { method: 'GET', path: '/api/regions/NOT_A_SLUG' },
        requestId: 'test',
        authorizer: { jwt: { claims: { sub: 'user-1', 'cognito:groups': '[admin]', 'custom:regionIds': '*', ...tokenTimes() }, scopes: null } },
      },
    });
    // Refused by validation before any DynamoDB call, so no table is needed to run it.
    const result = invoke(bundles.region, event, { TABLE_NAME: 'driftsbilde-test' });
    expect(result.statusCode).toBe(400);
    const unauthenticated = invoke(bundles.region, { ...event, requestContext: { ...event.requestContext, authorizer: undefined } }, { TABLE_NAME: 'driftsbilde-test' });
    expect(unauthenticated.statusCode).toBe(401);
  });

  it('fails fast at cold start when TABLE_NAME is missing', () => {
    expect(() => invoke(bundles.region, httpEvent('GET /api/regions/{regionId}', '/api/regions/x'))).toThrow(/TABLE_NAME/);
  });

  it('refuses a handler file that does not exist, naming it', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'MissingHandler');
    expect(() => new DriftsbildeFunction(stack, 'Missing', { entryName: 'no-such-handler' })).toThrow('functions/no-such-handler.ts');
  });

  it('wrote the bundles where the function code points', () => {
    for (const bundle of Object.values(bundles)) expect(existsSync(join(bundle, 'index.mjs'))).toBe(true);
  });
});
