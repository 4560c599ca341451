import { ApiError, apiSendText } from '../api.ts';
import { OPERATORS } from '../../../shared/domain/identity.ts';
import { el, replaceChildren, uniqueId } from '../dom.ts';
import { describeError, errorBox, messageBox, problemText, whileLoading, whileSaving } from '../feedback.ts';
import { formatNumber } from '../format.ts';
import { fieldErrors, labelledField } from '../form-fields.ts';
import { t } from '../i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { loadReference, regionPath } from '../reference.ts';
import { href } from '../router.ts';

/**
 * Importer inventar: an operator picks a CSV file (Driftsbilde's own columns, or a NetBox or
 * Snipe-IT export) and sends it as text/csv. The import is all or nothing: one bad row and nothing
 * is written, and the API lists every row and field that is wrong, shown here as a table. A trial
 * run ("bare sjekk") checks the file without writing. The API takes at most 256 KiB; a bigger file
 * is refused here before it is sent, with the command line that has no limit (`npm run import`).
 */
export const MAX_IMPORT_BYTES = 256 * 1024;
const CLI = 'npm run import -- fil.csv --region kr-ikt';

interface ImportResult {
  written: number;
  created: number;
  updated: number;
  skipped: { count: number; rows: number[] };
  format: 'driftsbilde' | 'netbox' | 'snipe-it';
  dryRun: boolean;
}

/** A problem as the import's 400 lists it: `row 12.purchaseDate`, with row, field and column apart. */
interface RowProblem {
  field: string;
  problem: string;
  row?: number;
  column?: string;
  /** With a code the problem is shown in the reader's language; otherwise its English text. */
  code?: string;
  params?: Record<string, string | number>;
}

export function renderImport(view: HTMLElement, { session }: ViewContext): void {
  const heading = [
    el('p', { class: 'back' }, el('a', { href: href('inventory') }, `← ${t('deviceBack')}`)),
    el('h1', {}, t('importTitle')),
    el('p', { class: 'intro' }, t('importIntro')),
  ];
  const limits = el(
    'div',
    { class: 'message info' },
    el('p', {}, t('importLimit')),
    el('p', {}, t('importCliHint'), ' ', el('code', {}, CLI)),
  );
  if (!OPERATORS.includes(session.role)) {
    replaceChildren(view, heading, messageBox('info', t('importReadOnly')), limits);
    return;
  }

  const formId = uniqueId('import');
  const dryRunId = `${formId}-dryRun`;
  const file = el('input', { type: 'file', accept: '.csv,text/csv' });
  const fileField = labelledField(formId, 'file', t('importFile'), file, t('importFileHint'));
  const dryRun = el('input', { type: 'checkbox', id: dryRunId, name: 'dryRun' });
  const button = el('button', { type: 'submit', class: 'primary' }, t('importButton'));
  const result = el('div', { class: 'import-result', 'aria-live': 'polite' });
  const form = el(
    'form',
    { class: 'import-form card', novalidate: true, onsubmit: (event: Event) => (event.preventDefault(), void send()) },
    fileField.wrapper,
    el('div', { class: 'choice' }, dryRun, el('label', { for: dryRunId }, t('importDryRun'))),
    el('div', { class: 'buttons' }, button),
  );
  replaceChildren(view, heading, limits, form, result);

  const errors = fieldErrors(form, new Map([['file', fileField]]));
  const showFileError = (message: string) => {
    errors.show('file', message);
    errors.focusFirst();
  };

  async function send(): Promise<void> {
    errors.clear();
    replaceChildren(result);
    const chosen = file.files?.[0];
    if (!chosen) return showFileError(t('importChooseFile'));
    if (chosen.size > MAX_IMPORT_BYTES) {
      showFileError(t('importTooLarge', { size: kib(chosen.size) }));
      replaceChildren(result, messageBox('error', el('p', {}, t('importTooLarge', { size: kib(chosen.size) })), el('p', {}, t('importCliHint'), ' ', el('code', {}, CLI))));
      return;
    }
    const trial = dryRun.checked;
    // The button keeps its label: the result region shows "Laster …" meanwhile, and a trial saves nothing.
    await whileSaving(
      button,
      async () => {
        try {
          const answer = await whileLoading(
            result,
            (async () => {
              const text = await chosen.text();
              if (text.trim() === '') throw new EmptyFileError();
              const reference = await loadReference();
              return apiSendText<ImportResult>('POST', `${regionPath(reference)}/devices/import?dryRun=${trial}`, text, 'text/csv');
            })(),
          );
          replaceChildren(result, success(answer, chosen.name));
        } catch (error) {
          replaceChildren(result, failure(error, chosen.name));
        }
      },
      null,
    );
  }
}

class EmptyFileError extends Error {}

function kib(bytes: number): string {
  return `${formatNumber(Math.ceil(bytes / 1024))} KiB`;
}

function formatName(format: ImportResult['format']): string {
  return format === 'netbox' ? 'NetBox' : format === 'snipe-it' ? 'Snipe-IT' : 'Driftsbilde';
}

function success(answer: ImportResult, fileName: string): HTMLElement {
  const counts = el('p', {}, t('importCounts', { created: answer.created, updated: answer.updated, skipped: answer.skipped.count }));
  if (answer.dryRun) {
    return messageBox('success', el('p', { role: 'status' }, t('importDryRunOk', { count: answer.written, file: fileName, format: formatName(answer.format) })), counts, el('p', {}, t('importDryRunNext')));
  }
  return messageBox(
    'success',
    el('p', { role: 'status' }, t('importDone', { count: answer.written, file: fileName, format: formatName(answer.format) })),
    counts,
    el('p', {}, el('a', { href: href('inventory') }, t('importSeeInventory'))),
  );
}

function failure(error: unknown, fileName: string): HTMLElement {
  if (error instanceof EmptyFileError) return messageBox('error', t('importEmpty', { file: fileName }));
  if (error instanceof ApiError && error.status === 413) {
    return messageBox('error', el('p', {}, t('importTooLargeServer')), el('p', {}, t('importCliHint'), ' ', el('code', {}, CLI)));
  }
  if (error instanceof ApiError && error.code === 'validation-failed' && Array.isArray(error.details)) {
    const problems = (error.details as RowProblem[]).filter((problem) => typeof problem?.problem === 'string');
    if (problems.length > 0) return problemTable(problems, fileName);
  }
  if (error instanceof ApiError && error.status === 409) return messageBox('error', t('importConflict'));
  if (error instanceof ApiError || error instanceof Error) return errorBox(error);
  return messageBox('error', describeError(error));
}

/**
 * The most problems the import's 400 lists (`MAX_LISTED_PROBLEMS` in
 * shared/domain/device-import/import-devices.ts, which the browser bundle cannot import). A list
 * this long may have been cut, so the counts are then "at least".
 */
const LISTED_AT_MOST = 500;

/** Each bad row and field, in file order, with the file's own column name where it has one. */
function problemTable(problems: RowProblem[], fileName: string): HTMLElement {
  const rows = new Set(problems.map((problem) => problem.row ?? 0)).size;
  const cut = problems.length >= LISTED_AT_MOST;
  const sorted = [...problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const headline = cut ? 'importFailedAtLeast' : rows === 1 ? 'importFailedOneRow' : 'importFailed';
  return el(
    'div',
    { class: 'message error', role: 'alert' },
    el('p', {}, t(headline, { file: fileName, problems: problems.length, rows })),
    cut ? el('p', {}, t('importFailedMore', { shown: problems.length })) : null,
    el('p', {}, t('importFailedWhatToDo')),
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'data compact import-problems' },
        el('caption', {}, t('importProblemsCaption')),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col', class: 'number' }, t('importRow')),
            [t('importField'), t('importColumn'), t('importProblem')].map((text) => el('th', { scope: 'col' }, text)),
          ),
        ),
        el(
          'tbody',
          {},
          sorted.map((problem) =>
            el(
              'tr',
              {},
              el('th', { scope: 'row', class: 'number' }, problem.row === undefined ? t('none') : String(problem.row)),
              el('td', {}, el('code', {}, problem.field.replace(/^row \d+\./, ''))),
              el('td', {}, problem.column ?? t('none')),
              el('td', {}, problemText(problem)),
            ),
          ),
        ),
      ),
    ),
  );
}
