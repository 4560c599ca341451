import { ApiError } from './api.ts';
import { el } from './dom.ts';
import { ERROR_CATALOGUES, errorText } from '../../shared/messages/errors.i18n.ts';
import { currentLanguage, t } from './i18n.ts';
import { NoRegionError } from './reference.ts';

/**
 * How the dashboard tells people what is going on: a spinner with text while loading (and
 * aria-busy on the region that is loading), status messages in an aria-live region, and errors
 * that say what to do next rather than just what failed.
 */

/** Shows "Laster …" in `region` while `work` runs; the region is aria-busy meanwhile. */
export async function whileLoading<T>(region: HTMLElement, work: Promise<T>): Promise<T> {
  region.setAttribute('aria-busy', 'true');
  const indicator = el('p', { class: 'loading', role: 'status' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), t('loading'));
  region.prepend(indicator);
  try {
    return await work;
  } finally {
    indicator.remove();
    region.removeAttribute('aria-busy');
  }
}

type Coded = { code?: string | undefined; params?: Readonly<Record<string, string | number | boolean | null | undefined>> | undefined; problem: string };

const knows = (code: string) => code in ERROR_CATALOGUES.en || `${code}_one` in ERROR_CATALOGUES.en;

/**
 * A field or row problem of the API (`{ field, code, params, problem }`) in the UI language, from
 * the API's own catalogue; a code the catalogue does not know shows the API's English text. A
 * problem the API could name only as `field-invalid` keeps its English detail beside it.
 */
export function problemText(problem: Coded): string {
  if (!problem.code || !knows(problem.code)) return problem.problem;
  const lang = currentLanguage();
  const text = errorText(lang, { code: problem.code, params: problem.params ?? {} });
  if (problem.code === 'field-invalid' && problem.problem !== ERROR_CATALOGUES.en['field-invalid']) return lang === 'en' ? problem.problem : `${text} (${problem.problem})`;
  return text;
}

/** What to tell a person about an error, in the UI language: the API's code in words that say what to do. */
export function describeError(error: unknown): string {
  if (error instanceof NoRegionError) return t('errorNoRegion');
  if (!(error instanceof ApiError)) return t('errorGeneric', { message: error instanceof Error ? error.message : String(error) });
  if (error.status === 0) return t('errorNetwork');
  const lang = currentLanguage();
  const params = typeof error.details === 'object' && error.details !== null && !Array.isArray(error.details) ? paramsOf(error.details as Record<string, unknown>) : {};
  if (knows(error.code)) return errorText(lang, { code: error.code, params });
  if (error.status === 403) return errorText(lang, { code: 'forbidden' });
  if (error.status === 404) return errorText(lang, { code: 'not-found' });
  if (error.status >= 500) return errorText(lang, { code: 'internal-error' });
  return t('errorGeneric', { message: error.message });
}

/** The scalar details of an error as parameters for its text (`{ retryAfterSeconds: 5 }`; a list becomes `a, b`). */
function paramsOf(details: Record<string, unknown>): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(details).flatMap(([name, value]) =>
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? [[name, value]] : Array.isArray(value) ? [[name, value.join(', ')]] : [],
    ),
  );
}

/** An error box with the explanation and, when given, a "Prøv igjen" button. */
export function errorBox(error: unknown, retry?: () => void): HTMLElement {
  return el(
    'div',
    { class: 'message error', role: 'alert' },
    el('p', {}, describeError(error)),
    retry ? el('button', { type: 'button', onclick: retry }, t('retry')) : null,
  );
}

/**
 * A message shown in place. Errors are alerts (read out at once); other messages are read out
 * when put into a container that is an aria-live region (`liveRegion()`), as form feedback is.
 */
export function messageBox(kind: 'info' | 'success' | 'error' | 'warning', ...content: Array<Node | string | null>): HTMLElement {
  return el('div', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : undefined }, ...content);
}

/** A container whose changes screen readers read out politely: where feedback messages go. */
export function liveRegion(className = 'feedback'): HTMLElement {
  return el('div', { class: className, 'aria-live': 'polite' });
}

/**
 * Runs a save with its button showing it: disabled and reading "Lagrer …" (or `busyText`; null
 * keeps the label), its form aria-busy. All is put back when `work` ends, whether it failed or not.
 */
export async function whileSaving<T>(button: HTMLButtonElement, work: () => Promise<T>, busyText: string | null = t('saving')): Promise<T> {
  const label = button.textContent;
  const form = button.form;
  button.disabled = true;
  if (busyText !== null) button.textContent = busyText;
  form?.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.textContent = label;
    form?.removeAttribute('aria-busy');
  }
}

/**
 * Asks once more in place, no pop-up: `container`'s buttons give way to `question`, "Ja, slett" and
 * "Avbryt", with focus on "Ja, slett". Confirming disables both and runs `remove`, which says how it
 * went and calls `restore` if the buttons are to come back; "Avbryt" calls `restore` and focuses
 * the first button it put back.
 */
export function confirmDelete(container: HTMLElement, question: string, remove: () => Promise<void>, restore: () => void): void {
  const confirm = el('button', { type: 'button', class: 'primary danger' }, t('deleteConfirm'));
  const cancel = el('button', { type: 'button' }, t('cancel'));
  container.replaceChildren(el('span', {}, question), confirm, cancel);
  cancel.addEventListener('click', () => {
    restore();
    container.querySelector('button')?.focus();
  });
  confirm.addEventListener('click', () => {
    confirm.disabled = cancel.disabled = true;
    void remove();
  });
  confirm.focus();
}
