/**
 * Backup job reports as the lab's servers would push them after their nightly job (01:30 UTC):
 * the last two nights per server. `ok` servers succeeded both nights; `failing` ones failed last
 * night, so their newest good backup is more than 24 h old; `none` never report anything.
 */
import { LAB_DEVICES, type LabDevice } from './devices.ts';

export interface LabBackupReport {
  deviceId: string;
  job: string;
  status: 'success' | 'failed';
  /** ISO timestamps. */
  startedAt: string;
  finishedAt: string;
  bytesTransferred: number;
  message?: string;
}

const DAY_MS = 86_400_000;
const JOB_AT_MS = 90 * 60_000; // 01:30 UTC

export function labBackupReports(now: Date = new Date(), devices: readonly LabDevice[] = LAB_DEVICES): LabBackupReport[] {
  const midnight = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  // The most recent 01:30 that has passed, and its finish 20–40 min later.
  let lastNight = midnight + JOB_AT_MS;
  if (lastNight + 40 * 60_000 > now.getTime()) lastNight -= DAY_MS;
  const reports: LabBackupReport[] = [];
  for (const device of devices) {
    if (device.protocol !== 'node_exporter' || device.backup === 'none') continue;
    for (const [night, failed] of [
      [lastNight - DAY_MS, false],
      [lastNight, device.backup === 'failing'],
    ] as const) {
      const minutes = 20 + (device.id.length % 20);
      reports.push({
        deviceId: device.id,
        job: `nightly-${device.id}`,
        status: failed ? 'failed' : 'success',
        startedAt: new Date(night).toISOString(),
        finishedAt: new Date(night + minutes * 60_000).toISOString(),
        bytesTransferred: failed ? 0 : (device.filesystems.reduce((sum, f) => sum + f.sizeGb, 0) % 97) * 1_073_741_824,
        ...(failed ? { message: 'repository unreachable: dial tcp backup-repo.kr-ikt.local:443: i/o timeout' } : {}),
      });
    }
  }
  return reports;
}
