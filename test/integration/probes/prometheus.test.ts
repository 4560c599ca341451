import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  it('scrapes up, memory, filesystems and facts; CPU is unknown on the first scrape and measured from the counters on the second', async () => {
    const first = await runCheck(node(exporter.url), context);
    expect(byName(first.results, 'node')).toMatchObject({ status: 'ok', message: expect.stringMatching(/^scraped \d+ samples in/) });

    // Memory against the kernel's own /proc/meminfo read now (a busy machine moves a little meanwhile).
    const memory = byName(first.results, 'node.memory');
    expect(memory.unit).toBe('%');
    expect(memory.message).not.toMatch(/estimated/);
    expect(memory).toMatchObject({ messageCode: 'check.memory-used', messageParams: { percent: memory.value } });
    expect(Math.abs((memory.value as number) - kernelMemoryUsedPercent())).toBeLessThan(3);

    // The root filesystem against `df -P /` (Use% is rounded up by df).
    const root = byName(first.results, 'node.fs-/');
    expect(Math.abs((root.value as number) - dfUsePercent('/'))).toBeLessThanOrEqual(1);
    // Memory-backed, pseudo and read-only filesystems are not disks.
    expect(first.results.filter((r) => /^node\.fs-\/(dev|run|sys|proc)(\/|$)/.test(r.name))).toEqual([]);

    const firstCpu = byName(first.results, 'node.cpu');
    expect(firstCpu).toMatchObject({ status: 'unknown', messageCode: 'check.cpu-needs-two-scrapes', message: expect.stringMatching(/^CPU needs two scrapes/) });
    expect(firstCpu.value).toBeUndefined();
    expect(firstCpu.extra?.cpuTotalSeconds).toEqual(expect.any(Number));

    expect(first.facts?.hostname).toBeTruthy();
    expect(first.facts?.os).toMatch(/Debian/);
    expect(first.facts?.description).toMatch(/^Linux \S+/);

    // Wait until the CPU counters have moved (node_exporter reads /proc/stat anew each scrape).
    const before = Number(firstCpu.extra?.cpuTotalSeconds);
    let second = await runCheck(node(exporter.url), { ...context, previous: first.results });
    for (let tries = 0; Number(byName(second.results, 'node.cpu').extra?.cpuTotalSeconds) <= before && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      second = await runCheck(node(exporter.url), { ...context, previous: first.results });
    }
    const measured = byName(second.results, 'node.cpu');
    expect(measured.message).toMatch(/^CPU [\d.]+ % busy on \d+ cores$/);
    expect(measured.value as number).toBeGreaterThanOrEqual(0);
    expect(measured.value as number).toBeLessThanOrEqual(100);
  });

  it('ignores filesystem types and mount points a check names, on top of the defaults', async () => {
    const plain = await runCheck(node(exporter.url), context);
    expect(plain.results.some((r) => r.name === 'node.fs-/')).toBe(true);
    const byType = await runCheck(node(exporter.url, { ignoreFilesystemTypes: [rootFsType()] }), context);
    expect(byType.results.some((r) => r.name === 'node.fs-/')).toBe(false);
    const byMount = await runCheck(node(exporter.url, { ignoreMountpoints: ['/'] }), context);
    expect(byMount.results.some((r) => r.name === 'node.fs-/')).toBe(false);
  });

  it('reads the upstream Linux fixture: memory by the MemFree + Buffers + Cached fallback, CPU unknown until a second scrape', async () => {
    const upstream = await startTextHttpServer(readFileSync(new URL('../../fixtures/node-exporter/e2e-output-linux.excerpt.txt', import.meta.url), 'utf8'), 200, 'text/plain');
    try {
      const first = await runCheck(node(upstream.url), context);
      // 1 − (230883328 + 22568960 + 953229312) / 3831959552 = 68.51 % (see the unit test).
      expect(byName(first.results, 'node.memory')).toMatchObject({ status: 'ok', value: 68.5, message: expect.stringMatching(/estimated as MemFree \+ Buffers \+ Cached: this kernel has no MemAvailable\)$/) });
      expect(byName(first.results, 'node.cpu')).toMatchObject({ status: 'unknown', extra: { reason: 'needs-two-scrapes', cpus: 8 } });
      // The same counters again: no time has passed, still no figure rather than a made-up one.
      const again = await runCheck(node(upstream.url), { ...context, previous: first.results });
      expect(byName(again.results, 'node.cpu')).toMatchObject({ status: 'unknown', extra: { reason: 'no-time-passed' } });
    } finally {
      await upstream.stop();
    }
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

/** Used % as the kernel reports it: 1 − MemAvailable / MemTotal from /proc/meminfo. */
function kernelMemoryUsedPercent(): number {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(meminfo)?.[1]);
  return 100 * (1 - kib('MemAvailable') / kib('MemTotal'));
}

/** `df -P`'s Use% of a mount point. */
function dfUsePercent(mountpoint: string): number {
  const line = execFileSync('df', ['-P', mountpoint], { encoding: 'utf8' }).trim().split('\n').at(-1) ?? '';
  return Number(/(\d+)%/.exec(line)?.[1]);
}

/** The root filesystem's type, as `df -T` sees it. */
function rootFsType(): string {
  const line = execFileSync('df', ['-PT', '/'], { encoding: 'utf8' }).trim().split('\n').at(-1) ?? '';
  return line.split(/\s+/)[1] ?? '';
}
