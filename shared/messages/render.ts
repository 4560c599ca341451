/**
 * Texts people read, as stable codes with parameters. The API stores and sends `{ code, params }`
 * (and, for API clients, the English text as `message`); the dashboard, the exports and the CLI
 * render the code in the reader's language. One catalogue per area and language lives beside this
 * file (`<area>.nb.ts` defines the codes, `<area>.en.ts` is typed against it), so a code cannot
 * exist in one language only.
 *
 * Each area's `<area>.ts` renders English only, and is what server code imports; `<area>.i18n.ts`
 * pairs it with bokmål for the readers who choose a language (the dashboard, the CLIs). The split is
 * for the Lambda bundles' size: a bokmål catalogue the server never renders would ride in every
 * bundle (test/infra/server-catalogues.test.ts holds it).
 *
 * Templates fill `{name}` from the parameters, formatted by an optional kind: `{size:number}`
 * (Norwegian or English grouping and decimals), `{amount:nok}`, `{on:date}` (dd.mm.yyyy in
 * bokmål, yyyy-mm-dd in English) and `{uptime:duration}` (seconds as "37 dager" / "37 days").
 * A code with `_one` and `_other` variants is chosen by the `count` parameter: "1 enhet", "2 enheter".
 */
export type Lang = 'nb' | 'en';
export const LANGS: readonly Lang[] = ['nb', 'en'];

export type MessageParams = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** A text as the API carries it. */
export interface CodedText {
  code: string;
  params?: MessageParams;
}

export type Catalogue = Readonly<Record<string, string>>;

/** The language a CLI flag, query parameter or header asks for; bokmål unless it says English. */
export function langOf(value: string | null | undefined): Lang {
  return value && /^en\b/i.test(value.trim()) ? 'en' : 'nb';
}

/**
 * `code` in `lang` from `catalogues` (one per language), filled from `params`. A code no catalogue
 * knows is returned as itself with its parameters, so a new server code shows up readable, not blank.
 * `catalogues` may hold English only (`{ en: healthEn }`): what a Lambda renders, see `<area>.ts`.
 */
export function renderMessage<L extends Lang>(catalogues: Readonly<Record<L, Catalogue>>, lang: L, text: CodedText): string {
  const catalogue = catalogues[lang];
  const params = text.params ?? {};
  const count = params.count;
  const counted = typeof count === 'number' ? catalogue[`${text.code}_${count === 1 ? 'one' : 'other'}`] : undefined;
  const template = counted ?? catalogue[text.code];
  if (template === undefined) {
    const listed = Object.entries(params).map(([name, value]) => `${name}=${String(value)}`);
    return listed.length > 0 ? `${text.code} (${listed.join(', ')})` : text.code;
  }
  return fillTemplate(template, params, lang);
}

export function fillTemplate(template: string, params: MessageParams, lang: Lang): string {
  return template.replace(/\{(\w+)(?::(\w+))?\}/g, (whole, name: string, kind: string | undefined) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    return formatParam(value, kind, lang);
  });
}

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  nb: new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};
const wholeFormats: Record<Lang, Intl.NumberFormat> = {
  nb: new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }),
};

export function formatParam(value: string | number | boolean, kind: string | undefined, lang: Lang): string {
  switch (kind) {
    case 'number':
      return typeof value === 'number' ? numberFormats[lang].format(value) : String(value);
    case 'nok':
      // Written out rather than Intl's currency style, whose placement of "kr" differs between ICU versions.
      if (typeof value !== 'number') return String(value);
      return lang === 'nb' ? `${wholeFormats.nb.format(value)} kr` : `NOK ${wholeFormats.en.format(value)}`;
    case 'date':
      return typeof value === 'string' ? formatIsoDate(value, lang) : String(value);
    case 'duration':
      return typeof value === 'number' ? formatDuration(value, lang) : String(value);
    default:
      return typeof value === 'number' ? numberFormats[lang].format(value) : String(value);
  }
}

/** `2019-12-31` (or a timestamp's date part) → `31.12.2019` in bokmål; English keeps ISO. */
export function formatIsoDate(iso: string, lang: Lang): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  return lang === 'nb' ? `${match[3]}.${match[2]}.${match[1]}` : `${match[1]}-${match[2]}-${match[3]}`;
}

const DURATION_UNITS: ReadonlyArray<{ seconds: number; nb: [string, string]; en: [string, string] }> = [
  { seconds: 86_400, nb: ['dag', 'dager'], en: ['day', 'days'] },
  { seconds: 3_600, nb: ['time', 'timer'], en: ['hour', 'hours'] },
  { seconds: 60, nb: ['minutt', 'minutter'], en: ['minute', 'minutes'] },
  { seconds: 1, nb: ['sekund', 'sekunder'], en: ['second', 'seconds'] },
];

/** Seconds in the largest whole unit: 3_196_800 → "37 dager" / "37 days"; 90 → "1 minutt". */
export function formatDuration(seconds: number, lang: Lang): string {
  const unit = DURATION_UNITS.find((candidate) => Math.abs(seconds) >= candidate.seconds) ?? DURATION_UNITS[DURATION_UNITS.length - 1]!;
  const amount = Math.floor(Math.abs(seconds) / unit.seconds);
  const [one, other] = unit[lang];
  return `${amount} ${amount === 1 ? one : other}`;
}
