import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerHarness } from '../support/api.ts';
import { LOOPBACK_SITE, loopbackTcpServer } from '../support/health-fixtures.ts';

/**
 * The health API through the deployed handler modules (API Gateway v2 events, JWT claims,
 * validation, roles) and the deployed collector handler, against DynamoDB Local.
 */
describe('health API', () => {
  let api: Awaited<ReturnType<typeof handlerHarness>>;
  let tcp: Awaited<ReturnType<typeof loopbackTcpServer>>;
  const metricsFile = join(mkdtempSync(join(tmpdir(), 'driftsbilde-metrics-')), 'metrics.jsonl');
  const operator = { as: { role: 'operator' as const } };
  const member = { as: { role: 'member' as const, memberId: 'lillesand' } };
  const ENV = '/api/regions/kr/environments/kris';

  /** The deployed collector handler, as SQS would call it. */
  async function sweep(): Promise<void> {
    const { handler } = await import('#functions/collect-environment.ts');
    const body = JSON.stringify({ regionId: 'kr', environmentId: 'kris', scheduledAt: new Date().toISOString() });
    const response = await handler({ Records: [{ messageId: 'm', body }] } as SQSEvent);
    expect(response.batchItemFailures).toEqual([]);
  }

  beforeAll(async () => {
    process.env.METRICS_FILE = metricsFile;
    api = await handlerHarness();
    tcp = await loopbackTcpServer();
    await api.call('POST', '/api/regions', { body: { id: 'kr', name: 'KR-IKT' } });
    await api.call('POST', '/api/regions/kr/members', { body: { id: 'lillesand', name: 'Lillesand', joinedOn: '2010-01-01', reason: 'test member' } });
    for (const id of ['kris', 'arendal']) await api.call('POST', '/api/regions/kr/environments', { body: { id, name: `Drift ${id}`, site: id, key: { type: 'equal' }, siteNetworks: LOOPBACK_SITE } });
    const device = (id: string, environmentId: string, extra: object) =>
      api.call('POST', '/api/regions/kr/devices', {
        body: { id, name: `Device ${id}`, kind: 'server', environmentId, purchaseDate: '2020-01-01', purchaseCostNok: 1, criticality: 3, payer: { type: 'shared' }, ...extra },
      });
    expect((await device('fw-1', 'kris', { kind: 'firewall', firmware: '7.2.5', monitoring: { checks: [{ type: 'tcp', name: 'ssh', host: '127.0.0.1', port: tcp.port }] } })).status).toBe(201);
    expect((await device('srv-1', 'kris', { monitoring: { backup: { required: true } } })).status).toBe(201);
    expect((await device('srv-9', 'arendal', {})).status).toBe(201);
  });
  afterAll(async () => {
    await tcp.stop();
  });

  describe('boards', () => {
    it('show an environment’s devices with their checks after a sweep, and the region roll-up', async () => {
      await sweep();
      const board = await api.call('GET', `${ENV}/health`, member);
      expect(board.status).toBe(200);
      expect(board.body.items.map((i: { deviceId: string; kind: string; status: string }) => [i.deviceId, i.kind, i.status])).toEqual([
        ['fw-1', 'firewall', 'ok'],
        ['srv-1', 'server', 'warning'],
      ]);
      const fw = board.body.items[0];
      expect(fw.checks[0]).toMatchObject({ name: 'ssh', type: 'tcp', status: 'ok', observedAt: expect.any(String) });
      expect(Object.keys(fw)).toEqual(expect.arrayContaining(['deviceId', 'name', 'kind', 'status', 'since', 'checks']));
      expect(fw.checks[0]).not.toHaveProperty('recent');

      const region = await api.call('GET', '/api/regions/kr/health', member);
      expect(region.status).toBe(200);
      const kris = region.body.environments.find((e: { environmentId: string }) => e.environmentId === 'kris');
      expect(kris).toMatchObject({ name: 'Drift kris', devices: 2, byStatus: { ok: 1, warning: 1 }, byKind: { firewall: { total: 1, ok: 1 } }, openIncidents: 0, backup: { required: 1, neverBackedUp: 1 } });
      expect(region.body.environments.find((e: { environmentId: string }) => e.environmentId === 'arendal')).toMatchObject({ devices: 0, lastSweepAt: null });
    });

    it('wrote the sweep’s metrics to the local metrics file, because locally there is no CloudWatch', () => {
      const lines = readFileSync(metricsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines[0].putMetricData).toMatchObject({ Namespace: 'Driftsbilde', request: 1, of: 1 });
      expect(lines[0].putMetricData.MetricData.some((d: { MetricName: string }) => d.MetricName === 'IncidentsOpen')).toBe(true);
    });

    it('answer 404 for an unknown environment and 401 without a token', async () => {
      expect((await api.call('GET', '/api/regions/kr/environments/nope/health')).status).toBe(404);
      expect((await api.call('GET', `${ENV}/health`, { as: 'anonymous' })).status).toBe(401);
    });

    it('serve history, choosing raw samples for a recent day', async () => {
      const history = await api.call('GET', '/api/regions/kr/devices/fw-1/history?check=ssh', member);
      expect(history.status).toBe(200);
      expect(history.body).toMatchObject({ deviceId: 'fw-1', resolution: 'raw', series: [{ check: 'ssh', points: [{ status: 'ok', value: expect.any(Number) }] }] });
      const bad = await api.call('GET', '/api/regions/kr/devices/fw-1/history?from=2025-03-14T10:00:00Z&to=2025-03-13T10:00:00Z');
      expect(bad.status).toBe(400);
      expect((await api.call('GET', '/api/regions/kr/devices/fw-1/history?from=yesterday')).body.error.details[0].field).toBe('query.from');
      expect((await api.call('GET', '/api/regions/kr/devices/ghost/history')).status).toBe(404);
    });

    it('refuse a history range too long for one answer: raw over 48 hours, hourly over 400 days', async () => {
      const history = (query: string) => api.call('GET', `/api/regions/kr/devices/fw-1/history?${query}`, member);
      const raw = await history('resolution=raw&from=2025-03-01T00:00:00Z&to=2025-03-04T00:00:00Z');
      expect(raw.status).toBe(400);
      expect(raw.body.error.details.map((d: { field: string }) => d.field)).toEqual(['query.from', 'query.to']);
      expect((await history('resolution=hourly&from=2024-01-01T00:00:00Z&to=2025-03-01T00:00:00Z')).status).toBe(400);
      expect((await history('from=2024-01-01T00:00:00Z&to=2025-03-01T00:00:00Z')).status).toBe(400);
      expect((await history('resolution=raw&from=2025-03-01T00:00:00Z&to=2025-03-03T00:00:00Z')).status).toBe(200);
      const year = await history('from=2024-03-01T00:00:00Z&to=2025-03-01T00:00:00Z');
      expect(year.status).toBe(200);
      expect(year.body.resolution).toBe('hourly');
    });
  });

  describe('incidents', () => {
    let id: string;

    it('are opened by operators, not by members', async () => {
      expect((await api.call('POST', `${ENV}/incidents`, { ...member, body: { title: 'Fiber cut' } })).status).toBe(403);
      const created = await api.call('POST', `${ENV}/incidents`, { ...operator, body: { title: 'Fiber cut Vågsbygd', deviceId: 'fw-1', description: 'Telenor reports a cut' } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ state: 'open', source: 'manual', severity: 'critical', planned: false, deviceId: 'fw-1', version: 1 });
      expect(created.body.timeline).toEqual([{ at: expect.any(String), type: 'opened', by: 'test-operator', text: 'Telenor reports a cut' }]);
      id = created.body.id;
      expect(id).toMatch(/^inc-\d{8}t\d{9}-[0-9a-f]{6}$/);
    });

    it('refuse a device from another environment and an empty title', async () => {
      const other = await api.call('POST', `${ENV}/incidents`, { ...operator, body: { title: 'x', deviceId: 'srv-9' } });
      expect(other.status).toBe(400);
      expect(other.body.error.details[0].field).toBe('body.deviceId');
      expect((await api.call('POST', `${ENV}/incidents`, { ...operator, body: { title: '' } })).status).toBe(400);
    });

    it('are acknowledged, commented and resolved over the API, each step on the timeline', async () => {
      const acknowledged = await api.call('POST', `${ENV}/incidents/${id}/acknowledge`, { ...operator, body: { comment: 'on it' } });
      expect(acknowledged.status).toBe(200);
      expect(acknowledged.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'test-operator', version: 2 });
      expect((await api.call('POST', `${ENV}/incidents/${id}/acknowledge`, { ...operator, body: {} })).status).toBe(422);
      const commented = await api.call('POST', `${ENV}/incidents/${id}/comments`, { ...operator, body: { text: 'supplier on site' } });
      expect(commented.status).toBe(201);
      expect((await api.call('POST', `${ENV}/incidents/${id}/comments`, { ...member, body: { text: 'hi' } })).status).toBe(403);
      const resolved = await api.call('POST', `${ENV}/incidents/${id}/resolve`, { ...operator, body: { note: 'spliced' } });
      expect(resolved.body).toMatchObject({ state: 'resolved', resolvedBy: 'test-operator' });
      expect(resolved.body.timeline.map((e: { type: string; text: string }) => [e.type, e.text])).toEqual([
        ['opened', 'Telenor reports a cut'],
        ['acknowledged', 'on it'],
        ['comment', 'supplier on site'],
        ['resolved', 'spliced'],
      ]);
      const again = await api.call('POST', `${ENV}/incidents/${id}/resolve`, { ...operator, body: {} });
      expect(again.status).toBe(422);
      expect(again.body.error.code).toBe('rule-violated');
    });

    it('are listed newest first, open ones alone on request, and read one by one with an ETag', async () => {
      const second = await api.call('POST', `${ENV}/incidents`, { ...operator, body: { title: 'UPS alarm' } });
      const all = await api.call('GET', `${ENV}/incidents`, member);
      expect(all.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.id, id]);
      const open = await api.call('GET', `${ENV}/incidents?state=open`, member);
      expect(open.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.id]);
      const one = await api.call('GET', `${ENV}/incidents/${id}`, member);
      expect(one.headers.etag).toBe('"4"');
      expect((await api.call('GET', `${ENV}/incidents/inc-20200101t000000-000000`)).status).toBe(404);
      const region = await api.call('GET', '/api/regions/kr/health');
      expect(region.body.environments.find((e: { environmentId: string }) => e.environmentId === 'kris').openIncidents).toBe(1);
    });

    it('ask for a note when the device is still failing: 422 resolve-note-required naming body.note, then resolve with one', async () => {
      // srv-1 needs a backup and has none: the sweep above left it at warning.
      const incident = await api.call('POST', `${ENV}/incidents`, { ...operator, body: { title: 'Backup missing', deviceId: 'srv-1' } });
      expect(incident.status).toBe(201);
      const refused = await api.call('POST', `${ENV}/incidents/${incident.body.id}/resolve`, { ...operator, body: {} });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('resolve-note-required');
      expect(refused.body.error.details).toEqual([
        { field: 'body.note', code: 'field-note-required', params: { status: 'warning' }, problem: 'write a note: the device is still failing (warning)' },
      ]);
      // A blank note is no note: the schema refuses it as empty.
      const blank = await api.call('POST', `${ENV}/incidents/${incident.body.id}/resolve`, { ...operator, body: { note: '   ' } });
      expect(blank.status).toBe(400);
      expect(blank.body.error.details).toEqual([{ field: 'body.note', code: 'field-empty', params: {}, problem: 'must not be empty' }]);
      expect((await api.call('GET', `${ENV}/incidents/${incident.body.id}`, operator)).body.state).toBe('open');
      const resolved = await api.call('POST', `${ENV}/incidents/${incident.body.id}/resolve`, { ...operator, body: { note: 'backup job moved to the new server tonight' } });
      expect(resolved.status).toBe(200);
      expect(resolved.body.timeline.at(-1)).toMatchObject({ type: 'resolved', text: 'backup job moved to the new server tonight' });
    });
  });

  describe('maintenance windows', () => {
    it('are created by operators for devices or the whole environment, weekly in Europe/Oslo time', async () => {
      const weekly = await api.call('POST', `${ENV}/maintenance-windows`, {
        ...operator,
        body: { reason: 'Patch Tuesday', schedule: { type: 'weekly', days: ['tue'], start: '22:00', end: '02:00' } },
      });
      expect(weekly.status).toBe(201);
      expect(weekly.body).toMatchObject({ environmentId: 'kris', deviceIds: [], timeZone: 'Europe/Oslo', createdBy: 'test-operator', activeNow: expect.any(Boolean) });
      const now = Date.now();
      const oneOff = await api.call('POST', `${ENV}/maintenance-windows`, {
        ...operator,
        body: { reason: 'Firmware', deviceIds: ['fw-1'], schedule: { type: 'one-off', start: new Date(now - 60_000).toISOString(), end: new Date(now + 3_600_000).toISOString() } },
      });
      expect(oneOff.body).toMatchObject({ activeNow: true, deviceIds: ['fw-1'] });
      const list = await api.call('GET', `${ENV}/maintenance-windows`, member);
      expect(list.body.items).toHaveLength(2);
      // A manual incident on a device in maintenance is planned.
      const planned = await api.call('POST', `${ENV}/incidents`, { ...operator, body: { title: 'Reboot', deviceId: 'fw-1' } });
      expect(planned.body.planned).toBe(true);
      await api.call('POST', `${ENV}/incidents/${planned.body.id}/resolve`, { ...operator, body: {} });
      // And the next sweep marks the device as in maintenance.
      await sweep();
      const board = await api.call('GET', `${ENV}/health`);
      expect(board.body.items.find((i: { deviceId: string }) => i.deviceId === 'fw-1').inMaintenance).toBe(true);
      expect((await api.call('DELETE', `${ENV}/maintenance-windows/${oneOff.body.id}`, operator)).status).toBe(204);
      expect((await api.call('DELETE', `${ENV}/maintenance-windows/${oneOff.body.id}`, operator)).status).toBe(404);
    });

    it('refuse bad schedules, foreign devices and members', async () => {
      const bad = await api.call('POST', `${ENV}/maintenance-windows`, { ...operator, body: { reason: 'x', schedule: { type: 'weekly', days: ['tue'], start: '25:00', end: '02:00' } } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe('body.schedule.start');
      const backwards = await api.call('POST', `${ENV}/maintenance-windows`, { ...operator, body: { reason: 'x', schedule: { type: 'one-off', start: '2025-05-01T10:00:00Z', end: '2025-05-01T09:00:00Z' } } });
      expect(backwards.body.error.details[0].field).toBe('body.schedule.end');
      const foreign = await api.call('POST', `${ENV}/maintenance-windows`, { ...operator, body: { reason: 'x', deviceIds: ['srv-9'], schedule: { type: 'one-off', start: '2025-05-01T08:00:00Z', end: '2025-05-01T09:00:00Z' } } });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.details[0].field).toBe('body.deviceIds.0');
      expect((await api.call('POST', `${ENV}/maintenance-windows`, { ...member, body: { reason: 'x', schedule: { type: 'one-off', start: '2025-05-01T08:00:00Z', end: '2025-05-01T09:00:00Z' } } })).status).toBe(403);
    });
  });

  describe('backup ingest', () => {
    const INGEST = '/api/ingest/kr/kris/backup-results';
    const result = (overrides: object = {}) => ({ deviceId: 'srv-1', job: 'srv-1 daily', system: 'veeam', result: 'success', start: new Date(Date.now() - 7_200_000).toISOString(), end: new Date(Date.now() - 3_600_000).toISOString(), bytes: 123_456_789, ...overrides });
    let key: string;

    it('needs an ingest key that only operators can create, shown once', async () => {
      expect((await api.call('POST', `${ENV}/ingest-key`, member)).status).toBe(403);
      const created = await api.call('POST', `${ENV}/ingest-key`, operator);
      expect(created.status).toBe(201);
      key = created.body.key;
      expect(key).toMatch(/^dbi_[A-Za-z0-9_-]{43}$/);
      expect(created.body.keyPrefix).toBe(key.slice(0, 10));
    });

    it('refuses a push without a key, with a wrong key, or with another environment’s key', async () => {
      const none = await api.call('POST', INGEST, { as: 'anonymous', body: { results: [result()] } });
      expect(none.status).toBe(401);
      const wrong = await api.call('POST', INGEST, { as: 'anonymous', headers: { authorization: `Bearer ${key}x` }, body: { results: [result()] } });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.message).toMatch(/not valid/);
      const otherKey = (await api.call('POST', '/api/regions/kr/environments/arendal/ingest-key', operator)).body.key;
      expect((await api.call('POST', INGEST, { as: 'anonymous', headers: { 'x-ingest-key': otherKey }, body: { results: [result()] } })).status).toBe(401);
      // A user's JWT is not an ingest key either.
      expect((await api.call('POST', INGEST, { ...operator, body: { results: [result()] } })).status).toBe(401);
    });

    it('accepts results with the key as Bearer or x-ingest-key, and refuses unknown devices and future ends one by one', async () => {
      const pushed = await api.call('POST', INGEST, {
        as: 'anonymous',
        headers: { authorization: `Bearer ${key}` },
        body: { results: [result(), result({ deviceId: 'srv-9' }), result({ end: new Date(Date.now() + 86_400_000).toISOString() })] },
      });
      expect(pushed.status).toBe(202);
      expect(pushed.body.accepted).toBe(1);
      expect(pushed.body.rejected.map((r: { index: number; problem: string }) => [r.index, r.problem])).toEqual([
        [1, "no device 'srv-9' in environment 'kris'"],
        [2, expect.stringMatching(/future/)],
      ]);
      const viaHeader = await api.call('POST', INGEST, { as: 'anonymous', headers: { 'x-ingest-key': key }, body: { results: [result({ job: 'srv-1 weekly', result: 'failed' })] } });
      expect(viaHeader.status).toBe(202);
      const invalid = await api.call('POST', INGEST, { as: 'anonymous', headers: { 'x-ingest-key': key }, body: { results: [result({ result: 'maybe' })] } });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.details[0].field).toBe('body.results.0.result');
    });

    it('shows the pushed backups on the board after the next sweep', async () => {
      await sweep();
      const board = await api.call('GET', `${ENV}/health`);
      const srv = board.body.items.find((i: { deviceId: string }) => i.deviceId === 'srv-1');
      expect(srv.backup.recent).toHaveLength(2);
      expect(srv.checks.find((c: { name: string }) => c.name === 'backup')).toMatchObject({ rawStatus: 'ok', type: 'backup-coverage' });
      // The failed weekly job ended last: a warning, while coverage stays ok (a daily job succeeded inside the RPO).
      expect(srv.checks.find((c: { name: string }) => c.name === 'backup.last-job')).toMatchObject({ rawStatus: 'warning', message: expect.stringMatching(/^srv-1 weekly \(veeam\): failed/) });
      expect(board.body.summary.backup).toMatchObject({ required: 1, missing: 0, neverBackedUp: 0 });
    });

    it('stops accepting the old key once a new one is made', async () => {
      const fresh = (await api.call('POST', `${ENV}/ingest-key`, operator)).body.key;
      expect((await api.call('POST', INGEST, { as: 'anonymous', headers: { 'x-ingest-key': key }, body: { results: [result()] } })).status).toBe(401);
      expect((await api.call('POST', INGEST, { as: 'anonymous', headers: { 'x-ingest-key': fresh }, body: { results: [result()] } })).status).toBe(202);
    });
  });

  it('describes every health route in the OpenAPI document', async () => {
    const doc = await api.call('GET', '/api/openapi.json', { as: 'anonymous' });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/regions/{regionId}/health',
        '/api/regions/{regionId}/environments/{environmentId}/health',
        '/api/regions/{regionId}/devices/{deviceId}/history',
        '/api/regions/{regionId}/environments/{environmentId}/incidents/{incidentId}/acknowledge',
        '/api/regions/{regionId}/environments/{environmentId}/maintenance-windows',
        '/api/ingest/{regionId}/{environmentId}/backup-results',
      ]),
    );
    expect(doc.body.paths['/api/ingest/{regionId}/{environmentId}/backup-results'].post.security).toEqual([]);
  });
});
