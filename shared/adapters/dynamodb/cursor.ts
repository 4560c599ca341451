import { ValidationError } from '#shared/domain/errors.ts';

/** Opaque pagination cursor: the LastEvaluatedKey of the previous Query page, base64url JSON. */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  return lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : undefined;
}

/**
 * The start key a cursor stands for. With `partition`, a cursor whose key is in another partition
 * (issued for another list) is refused too, so it cannot be used to read past the list asked for.
 */
export function decodeCursor(cursor: string | undefined, partition?: { attribute: string; value: string }): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  const key = parseCursor(cursor);
  if (partition && key[partition.attribute] !== partition.value) {
    throw new ValidationError('the cursor belongs to another list', [
      { field: 'query.cursor', problem: 'this cursor was issued for another list; start again without it' },
    ]);
  }
  return key;
}

function parseCursor(cursor: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value);
      if (entries.length > 0 && entries.every(([, v]) => typeof v === 'string')) return value as Record<string, string>;
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError('the cursor is not one this API gave out', [
    { field: 'query.cursor', problem: 'unknown cursor; start again without it' },
  ]);
}
