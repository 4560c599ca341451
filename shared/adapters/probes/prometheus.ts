/**
 * Prometheus probe: scrapes a node_exporter (`/metrics`, text format) and reports
 *  - `<check>`: the scrape itself (critical when the target is down or answers something that is
 *    not metrics),
 *  - `<check>.cpu`: CPU busy % = 1 − Δidle/Δall of `node_cpu_seconds_total` over all CPUs between
 *    this scrape and the previous one (iowait and steal count as busy, as in the node_exporter
 *    mixin). The counters are kept in the result's `extra` so the next run can take the difference
 *    from `context.previous`. On the first scrape (or after a counter reset, e.g. a reboot) there is
 *    nothing to subtract from, so CPU is *estimated* as node_load1 / cores (capped at 100 %) and the
 *    message says so: a status at once, but one that the next scrape replaces with the real figure.
 *  - `<check>.memory`: 1 − MemAvailable/MemTotal,
 *  - `<check>.fs-<mountpoint>`: used % per real filesystem, as `df` computes it
 *    (used / (used + available to users)); memory-backed and layered filesystems are ignored.
 * Facts: host name and kernel from `node_uname_info`, OS from `node_os_info`.
 */
import type { CheckResult, InventoryFacts, Probe, ProbeContext, ProbeOutput } from '#shared/domain/health/probe.ts';
import { statusFor } from '#shared/domain/health/probe.ts';
import type { PrometheusCheck } from '#shared/schemas/checks.ts';
import type { z } from 'zod';
import { HttpGetError, httpGet } from './http-client.ts';
import { ExpositionParseError, parsePrometheusText, samplesOf, valueOf, type Exposition } from './prometheus-text.ts';
import { errorMessage, makeResult, probeBudgetMs, round, startProbeOutput } from './support.ts';

type Check = z.infer<typeof PrometheusCheck>;

/** Filesystems that are not disks: memory-backed, layered or virtual. */
const IGNORED_FSTYPES = new Set([
  'tmpfs', 'devtmpfs', 'ramfs', 'overlay', 'aufs', 'squashfs', 'iso9660', 'nsfs', 'proc', 'sysfs', 'cgroup', 'cgroup2',
  'autofs', 'fusectl', 'fuse.lxcfs', 'fuse.snapfuse', 'tracefs', 'debugfs', 'securityfs', 'devpts', 'mqueue', 'pstore',
  'bpf', 'configfs', 'binfmt_misc', 'hugetlbfs', 'rpc_pipefs', 'efivarfs',
]);

export const prometheusProbe: Probe<'prometheus'> = {
  type: 'prometheus',
  async run(check, context): Promise<ProbeOutput> {
    const done = startProbeOutput();
    const critical = (message: string) => done([makeResult(check, context, { status: 'critical', message })]);

    let response;
    try {
      response = await httpGet(check.url, {
        timeoutMs: probeBudgetMs(check.timeoutMs),
        ...(context.signal ? { signal: context.signal } : {}),
        // Ask for the text format: without it an exporter may pick protobuf or OpenMetrics.
        headers: { accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1' },
      });
    } catch (error) {
      return critical(error instanceof HttpGetError ? error.message : `scrape failed: ${errorMessage(error)}`);
    }
    if (response.status !== 200) return critical(`HTTP ${response.status} from the metrics endpoint`);
    if (response.tls && !response.tls.authorized) return critical(`certificate not trusted (${response.tls.authorizationError ?? 'unknown reason'})`);

    let exposition: Exposition;
    try {
      exposition = parsePrometheusText(response.body.toString('utf8'));
    } catch (error) {
      if (error instanceof ExpositionParseError) return critical(`the answer is not Prometheus metrics (${error.message})`);
      throw error;
    }
    if (exposition.samples.length === 0) return critical('the answer holds no metrics');

    const latency = round(response.latencyMs);
    const results: CheckResult[] = [
      makeResult(check, context, {
        status: 'ok',
        value: latency,
        unit: 'ms',
        message: `scraped ${exposition.samples.length} samples in ${latency} ms`,
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
    return makeResult(check, context, { status: 'unknown', message: 'node_cpu_seconds_total is not exposed (is this a node_exporter?)' }, 'cpu');
  }
  let idle = 0;
  let total = 0;
  const cpus = new Set<string>();
  for (const sample of series) {
    if (!Number.isFinite(sample.value)) continue;
    cpus.add(sample.labels.cpu ?? '');
    total += sample.value;
    if (sample.labels.mode === 'idle') idle += sample.value;
  }
  const counters = { cpuIdleSeconds: idle, cpuTotalSeconds: total, cpus: cpus.size };

  const previous = context.previous?.find((result) => result.name === `${check.name}.cpu`)?.extra;
  const prevIdle = Number(previous?.cpuIdleSeconds);
  const prevTotal = Number(previous?.cpuTotalSeconds);
  const deltaTotal = total - prevTotal;
  const deltaIdle = idle - prevIdle;
  // Both counters must have grown; a shrink means a reboot or another exporter behind the URL.
  if (Number.isFinite(prevTotal) && Number.isFinite(prevIdle) && deltaTotal > 0 && deltaIdle >= 0 && deltaIdle <= deltaTotal) {
    const busy = round(100 * (1 - deltaIdle / deltaTotal));
    return makeResult(
      check,
      context,
      { status: statusFor(busy, check.cpuPercent), value: busy, unit: '%', thresholds: check.cpuPercent, message: `CPU ${busy} % busy on ${cpus.size} cores`, extra: counters },
      'cpu',
    );
  }

  const load1 = valueOf(exposition, 'node_load1');
  if (load1 === undefined || !Number.isFinite(load1) || cpus.size === 0) {
    return makeResult(check, context, { status: 'unknown', message: 'CPU needs a second scrape (no node_load1 to estimate from)', extra: counters }, 'cpu');
  }
  const estimate = round(Math.min(100, (100 * load1) / cpus.size));
  return makeResult(
    check,
    context,
    {
      status: statusFor(estimate, check.cpuPercent),
      value: estimate,
      unit: '%',
      thresholds: check.cpuPercent,
      message: `CPU ≈${estimate} % estimated from load average ${load1} on ${cpus.size} cores (first scrape; measured from the next)`,
      extra: { ...counters, estimated: 'load1' },
    },
    'cpu',
  );
}

function memoryResult(check: Check, context: ProbeContext, exposition: Exposition): CheckResult {
  const total = valueOf(exposition, 'node_memory_MemTotal_bytes');
  const available = valueOf(exposition, 'node_memory_MemAvailable_bytes');
  if (total === undefined || available === undefined || !(total > 0)) {
    return makeResult(check, context, { status: 'unknown', message: 'node_memory_MemTotal_bytes/MemAvailable_bytes are not exposed' }, 'memory');
  }
  const used = round(100 * (1 - available / total));
  const gib = (bytes: number) => round(bytes / 2 ** 30);
  return makeResult(
    check,
    context,
    {
      status: statusFor(used, check.memoryPercent),
      value: used,
      unit: '%',
      thresholds: check.memoryPercent,
      message: `memory ${used} % used (${gib(available)} of ${gib(total)} GiB available)`,
    },
    'memory',
  );
}

function filesystemResults(check: Check, context: ProbeContext, exposition: Exposition): CheckResult[] {
  const results: CheckResult[] = [];
  const seen = new Set<string>();
  for (const size of samplesOf(exposition, 'node_filesystem_size_bytes')) {
    const { mountpoint, fstype = '', device } = size.labels;
    if (!mountpoint || seen.has(mountpoint) || IGNORED_FSTYPES.has(fstype) || !(size.value > 0)) continue;
    const same = { mountpoint, ...(device !== undefined ? { device } : {}), fstype };
    // Stats that could not be read (permission, stale NFS) come as zeros: skip them rather than alarm.
    if (valueOf(exposition, 'node_filesystem_device_error', same) === 1) continue;
    const avail = valueOf(exposition, 'node_filesystem_avail_bytes', same);
    if (avail === undefined) continue;
    const free = valueOf(exposition, 'node_filesystem_free_bytes', same);
    seen.add(mountpoint);
    const usedBytes = size.value - (free ?? avail);
    const used = round(100 * (usedBytes / (usedBytes + avail)));
    results.push(
      makeResult(
        check,
        context,
        {
          status: statusFor(used, check.filesystemPercent),
          value: used,
          unit: '%',
          thresholds: check.filesystemPercent,
          message: `${mountpoint} ${used} % used (${round(avail / 2 ** 30)} GiB free)`,
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
