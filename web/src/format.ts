/**
 * Formatting for what people read: Norwegian conventions whatever the UI language, because the
 * amounts and dates belong to Norwegian budgets (NOK, dd.mm.yyyy).
 */
const nokFormat = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK', maximumFractionDigits: 0 });
const numberFormat = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 1 });
const percentFormat = new Intl.NumberFormat('nb-NO', { style: 'percent', maximumFractionDigits: 1 });

/** `1234567` → `kr 1 234 567` (with the non-breaking spaces Intl uses). */
export function formatNok(amount: number): string {
  return nokFormat.format(amount);
}

/** `1234567.89` → `1 234 567,9`: Norwegian grouping and decimal comma, at most one decimal. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** `0.25` → `25 %`. */
export function formatPercent(fraction: number): string {
  return percentFormat.format(fraction);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * The one date format of the dashboard: `2019-12-31` (or a full ISO timestamp) → `31.12.2019`.
 * A date-only ISO string is read as a calendar day, never through a time zone, so it cannot
 * shift a day. Anything unreadable is shown as it came rather than hidden.
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (iso.length === 10) {
    const match = ISO_DATE.exec(iso);
    return match ? `${match[3]}.${match[2]}.${match[1]}` : iso;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${pad(date.getDate())}.${pad(date.getMonth() + 1)}.${date.getFullYear()}`;
}

/** A timestamp as `31.12.2019 14:05`, in the browser's time zone (the API answers in UTC). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${pad(date.getDate())}.${pad(date.getMonth() + 1)}.${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Reads what a person typed as a date: `31.12.2019` (also without leading zeros, `1.2.2019`)
 * or ISO `2019-12-31`. Answers the ISO day, or undefined when it is not a real calendar day.
 */
export function parseDate(text: string): string | undefined {
  const trimmed = text.trim();
  const norwegian = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(trimmed);
  const iso = norwegian ? `${norwegian[3]}-${pad(Number(norwegian[2]))}-${pad(Number(norwegian[1]))}` : trimmed;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/**
 * Reads a whole number as typed: `780000`, `780 000` (spaces or no-break spaces between the
 * thousands). Answers the number, 'empty' when nothing was typed, undefined when it is no whole number.
 */
export function parseWholeNumber(text: string): number | 'empty' | undefined {
  const compact = text.replace(/\s/g, '');
  if (compact === '') return 'empty';
  return /^\d+$/.test(compact) && Number.isSafeInteger(Number(compact)) ? Number(compact) : undefined;
}

/**
 * Reads an amount of whole kroner as typed: what `parseWholeNumber` reads, also with `kr` (or
 * `NOK`) before or after it and a trailing `,-`: `kr 8 000 000`, `8 000 000,-`, `780 000 kr`.
 */
export function parseWholeNok(text: string): number | 'empty' | undefined {
  const amount = /^(?:kr|nok)?(.*?)(?:,-)?(?:kr|nok)?$/i.exec(text.replace(/\s/g, ''))?.[1] ?? '';
  return parseWholeNumber(amount);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Oslo wall-clock time. Maintenance windows are planned in Norwegian time whatever the browser's
 * own time zone is (an operator on a laptop set to UTC still means 22:00 in Oslo), so these read
 * and write Europe/Oslo explicitly through Intl, with no time-zone library.
 */
export const OSLO = 'Europe/Oslo';
const osloParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: OSLO,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function osloWallClock(instant: number): WallClock {
  const parts = osloParts.formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

const wallAsUtc = (wall: WallClock) => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);

/**
 * `2030-07-01` + `22:00` in Oslo → `2030-07-01T20:00:00.000Z`. The offset is +1 in winter and +2 in
 * summer; near a change both are tried and the one whose Oslo clock shows the asked time wins. A
 * time that happens twice (the night clocks go back) is the first of the two; a time that never
 * happens (02:30 the night clocks go forward) answers undefined, so the form can say so.
 */
export function osloToInstant(isoDate: string, localTime: string): string | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const time = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(localTime);
  if (!date || !time) return undefined;
  const wanted: WallClock = { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]), hour: Number(time[1]), minute: Number(time[2]) };
  const asUtc = wallAsUtc(wanted);
  if (Number.isNaN(asUtc) || new Date(asUtc).toISOString().slice(0, 10) !== isoDate) return undefined;
  const day = 24 * 3_600_000;
  const offsets = new Set([asUtc - day, asUtc, asUtc + day].map((probe) => wallAsUtc(osloWallClock(probe)) - probe));
  const matches = [...offsets].map((offset) => asUtc - offset).filter((instant) => wallAsUtc(osloWallClock(instant)) === asUtc);
  if (matches.length === 0) return undefined;
  return new Date(Math.min(...matches)).toISOString();
}

/** An instant as Oslo shows it: `01.07.2030 22:00`. */
export function formatOsloDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const wall = osloWallClock(time);
  return `${pad(wall.day)}.${pad(wall.month)}.${wall.year} ${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** An instant as the Oslo calendar day: `01.07.2030`. */
export function formatOsloDate(iso: string | null | undefined): string {
  return formatOsloDateTime(iso).slice(0, 10);
}

/** `22:00`, `22.00` or `7:30` → `07:30`; undefined when it is no time of day. */
export function parseTimeOfDay(text: string): string | undefined {
  const match = /^(\d{1,2})[:.]([0-5]\d)$/.exec(text.trim());
  if (!match || Number(match[1]) > 23) return undefined;
  return `${(match[1] as string).padStart(2, '0')}:${match[2]}`;
}

/** Minutes after midnight as a time of day: `90` → `01:30`. */
export function formatTimeOfDay(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * `01.07.2030 22:00` (or `1.7.2030 22.00`, or ISO `2030-07-01T22:00`) read as Oslo time: the
 * instant; 'empty'; 'unreadable'; or undefined when that time never happens in Oslo.
 */
export function parseOsloDateTime(text: string): string | 'empty' | 'unreadable' | undefined {
  const trimmed = text.trim();
  if (!trimmed) return 'empty';
  const match = /^(\S+?)(?:\s+|T)(\d{1,2}[:.]\d{2})$/.exec(trimmed);
  const day = match ? parseDate(match[1] as string) : undefined;
  const time = match ? parseTimeOfDay(match[2] as string) : undefined;
  if (!day || !time) return 'unreadable';
  return osloToInstant(day, time);
}
