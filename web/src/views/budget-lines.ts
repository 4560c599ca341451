import { ApiError, apiGet, apiSend } from '../api.ts';
import { PLANNERS } from '../../../shared/domain/identity.ts';
import { dataTable, el, replaceChildren, uniqueId, type TableCell } from '../dom.ts';
import { confirmDelete, describeError, errorBox, liveRegion, messageBox, whileLoading } from '../feedback.ts';
import { submitForm } from '../form-submit.ts';
import { formatNok, parseWholeNok } from '../format.ts';
import { t } from '../i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { DEVICE_KINDS, loadReference, regionPath, type Reference } from '../reference.ts';
import { href } from '../router.ts';
import { kindLabel } from '../status.ts';
import type { BudgetLine, BudgetLineRequest, DeviceKind, Page } from '../types.ts';
import { choiceGroup, fieldErrors, labelledField, type FieldSlot } from '../form-fields.ts';

/**
 * Budsjettrammer: money the budget owners set aside for reinvestments, per year or for the whole
 * period, for device kinds or tags. The reinvestment plan compares its items against them (its
 * "Budsjettrammer" table). Budget owners and admins add, change and remove lines; a change is sent
 * with the version that was read (PUT), so a line someone else changed meanwhile is not
 * overwritten: the API answers 409 and the form says so. Others read the list.
 */

type FieldName = 'name' | 'fromYear' | 'toYear' | 'amountNok' | 'per' | 'kinds' | 'tags';

export function renderBudgetLines(view: HTMLElement, { session }: ViewContext): void {
  const planner = PLANNERS.includes(session.role);
  const feedback = liveRegion();
  const list = el('div');
  const formSlot = el('section', { 'aria-labelledby': 'budget-line-form-title' });
  replaceChildren(
    view,
    el('p', { class: 'back' }, el('a', { href: href('plan') }, `← ${t('budgetBackToPlan')}`)),
    el('h1', {}, t('budgetTitle')),
    el('p', { class: 'intro' }, t('budgetIntro')),
    planner ? null : messageBox('info', t('budgetReadOnly')),
    feedback,
    list,
    planner ? formSlot : null,
  );

  let reference: Reference | undefined;
  let lines: BudgetLine[] = [];

  const loadList = async (): Promise<void> => {
    replaceChildren(list);
    try {
      reference ??= await whileLoading(list, loadReference());
      lines = await whileLoading(list, readAllLines(reference));
      showList();
      if (planner && formSlot.childElementCount === 0) openForm();
    } catch (error) {
      replaceChildren(list, errorBox(error, () => void loadList()));
    }
  };

  function showList(): void {
    if (lines.length === 0) return replaceChildren(list, el('p', {}, t('budgetNone')));
    replaceChildren(
      list,
      dataTable(
        t('budgetCaption'),
        [t('budgetName'), t('budgetPeriod'), { heading: t('budgetAmount'), kind: 'number' }, t('budgetPer'), t('budgetCovers'), ...(planner ? [t('incidentsActions')] : [])],
        lines.map((line) => lineRow(line)),
        { class: 'budget-lines', scroll: true },
      ),
      el('p', { class: 'count', role: 'status' }, t('budgetShowing', { count: lines.length })),
    );
  }

  function lineRow(line: BudgetLine): TableCell[] {
    const actions = el('div', { class: 'actions' });
    const initial = () =>
      replaceChildren(
        actions,
        el('button', { type: 'button', 'aria-label': t('budgetEditFor', { name: line.name }), onclick: () => openForm(line) }, t('budgetEdit')),
        el('button', { type: 'button', 'aria-label': t('budgetDeleteFor', { name: line.name }), onclick: ask }, t('delete')),
      );
    const remove = async () => {
      try {
        await apiSend('DELETE', `${linePath(reference as Reference, line.id)}?version=${line.version}`);
        replaceChildren(feedback, messageBox('success', t('budgetDeleted', { name: line.name })));
        await loadList();
      } catch (error) {
        replaceChildren(feedback, lineFailure(error, line.name, () => void loadList()));
        initial();
      }
    };
    const ask = () => confirmDelete(actions, t('budgetDeleteQuestion', { name: line.name }), remove, initial);
    if (planner) initial();
    return [
      line.name,
      line.fromYear === line.toYear ? String(line.fromYear) : `${line.fromYear}–${line.toYear}`,
      formatNok(line.amountNok),
      t(line.per === 'year' ? 'budgetPerYear' : 'budgetPerTotal'),
      coversText(line),
      ...(planner ? [actions] : []),
    ];
  }

  /** The form, empty for a new line or filled in with the line to change. */
  function openForm(line?: BudgetLine): void {
    replaceChildren(formSlot, budgetLineForm(line, { onSaved: saved, onCancel: line ? () => openForm() : undefined, reloadLine, reference: () => reference as Reference }));
    if (line) formSlot.querySelector<HTMLElement>('input')?.focus();
  }

  async function saved(line: BudgetLine, created: boolean): Promise<void> {
    replaceChildren(feedback, messageBox('success', t(created ? 'budgetCreated' : 'budgetSaved', { name: line.name })));
    openForm();
    await loadList();
    feedback.scrollIntoView({ block: 'nearest' });
  }

  /** After a conflict: the line as it is now, in the form, and the list read again. */
  async function reloadLine(id: string): Promise<void> {
    void loadList();
    try {
      openForm(await whileLoading(formSlot, apiGet<BudgetLine>(linePath(reference as Reference, id))));
    } catch (error) {
      replaceChildren(feedback, lineFailure(error, id, () => void loadList()));
      openForm();
    }
  }

  void loadList();
}

function linesPath(reference: Reference): string {
  return `${regionPath(reference)}/budget-lines`;
}

function linePath(reference: Reference, id: string): string {
  return `${linesPath(reference)}/${encodeURIComponent(id)}`;
}

async function readAllLines(reference: Reference): Promise<BudgetLine[]> {
  const lines: BudgetLine[] = [];
  let cursor: string | undefined;
  do {
    const page = await apiGet<Page<BudgetLine>>(`${linesPath(reference)}?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    lines.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return lines.sort((a, b) => a.fromYear - b.fromYear || a.name.localeCompare(b.name, 'nb'));
}

function coversText(line: BudgetLine): string {
  const kinds = line.kinds.map((kind) => kindLabel(kind));
  const tags = line.tags.map((tag) => t('budgetTag', { tag }));
  return [...kinds, ...tags].join(', ') || t('none');
}

/** What to say when a write is refused: a conflict offers the line as it is now. */
function lineFailure(error: unknown, name: string, reload: () => void): HTMLElement {
  if (error instanceof ApiError && error.code === 'version-conflict') {
    return messageBox('warning', el('p', {}, t('budgetConflict')), el('button', { type: 'button', class: 'primary', onclick: reload }, t('reload')));
  }
  if (error instanceof ApiError && error.code === 'already-exists') return messageBox('error', t('budgetExists', { name }));
  if (error instanceof ApiError && error.status === 404 && error.code !== 'no-such-route') {
    return messageBox('error', el('p', {}, t('budgetGone', { name })), el('button', { type: 'button', onclick: reload }, t('reload')));
  }
  return messageBox('error', describeError(error));
}

interface FormHooks {
  onSaved: (line: BudgetLine, created: boolean) => Promise<void>;
  onCancel: (() => void) | undefined;
  reloadLine: (id: string) => Promise<void>;
  reference: () => Reference;
}

function budgetLineForm(line: BudgetLine | undefined, hooks: FormHooks): HTMLElement {
  const formId = uniqueId('budget-line');
  const fields = new Map<FieldName, FieldSlot>();
  const feedback = liveRegion();

  const field = (name: FieldName, label: string, control: HTMLInputElement, hint?: string): HTMLElement => {
    const slot = labelledField(formId, name, label, control, hint);
    fields.set(name, slot);
    return slot.wrapper;
  };
  const text = (value: string, extra: Record<string, string | number | boolean> = {}) => el('input', { type: 'text', value, autocomplete: 'off', ...extra });

  const name = text(line?.name ?? '', { maxlength: 200, required: true });
  const fromYear = text(line ? String(line.fromYear) : '', { inputmode: 'numeric', maxlength: 4, required: true });
  const toYear = text(line ? String(line.toYear) : '', { inputmode: 'numeric', maxlength: 4, required: true });
  const amount = text(line ? String(line.amountNok) : '', { inputmode: 'numeric', required: true });
  const tags = text(line?.tags.join(', ') ?? '');

  const perChoices = (['total', 'year'] as const).map((value) => ({
    value,
    label: t(value === 'year' ? 'budgetPerYear' : 'budgetPerTotal'),
    checked: (line?.per ?? 'total') === value,
  }));
  const per = choiceGroup(formId, 'per', t('budgetPer'), perChoices, { type: 'radio', inline: true });
  fields.set('per', per);

  const kindChoices = DEVICE_KINDS.map((kind) => ({ value: kind, label: kindLabel(kind), checked: line?.kinds.includes(kind) ?? false }));
  const kinds = choiceGroup(formId, 'kinds', t('budgetKinds'), kindChoices, { hint: t('budgetKindsHint') });
  fields.set('kinds', kinds);

  const titleText = line ? t('budgetEditTitle', { name: line.name }) : t('budgetNewTitle');
  const saveButton = el('button', { type: 'submit', class: 'primary' }, line ? t('save') : t('budgetCreate'));
  const form = el(
    'form',
    { class: 'budget-line-form card', novalidate: true, onsubmit: (event: Event) => (event.preventDefault(), void submit()) },
    el('div', { class: 'form-grid' }, field('name', t('budgetName'), name), field('amountNok', t('budgetAmountLabel'), amount, t('budgetAmountHint'))),
    el('div', { class: 'form-grid' }, field('fromYear', t('budgetFromYear'), fromYear, t('budgetYearHint')), field('toYear', t('budgetToYear'), toYear, t('budgetYearHint'))),
    per.wrapper,
    kinds.wrapper,
    el('div', { class: 'form-grid' }, field('tags', t('fieldTags'), tags, t('budgetTagsHint'))),
    el('div', { class: 'buttons' }, saveButton, hooks.onCancel ? el('button', { type: 'button', onclick: hooks.onCancel }, t('cancel')) : null),
    feedback,
  );

  const problems = fieldErrors(form, fields);
  const showError = (name: FieldName, message: string) => problems.show(name, message);
  const clearErrors = () => {
    problems.clear();
    replaceChildren(feedback);
  };

  function read(): BudgetLineRequest | undefined {
    let valid = true;
    const fail = (fieldName: FieldName, message: string) => {
      showError(fieldName, message);
      valid = false;
    };
    const nameText = name.value.trim();
    if (!nameText) fail('name', t('required'));
    const year = (input: HTMLInputElement, fieldName: FieldName) => {
      const value = input.value.trim();
      if (!value) return void fail(fieldName, t('required'));
      const number = Number(value);
      if (!/^\d{4}$/.test(value) || number < 1990 || number > 2100) return void fail(fieldName, t('budgetInvalidYear'));
      return number;
    };
    const from = year(fromYear, 'fromYear');
    const to = year(toYear, 'toYear');
    if (from !== undefined && to !== undefined && to < from) fail('toYear', t('budgetToBeforeFrom'));
    const amountNok = parseWholeNok(amount.value);
    if (amountNok === 'empty') fail('amountNok', t('required'));
    else if (amountNok === undefined || amountNok > 1e12) fail('amountNok', t('invalidWholeNumber'));
    const chosenKinds = [...form.querySelectorAll<HTMLInputElement>('input[name="kinds"]:checked')].map((box) => box.value as DeviceKind);
    const tagList = [...new Set(tags.value.split(/[,;]/).map((tag) => tag.trim()).filter(Boolean))];
    if (chosenKinds.length === 0 && tagList.length === 0) fail('kinds', t('budgetKindOrTag'));
    if (!valid || from === undefined || to === undefined || typeof amountNok !== 'number') return undefined;
    const perValue = new FormData(form).get('per') === 'year' ? 'year' : 'total';
    return { name: nameText, fromYear: from, toYear: to, amountNok, per: perValue, kinds: chosenKinds, tags: tagList };
  }

  async function submit(): Promise<void> {
    clearErrors();
    await submitForm({
      problems,
      feedback,
      button: saveButton,
      body: read(),
      async send(body) {
        const reference = hooks.reference();
        const saved = line
          ? await apiSend<BudgetLine>('PUT', linePath(reference, line.id), { ...body, version: line.version })
          : await apiSend<BudgetLine>('POST', linesPath(reference), body);
        await hooks.onSaved(saved, !line);
      },
      otherError: (error, body) => lineFailure(error, body.name, () => void (line ? hooks.reloadLine(line.id) : hooks.onCancel?.())),
    });
  }

  return el('div', {}, el('h2', { id: 'budget-line-form-title' }, titleText), form);
}
