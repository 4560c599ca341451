import * as z from '#shared/schemas/zod.ts';
import { fieldText } from '#shared/messages/errors.ts';

/** Lowercase slug used for every id: `kr-ikt`, `kristiansand`, `fw-kris-01`. */
export const Slug = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, fieldText('field-slug')));

/** The years a date the API takes may fall in: an inventory's dates are 1900–2199, never year 0000. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/** ISO calendar date `YYYY-MM-DD`, checked to be a real day (no 2021-02-30) between `minYear` and `maxYear`. */
export function calendarDate(minYear: number, maxYear: number) {
  return z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, fieldText('field-date')),
    z.refine(isRealCalendarDay, fieldText('field-calendar-day')),
    z.refine((value) => isYearWithin(value, minYear, maxYear), fieldText('field-date-between', { min: String(minYear), max: String(maxYear) })),
  );
}

/** A date the API takes (purchase, end of support, membership): 1900-01-01 to 2199-12-31. */
export const IsoDate = calendarDate(MIN_YEAR, MAX_YEAR);

/** A date the API computes from taken ones (a due date is a purchase date plus up to 50 years' lifetime). */
export const ComputedDate = calendarDate(MIN_YEAR, MAX_YEAR + 100);

function isRealCalendarDay(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** True when the ISO date or instant `value` starts with a year from `minYear` to `maxYear`. */
export function isYearWithin(value: string, minYear: number, maxYear: number): boolean {
  const year = Number(value.slice(0, 4));
  return year >= minYear && year <= maxYear;
}

/** The most a single amount may be: 1 000 000 000 000 NOK (one thousand billion). */
export const MAX_NOK = 1e12;

/**
 * Whole Norwegian kroner, never negative. The int check carries the message, not `z.int(message)`:
 * that schema would give its message to every issue, "too big" included.
 */
export const Nok = z.number().check(z.int(fieldText('field-whole-number')), z.nonnegative(), z.lte(MAX_NOK));

export const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

/** Optimistic-locking counter: the version a client read, sent back with its write. */
export const Version = z.int().check(z.positive());

export const DEVICE_KINDS = ['firewall', 'router', 'switch', 'server', 'storage', 'backup', 'platform'] as const;
export const DeviceKind = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof DeviceKind>;

/**
 * A number DynamoDB can store: zero or a magnitude between 1e-130 and 1e126. Without this a
 * legal JavaScript number such as 5e-324 passes validation and then fails the write.
 */
export const StorableNumber = z.number().check(z.refine((n) => n === 0 || (Math.abs(n) >= 1e-130 && Math.abs(n) < 1e126), fieldText('field-number-unstorable')));
