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
});
