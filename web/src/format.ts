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

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
