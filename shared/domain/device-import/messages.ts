import { importEn } from '#shared/messages/import.en.ts';
import { importNb } from '#shared/messages/import.nb.ts';
import { renderMessage, type Lang, type MessageParams } from '#shared/messages/render.ts';

/**
 * The import's words for people, by stable code (catalogue `shared/messages/import.*.ts`):
 * Norwegian bokmål by default, English on a switch. The API returns the code and its parameters
 * (plus the English text); the command line and the dashboard render them in the reader's language.
 */
export type ImportMessageCode = keyof typeof importNb;
export type ImportLanguage = Lang;
export type ImportParams = MessageParams;

/** The text for a code in a language, with its parameters filled in. */
export function importText(code: ImportMessageCode, params: ImportParams, language: ImportLanguage = 'nb'): string {
  return renderMessage({ nb: importNb, en: importEn }, language, { code, params });
}
