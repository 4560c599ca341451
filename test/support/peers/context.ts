import type { CheckResult, ProbeContext } from '#shared/domain/health/probe.ts';
import { CheckDefinition } from '#shared/schemas/checks.ts';

/** A probe context whose secrets are a plain map; an unknown ref fails like a missing secret. */
export function contextWith(secrets: Record<string, string>, extra: Partial<ProbeContext> = {}): ProbeContext {
  return {
    secrets: {
      async get(ref) {
        const value = secrets[ref];
        if (value === undefined) throw new Error(`no secret named ${ref}`);
        return value;
      },
    },
    now: () => new Date(),
    ...extra,
  };
}

/** A check as stored: parsed by the schema, so defaults (thresholds, timeouts) are filled in. */
export function check<T extends CheckDefinition['type']>(input: { type: T } & Record<string, unknown>): Extract<CheckDefinition, { type: T }> {
  return CheckDefinition.parse(input) as Extract<CheckDefinition, { type: T }>;
}

/** The result with this name, or a failure listing what there was. */
export function byName(results: CheckResult[], name: string): CheckResult {
  const found = results.find((result) => result.name === name);
  if (!found) throw new Error(`no result named ${name}; got: ${results.map((r) => `${r.name}=${r.status}`).join(', ')}`);
  return found;
}
