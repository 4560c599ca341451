import { cliEn } from './cli.en.ts';
import { cliNb } from './cli.nb.ts';
import { renderMessage, type Lang, type MessageParams } from './render.ts';

export type CliCode = keyof typeof cliNb;

/** A text of the local command-line tools in `lang` (bokmål unless `--lang en`). */
export function cliText(lang: Lang, code: CliCode, params: MessageParams = {}): string {
  return renderMessage({ nb: cliNb, en: cliEn }, lang, { code, params });
}
