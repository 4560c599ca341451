import { appendFile, chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { createResticProbe } from '#shared/adapters/probes/restic.ts';
import { createResticRepo, type ResticRepo } from '../../support/peers/restic.ts';
import { byName, check, contextWith } from '../../support/peers/context.ts';

const HOUR_MS = 3_600_000;

let fresh: ResticRepo;
let stale: ResticRepo;
let empty: ResticRepo;
let scratch: string;

beforeAll(async () => {
  [fresh, stale, empty] = await Promise.all([createResticRepo(), createResticRepo(), createResticRepo()]);
  await fresh.backup({ time: isoMinus(30 * HOUR_MS) }); // an older one first
  await fresh.backup();
  await stale.backup({ time: isoMinus(50 * HOUR_MS) });
  scratch = await mkdtemp(join(tmpdir(), 'driftsbilde-restic-test-'));
}, 60_000);

afterAll(async () => {
  await Promise.all([fresh?.remove(), stale?.remove(), empty?.remove()]);
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** `restic backup --time` takes local time as 'YYYY-MM-DD HH:MM:SS'. */
function isoMinus(ms: number): string {
  const d = new Date(Date.now() - ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const context = () => contextWith({ 'restic/fresh': fresh.password, 'restic/stale': stale.password, 'restic/empty': empty.password, 'restic/wrong': 'not-the-password' });
const backup = (repository: string, secretRef: string, extra: Record<string, unknown> = {}) =>
  check({ type: 'restic', name: 'backup', repository, secretRef, timeoutMs: 20_000, ...extra });

describe('restic probe against real restic repositories', () => {
  it('is ok when the newest snapshot is within the RPO, and counts the snapshots', async () => {
    const { results } = await runCheck(backup(fresh.repository, 'restic/fresh'), context());
    const age = byName(results, 'backup');
    expect(age).toMatchObject({ status: 'ok', unit: 'h', thresholds: { critical: 24, direction: 'above' }, extra: { snapshots: 2 } });
    expect(age.value as number).toBeLessThan(0.5);
    expect(age).toMatchObject({ messageCode: 'check.restic-newest', messageParams: { rpoHours: 24, count: 2, age: expect.any(Number) } });
    expect(age.messageParams?.age as number).toBeLessThan(1800);
    expect(age.message).toMatch(/^newest snapshot is \d+ seconds? old \(RPO 24 h\), 2 snapshots$/);
  });

  it('is critical when the newest snapshot is older than the RPO', async () => {
    const { results } = await runCheck(backup(stale.repository, 'restic/stale'), context());
    const age = byName(results, 'backup');
    expect(age.status).toBe('critical');
    expect(age.value as number).toBeGreaterThan(49.9);
    expect(age.message).toMatch(/older than the RPO of 24 h/);
    // A longer RPO on the check accepts the same repository.
    const weekly = await runCheck(backup(stale.repository, 'restic/stale', { rpoHours: 168 }), context());
    expect(byName(weekly.results, 'backup').status).toBe('ok');
  });

  it('is critical for a repository without snapshots', async () => {
    const { results } = await runCheck(backup(empty.repository, 'restic/empty'), context());
    expect(results).toEqual([expect.objectContaining({ status: 'critical', message: 'no snapshots in the repository', extra: { snapshots: 0 } })]);
  });

  it('runs restic check when asked', async () => {
    const { results } = await runCheck(backup(fresh.repository, 'restic/fresh', { runCheck: true }), context());
    expect(byName(results, 'backup.check')).toMatchObject({ status: 'ok', message: 'restic check found no errors' });
  });

  it('reports restic check failing on a damaged repository', async () => {
    const damaged = await createResticRepo();
    try {
      await damaged.backup();
      // Append junk to every pack file: their sizes no longer match the index, which check verifies.
      // (Deleting packs instead makes restic retry its reads for a minute before it gives up.)
      const dataDir = join(damaged.repository, 'data');
      for (const sub of await readdir(dataDir)) {
        for (const file of await readdir(join(dataDir, sub))) await appendFile(join(dataDir, sub, file), 'junk');
      }
      const { results } = await runCheck(backup(damaged.repository, 'restic/damaged', { runCheck: true }), contextWith({ 'restic/damaged': damaged.password }));
      expect(byName(results, 'backup.check')).toMatchObject({ status: 'critical', message: expect.stringMatching(/^restic check failed:/) });
    } finally {
      await damaged.remove();
    }
  });

  it('is critical with restic’s own words for a wrong password', async () => {
    const { results } = await runCheck(backup(fresh.repository, 'restic/wrong'), context());
    expect(results).toEqual([expect.objectContaining({ status: 'critical', message: expect.stringMatching(/^restic snapshots failed: .*wrong password/) })]);
  });

  it('is critical for a repository that does not exist', async () => {
    const { results } = await runCheck(backup(join(scratch, 'nowhere'), 'restic/fresh'), context());
    expect(results[0]).toMatchObject({ status: 'critical', message: expect.stringMatching(/^restic snapshots failed: /) });
  });

  it('is unknown and names the Debian package when restic is not installed', async () => {
    const probe = createResticProbe({ binary: join(scratch, 'no-such-restic') });
    const { results } = await probe.run(backup(fresh.repository, 'restic/fresh'), context());
    expect(results).toEqual([expect.objectContaining({ status: 'unknown', message: expect.stringContaining("install the Debian package 'restic'") })]);
  });

  it('is critical when restic hangs past the timeout, and the hung process is killed', async () => {
    const hanging = join(scratch, 'hanging-restic');
    const pidFile = join(scratch, 'hanging.pid');
    await writeFile(hanging, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 30\n`);
    await chmod(hanging, 0o755);
    const probe = createResticProbe({ binary: hanging });
    const started = Date.now();
    const { results } = await probe.run(backup(fresh.repository, 'restic/fresh', { timeoutMs: 500 }), context());
    expect(results[0]).toMatchObject({ status: 'critical', message: 'restic snapshots did not finish within 500 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});
