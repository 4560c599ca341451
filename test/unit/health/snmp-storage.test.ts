import { describe, expect, it } from 'vitest';
import { classifyStorage, DEFAULT_STORAGE_IGNORE, selectFilesystems, storageIgnoreMatcher, type StorageRow } from '#shared/domain/health/snmp-storage.ts';

const T = (n: number) => `1.3.6.1.2.1.25.2.1.${n}`;
const row = (descr: string, type: number, size: number, used: number, extra: Partial<StorageRow> = {}): StorageRow => ({ index: descr, descr, type: T(type), allocationUnits: 4096, size, used, ...extra });

describe('which hrStorage rows are filesystems', () => {
  it('reads every disk type and any mount point, whatever its type', () => {
    const rows = [
      row('/', 4, 100, 50),
      row('/vmfs/volumes/datastore1', 10, 100, 20), // ESXi: networkDisk
      row('/vmfs/volumes/boot', 8, 100, 30), // ESXi: ramDisk
      row('/var', 1, 100, 40), // bsnmpd and others: other
      row('C:\\ Label:  Serial Number 1a2b', 4, 100, 60),
      row('/usb', 9, 100, 10), // flashMemory
    ];
    expect(selectFilesystems(rows).map((fs) => [fs.descr, fs.usedPercent])).toEqual([
      ['/', 50],
      ['/vmfs/volumes/datastore1', 20],
      ['/vmfs/volumes/boot', 30],
      ['/var', 40],
      ['C:\\ Label:  Serial Number 1a2b', 60],
      ['/usb', 10],
    ]);
  });

  it('never reads memory as a filesystem (QNAP types "Cached memory" as other and it is 100 % full)', () => {
    const rows = [row('Physical memory', 2, 100, 99), row('Swap space', 3, 100, 1), row('Cached memory', 1, 3014780, 3014780)];
    expect(selectFilesystems(rows)).toEqual([]);
  });

  it('ignores pseudo filesystems and package/ISO images by default', () => {
    const pseudo = ['/dev', '/dev/shm', '/run', '/run/lock', '/proc', '/sys/fs/cgroup', '/snap/core20/2105', '/media/cdrom0', '/mnt/install.iso', 'devfs'];
    expect(selectFilesystems(pseudo.map((d) => row(d, 4, 100, 100)))).toEqual([]);
    expect(classifyStorage(row('/dev/shm', 4, 100, 1), storageIgnoreMatcher())).toEqual({ skipped: 'pseudo filesystem (ignore list)' });
  });

  it('ignores read-only mounts (hrFSAccess) and optical media', () => {
    expect(selectFilesystems([row('/opt/image', 4, 100, 100, { readOnly: true }), row('/cdrom', 7, 100, 100)])).toEqual([]);
  });

  it('skips rows without a size instead of dividing by zero', () => {
    expect(selectFilesystems([row('/sys/fs/cgroup/memory', 4, 0, 0), row('/data', 4, 0, 5)])).toEqual([]);
  });

  it('takes an operator’s patterns in addition to the defaults', () => {
    const rows = [row('/', 4, 100, 50), row('/mnt/backup-usb', 4, 100, 99), row('/backup', 4, 100, 98)];
    expect(selectFilesystems(rows, ['/mnt/backup*', '/BACKUP']).map((fs) => fs.descr)).toEqual(['/']);
    expect(DEFAULT_STORAGE_IGNORE).toContain('/snap/*');
  });

  it('reports free bytes with the allocation unit', () => {
    expect(selectFilesystems([row('/', 4, 1000, 250)])[0]).toMatchObject({ usedPercent: 25, freeBytes: 750 * 4096 });
  });

  it('reads FreeBSD bsnmpd rows (pfSense 2.3.2, LibreNMS recording): hrFSTypes types, "MOUNT, type: FS, dev: DEV" names, full devfs ignored', () => {
    // hrStorageTable rows 1–6 of tests/snmpsim/pfsense.snmprec, as they are (types, descriptions, units, sizes, used).
    const FS = (n: number) => `1.3.6.1.2.1.25.3.9.${n}`; // hrFSTypes: 1 other, 3 berkeleyFFS
    const pfsense: StorageRow[] = [
      { index: '1', type: T(2), descr: 'Real Memory Metrics', allocationUnits: 4096, size: 59033, used: 57778 },
      { index: '2', type: T(2), descr: 'Shared Real Memory Metrics', allocationUnits: 4096, size: 4002, used: 2785 },
      { index: '3', type: FS(3), descr: '/, type: ufs, dev: /dev/ufsid/5be59cf2bcc03dca', allocationUnits: 4096, size: 1926495, used: 211372 },
      { index: '4', type: FS(1), descr: '/dev, type: devfs, dev: devfs', allocationUnits: 512, size: 2, used: 2 },
      { index: '5', type: FS(3), descr: '/var/run, type: ufs, dev: /dev/md0', allocationUnits: 4096, size: 871, used: 25 },
      { index: '6', type: FS(1), descr: '/var/dhcpd/dev, type: devfs, dev: devfs', allocationUnits: 512, size: 2, used: 2 },
    ];
    // 211372 / 1926495 = 10.97 %; 25 / 871 = 2.87 %. The two devfs mounts are 100 % full by nature.
    expect(selectFilesystems(pfsense).map((fs) => [fs.descr, fs.usedPercent])).toEqual([
      ['/', 11],
      ['/var/run', 2.9],
    ]);
    expect(classifyStorage(pfsense[5]!, storageIgnoreMatcher())).toEqual({ skipped: 'pseudo filesystem (ignore list)' });
    // An operator's pattern applies to the mount point, not to bsnmpd's whole description.
    expect(selectFilesystems(pfsense, ['/var/run']).map((fs) => fs.descr)).toEqual(['/']);
  });
});
