import { importEn } from '#shared/messages/import.en.ts';
import type { importNb } from '#shared/messages/import.nb.ts';
import { renderMessage, type MessageParams } from '#shared/messages/render.ts';

/**
 * The import's words for people, by stable code (catalogue `shared/messages/import.*.ts`). The API
 * returns the code and its parameters plus the English text made here; the command line and the
 * dashboard render the code in the reader's language (`errorText` of `shared/messages/errors.i18n.ts`,
 * which holds the import's codes too). English only here, so the Lambdas carry no bokmål.
 */
export type ImportMessageCode = keyof typeof importNb;
export type ImportParams = MessageParams;

/** The English text for a code, with its parameters filled in (the API's `message`). */
export function importText(code: ImportMessageCode, params: ImportParams): string {
  return renderMessage({ en: importEn }, 'en', { code, params });
}
