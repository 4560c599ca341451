import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SecretNameLister, SecretResolver } from '#shared/domain/health/probe.ts';
import { checkSecretRef } from './secret-names.ts';

/**
 * The local counterpart of SecretsManagerSecrets: the secret `<environmentId>/<name>` is the file
 * `<dir>/<environmentId>/<name>` (mode 600) in the data folder, which is git-ignored. The value is
 * the file's text without its final newline, so `echo public > …` works.
 */
export class DataFolderSecrets implements SecretResolver, SecretNameLister {
  constructor(private readonly dir: string) {}

  async get(ref: string): Promise<string> {
    checkSecretRef(ref);
    try {
      return readFileSync(join(this.dir, ...ref.split('/')), 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`secret '${ref}' does not exist (expected in ${join(this.dir, ref)})`);
      throw error;
    }
  }

  /** The files under `<dir>/<environmentId>/` (nested ones too), as refs; the files are never opened. */
  async namesOf(environmentId: string): Promise<string[]> {
    checkSecretRef(`${environmentId}/x`);
    try {
      const entries = readdirSync(join(this.dir, environmentId), { recursive: true, withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => [environmentId, ...relativeSegments(join(this.dir, environmentId), entry.parentPath), entry.name].join('/'))
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** Writes a secret (the lab's, or one an operator adds locally). */
  put(ref: string, value: string): void {
    checkSecretRef(ref);
    const file = join(this.dir, ...ref.split('/'));
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, value, { mode: 0o600 });
  }
}

function relativeSegments(root: string, folder: string): string[] {
  return folder.length > root.length ? folder.slice(root.length + 1).split(/[\\/]/) : [];
}
