/**
 * The import's words for people, by stable code: Norwegian bokmål by default, English on a switch.
 * The API returns the code and its parameters (plus the English text); the command line and the
 * dashboard render them in the reader's language. `{name}` placeholders are filled from the params.
 */
export type ImportMessageCode =
  | 'import-summary'
  | 'import-summary-dry-run'
  | 'import-column-missing'
  | 'import-column-missing-custom-field'
  | 'import-date-ambiguous'
  | 'import-kind-unknown'
  | 'import-skipped-rows';

export type ImportLanguage = 'nb' | 'en';

const TEXTS: Record<ImportLanguage, Record<ImportMessageCode, string>> = {
  nb: {
    'import-summary': '{created} opprettet, {updated} oppdatert, {skipped} hoppet over',
    'import-summary-dry-run': 'Prøvekjøring: {created} ville blitt opprettet, {updated} oppdatert, {skipped} hoppet over; ingenting er lagret',
    'import-column-missing': "legg til en kolonne '{column}'",
    'import-column-missing-custom-field': "legg til en kolonne '{column}' eller egendefinert felt `{customField}`",
    'import-date-ambiguous': "'{value}' kan være både {dayFirst} og {monthFirst}; skriv datoen som ÅÅÅÅ-MM-DD",
    'import-kind-unknown': "'{value}' er ingen enhetstype Driftsbilde følger ({kinds}); angi den med --map-kind '{value}=server', eller hopp over slike rader med --skip-unknown-kinds",
    'import-skipped-rows': 'hoppet over {count} rader uten fulgt enhetstype: rad {rows}',
  },
  en: {
    'import-summary': '{created} created, {updated} updated, {skipped} skipped',
    'import-summary-dry-run': 'Dry run: {created} would be created, {updated} updated, {skipped} skipped; nothing written',
    'import-column-missing': "add a column '{column}'",
    'import-column-missing-custom-field': "add a column '{column}' or custom field `{customField}`",
    'import-date-ambiguous': "'{value}' could be {dayFirst} or {monthFirst}; write the date as YYYY-MM-DD",
    'import-kind-unknown': "'{value}' is no device kind Driftsbilde tracks ({kinds}); map it with --map-kind '{value}=server', or skip such rows with --skip-unknown-kinds",
    'import-skipped-rows': 'skipped {count} rows whose kind is not tracked: row {rows}',
  },
};

export type ImportParams = Record<string, string | number>;

/** The text for a code in a language, with its parameters filled in. */
export function importText(code: ImportMessageCode, params: ImportParams, language: ImportLanguage = 'nb'): string {
  return TEXTS[language][code].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
