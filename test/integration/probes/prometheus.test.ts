import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { startNodeExporter, type NodeExporterPeer } from '../../support/peers/node-exporter.ts';
import { startSilentTcpServer, startTextHttpServer, type FaultPeer } from '../../support/peers/faults.ts';
import { byName, check, contextWith } from '../../support/peers/context.ts';

let exporter: NodeExporterPeer;
let html: FaultPeer & { url: string };
let prose: FaultPeer & { url: string };
let notFound: FaultPeer & { url: string };
let silent: FaultPeer;

beforeAll(async () => {
  exporter = await startNodeExporter();
  html = await startTextHttpServer('<!doctype html><html><body>Login</body></html>');
  prose = await startTextHttpServer('all systems nominal\n', 200, 'text/plain');
  notFound = await startTextHttpServer('404 page not found\n', 404, 'text/plain');
  silent = await startSilentTcpServer();
});

afterAll(async () => {
  await exporter?.stop();
  await html?.stop();
  await prose?.stop();
  await notFound?.stop();
  await silent?.stop();
});

const context = contextWith({});
const node = (url: string, extra: Record<string, unknown> = {}) => check({ type: 'prometheus', name: 'node', url, timeoutMs: 3000, ...extra });

describe('prometheus probe against Debian prometheus-node-exporter', () => {
  it('scrapes up, memory, filesystems and facts; estimates CPU on the first scrape and measures it on the second', async () => {
    const first = await runCheck(node(exporter.url), context);
    expect(byName(first.results, 'node')).toMatchObject({ status: 'ok', message: expect.stringMatching(/^scraped \d+ samples in/) });

    const memory = byName(first.results, 'node.memory');
    expect(memory.unit).toBe('%');
    expect(memory.value as number).toBeGreaterThan(0);
    expect(memory.value as number).toBeLessThan(100);

    const root = byName(first.results, 'node.fs-/');
    expect(root.value as number).toBeGreaterThan(0);
    expect(root.value as number).toBeLessThanOrEqual(100);
    // Memory-backed and layered filesystems are not disks.
    expect(first.results.filter((r) => /^node\.fs-\/(dev|run|sys|proc)(\/|$)/.test(r.name))).toEqual([]);

    const estimated = byName(first.results, 'node.cpu');
    expect(estimated.message).toMatch(/estimated from load average/);
    expect(estimated.extra?.cpuTotalSeconds).toEqual(expect.any(Number));

    expect(first.facts?.hostname).toBeTruthy();
    expect(first.facts?.os).toMatch(/Debian/);
    expect(first.facts?.description).toMatch(/^Linux \S+/);

    // Let the CPU counters move between the two scrapes (node_exporter reads /proc/stat anew each time).
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const second = await runCheck(node(exporter.url), { ...context, previous: first.results });
    const measured = byName(second.results, 'node.cpu');
    expect(measured.message).toMatch(/^CPU [\d.]+ % busy on \d+ cores$/);
    expect(measured.value as number).toBeGreaterThanOrEqual(0);
    expect(measured.value as number).toBeLessThanOrEqual(100);
  });

  it('applies the thresholds', async () => {
    const strict = { warning: 0, critical: 0.001, direction: 'above' };
    const { results } = await runCheck(node(exporter.url, { memoryPercent: strict, filesystemPercent: { warning: 0.001, critical: 100, direction: 'above' } }), context);
    expect(byName(results, 'node.memory').status).toBe('critical');
    expect(byName(results, 'node.fs-/').status).toBe('warning');
  });

  it('reports an HTML page answered with 200 as critical: not metrics', async () => {
    const { results } = await runCheck(node(html.url), context);
    expect(results).toEqual([expect.objectContaining({ name: 'node', status: 'critical' })]);
    expect(results[0]!.message).toMatch(/^the answer is not Prometheus metrics \(line 1: expected a metric name/);
  });

  it('reports plain prose answered with 200 as critical: not metrics', async () => {
    const { results } = await runCheck(node(prose.url), context);
    expect(results[0]).toMatchObject({ status: 'critical', message: expect.stringContaining("invalid value 'systems'") });
  });

  it('reports HTTP 404 as critical', async () => {
    const { results } = await runCheck(node(notFound.url), context);
    expect(results[0]).toMatchObject({ status: 'critical', message: 'HTTP 404 from the metrics endpoint' });
  });

  it('reports an exporter that accepts and never answers as critical within the timeout', async () => {
    const output = await runCheck(node(`http://127.0.0.1:${silent.port}/metrics`, { timeoutMs: 700 }), context);
    expect(output.results[0]).toMatchObject({ status: 'critical', message: expect.stringMatching(/^no (HTTP response|answer) within \d+ ms$/) });
    expect(output.durationMs).toBeLessThan(2000);
  });

  it('reports a port with nothing listening as critical: connection refused', async () => {
    const port = silent.port;
    await silent.stop();
    try {
      const { results } = await runCheck(node(`http://127.0.0.1:${port}/metrics`), context);
      expect(results[0]).toMatchObject({ status: 'critical', message: expect.stringMatching(/^connection refused/) });
    } finally {
      silent = await startSilentTcpServer();
    }
  });
});
