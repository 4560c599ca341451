import type { FieldProblem } from '../domain/errors.ts';
import { errorsEn } from './errors.en.ts';
import type { errorsNb } from './errors.nb.ts';
import { importEn } from './import.en.ts';
import type { importNb } from './import.nb.ts';
import { renderMessage, type Catalogue, type MessageParams } from './render.ts';

/**
 * The API's error texts by code: `error.code` and the field problems in `error.details`, the
 * import's row problems among them. The API sends each field problem as `{ field, code, params,
 * problem }`, `problem` being the English text rendered here; the dashboard and the CLI render
 * the code in the reader's language (`errors.i18n.ts`). English only here, as the Lambdas need.
 */
/** A catalogue key without its plural ending: `field-too-long_one` → `field-too-long`. */
type Counted<Key> = Key extends `${infer Base}_${'one' | 'other'}` ? Base : Key;
export type ErrorCode = Counted<keyof typeof errorsNb>;
export type ProblemCode = ErrorCode | Counted<keyof typeof importNb>;
export type FieldCode = Extract<ProblemCode, `field-${string}` | `import-${string}`>;

/** The error and import codes in English (`errors.i18n.ts` adds bokmål). */
export const ERRORS_EN: Catalogue = { ...errorsEn, ...importEn };
const ENGLISH = { en: ERRORS_EN };

/**
 * A field problem by code, its `problem` in English. A number parameter is shown with the reader's
 * grouping (1 000 000); give what must not be grouped, such as a year or a row, as a string.
 */
export function fieldProblem(field: string, code: FieldCode, params: MessageParams = {}): Required<Pick<FieldProblem, 'field' | 'code' | 'params' | 'problem'>> {
  return { field, code, params, problem: renderMessage(ENGLISH, 'en', { code, params }) };
}

/** The English text of a field code: what the schemas give zod as a check's message (read back by `codeOfText`). */
export function fieldText(code: FieldCode, params: MessageParams = {}): string {
  return fieldProblem('', code, params).problem;
}

/**
 * Reads texts of `catalogue` (English) back into codes: each template whose code `prefix` matches
 * becomes a pattern that gives back its parameters (as strings). The most specific first, so
 * `must be a lowercase slug …` wins over `must be {expected}`.
 */
export function textReader<Code extends string>(catalogue: Catalogue, prefix: RegExp): (text: string) => { code: Code; params: Record<string, string> } | undefined {
  const patterns = Object.entries(catalogue)
    .filter(([code]) => prefix.test(code) && !/_(one|other)$/.test(code))
    .map(([code, template]) => {
      const names: string[] = [];
      const source = template
        .split(/(\{\w+(?::\w+)?\})/)
        .map((part) => {
          const name = /^\{(\w+)(?::\w+)?\}$/.exec(part)?.[1];
          if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(name);
          return '(.+?)';
        })
        .join('');
      return { code: code as Code, names, pattern: new RegExp(`^${source}$`), literal: template.replace(/\{\w+(?::\w+)?\}/g, '').length };
    })
    .sort((a, b) => b.literal - a.literal);
  return (text) => {
    for (const { code, names, pattern } of patterns) {
      const match = pattern.exec(text);
      if (match) return { code, params: Object.fromEntries(names.map((name, index) => [name, match[index + 1]!])) };
    }
    return undefined;
  };
}

/** The field code (and parameters) whose English text is `text`, e.g. a schema's check message; undefined if none. */
export const codeOfText = textReader<FieldCode>(ERRORS_EN, /^(field|import)-/);
