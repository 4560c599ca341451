import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary } from './binaries.ts';

const exec = promisify(execFile);

export interface ResticRepo {
  repository: string;
  password: string;
  /** `restic backup` of a small folder, optionally dated (`--time`, e.g. '2020-01-01 00:00:00'). */
  backup(options?: { time?: string }): Promise<void>;
  remove(): Promise<void>;
}

/** A fresh local restic repository made with `restic init` in a temp folder. */
export async function createResticRepo(password = 'repo-password-123'): Promise<ResticRepo> {
  const binary = requireBinary('restic', 'restic');
  const dir = await mkdtemp(join(tmpdir(), 'driftsbilde-restic-'));
  const repository = join(dir, 'repo');
  const data = join(dir, 'data');
  const env = { ...process.env, RESTIC_REPOSITORY: repository, RESTIC_PASSWORD: password, RESTIC_CACHE_DIR: join(dir, 'cache') };
  await mkdir(data);
  await writeFile(join(data, 'payroll.csv'), 'employee;amount\n1;100\n');
  await exec(binary, ['init'], { env });
  let n = 0;
  return {
    repository,
    password,
    async backup(options = {}) {
      await writeFile(join(data, `change-${++n}.txt`), `change ${n}\n`);
      await exec(binary, ['backup', '--quiet', ...(options.time ? ['--time', options.time] : []), data], { env });
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
