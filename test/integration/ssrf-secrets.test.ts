import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFolderSecrets } from '#shared/adapters/secrets/data-folder-secrets.ts';
import { handlerHarness } from '../support/api.ts';

/**
 * Secrets and targets belong to an environment, proven with real listeners on loopback: a UDP
 * socket where an SNMP agent would be, and an HTTP server where a metrics endpoint would be. The
 * API refuses a check aimed outside its environment or naming another environment's secret; and
 * when such a check is in the store anyway (written before the rule existed), the deployed
 * collector sends nothing: the listeners count zero packets, while a check that belongs gets through.
 */
describe('SSRF and secrets: checks stay inside their environment', () => {
  let api: Awaited<ReturnType<typeof handlerHarness>>;
  let udp: Socket;
  let http: Server;
  const received = { udp: [] as Buffer[], http: [] as string[] };
  let udpPort = 0;
  let httpPort = 0;
  const REGION = '/api/regions/kr-ikt';
  const operator = { as: { role: 'operator' as const } };
  const member = { as: { role: 'member' as const, memberId: 'lillesand' } };
  /** The community of the "outside" environment: it must never reach a host outside that environment. */
  const OUTSIDE_COMMUNITY = 'outside-secret-community-4f1c';

  const device = (id: string, environmentId: string, checks: unknown[]) => ({
    id,
    name: `Device ${id}`,
    kind: 'server',
    environmentId,
    purchaseDate: '2020-01-01',
    purchaseCostNok: 1,
    criticality: 3,
    payer: { type: 'member', memberId: 'lillesand' },
    monitoring: { checks },
  });
  const snmpTo = (secretRef: string) => ({ type: 'snmp', name: 'snmp', host: '127.0.0.1', port: udpPort, version: '2c', secretRef, timeoutMs: 500 });
  const httpTo = () => ({ type: 'prometheus', name: 'node', url: `http://127.0.0.1:${httpPort}/metrics`, timeoutMs: 1000 });

  async function sweep(environmentId: string): Promise<void> {
    const { handler } = await import('#functions/collect-environment.ts');
    const body = JSON.stringify({ regionId: 'kr-ikt', environmentId, scheduledAt: new Date().toISOString() });
    expect((await handler({ Records: [{ messageId: `m-${environmentId}`, body }] } as SQSEvent)).batchItemFailures).toEqual([]);
  }

  beforeAll(async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'driftsbilde-ssrf-'));
    process.env.METRICS_FILE = join(scratch, 'metrics.jsonl');
    // The collector reads checks' secrets from files in SECRETS_DIR (read when its module loads, below).
    process.env.SECRETS_DIR = join(scratch, 'secrets');
    udp = createSocket('udp4');
    udp.on('message', (message) => received.udp.push(message));
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    udpPort = udp.address().port;
    http = createServer((request, response) => {
      received.http.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('node_load1 0.5\n');
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpPort = (http.address() as AddressInfo).port;

    api = await handlerHarness();
    const secrets = new DataFolderSecrets(process.env.SECRETS_DIR);
    secrets.put('outside/snmp', OUTSIDE_COMMUNITY);
    secrets.put('inside/snmp', 'inside-community');
    expect((await api.call('POST', '/api/regions', { body: { id: 'kr-ikt', name: 'KR-IKT' } })).status).toBe(201);
    expect((await api.call('POST', `${REGION}/members`, { body: { id: 'lillesand', name: 'Lillesand', joinedOn: '2014-05-01', reason: 'test' } })).status).toBe(201);
    // "inside" is the site the listeners are on; "outside" is a site on another network.
    for (const [id, cidrs] of [['inside', ['127.0.0.1/32']], ['outside', ['10.99.0.0/16']]] as const) {
      const environment = { id, name: id, site: id, key: { type: 'equal' }, serves: [{ memberId: 'lillesand', from: '2014-05-01' }], siteNetworks: { cidrs, hostSuffixes: [] } };
      expect((await api.call('POST', `${REGION}/environments`, { body: environment })).status).toBe(201);
    }
  });
  afterAll(async () => {
    udp.close();
    await new Promise((resolve) => http.close(resolve));
  });

  it('the API refuses a check aimed outside its environment, naming the field, and stores nothing', async () => {
    const snmp = await api.call('POST', `${REGION}/devices`, { body: device('fw-out', 'outside', [snmpTo('outside/snmp')]), ...operator });
    expect(snmp.status).toBe(400);
    expect(snmp.body.error.details).toEqual([expect.objectContaining({ field: 'body.monitoring.checks.0.host', code: 'target-outside-environment' })]);
    const metadata = await api.call('POST', `${REGION}/devices`, { body: device('srv-meta', 'inside', [{ type: 'http', name: 'meta', url: 'http://169.254.169.254/latest/meta-data/' }]), ...operator });
    expect(metadata.status).toBe(400);
    expect(metadata.body.error.details[0].field).toBe('body.monitoring.checks.0.url');
    for (const id of ['fw-out', 'srv-meta']) expect((await api.call('GET', `${REGION}/devices/${id}`, operator)).status).toBe(404);
  });

  it('the API refuses a check naming another environment’s secret', async () => {
    const response = await api.call('POST', `${REGION}/devices`, { body: device('fw-steal', 'inside', [snmpTo('outside/snmp')]), ...operator });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: 'body.monitoring.checks.0.secretRef', code: 'secret-of-another-environment' })]);
    expect((await api.call('GET', `${REGION}/devices/fw-steal`, operator)).status).toBe(404);
  });

  it('a member may not write monitoring at all, even inside the rules', async () => {
    const response = await api.call('POST', `${REGION}/devices`, { body: device('srv-own', 'inside', [httpTo()]), ...member });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('monitoring-operators-only');
  });

  it('the collector sends nothing for records written before the rule; a check that belongs does get through', async () => {
    // Written straight to the store, as records from before the rule would be.
    const { DynamoDbInventoryStore } = await import('#shared/adapters/dynamodb/inventory-store.ts');
    const { DeviceFields } = await import('#shared/schemas/device.ts');
    const store = new DynamoDbInventoryStore(api.doc, api.tableName);
    await store.createDevice('kr-ikt', DeviceFields.parse(device('fw-legacy-out', 'outside', [snmpTo('outside/snmp'), httpTo()])));
    await store.createDevice('kr-ikt', DeviceFields.parse(device('fw-legacy-steal', 'inside', [snmpTo('outside/snmp')])));

    await sweep('outside');
    await sweep('inside');
    expect(received.udp).toHaveLength(0);
    expect(received.http).toHaveLength(0);

    const outside = await api.call('GET', `${REGION}/environments/outside/health`, operator);
    const legacy = outside.body.items.find((item: { deviceId: string }) => item.deviceId === 'fw-legacy-out');
    expect(legacy.checks.map((check: { name: string; rawStatus: string }) => [check.name, check.rawStatus])).toEqual([
      ['snmp', 'unknown'],
      ['node', 'unknown'],
    ]);
    expect(legacy.checks[1].message).toMatch(/^not run: url '127\.0\.0\.1' is not in the site networks of environment 'outside'/);
    const inside = await api.call('GET', `${REGION}/environments/inside/health`, operator);
    const steal = inside.body.items.find((item: { deviceId: string }) => item.deviceId === 'fw-legacy-steal');
    expect(steal.checks[0]).toMatchObject({ rawStatus: 'unknown', message: expect.stringMatching(/secretRef must name a secret of environment 'inside'/) });

    // The positive control: the same listeners, a check that belongs to its environment.
    const good = await api.call('POST', `${REGION}/devices`, { body: device('srv-good', 'inside', [httpTo(), snmpTo('inside/snmp')]), ...operator });
    expect(good.status, good.text).toBe(201);
    await sweep('inside');
    expect(received.http).toEqual(['GET /metrics']);
    expect(received.udp.length).toBeGreaterThanOrEqual(1);
    expect(Buffer.concat(received.udp).includes(Buffer.from(OUTSIDE_COMMUNITY))).toBe(false);
    expect(Buffer.concat(received.udp).includes(Buffer.from('inside-community'))).toBe(true);
  });

  it('members never see secretRef or check targets: not in devices, not on the board', async () => {
    const asMember = await api.call('GET', `${REGION}/devices/srv-good`, member);
    expect(asMember.status).toBe(200);
    expect(asMember.text).not.toMatch(/secretRef|monitoring|127\.0\.0\.1/);
    const list = await api.call('GET', `${REGION}/devices?environmentId=inside`, member);
    expect(list.text).not.toMatch(/secretRef|monitoring|127\.0\.0\.1/);
    const board = await api.call('GET', `${REGION}/environments/inside/health`, member);
    expect(board.status).toBe(200);
    // No secret reference and no target; the word secretRef may appear only as the name of a field in a refusal.
    expect(board.text).not.toMatch(/"secretRef"|inside\/snmp|outside\/snmp|127\.0\.0\.1/);
    const outside = await api.call('GET', `${REGION}/environments/outside/health`, member);
    expect(outside.text).not.toMatch(/"secretRef"|outside\/snmp|127\.0\.0\.1/);
    expect(outside.text).toContain("url '[target hidden]' is not in the site networks");
    // Operators see what they configured.
    expect((await api.call('GET', `${REGION}/devices/srv-good`, operator)).body.monitoring.checks[1].secretRef).toBe('inside/snmp');
  });
});
