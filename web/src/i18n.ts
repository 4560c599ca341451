import { en } from './i18n/en.ts';
import { nb } from './i18n/nb.ts';

/**
 * The dashboard's texts in Norwegian bokmål (the default) and English: the dictionaries are in
 * web/src/i18n/, one file per language; this module picks the language and fills placeholders.
 */
export type MessageKey = keyof typeof nb;
export type Language = 'nb' | 'en';

const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { nb, en };
const LANGUAGE_KEY = 'driftsbilde.language';

let language: Language = readStoredLanguage();

function readStoredLanguage(): Language {
  try {
    return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'nb';
  } catch {
    return 'nb';
  }
}

export function currentLanguage(): Language {
  return language;
}

/** Switches the language and remembers it in localStorage for the next visit. */
export function setLanguage(next: Language): void {
  language = next;
  localStorage.setItem(LANGUAGE_KEY, next);
  document.documentElement.lang = next === 'nb' ? 'nb' : 'en';
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = DICTIONARIES[language][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Keys with a singular (`…_one`) and a plural (`…_other`) form, named without the suffix. */
export type CountedKey = { [K in MessageKey]: K extends `${infer Base}_one` ? Base : never }[MessageKey];

/** A text with a count in the right grammatical number: `1 enhet`, `2 enheter`. */
export function tCount(key: CountedKey, count: number, params: Record<string, string | number> = {}): string {
  return t(`${key}_${count === 1 ? 'one' : 'other'}` as MessageKey, { count, ...params });
}

/** For keys built from API values (`status_${status}`): the translation, or the value itself. */
export function tOr(key: string, fallback: string): string {
  return key in nb ? t(key as MessageKey) : fallback;
}
