import type { AuditEntry, AuditFieldChange } from '#shared/schemas/audit.ts';
import type { RecordChange } from './audit-scope.ts';

/** What stands in an entry where a secret's value or name was. */
export const REDACTED = '[redacted]';

/**
 * Field names whose values never enter the audit trail, at any depth: secret references (they
 * name where credentials live), ingest key material (hash and prefix) and anything credential-like.
 * The change itself is still recorded (`monitoring` changed), only the value is hidden.
 */
const SECRET_FIELD = /^(secretRef|keyHash|keyPrefix|ingestKey|password|passwordHash|token|community|authKey|privKey|secret)$/i;

/** Fields that change on every write, or name the record (the entry names it already). */
const BOOKKEEPING_FIELDS = new Set(['id', 'version', 'regionId']);

/** The action, and the fields that differ between before and after, secrets redacted. */
export function describeChange(change: RecordChange): Pick<AuditEntry, 'recordType' | 'recordId' | 'action' | 'changes'> {
  const action = change.before === undefined ? 'create' : change.after === undefined ? 'delete' : 'update';
  return { recordType: change.recordType, recordId: change.recordId, action, changes: changedFields(change.before, change.after) };
}

export function changedFields(before: object | undefined, after: object | undefined): AuditFieldChange[] {
  const old = (before ?? {}) as Record<string, unknown>;
  const next = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(old), ...Object.keys(next)])].filter((field) => !BOOKKEEPING_FIELDS.has(field)).sort();
  return fields.flatMap((field) => {
    const was = old[field];
    const is = next[field];
    if (sameValue(was, is)) return [];
    return [{ field, ...(was !== undefined ? { before: redactSecrets(was, field) } : {}), ...(is !== undefined ? { after: redactSecrets(is, field) } : {}) }];
  });
}

/** A deep copy of `value` with every secret-like field's value replaced by {@link REDACTED}. */
export function redactSecrets(value: unknown, fieldName = ''): unknown {
  if (SECRET_FIELD.test(fieldName)) return REDACTED;
  if (Array.isArray(value)) return value.map((element) => redactSecrets(element));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, redactSecrets(inner, name)]));
  }
  return value;
}

/** Structural equality of JSON-like values (object key order does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((element, index) => sameValue(element, other[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => sameValue(left[key], right[key]));
}
