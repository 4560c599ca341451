/**
 * Prometheus probe: scrapes a node_exporter (`/metrics`, text format) and reports
 *  - `<check>`: the scrape itself (critical when the target is down or answers something that is
 *    not metrics),
 *  - `<check>.cpu`: CPU busy % from the rate of `node_cpu_seconds_total` between this scrape and
 *    the previous sweep's (the counters are kept in the result's `extra`, which the collector hands
 *    back as `context.previous`). The first scrape, and the one after a counter reset (a reboot),
 *    is `unknown`: it needs two readings. Never a load average.
 *  - `<check>.memory`: 1 − MemAvailable/MemTotal, or MemTotal − (MemFree + Buffers + Cached) on
 *    kernels without MemAvailable,
 *  - `<check>.fs-<mountpoint>`: used % per real, writable filesystem, as `df` computes it;
 *    pseudo, memory-backed, layered, image and read-only filesystems are ignored (the rules live in
 *    `shared/domain/health/host-metrics.ts`; a check adds types or mount points to ignore).
 * Facts: host name and kernel from `node_uname_info`, OS from `node_os_info`.
 */
import type { CheckResult, InventoryFacts, Probe, ProbeContext, ProbeOutput } from '#shared/domain/health/probe.ts';
import { statusFor } from '#shared/domain/health/probe.ts';
import { cpuBusyBetween, cpuCountersOf, filesystemUsedPercent, ignoredFilesystemReason, memoryUse } from '#shared/domain/health/host-metrics.ts';
import type { PrometheusCheck } from '#shared/schemas/checks.ts';
import type { z } from '#shared/schemas/zod.ts';
import { HttpGetError, httpGet } from './http-client.ts';
import { ExpositionParseError, parsePrometheusText, samplesOf, valueOf, type Exposition } from './prometheus-text.ts';
import { errorMessage, makeResult, probeBudgetMs, round, said, startProbeOutput, type Said } from './support.ts';

type Check = z.infer<typeof PrometheusCheck>;

export const prometheusProbe: Probe<'prometheus'> = {
  type: 'prometheus',
  async run(check, context): Promise<ProbeOutput> {
    const done = startProbeOutput();
    const critical = (text: Said) => done([makeResult(check, context, { status: 'critical', ...text })]);

    let response;
    try {
      response = await httpGet(check.url, {
        timeoutMs: probeBudgetMs(check.timeoutMs),
        ...(context.signal ? { signal: context.signal } : {}),
        // Ask for the text format: without it an exporter may pick protobuf or OpenMetrics.
        headers: { accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1' },
      });
    } catch (error) {
      return critical(error instanceof HttpGetError ? error.said : said('check.scrape-failed', { error: errorMessage(error) }));
    }
    if (response.status !== 200) return critical(said('check.metrics-http-status', { status: String(response.status) }));
    if (response.tls && !response.tls.authorized) return critical(said('check.certificate-untrusted', { reason: response.tls.authorizationError ?? '?' }));

    let exposition: Exposition;
    try {
      exposition = parsePrometheusText(response.body.toString('utf8'));
    } catch (error) {
      if (error instanceof ExpositionParseError) return critical(said('check.not-prometheus', { error: error.message }));
      throw error;
    }
    if (exposition.samples.length === 0) return critical(said('check.no-metrics'));

    const latency = round(response.latencyMs);
    const results: CheckResult[] = [
      makeResult(check, context, {
        status: 'ok',
        value: latency,
        unit: 'ms',
        ...said('check.scraped', { samples: exposition.samples.length, ms: latency }),
        extra: { samples: exposition.samples.length },
      }),
    ];
    results.push(cpuResult(check, context, exposition));
    results.push(memoryResult(check, context, exposition));
    results.push(...filesystemResults(check, context, exposition));
    return done(results, factsOf(exposition));
  },
};

function cpuResult(check: Check, context: ProbeContext, exposition: Exposition): CheckResult {
  const series = samplesOf(exposition, 'node_cpu_seconds_total');
  if (series.length === 0) {
    return makeResult(check, context, { status: 'unknown', ...said('check.cpu-not-exposed') }, 'cpu');
  }
  const cpu = cpuCountersOf(series);
  const counters: Record<string, number> = { ...cpu };
  const previous = context.previous?.find((result) => result.name === `${check.name}.cpu`)?.extra;
  const reading = cpuBusyBetween(previous, cpu);
  // The counters travel in `extra` on every answer, so the next sweep can take the rate.
  const unknown = (reason: string, text: Said) => makeResult(check, context, { status: 'unknown', ...text, extra: { ...counters, reason } }, 'cpu');
  switch (reading.kind) {
    case 'first':
      return unknown('needs-two-scrapes', said('check.cpu-needs-two-scrapes'));
    case 'reset':
      return unknown('counters-reset', said('check.cpu-counters-reset'));
    case 'no-change':
      return unknown('no-time-passed', said('check.cpu-no-change'));
    case 'measured': {
      const busy = round(reading.busyPercent);
      return makeResult(
        check,
        context,
        {
          status: statusFor(busy, check.cpuPercent),
          value: busy,
          unit: '%',
          thresholds: check.cpuPercent,
          ...said('check.cpu-busy', { percent: busy, cores: cpu.cpus }),
          extra: counters,
        },
        'cpu',
      );
    }
  }
}

function memoryResult(check: Check, context: ProbeContext, exposition: Exposition): CheckResult {
  const field = (name: string) => valueOf(exposition, `node_memory_${name}_bytes`);
  const reading = memoryUse({ MemTotal: field('MemTotal'), MemAvailable: field('MemAvailable'), MemFree: field('MemFree'), Buffers: field('Buffers'), Cached: field('Cached') });
  if (reading.kind === 'missing') {
    return makeResult(
      check,
      context,
      { status: 'unknown', ...said('check.memory-missing', { metrics: reading.missing.map((name) => `node_memory_${name}_bytes`).join(', ') }) },
      'memory',
    );
  }
  const used = round(reading.usedPercent);
  const gib = (bytes: number) => round(bytes / 2 ** 30);
  const code = reading.source === 'MemAvailable' ? 'check.memory-used' : 'check.memory-used-estimated';
  return makeResult(
    check,
    context,
    {
      status: statusFor(used, check.memoryPercent),
      value: used,
      unit: '%',
      thresholds: check.memoryPercent,
      ...said(code, { percent: used, availableGib: gib(reading.availableBytes), totalGib: gib(reading.totalBytes) }),
    },
    'memory',
  );
}

function filesystemResults(check: Check, context: ProbeContext, exposition: Exposition): CheckResult[] {
  const results: CheckResult[] = [];
  const seen = new Set<string>();
  for (const size of samplesOf(exposition, 'node_filesystem_size_bytes')) {
    const { mountpoint, fstype = '', device } = size.labels;
    if (!mountpoint || seen.has(mountpoint) || !(size.value > 0)) continue;
    const same = { mountpoint, ...(device !== undefined ? { device } : {}), fstype };
    const readonly = valueOf(exposition, 'node_filesystem_readonly', same) === 1;
    if (ignoredFilesystemReason({ mountpoint, fstype, readonly }, check) !== undefined) continue;
    // Stats that could not be read (permission, stale NFS) come as zeros: skip them rather than alarm.
    if (valueOf(exposition, 'node_filesystem_device_error', same) === 1) continue;
    const avail = valueOf(exposition, 'node_filesystem_avail_bytes', same);
    if (avail === undefined) continue;
    seen.add(mountpoint);
    const used = round(filesystemUsedPercent(size.value, valueOf(exposition, 'node_filesystem_free_bytes', same), avail));
    results.push(
      makeResult(
        check,
        context,
        {
          status: statusFor(used, check.filesystemPercent),
          value: used,
          unit: '%',
          thresholds: check.filesystemPercent,
          ...said('check.filesystem-used', { mount: mountpoint, percent: used, freeGib: round(avail / 2 ** 30) }),
        },
        `fs-${mountpoint}`,
      ),
    );
  }
  return results;
}

function factsOf(exposition: Exposition): InventoryFacts {
  const facts: InventoryFacts = {};
  const uname = samplesOf(exposition, 'node_uname_info')[0]?.labels;
  if (uname?.nodename) facts.hostname = uname.nodename;
  if (uname?.release) facts.description = [uname.sysname ?? 'Linux', uname.release, uname.machine ? `(${uname.machine})` : ''].join(' ').trim();
  const os = samplesOf(exposition, 'node_os_info')[0]?.labels;
  const osName = os?.pretty_name || [os?.name, os?.version].filter(Boolean).join(' ');
  if (osName) facts.os = osName;
  return facts;
}
