import { ERRORS_EN } from './errors.ts';
import { errorsNb } from './errors.nb.ts';
import { importNb } from './import.nb.ts';
import { renderMessage, type Catalogue, type CodedText, type Lang } from './render.ts';

/**
 * The error and import texts in both languages, for those who render them in the reader's
 * language: the dashboard and the CLIs. Server code imports `errors.ts` (English only), so the
 * bokmål stays out of the Lambda bundles.
 */
export const ERROR_CATALOGUES: Readonly<Record<Lang, Catalogue>> = {
  nb: { ...errorsNb, ...importNb },
  en: ERRORS_EN,
};

/** A code's text in `lang`; a code no catalogue knows comes back as itself (see `renderMessage`). */
export function errorText(lang: Lang, text: CodedText): string {
  return renderMessage(ERROR_CATALOGUES, lang, text);
}
