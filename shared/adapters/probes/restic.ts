/**
 * restic probe: runs the `restic` binary against a repository.
 *  - `<check>`: age of the newest snapshot in hours against the RPO (`rpoHours` on the check, 24 h
 *    when absent): older is critical, no snapshot at all is critical. The snapshot count and the
 *    newest snapshot's id are in `extra`.
 *  - `<check>.check`: with `runCheck`, the outcome of `restic check` (repository integrity).
 * The password comes from the secret named by `secretRef` and is passed as RESTIC_PASSWORD, never
 * on the command line. Without the binary the result is unknown and names the Debian package.
 */
import { execFile } from 'node:child_process';
import type { CheckResult, Probe, ProbeContext, ProbeOutput } from '#shared/domain/health/probe.ts';
import { statusFor } from '#shared/domain/health/probe.ts';
import type { ResticCheck, Threshold } from '#shared/schemas/checks.ts';
import type { z } from '#shared/schemas/zod.ts';
import { errorCode, errorMessage, makeResult, probeBudgetMs, readSecret, round, said, startProbeOutput, type Said } from './support.ts';

type Check = z.infer<typeof ResticCheck>;

/** When the check names no RPO: the same default as a device's `monitoring.backup.rpoHours`. */
export const DEFAULT_RPO_HOURS = 24;

interface Snapshot {
  id: string;
  short_id?: string;
  time: string;
  hostname?: string;
}

interface RunOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  missingBinary?: boolean;
  timedOut?: boolean;
}

export interface ResticProbeOptions {
  /** The restic executable; `restic` on the PATH by default. */
  binary?: string;
}

export function createResticProbe(options: ResticProbeOptions = {}): Probe<'restic'> {
  const binary = options.binary ?? 'restic';
  return {
    type: 'restic',
    async run(check, context): Promise<ProbeOutput> {
      const started = performance.now();
      const deadline = started + probeBudgetMs(check.timeoutMs);
      const done = startProbeOutput();
      const single = (status: 'unknown' | 'critical', text: Said) => done([makeResult(check, context, { status, ...text })]);

      const secret = await readSecret(context, check.secretRef);
      if (!secret.ok) return single('unknown', secret.said);
      const run = (args: string[]) => runRestic(binary, args, check.repository, secret.value, Math.max(1, deadline - performance.now()), context.signal);

      const listed = await run(['snapshots', '--json', '--no-lock', '--no-cache']);
      if (listed.missingBinary) return single('unknown', said('check.restic-missing', { binary }));
      if (listed.timedOut) return single('critical', said('check.restic-snapshots-timeout', { ms: check.timeoutMs }));
      if (listed.code !== 0) return single('critical', said('check.restic-snapshots-failed', { error: lastLines(listed.stderr) }));

      let snapshots: Snapshot[];
      try {
        snapshots = (JSON.parse(listed.stdout) as Snapshot[] | null) ?? [];
        if (!Array.isArray(snapshots)) throw new Error('not a list');
      } catch (error) {
        return single('unknown', said('check.restic-bad-output', { error: errorMessage(error) }));
      }

      const results = [ageResult(check, context, snapshots)];
      if (check.runCheck) {
        // --no-lock: read access to the repository is enough for monitoring. The price: a check
        // that runs while a backup or prune writes may report errors that the next run clears
        // (the state machine's failuresToAlert absorbs a single one).
        const checked = await run(['check', '--no-lock', '--no-cache']);
        const part = (status: 'ok' | 'critical', text: Said) => makeResult(check, context, { status, ...text }, 'check');
        if (checked.timedOut) results.push(part('critical', said('check.restic-check-timeout', { ms: check.timeoutMs })));
        else if (checked.code === 0) results.push(part('ok', said('check.restic-check-ok')));
        else results.push(part('critical', said('check.restic-check-failed', { error: lastLines(checked.stderr || checked.stdout) })));
      }
      return done(results);
    },
  };
}

export const resticProbe = createResticProbe();

function ageResult(check: Check, context: ProbeContext, snapshots: Snapshot[]): CheckResult {
  const rpoHours = check.rpoHours ?? DEFAULT_RPO_HOURS;
  const thresholds: Threshold = { critical: rpoHours, direction: 'above' };
  const dated = snapshots
    .map((snapshot) => ({ snapshot, at: Date.parse(snapshot.time) }))
    .filter((entry) => Number.isFinite(entry.at))
    .sort((a, b) => b.at - a.at);
  const newest = dated[0];
  if (!newest) {
    return makeResult(check, context, { status: 'critical', value: snapshots.length, ...said('check.restic-no-snapshots'), thresholds, extra: { snapshots: 0 } });
  }
  const ageHours = round((context.now().getTime() - newest.at) / 3_600_000, 2);
  const status = statusFor(ageHours, thresholds);
  return makeResult(check, context, {
    status,
    value: ageHours,
    unit: 'h',
    thresholds,
    ...said(status === 'ok' ? 'check.restic-newest' : 'check.restic-too-old', { age: Math.round((context.now().getTime() - newest.at) / 1000), rpoHours, count: snapshots.length }),
    extra: {
      snapshots: snapshots.length,
      newestSnapshot: newest.snapshot.short_id ?? newest.snapshot.id.slice(0, 8),
      newestAt: new Date(newest.at).toISOString(),
    },
  });
}

function runRestic(binary: string, args: string[], repository: string, password: string, timeoutMs: number, signal?: AbortSignal): Promise<RunOutcome> {
  // Our own RESTIC_* only: a stray RESTIC_PASSWORD_FILE in the environment would override the secret.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('RESTIC_')));
  env.RESTIC_REPOSITORY = repository;
  env.RESTIC_PASSWORD = password;
  return new Promise((resolve) => {
    execFile(binary, args, { env, timeout: Math.ceil(timeoutMs), killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, ...(signal ? { signal } : {}) }, (error, stdout, stderr) => {
      if (!error) return resolve({ code: 0, stdout, stderr });
      if (errorCode(error) === 'ENOENT') return resolve({ code: null, stdout, stderr, missingBinary: true });
      const killed = (error as { killed?: boolean }).killed || errorCode(error) === 'ABORT_ERR';
      const code = typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : null;
      resolve({ code, stdout, stderr: stderr || errorMessage(error), ...(killed ? { timedOut: true } : {}) });
    });
  });
}

/** The end of restic's stderr, where it says why ("Fatal: wrong password or no key found"). */
function lastLines(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.slice(-3).join(' / ').slice(0, 500) || 'no output';
}
