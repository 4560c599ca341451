/**
 * How a host's CPU, memory and filesystems are judged from what node_exporter reports. Pure: the
 * Prometheus probe reads the numbers, these rules decide what they mean.
 *
 *  - CPU busy % comes only from the rate of `node_cpu_seconds_total` between two scrapes:
 *    1 − Δidle / Δall modes, over all CPUs (iowait and steal count as busy, as in the node_exporter
 *    mixin). One scrape holds counters since boot, not a rate, so the first scrape is `unknown`;
 *    a load average is no CPU figure (it counts processes waiting on disk too) and is never used.
 *  - Memory used % is 1 − MemAvailable / MemTotal. Kernels before 3.14 have no MemAvailable; there
 *    the classic estimate MemTotal − (MemFree + Buffers + Cached) is used, and the result says so.
 *  - Filesystems: pseudo, memory-backed, layered and image filesystems are not disks, and a
 *    read-only mount (a squashfs snap, an ISO) is 100 % full by design; both are ignored. The
 *    default list is {@link DEFAULT_IGNORED_FILESYSTEM_TYPES}; a check can add types and mount points.
 */

/** The CPU counters kept between sweeps (in the result's `extra`): seconds summed over all CPUs. */
export interface CpuCounters {
  cpuIdleSeconds: number;
  cpuTotalSeconds: number;
  cpus: number;
}

export type CpuReading =
  | { kind: 'measured'; busyPercent: number }
  | { kind: 'first' }
  /** The counters went down: the host rebooted, or another exporter answers behind the URL. */
  | { kind: 'reset' }
  /** No time passed between the scrapes (the same answer twice). */
  | { kind: 'no-change' };

/** Sums `node_cpu_seconds_total` samples (labels `cpu`, `mode`) into idle and total seconds. */
export function cpuCountersOf(samples: ReadonlyArray<{ labels: Record<string, string>; value: number }>): CpuCounters {
  let idle = 0;
  let total = 0;
  const cpus = new Set<string>();
  for (const sample of samples) {
    if (!Number.isFinite(sample.value)) continue;
    cpus.add(sample.labels.cpu ?? '');
    total += sample.value;
    if (sample.labels.mode === 'idle') idle += sample.value;
  }
  return { cpuIdleSeconds: idle, cpuTotalSeconds: total, cpus: cpus.size };
}

/** CPU busy % between the previous sweep's counters and this scrape's. */
export function cpuBusyBetween(previous: Partial<Record<keyof CpuCounters, unknown>> | undefined, current: CpuCounters): CpuReading {
  const prevIdle = Number(previous?.cpuIdleSeconds);
  const prevTotal = Number(previous?.cpuTotalSeconds);
  if (previous === undefined || !Number.isFinite(prevIdle) || !Number.isFinite(prevTotal)) return { kind: 'first' };
  const deltaTotal = current.cpuTotalSeconds - prevTotal;
  const deltaIdle = current.cpuIdleSeconds - prevIdle;
  if (deltaTotal < 0 || deltaIdle < 0 || deltaIdle > deltaTotal) return { kind: 'reset' };
  if (deltaTotal === 0) return { kind: 'no-change' };
  return { kind: 'measured', busyPercent: 100 * (1 - deltaIdle / deltaTotal) };
}

/** `/proc/meminfo` fields as node_exporter names them without the `node_memory_` prefix and `_bytes` suffix. */
export interface MemInfo {
  MemTotal?: number;
  MemAvailable?: number;
  MemFree?: number;
  Buffers?: number;
  Cached?: number;
}

export type MemoryReading =
  | { kind: 'measured'; usedPercent: number; availableBytes: number; totalBytes: number; source: 'MemAvailable' | 'MemFree+Buffers+Cached' }
  | { kind: 'missing'; missing: string[] };

export function memoryUse(info: MemInfo): MemoryReading {
  const total = info.MemTotal;
  if (total === undefined || !(total > 0)) return { kind: 'missing', missing: ['MemTotal'] };
  if (info.MemAvailable !== undefined && Number.isFinite(info.MemAvailable)) {
    return { kind: 'measured', usedPercent: 100 * (1 - info.MemAvailable / total), availableBytes: info.MemAvailable, totalBytes: total, source: 'MemAvailable' };
  }
  const parts = { MemFree: info.MemFree, Buffers: info.Buffers, Cached: info.Cached };
  const missing = Object.entries(parts).filter(([, value]) => value === undefined || !Number.isFinite(value)).map(([name]) => name);
  if (missing.length > 0) return { kind: 'missing', missing: ['MemAvailable', ...missing] };
  const available = (info.MemFree ?? 0) + (info.Buffers ?? 0) + (info.Cached ?? 0);
  return { kind: 'measured', usedPercent: 100 * (1 - available / total), availableBytes: available, totalBytes: total, source: 'MemFree+Buffers+Cached' };
}

/**
 * Filesystem types that are never disks worth alarming on: kernel pseudo filesystems, memory-backed
 * ones, layered container roots, and read-only images (ISO, squashfs snaps and live media).
 */
export const DEFAULT_IGNORED_FILESYSTEM_TYPES: readonly string[] = [
  'tmpfs', 'devtmpfs', 'ramfs', 'overlay', 'aufs', 'squashfs', 'iso9660', 'udf', 'nsfs', 'proc', 'procfs', 'sysfs',
  'devfs', 'fdescfs', 'linprocfs', 'linsysfs', 'cgroup', 'cgroup2', 'autofs', 'fusectl', 'fuse.lxcfs', 'fuse.snapfuse',
  'fuse.gvfsd-fuse', 'fuse.portal', 'tracefs', 'debugfs', 'securityfs', 'devpts', 'mqueue', 'pstore', 'bpf', 'configfs',
  'binfmt_misc', 'hugetlbfs', 'rpc_pipefs', 'efivarfs', 'selinuxfs', 'nullfs',
];

export interface FilesystemFilter {
  /** Types to ignore besides the defaults (e.g. `nfs4` when shares are watched elsewhere). */
  ignoreFilesystemTypes?: readonly string[];
  /** Mount points to ignore: exact (`/boot/efi`) or a prefix ending in `/` (`/var/lib/docker/`). */
  ignoreMountpoints?: readonly string[];
}

export interface FilesystemLabels {
  mountpoint: string;
  fstype: string;
  /** node_exporter's `node_filesystem_readonly` (1 = mounted read-only). */
  readonly?: boolean;
}

/** Why a filesystem is not judged, or undefined when it is a real, writable disk. */
export function ignoredFilesystemReason(fs: FilesystemLabels, filter: FilesystemFilter = {}): string | undefined {
  const type = fs.fstype.toLowerCase();
  if (DEFAULT_IGNORED_FILESYSTEM_TYPES.includes(type)) return `type ${fs.fstype} is not a disk`;
  if ((filter.ignoreFilesystemTypes ?? []).some((ignored) => ignored.toLowerCase() === type)) return `type ${fs.fstype} is ignored by the check`;
  const byMount = (filter.ignoreMountpoints ?? []).find((entry) => (entry.endsWith('/') ? fs.mountpoint.startsWith(entry) : fs.mountpoint === entry));
  if (byMount) return `mount point ${fs.mountpoint} is ignored by the check`;
  if (fs.readonly) return `${fs.mountpoint} is mounted read-only`;
  return undefined;
}

/** Used % as `df` computes it: used / (used + available to users), so root's reserve counts as used. */
export function filesystemUsedPercent(sizeBytes: number, freeBytes: number | undefined, availBytes: number): number {
  const used = sizeBytes - (freeBytes ?? availBytes);
  return used + availBytes > 0 ? (100 * used) / (used + availBytes) : 0;
}
