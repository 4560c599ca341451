import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePrometheusText, samplesOf, valueOf } from '#shared/adapters/probes/prometheus-text.ts';
import { cpuBusyBetween, cpuCountersOf, filesystemUsedPercent, ignoredFilesystemReason, memoryUse } from '#shared/domain/health/host-metrics.ts';

/**
 * The CPU and memory rules against node_exporter's own e2e fixtures (test/fixtures/node-exporter,
 * see SOURCES.md). Expected figures are worked out by hand from the fixture text in the comments.
 */
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/node-exporter/${name}`, import.meta.url), 'utf8');
const linux = parsePrometheusText(fixture('e2e-output-linux.excerpt.txt'));
const netbsd = parsePrometheusText(fixture('e2e-output-netbsd.excerpt.txt'));

describe('CPU from node_cpu_seconds_total (upstream Linux fixture, 8 CPUs)', () => {
  // idle: 10870.69 + 11107.87 + 11123.21 + 11132.3 + 11403.21 + 11362.7 + 11397.21 + 11392.82 = 89790.01
  // the other modes of all 8 CPUs (iowait, irq, nice, softirq, steal, system, user) add up to 4218.70
  const counters = cpuCountersOf(samplesOf(linux, 'node_cpu_seconds_total'));

  it('sums idle and all modes over the 8 CPUs', () => {
    expect(counters.cpus).toBe(8);
    expect(counters.cpuIdleSeconds).toBeCloseTo(89790.01, 6);
    expect(counters.cpuTotalSeconds).toBeCloseTo(94008.71, 6);
  });

  it('is unknown on the first scrape: one reading has no rate', () => {
    expect(cpuBusyBetween(undefined, counters)).toEqual({ kind: 'first' });
    expect(cpuBusyBetween({}, counters)).toEqual({ kind: 'first' });
  });

  it('measures the rate between two scrapes', () => {
    // 10 s later on every CPU: 6 s idle and 4 s user → Δidle 48, Δall 80 → 40 % busy.
    const later = parsePrometheusText(
      fixture('e2e-output-linux.excerpt.txt').replace(/^(node_cpu_seconds_total\{cpu="\d",mode="(idle|user)"\}) ([\d.]+)$/gm, (_, series: string, mode: string, value: string) =>
        `${series} ${Number(value) + (mode === 'idle' ? 6 : 4)}`,
      ),
    );
    const reading = cpuBusyBetween(counters, cpuCountersOf(samplesOf(later, 'node_cpu_seconds_total')));
    expect(reading.kind).toBe('measured');
    expect(reading.kind === 'measured' && reading.busyPercent).toBeCloseTo(40, 9);
  });

  it('since boot (counters from zero) gives the average since boot: 4218.70 / 94008.71 = 4.49 %', () => {
    const reading = cpuBusyBetween({ cpuIdleSeconds: 0, cpuTotalSeconds: 0 }, counters);
    expect(reading.kind === 'measured' && reading.busyPercent).toBeCloseTo(4.4876, 3);
  });

  it('calls counters that went back a reset (a reboot), not a figure', () => {
    expect(cpuBusyBetween({ cpuIdleSeconds: 90_000, cpuTotalSeconds: 100_000 }, counters)).toEqual({ kind: 'reset' });
    expect(cpuBusyBetween(counters, counters)).toEqual({ kind: 'no-change' });
  });

  it('has no CPU series at all in the NetBSD fixture (its cpu collector failed)', () => {
    expect(samplesOf(netbsd, 'node_cpu_seconds_total')).toEqual([]);
    expect(valueOf(netbsd, 'node_scrape_collector_success', { collector: 'cpu' })).toBe(0);
  });
});

describe('memory (upstream fixtures)', () => {
  it('falls back to MemTotal − (MemFree + Buffers + Cached) on the Linux fixture, whose kernel has no MemAvailable', () => {
    const field = (name: string) => valueOf(linux, `node_memory_${name}_bytes`);
    expect(field('MemAvailable')).toBeUndefined();
    // MemFree 230 883 328 + Buffers 22 568 960 + Cached 953 229 312 = 1 206 681 600 of MemTotal 3 831 959 552
    // → used 1 − 1206681600 / 3831959552 = 68.51 %
    const reading = memoryUse({ MemTotal: field('MemTotal'), MemAvailable: field('MemAvailable'), MemFree: field('MemFree'), Buffers: field('Buffers'), Cached: field('Cached') });
    expect(reading).toMatchObject({ kind: 'measured', source: 'MemFree+Buffers+Cached', availableBytes: 1_206_681_600, totalBytes: 3_831_959_552 });
    expect(reading.kind === 'measured' && reading.usedPercent).toBeCloseTo(68.51, 2);
  });

  it('prefers MemAvailable when the kernel has it', () => {
    expect(memoryUse({ MemTotal: 8e9, MemAvailable: 2e9, MemFree: 1e9, Buffers: 0, Cached: 0 })).toMatchObject({ usedPercent: 75, source: 'MemAvailable' });
  });

  it('says what is missing on NetBSD, which has no Linux meminfo fields', () => {
    expect(valueOf(netbsd, 'node_memory_size_bytes')).toBe(6_218_080_256);
    expect(memoryUse({})).toEqual({ kind: 'missing', missing: ['MemTotal'] });
    expect(memoryUse({ MemTotal: 1e9 })).toEqual({ kind: 'missing', missing: ['MemAvailable', 'MemFree', 'Buffers', 'Cached'] });
  });
});

describe('filesystems', () => {
  it('ignores pseudo, memory-backed, layered and image filesystems and read-only mounts by default', () => {
    for (const fstype of ['tmpfs', 'squashfs', 'overlay', 'iso9660', 'devfs', 'procfs', 'nsfs']) {
      expect(ignoredFilesystemReason({ mountpoint: '/x', fstype })).toMatch(/is not a disk/);
    }
    expect(ignoredFilesystemReason({ mountpoint: '/snap/core/1', fstype: 'ext4', readonly: true })).toMatch(/read-only/);
    expect(ignoredFilesystemReason({ mountpoint: '/', fstype: 'ext4' })).toBeUndefined();
    expect(ignoredFilesystemReason({ mountpoint: '/srv', fstype: 'xfs', readonly: false })).toBeUndefined();
  });

  it('lets a check add types and mount points (exact, or a prefix ending in /)', () => {
    const filter = { ignoreFilesystemTypes: ['NFS4'], ignoreMountpoints: ['/boot/efi', '/var/lib/docker/'] };
    expect(ignoredFilesystemReason({ mountpoint: '/mnt/share', fstype: 'nfs4' }, filter)).toMatch(/ignored by the check/);
    expect(ignoredFilesystemReason({ mountpoint: '/boot/efi', fstype: 'vfat' }, filter)).toMatch(/ignored by the check/);
    expect(ignoredFilesystemReason({ mountpoint: '/boot/efi2', fstype: 'vfat' }, filter)).toBeUndefined();
    expect(ignoredFilesystemReason({ mountpoint: '/var/lib/docker/volumes', fstype: 'ext4' }, filter)).toMatch(/ignored by the check/);
  });

  it('computes used % as df does: used / (used + available to users)', () => {
    // df -P on this machine's root, figures in 1 KiB blocks: size 264212084, used 24395076, avail 81995836 → 22.93 (df shows 23 %).
    const size = 264_212_084;
    const avail = 81_995_836;
    const free = size - 24_395_076;
    expect(filesystemUsedPercent(size, free, avail)).toBeCloseTo(22.93, 2);
  });
});
