import type { SecretResolver } from '#shared/domain/health/probe.ts';

/** The environment variable holding a secret: ref `lab/snmp/fw-kris-01` → `SECRET_LAB_SNMP_FW_KRIS_01`. */
export function secretVariableName(ref: string): string {
  return `SECRET_${ref.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/**
 * Secrets named by `secretRef` (SNMP communities, restic passwords, CA certificates) come from the
 * environment. In AWS the stack fills those variables from Secrets Manager; locally the lab does.
 */
export const environmentSecrets: SecretResolver = {
  async get(ref) {
    const name = secretVariableName(ref);
    const value = process.env[name];
    if (value === undefined) throw new Error(`secret '${ref}' is not set (expected in ${name})`);
    return value;
  },
};
