import { ValidationError } from '#shared/domain/errors.ts';

/** Opaque pagination cursor: the LastEvaluatedKey of the previous Query page, base64url JSON. */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  return lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : undefined;
}

/** The list a cursor must belong to: the Query's partition and sort key condition. */
export interface CursorScope {
  partitionAttribute: string;
  partitionValue: string;
  sortAttribute: string;
  sortPrefix: string;
}

/**
 * The start key a cursor stands for, strictly checked against the list asked for: exactly the
 * table's keys plus the index's keys, all strings, in the Query's partition and inside its sort
 * prefix. DynamoDB would refuse anything else with an error (a 500 before this check), and a key
 * from another list could read past the one asked for. Every refusal is a 400 naming `query.cursor`.
 */
export function decodeCursor(cursor: string | undefined, scope: CursorScope): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  const key = parseCursor(cursor);
  const expected = new Set(['pk', 'sk', scope.partitionAttribute, scope.sortAttribute]);
  const names = Object.keys(key);
  if (names.length !== expected.size || !names.every((name) => expected.has(name))) throw unknownCursor();
  if (key[scope.partitionAttribute] !== scope.partitionValue || !key[scope.sortAttribute]?.startsWith(scope.sortPrefix)) {
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
      if (entries.length > 0 && entries.every(([, v]) => typeof v === 'string' && v.length > 0 && v.length <= 1024)) return value as Record<string, string>;
    }
  } catch {
    // fall through to the error below
  }
  throw unknownCursor();
}

function unknownCursor(): ValidationError {
  return new ValidationError('the cursor is not one this API gave out', [{ field: 'query.cursor', problem: 'unknown cursor; start again without it' }]);
}
