import { textReader } from './errors.ts';
import { planEn } from './plan.en.ts';
import type { planNb } from './plan.nb.ts';
import { renderMessage, type MessageParams } from './render.ts';

/**
 * The plan's catalogue: the explanation's steps and rounding note, and the warnings plan items carry.
 * English only here, as the Lambdas render it; the dashboard takes both languages from `plan.i18n.ts`.
 */
export type PlanCode = keyof typeof planNb;

/** A plan warning's English text, as the API's `warnings` carry it. */
export function planWarningText(code: Extract<PlanCode, `plan-warning-${string}`>, params: MessageParams = {}): string {
  return renderMessage({ en: planEn }, 'en', { code, params });
}

// Pure: a bundle that never reads warnings back drops it, and with it the catalogue.
const readWarning = /* @__PURE__ */ textReader<PlanCode>(planEn, /^plan-warning-/);

/**
 * The warnings as codes with parameters (`warningCodes` beside `warnings`), read back from their
 * English texts. A warning no code matches keeps its text as the code, which renders as itself.
 */
export function codedWarnings(warnings: readonly string[]): Array<{ code: string; params?: Record<string, string> }> {
  return warnings.map((warning) => readWarning(warning) ?? { code: warning });
}
