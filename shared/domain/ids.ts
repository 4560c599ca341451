import { randomBytes } from 'node:crypto';

/** A slug made from a name: `Brannmur Kristiansand 1` → `brannmur-kristiansand-1`. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
}

/** Six random hex digits: the tail that keeps two ids made from one name or one instant apart. */
export function shortRandom(): string {
  return randomBytes(3).toString('hex');
}

/**
 * A fresh id from a name: its slug (or `fallback` when the name has no letters or digits) with a
 * short random suffix, so two things with one name do not collide: `Core 1` → `core-1-3fa9c1`.
 */
export function idFromName(name: string, fallback: string, random: () => string = shortRandom): string {
  return `${slugify(name) || fallback}-${random()}`;
}

/** A fresh device id from its name with a short random suffix, so two devices with one name do not collide. */
export function newDeviceId(name: string): string {
  return idFromName(name, 'device');
}

/**
 * The part of a {@link timedId} before its random tail: `inc-20250314t101500123` (UTC, to the
 * millisecond). Ids made at `at` or later sort at or after it, ids made before sort before it.
 */
export function timedIdPrefix(prefix: string, at: Date): string {
  return `${prefix}-${at.toISOString().replace(/[-:.]/g, '').replace(/Z$/, '').toLowerCase()}`;
}

/** A sortable, URL-safe id: `{prefix}-YYYYMMDDtHHMMSSmmm-xxxxxx`; newest sorts last. */
export function timedId(prefix: string, at: Date, random: () => string = shortRandom): string {
  return `${timedIdPrefix(prefix, at)}-${random()}`;
}
