import { isDeepStrictEqual } from 'node:util';
import type { Monitoring } from '#shared/schemas/checks.ts';
import type { BackupJobView, BackupView } from '#shared/schemas/health.ts';
import type { CheckResult } from './probe.ts';
import { checkMessage, type HealthCode } from '#shared/messages/health.ts';

/**
 * Backup coverage: every device marked as needing backup must have a successful job inside its
 * RPO. Backup systems push their job results (see the ingest route); each sweep turns what was
 * pushed into two check results that go through the same hysteresis, board and incidents as any
 * probe: `backup` (coverage, critical when missing) and `backup.last-job` (a failed last job).
 */
export type BackupState = BackupView;
export type BackupJob = BackupJobView;

/** How many of the latest jobs are kept on the device's backup item. */
export const RECENT_JOBS_KEPT = 10;

/** The name of the backup-coverage result in a device's checks, samples and roll-ups. */
export const BACKUP_COVERAGE_RESULT = 'backup';

/** `warning` jobs left a usable restore point (Veeam's "Warning"), so they count as successful. */
export function isSuccessful(job: Pick<BackupJob, 'result'>): boolean {
  return job.result === 'success' || job.result === 'warning';
}

/**
 * Adds pushed jobs to a device's backup state. Order of arrival does not matter: the latest job is
 * the one that ended last, and a job pushed twice (same name, start and end) is kept once.
 */
export function mergeBackupJobs(current: BackupState | undefined, jobs: readonly BackupJob[], at: string): BackupState {
  const byKey = new Map<string, BackupJob>();
  for (const job of [...(current?.recent ?? []), ...jobs]) byKey.set(backupResultIdentity(job), job);
  const recent = [...byKey.values()].sort((a, b) => (a.end < b.end ? 1 : a.end > b.end ? -1 : 0)).slice(0, RECENT_JOBS_KEPT);
  const successes = [current?.lastSuccessAt, ...jobs.filter(isSuccessful).map((job) => job.end)].filter((end): end is string => end !== undefined);
  const lastSuccessAt = successes.sort().at(-1);
  const lastJob = recent[0];
  return { recent, updatedAt: at, ...(lastSuccessAt ? { lastSuccessAt } : {}), ...(lastJob ? { lastJob } : {}) };
}

/** What identifies one backup result: its job, start and end (and device, when given). */
export function backupResultIdentity(result: Pick<BackupJob, 'job' | 'start' | 'end'> & { deviceId?: string }): string {
  return [result.deviceId ?? '', result.job, result.start, result.end].join('\u0000');
}

/** True when two backup states hold the same jobs and last success (when they were merged aside). */
export function sameBackupJobs(a: BackupState, b: BackupState): boolean {
  return a.lastSuccessAt === b.lastSuccessAt && isDeepStrictEqual(a.recent, b.recent) && isDeepStrictEqual(a.lastJob, b.lastJob);
}

/** Hours since the last successful backup, or undefined when there never was one. */
export function backupAgeHours(backup: Pick<BackupState, 'lastSuccessAt'> | undefined, now: Date): number | undefined {
  if (!backup?.lastSuccessAt) return undefined;
  return Math.max(0, (now.getTime() - Date.parse(backup.lastSuccessAt)) / 3_600_000);
}

/** The results a sweep adds for a device's backups: coverage when required, the last job when one was reported. */
export function backupResults(requirement: Monitoring['backup'] | undefined, backup: BackupState | undefined, now: Date): CheckResult[] {
  const results: CheckResult[] = [];
  const observedAt = now.toISOString();
  if (requirement?.required) {
    const rpoHours = requirement.rpoHours;
    const age = backupAgeHours(backup, now);
    const thresholds = { critical: rpoHours, direction: 'above' as const };
    if (age === undefined) {
      results.push({
        name: BACKUP_COVERAGE_RESULT,
        type: 'backup-coverage',
        status: 'critical',
        unit: 'h',
        thresholds,
        observedAt,
        ...checkMessage('backup.never', { rpoHours }),
      });
    } else {
      const rounded = Math.round(age * 10) / 10;
      results.push({
        name: BACKUP_COVERAGE_RESULT,
        type: 'backup-coverage',
        status: age > rpoHours ? 'critical' : 'ok',
        value: rounded,
        unit: 'h',
        thresholds,
        observedAt,
        ...(age > rpoHours ? checkMessage('backup.last-success-too-old', { hours: rounded, rpoHours }) : checkMessage('backup.last-success', { hours: rounded })),
      });
    }
  }
  const last = backup?.lastJob;
  if (last) {
    results.push({
      name: 'backup.last-job',
      type: 'backup-job',
      // A failed job alone is a warning: coverage turns critical when the RPO is really missed.
      status: last.result === 'failed' ? 'warning' : 'ok',
      observedAt,
      ...checkMessage(`backup.job${last.system ? '-system' : ''}${last.message ? '-note' : ''}` as HealthCode, {
        job: last.job,
        system: last.system,
        resultTextCode: `backup.result.${last.result}`,
        result: last.result,
        end: last.end,
        note: last.message,
      }),
      ...(last.bytes !== undefined ? { value: last.bytes, unit: 'B' } : {}),
    });
  }
  return results;
}
