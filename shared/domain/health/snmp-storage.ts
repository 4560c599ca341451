/**
 * Which rows of HOST-RESOURCES-MIB hrStorageTable are filesystems worth alarming on. Pure.
 *
 * Agents type filesystems differently (net-snmp says hrStorageFixedDisk, ESXi hrStorageRamDisk or
 * hrStorageNetworkDisk for VMFS volumes, FreeBSD's bsnmpd and others hrStorageOther), so a row counts
 * as a filesystem when its type is any disk type OR its description is a mount point (`/…`, `C:\`).
 * Memory rows (RAM, virtual memory, "Cached memory" typed as other) are never filesystems.
 *
 * Pseudo and read-only filesystems are ignored: package and ISO images are 100 % full by design,
 * tmpfs/devfs/procfs say nothing about the disk. `DEFAULT_STORAGE_IGNORE` lists them; a check adds
 * its own patterns (`storageIgnore`). A row the agent's hrFSTable marks read-only is ignored too.
 */

/** hrStorageTypes (1.3.6.1.2.1.25.2.1.N): the disk kinds, and CompactDisc (7), which is always read-only media. */
const TYPE_PREFIX = '1.3.6.1.2.1.25.2.1.';
const DISK_TYPES = new Set([4, 5, 6, 8, 9, 10]); // fixedDisk, removableDisk, floppyDisk, ramDisk, flashMemory, networkDisk
const COMPACT_DISC = 7;

/**
 * Mount points and names that are never a real filesystem. `*` matches anything; a pattern without
 * `*` matches the whole description (case-insensitive).
 */
export const DEFAULT_STORAGE_IGNORE: readonly string[] = [
  '/proc',
  '/proc/*',
  '/sys',
  '/sys/*',
  '/dev',
  '/dev/*',
  '/run',
  '/run/*',
  '*/shm',
  '/snap/*',
  '/var/lib/snapd/*',
  '/var/lib/docker/*',
  '/media/cdrom*',
  '/mnt/cdrom*',
  '*.iso',
  '/System/Volumes/*',
  'devfs',
  'procfs',
  'linprocfs',
  'fdescfs',
  'tmpfs',
  '/tmp/.*',
];

export interface StorageRow {
  index: string;
  /** hrStorageType as a dotted OID. */
  type?: string;
  descr: string;
  allocationUnits?: number;
  size?: number;
  used?: number;
  /** From hrFSTable (hrFSAccess 2 = readOnly), when the agent links the row to a filesystem. */
  readOnly?: boolean;
}

export interface Filesystem {
  index: string;
  descr: string;
  usedPercent: number;
  freeBytes: number;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

const DEFAULT_PATTERNS = DEFAULT_STORAGE_IGNORE.map(globToRegExp);

/** The ignore list in force for a check: the defaults plus the check's own patterns. */
export function storageIgnoreMatcher(extra: readonly string[] = []): (descr: string) => boolean {
  // The defaults are compiled once: a sweep asks for this matcher on every device.
  const patterns = extra.length === 0 ? DEFAULT_PATTERNS : [...DEFAULT_PATTERNS, ...extra.map(globToRegExp)];
  return (descr) => patterns.some((pattern) => pattern.test(descr.trim()));
}

function typeNumber(type: string | undefined): number | undefined {
  if (!type?.replace(/^\./, '').startsWith(TYPE_PREFIX)) return undefined;
  return Number(type.replace(/^\./, '').slice(TYPE_PREFIX.length));
}

/** A mount point or a Windows drive (`C:\ Label:…  Serial Number …`). */
function looksLikeMount(descr: string): boolean {
  return descr.startsWith('/') || /^[A-Za-z]:\\/.test(descr);
}

/**
 * FreeBSD's bsnmpd (pfSense, OPNsense) describes a filesystem as `MOUNT, type: FSTYPE, dev: DEVICE`
 * (`/dev, type: devfs, dev: devfs`) and types it with an hrFSTypes OID: the mount point names it,
 * and the ignore list applies to the mount point and to the filesystem type.
 */
function mountOf(descr: string): { mount: string; fsType?: string } {
  const bsnmpd = /^(\/.*?), type: ([^,]+), dev: .*$/.exec(descr);
  return bsnmpd ? { mount: bsnmpd[1]!, fsType: bsnmpd[2]!.trim() } : { mount: descr };
}

export type StorageVerdict = { filesystem: Filesystem } | { skipped: string };

/** Decides for one row: a filesystem to evaluate, or why it is skipped. */
export function classifyStorage(row: StorageRow, ignored: (descr: string) => boolean): StorageVerdict {
  const type = typeNumber(row.type);
  const descr = row.descr.trim() || `#${row.index}`;
  if (type === COMPACT_DISC) return { skipped: 'optical media' };
  if (!(type !== undefined && DISK_TYPES.has(type)) && !looksLikeMount(descr)) return { skipped: 'not a filesystem' };
  const { mount, fsType } = mountOf(descr);
  if (ignored(mount) || (fsType !== undefined && ignored(fsType))) return { skipped: 'pseudo filesystem (ignore list)' };
  if (row.readOnly) return { skipped: 'read-only' };
  if (!row.size || row.used === undefined || row.size <= 0) return { skipped: 'no size' };
  const unit = row.allocationUnits && row.allocationUnits > 0 ? row.allocationUnits : 1;
  const usedPercent = Math.round((1000 * row.used) / row.size) / 10;
  return { filesystem: { index: row.index, descr: mount, usedPercent, freeBytes: Math.max(0, row.size - row.used) * unit } };
}

/** The filesystems among the rows, in table order. */
export function selectFilesystems(rows: readonly StorageRow[], extraIgnore: readonly string[] = []): Filesystem[] {
  const ignored = storageIgnoreMatcher(extraIgnore);
  return rows.flatMap((row) => {
    const verdict = classifyStorage(row, ignored);
    return 'filesystem' in verdict ? [verdict.filesystem] : [];
  });
}
