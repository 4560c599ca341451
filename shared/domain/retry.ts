import { VersionConflictError } from './errors.ts';

/** Read-change-write attempts before a {@link VersionConflictError} is given up on and passed on. */
export const CONFLICT_RETRIES = 3;

/**
 * Runs `fn` (which reads, changes and writes at the version it read) again when its write lost a
 * race with another writer, at most `attempts` times in all; any other error, and the last
 * conflict, are thrown.
 */
export async function retryOnConflict<T>(fn: (attempt: number) => Promise<T>, attempts: number = CONFLICT_RETRIES): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (error instanceof VersionConflictError && attempt < attempts) continue;
      throw error;
    }
  }
}
