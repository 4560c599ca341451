import type { DriftEntry, ObservedFacts } from '#shared/schemas/health.ts';
import { normaliseRelease } from './device-identity.ts';
import type { InventoryFacts } from './probe.ts';

/**
 * Inventory drift: what a device says about itself (firmware, serial) against what is registered.
 * The observed values are kept beside the device's health, never written into the inventory: a
 * mismatch is shown to a person, who decides which side is wrong.
 */
const FACT_FIELDS = ['firmware', 'serial', 'description', 'os', 'hostname', 'vendor', 'model'] as const;
const DRIFT_FIELDS = ['firmware', 'serial'] as const;

/**
 * Merges newly collected facts into what was observed before. Probes read facts only now and then
 * (and not every probe reads every fact), so a fact not read this time keeps its earlier value.
 * Returns the previous object unchanged when nothing new was read.
 */
export function mergeObservedFacts(previous: ObservedFacts | undefined, facts: InventoryFacts | undefined, at: string): ObservedFacts | undefined {
  const fresh = Object.fromEntries(
    FACT_FIELDS.flatMap((field) => {
      const value = facts?.[field]?.trim();
      return value ? [[field, value]] : [];
    }),
  );
  if (Object.keys(fresh).length === 0) return previous;
  return { ...previous, ...fresh, observedAt: at };
}

/** Comparable form: trimmed, inner whitespace collapsed, case folded. Firmware is compared as a release (`PAN-OS 10.2.9-h1` = `10.2.9-h1`). */
function normalise(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Drift between registered and observed values; empty when they agree or nothing was observed. */
export function detectDrift(registered: { firmware?: string; serial?: string }, observed: ObservedFacts | undefined): DriftEntry[] {
  if (!observed) return [];
  return DRIFT_FIELDS.flatMap((field): DriftEntry[] => {
    const seen = observed[field];
    if (!seen) return [];
    const known = registered[field]?.trim() ?? '';
    if (known === '') return [{ field, kind: 'unregistered', registered: '', observed: seen, observedAt: observed.observedAt }];
    const same = field === 'firmware' ? normaliseRelease(known) === normaliseRelease(seen) : normalise(known) === normalise(seen);
    if (same) return [];
    return [{ field, kind: 'mismatch', registered: known, observed: seen, observedAt: observed.observedAt }];
  });
}
