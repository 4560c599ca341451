import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import newman from 'newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseStatuses } from '#shared/api/contract.ts';
import { ErrorBody } from '#shared/api/common.ts';
import { openApiDocument } from '#shared/api/openapi.ts';
import { ROUTES } from '#shared/api/routes.ts';
import type { Role } from '#shared/domain/identity.ts';
import { matchRoute } from '#shared/http/api-gateway-event.ts';
import { freePort } from '../../local/dynamodb-local.ts';
import { startSystem, tokenFor, type RunningSystem } from '../../local/system.ts';

/**
 * The contract fuzz run: Portman (a third-party tool, from npm) turns the OpenAPI document into a
 * Postman collection with a request per operation and fuzzed variations of each (required fields
 * removed, numbers past their minimum and maximum, strings past their lengths); newman runs it
 * against the local host on DynamoDB Local with the demo region, once with each role's token.
 * Every response must have a status the route's contract lists (the OpenAPI document lists the
 * same), the error shape for errors, and the documented schema for a JSON success. No 5xx.
 */
const ROLES: Array<{ role: Role; memberId?: string }> = [{ role: 'admin' }, { role: 'operator' }, { role: 'budget-owner' }, { role: 'member', memberId: 'lillesand' }];
const MIN_REQUESTS = 1_000;
const run = promisify(execFile);

interface Exchange {
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: string;
  retryAfter?: string;
}

describe('contract fuzz run (Portman + newman)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'driftsbilde-fuzz-'));
  let system: RunningSystem | undefined;

  beforeAll(async () => {
    const env = { ...process.env, PORT: String(await freePort()), DDB_PORT: String(await freePort()), DATA_DIR: join(workDir, 'data') };
    system = await startSystem({ env, reset: true, lab: false });
  }, 300_000);
  afterAll(async () => {
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it(`sends at least ${MIN_REQUESTS} requests over every route with each role's token: no 5xx, every response as documented`, async () => {
    if (!system) throw new Error('the local system did not start');
    const operatorToken = await tokenFor(system, 'operator');
    const variables = await recordsToAddress(system.url, operatorToken);

    const specFile = join(workDir, 'openapi.json');
    const collectionFile = join(workDir, 'collection.json');
    writeFileSync(specFile, JSON.stringify(openApiDocument()));
    await run(
      process.execPath,
      [require_('@apideck/portman/bin/portman'), '--local', specFile, '--baseUrl', system.url, '--portmanConfigFile', 'test/e2e/portman-config.json', '--output', collectionFile],
      { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
    );
    const collection = aimedAtDemoRecords(JSON.parse(readFileSync(collectionFile, 'utf8')) as PostmanFolder, variables);

    const exchanges: Exchange[] = [];
    for (const who of ROLES) {
      const token = await tokenFor(system, who.role, who.memberId);
      exchanges.push(...(await runCollection(collection, { bearerToken: token })));
    }

    const problems = exchanges.flatMap((exchange) => contractProblems(exchange).map((problem) => `${exchange.method} ${exchange.path} → ${exchange.status}: ${problem}`));
    const serverErrors = exchanges.filter((exchange) => exchange.status >= 500);
    const routesHit = new Set(exchanges.map((exchange) => routeKeyOf(exchange)).filter(Boolean));
    console.log(
      `contract fuzz: ${exchanges.length} requests (${ROLES.length} roles), ${serverErrors.length} × 5xx, ${problems.length} contract problems, ${routesHit.size}/${ROUTES.length} routes; statuses ${JSON.stringify(countBy(exchanges.map((e) => e.status)))}`,
    );
    expect(exchanges.length).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(serverErrors.map((e) => `${e.method} ${e.path} → ${e.status} ${e.body.slice(0, 200)}`)).toEqual([]);
    expect(problems.slice(0, 20)).toEqual([]);
    expect([...routesHit].length).toBe(ROUTES.length);
  }, 1_500_000);
});

const require_ = (specifier: string) => createRequire(import.meta.url).resolve(specifier);

/** Ids the collection's path variables point at, so requests reach records that exist. */
async function recordsToAddress(url: string, token: string): Promise<Record<string, string>> {
  const post = async (path: string, body: object) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`setting up the fuzz run: POST ${path} answered ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  const environment = '/api/regions/kr-ikt/environments/felles-kristiansand';
  const incident = await post(`${environment}/incidents`, { title: 'Fuzz target' });
  const window = await post(`${environment}/maintenance-windows`, { reason: 'Fuzz target', schedule: { type: 'one-off', start: '2026-01-01T00:00:00Z', end: '2026-01-01T02:00:00Z' } });
  const budgetLines = (await (await fetch(`${url}/api/regions/kr-ikt/budget-lines`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ id: string }> };
  return { incidentId: incident.id, windowId: window.id, budgetLineId: budgetLines.items[0]?.id ?? 'none' };
}

interface PostmanItem {
  item?: PostmanItem[];
  event?: unknown;
  request?: { url?: { variable?: Array<{ key: string; value: string }> } };
}
type PostmanFolder = PostmanItem & { item: PostmanItem[] };

/**
 * Points every path variable at a demo record (Portman fills them with random slugs, which would
 * only ever meet 404), and drops Portman's per-request test scripts: the contract check here is
 * stricter (every listed status, not only the success), and newman's script sandbox per request
 * makes a run of this size take many minutes on a busy machine.
 */
function aimedAtDemoRecords(collection: PostmanFolder, variables: Record<string, string>): PostmanFolder {
  const ids: Record<string, string> = { regionId: 'kr-ikt', environmentId: 'felles-kristiansand', deviceId: 'fw-kris-01', memberId: 'kristiansand', ...variables };
  const visit = (item: PostmanItem): void => {
    delete item.event;
    for (const variable of item.request?.url?.variable ?? []) if (ids[variable.key]) variable.value = ids[variable.key] as string;
    item.item?.forEach(visit);
  };
  visit(collection);
  return collection;
}

/** Runs the collection with newman and records every request and response. */
function runCollection(collection: object, variables: Record<string, string>): Promise<Exchange[]> {
  return new Promise((done, fail) => {
    const exchanges: Exchange[] = [];
    newman
      .run({ collection, envVar: Object.entries(variables).map(([key, value]) => ({ key, value })), reporters: [], timeoutRequest: 60_000 }, (error) => (error ? fail(error) : done(exchanges)))
      .on('request', (error, args) => {
        if (error) return fail(error);
        const response = args.response;
        exchanges.push({
          method: args.request.method,
          path: `/${args.request.url.path?.join('/') ?? ''}`,
          status: response.code,
          contentType: response.headers.get('content-type') ?? '',
          body: response.stream?.toString('utf8') ?? '',
          retryAfter: response.headers.get('retry-after') ?? undefined,
        });
      });
  });
}

function routeKeyOf(exchange: Exchange): string | undefined {
  const matched = matchRoute(ROUTES, exchange.method, exchange.path);
  return matched && matched !== 'method-not-allowed' ? `${matched.contract.method} ${matched.contract.path}` : undefined;
}

/** What is wrong with one response against the route contract; empty when it is as documented. */
function contractProblems(exchange: Exchange): string[] {
  const matched = matchRoute(ROUTES, exchange.method, exchange.path);
  if (!matched || matched === 'method-not-allowed') {
    // A fuzzed path segment that is no longer a route's: the host's own 404/405 in the error shape.
    return [404, 405, 400].includes(exchange.status) && ErrorBody.safeParse(json(exchange.body)).success ? [] : ['not a route, and not answered 404/405 in the error shape'];
  }
  const { contract } = matched;
  const problems: string[] = [];
  if (!responseStatuses(contract).includes(exchange.status)) problems.push(`status not in the contract's list ${responseStatuses(contract).join(', ')}`);
  if (exchange.status >= 400) {
    if (!ErrorBody.safeParse(json(exchange.body)).success) problems.push(`body not in the error shape: ${exchange.body.slice(0, 200)}`);
    if (exchange.status === 503 && !exchange.retryAfter) problems.push('503 without Retry-After');
  } else if (contract.response && exchange.contentType.includes('application/json')) {
    const parsed = contract.response.safeParse(json(exchange.body));
    if (!parsed.success) problems.push(`body does not match the documented schema: ${parsed.error.message.slice(0, 300)}`);
  }
  return problems;
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function countBy(values: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
