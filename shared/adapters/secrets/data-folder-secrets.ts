import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SecretResolver } from '#shared/domain/health/probe.ts';
import { checkSecretRef } from './secret-names.ts';

/**
 * The local counterpart of SecretsManagerSecrets: the secret `<environmentId>/<name>` is the file
 * `<dir>/<environmentId>/<name>` (mode 600) in the data folder, which is git-ignored. The value is
 * the file's text without its final newline, so `echo public > …` works.
 */
export class DataFolderSecrets implements SecretResolver {
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

  /** Writes a secret (the lab's, or one an operator adds locally). */
  put(ref: string, value: string): void {
    checkSecretRef(ref);
    const file = join(this.dir, ...ref.split('/'));
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, value, { mode: 0o600 });
  }
}
