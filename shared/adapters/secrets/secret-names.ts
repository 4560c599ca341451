/**
 * Where a check's secret lives. A `secretRef` is `<environmentId>/<name>` (`lillesand-datapark/snmp-v3`);
 * in AWS the secret is `driftsbilde/<regionId>/<environmentId>/<name>` in Secrets Manager, locally
 * the file `<SECRETS_DIR>/<environmentId>/<name>` in the data folder.
 */

/** The collector's environment variable holding `driftsbilde/<regionId>/` (a name prefix, never a value). */
export const SECRET_NAME_PREFIX_VARIABLE = 'SECRET_NAME_PREFIX';

export function secretNamePrefix(regionId: string): string {
  return `driftsbilde/${regionId}/`;
}

/**
 * Segments of letters, digits and `_ + = . @ -` (the characters Secrets Manager allows in a name,
 * less `/`, which separates them), at least two of them (environment and name), none `.` or `..`
 * (a ref never climbs out of its folder). Secrets Manager names are at most 512 characters.
 */
const SEGMENT = /^[A-Za-z0-9_+=.@-]+$/;

export class InvalidSecretRefError extends Error {
  constructor(ref: string, why: string) {
    super(`secretRef '${ref}' is not <environmentId>/<name>: ${why}`);
    this.name = 'InvalidSecretRefError';
  }
}

/** Throws unless `ref` is a well-formed `<environmentId>/<name>`. */
export function checkSecretRef(ref: string): void {
  const segments = ref.split('/');
  if (segments.length < 2) throw new InvalidSecretRefError(ref, 'it needs an environment and a name');
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) throw new InvalidSecretRefError(ref, `'${segment}' is empty or has a character other than letters, digits and _+=.@-`);
    if (segment === '.' || segment === '..') throw new InvalidSecretRefError(ref, 'no . or .. segments');
  }
  if (ref.length > 400) throw new InvalidSecretRefError(ref, 'longer than 400 characters');
}
