import { ApiError, apiGet, apiSend } from '../api.ts';
import { el, replaceChildren, uniqueId } from '../dom.ts';
import { describeError, liveRegion, messageBox, whileSaving } from '../feedback.ts';
import { t, tOr, type MessageKey } from '../i18n.ts';
import { regionPath, type Reference } from '../reference.ts';
import type { Device } from '../types.ts';
import type { CheckDefinition } from '../../../shared/schemas/checks.ts';

/**
 * Operators add, change and remove a device's checks here (the page shows this section to
 * operators and admins only; the API refuses anyone else). Each check type has its own fields, as
 * `shared/schemas/checks.ts` defines them; a secret (SNMP community or v3 keys, a restic password,
 * a CA) is chosen from the names the device's environment has, never typed in. Fields this form
 * does not show (thresholds, expected OIDs, ignored filesystems) are kept as they are when a check
 * is changed. Every save is one PATCH of `monitoring` with the version read, so a concurrent change
 * is a 409 the page offers to reload, not an overwrite.
 */
type CheckType = CheckDefinition['type'];
const CHECK_TYPES: readonly CheckType[] = ['tcp', 'http', 'snmp', 'prometheus', 'restic'];

interface FieldSpec {
  name: string;
  label: MessageKey;
  kind: 'text' | 'number' | 'url' | 'secret' | 'ca' | 'version' | 'list' | 'boolean';
  required?: boolean;
  hint?: MessageKey;
  /** What a new check starts with. */
  initial?: string | number | boolean;
}

const NAME: FieldSpec = { name: 'name', label: 'checksName', kind: 'text', required: true, hint: 'checksNameHint' };
const timeout = (initial: number): FieldSpec => ({ name: 'timeoutMs', label: 'checksTimeout', kind: 'number', required: true, initial });

/** The fields of each check type, in the order the form shows them. */
const FIELDS: Record<CheckType, FieldSpec[]> = {
  tcp: [{ name: 'host', label: 'checksHost', kind: 'text', required: true }, { name: 'port', label: 'checksPort', kind: 'number', required: true, initial: 22 }, timeout(5000)],
  http: [
    { name: 'url', label: 'checksUrl', kind: 'url', required: true, initial: 'https://' },
    { name: 'expectStatus', label: 'checksExpectStatus', kind: 'number', required: true, initial: 200 },
    { name: 'caRef', label: 'checksCa', kind: 'ca' },
    timeout(5000),
  ],
  snmp: [
    { name: 'host', label: 'checksHost', kind: 'text', required: true },
    { name: 'port', label: 'checksPort', kind: 'number', required: true, initial: 161 },
    { name: 'version', label: 'checksVersion', kind: 'version', required: true, initial: '2c' },
    { name: 'secretRef', label: 'checksSecret', kind: 'secret', required: true },
    { name: 'interfaces', label: 'checksInterfaces', kind: 'list', hint: 'checksInterfacesHint' },
    timeout(5000),
  ],
  prometheus: [{ name: 'url', label: 'checksUrl', kind: 'url', required: true, initial: 'http://' }, timeout(5000)],
  restic: [
    { name: 'repository', label: 'checksRepository', kind: 'text', required: true },
    { name: 'secretRef', label: 'checksSecret', kind: 'secret', required: true },
    { name: 'runCheck', label: 'checksRunCheck', kind: 'boolean', initial: false },
    { name: 'rpoHours', label: 'checksRpoHours', kind: 'number' },
    timeout(30000),
  ],
};

const CHECK_NAME = /^[a-z0-9][a-z0-9-]*$/;

export interface DeviceChecksOptions {
  reference: Reference;
  /** The device as last read or saved (its version goes with every save). */
  current: () => Device;
  saved: (device: Device) => void;
  reload: () => void;
}

export function deviceChecksSection(options: DeviceChecksOptions): HTMLElement {
  const headingId = uniqueId('checks-heading');
  const body = el('div');
  const feedback = liveRegion();
  const section = el('section', { class: 'device-checks', 'aria-labelledby': headingId }, el('h2', { id: headingId }, t('checksTitle')), el('p', { class: 'intro' }, t('checksIntro')), feedback, body);
  let secretNames: Promise<string[]> | undefined;
  const environmentSecrets = () => {
    secretNames ??= apiGet<{ items: Array<{ secretRef: string }> }>(
      `${regionPath(options.reference)}/environments/${encodeURIComponent(options.current().environmentId)}/secret-names`,
    ).then((answer) => answer.items.map((item) => item.secretRef));
    secretNames.catch(() => (secretNames = undefined));
    return secretNames;
  };

  const checks = () => options.current().monitoring?.checks ?? [];

  /** One PATCH of the device's monitoring with the version read; the saved device becomes the current one. */
  async function patchChecks(next: CheckDefinition[], button: HTMLButtonElement): Promise<void> {
    const device = options.current();
    const monitoring = { ...(device.monitoring ?? {}), checks: next };
    options.saved(await whileSaving(button, () => apiSend<Device>('PATCH', `${regionPath(options.reference)}/devices/${encodeURIComponent(device.id)}`, { monitoring, version: device.version })));
  }

  async function saveChecks(next: CheckDefinition[], button: HTMLButtonElement): Promise<boolean> {
    try {
      await patchChecks(next, button);
      return true;
    } catch (error) {
      showFailure(error);
      return false;
    }
  }

  function showFailure(error: unknown): void {
    if (error instanceof ApiError && error.code === 'version-conflict') {
      replaceChildren(feedback, messageBox('warning', el('p', {}, t('conflict')), el('button', { type: 'button', class: 'primary', onclick: options.reload }, t('reload'))));
      return;
    }
    replaceChildren(feedback, messageBox('error', describeError(error)));
  }

  function showList(focusAdd = false): void {
    const list = checks();
    const addButton = el('button', { type: 'button', class: 'primary', onclick: () => showForm() }, t('checksAdd'));
    replaceChildren(
      body,
      list.length === 0
        ? el('p', {}, t('checksNone'))
        : el(
            'div',
            { class: 'table-scroll' },
            el(
              'table',
              { class: 'data checks-table' },
              el('caption', { class: 'visually-hidden' }, t('checksCaption')),
              el('thead', {}, el('tr', {}, [t('checksName'), t('checksType'), t('checksTarget'), t('checksSecret'), t('checksActions')].map((heading) => el('th', { scope: 'col' }, heading)))),
              el('tbody', {}, list.map((check, index) => checkRow(check, index))),
            ),
          ),
      el('p', { class: 'toolbar' }, addButton),
    );
    if (focusAdd) addButton.focus();
  }

  function checkRow(check: CheckDefinition, index: number): HTMLTableRowElement {
    const actions = el('td', {}, el('div', { class: 'actions' }));
    const row = el('tr', {}, el('th', { scope: 'row' }, check.name), el('td', {}, typeLabel(check.type)), el('td', {}, el('code', {}, targetOf(check))), el('td', {}, secretOf(check) ?? t('none')), actions);
    const buttons = actions.firstElementChild as HTMLElement;
    const showButtons = () =>
      replaceChildren(
        buttons,
        el('button', { type: 'button', 'aria-label': t('checksEditFor', { name: check.name }), onclick: () => showForm(index) }, t('checksEdit')),
        el('button', { type: 'button', class: 'danger', 'aria-label': t('checksRemoveFor', { name: check.name }), onclick: confirmRemove }, t('checksRemove')),
      );
    function confirmRemove(): void {
      const yes: HTMLButtonElement = el(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: async () => {
            if (await saveChecks(checks().filter((_, at) => at !== index), yes)) {
              showList(true);
              replaceChildren(feedback, messageBox('success', t('checksRemoved', { name: check.name })));
            }
          },
        },
        t('checksRemove'),
      );
      const no = el('button', { type: 'button', onclick: () => { showButtons(); (buttons.firstElementChild as HTMLElement | null)?.focus(); } }, t('checksCancel'));
      replaceChildren(buttons, el('span', { role: 'alert' }, t('checksRemoveConfirm', { name: check.name })), yes, no);
      yes.focus();
    }
    showButtons();
    return row;
  }

  function showForm(index?: number): void {
    replaceChildren(feedback);
    const existing = index === undefined ? undefined : checks()[index];
    const formId = uniqueId('check-form');
    const typeSelect = el('select', { id: `${formId}-type`, name: 'type' }, CHECK_TYPES.map((type) => el('option', { value: type, selected: (existing?.type ?? 'tcp') === type }, typeLabel(type))));
    const nameField = field(formId, NAME, existing?.name ?? '');
    const typeFields = el('div', { class: 'form-grid' });
    const saveButton = el('button', { type: 'submit', class: 'primary' }, t('checksSave'));
    const formHeading = el('h3', { tabindex: '-1' }, existing ? t('checksFormEdit', { name: existing.name }) : t('checksFormAdd'));
    const form: HTMLFormElement = el(
      'form',
      { class: 'device-form check-form', id: formId, novalidate: true, 'aria-label': formHeading.textContent ?? '' },
      formHeading,
      el('div', { class: 'form-grid' }, el('div', { class: 'field' }, el('label', { for: typeSelect.id }, t('checksType')), typeSelect), nameField.wrapper),
      typeFields,
      el('p', { class: 'toolbar' }, saveButton, el('button', { type: 'button', onclick: () => showList(true) }, t('checksCancel'))),
    );
    let fields: Array<{ spec: FieldSpec; wrapper: HTMLElement; read: () => unknown; error: HTMLElement; focus: HTMLElement }> = [];
    const drawTypeFields = () => {
      const type = typeSelect.value as CheckType;
      const source = existing?.type === type ? (existing as unknown as Record<string, unknown>) : {};
      fields = FIELDS[type].map((spec) => ({ spec, ...field(formId, spec, source[spec.name] ?? spec.initial, spec.kind === 'secret' || spec.kind === 'ca' ? environmentSecrets() : undefined, options.reference.environmentName(options.current().environmentId)) }));
      replaceChildren(typeFields, fields.map((entry) => entry.wrapper));
    };
    typeSelect.addEventListener('change', drawTypeFields);
    drawTypeFields();

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const all = [{ spec: NAME, ...nameField }, ...fields];
      for (const entry of all) entry.error.hidden = true;
      const problems: Array<[typeof all[number], string]> = [];
      const type = typeSelect.value as CheckType;
      const check: Record<string, unknown> = existing?.type === type ? { ...existing } : { type };
      check.type = type;
      for (const entry of all) {
        const value = entry.read();
        if (value === undefined || value === '') {
          if (entry.spec.required) problems.push([entry, t('checksRequired')]);
          delete check[entry.spec.name];
          continue;
        }
        if (entry.spec.kind === 'number' && !Number.isInteger(value)) problems.push([entry, t('checksBadNumber')]);
        check[entry.spec.name] = value;
      }
      const name = String(check.name ?? '');
      if (name && !CHECK_NAME.test(name)) problems.push([all[0]!, t('checksBadName')]);
      if (checks().some((other, at) => at !== index && other.name === name)) problems.push([all[0]!, t('checksDuplicateName')]);
      if (problems.length > 0) {
        for (const [entry, text] of problems) showFieldError(entry, text);
        problems[0]![0].focus.focus();
        return;
      }
      const next = [...checks()];
      if (index === undefined) next.push(check as CheckDefinition);
      else next[index] = check as CheckDefinition;
      const position = index ?? next.length - 1;
      try {
        await patchChecks(next, saveButton);
        showList(true);
        replaceChildren(feedback, messageBox('success', t('checksSaved', { name })));
      } catch (error) {
        // Field problems of this check (`body.monitoring.checks.<i>.<field>`) go beside their fields.
        const prefix = `body.monitoring.checks.${position}.`;
        const mine = error instanceof ApiError ? error.fieldProblems.filter((problem) => problem.field.startsWith(prefix)) : [];
        let shown = 0;
        for (const problem of mine) {
          const entry = all.find((candidate) => candidate.spec.name === problem.field.slice(prefix.length).split('.')[0]);
          if (!entry) continue;
          showFieldError(entry, problem.code ? tOr(`checkProblem_${problem.code}`, problem.problem) : problem.problem);
          if (shown++ === 0) entry.focus.focus();
        }
        if (shown === 0) showFailure(error);
        else replaceChildren(feedback, messageBox('error', t('errorInvalid')));
      }
    });
    replaceChildren(body, form);
    formHeading.focus();
  }

  showList();
  return section;
}

function showFieldError(entry: { error: HTMLElement }, text: string): void {
  entry.error.textContent = text;
  entry.error.hidden = false;
}

function typeLabel(type: string): string {
  return tOr(`checkType_${type}`, type);
}

function targetOf(check: CheckDefinition): string {
  switch (check.type) {
    case 'tcp':
    case 'snmp':
      return `${check.host}:${check.port}`;
    case 'http':
    case 'prometheus':
      return check.url;
    case 'restic':
      return check.repository;
  }
}

function secretOf(check: CheckDefinition): string | undefined {
  if (check.type === 'snmp' || check.type === 'restic') return check.secretRef;
  if (check.type === 'http') return check.caRef;
  return undefined;
}

/**
 * One labelled control with its hint and error line. Secrets are a select filled from the
 * environment's names (the stored one kept even when the list no longer has it, so editing never
 * silently changes it).
 */
function field(formId: string, spec: FieldSpec, value: unknown, secrets?: Promise<string[]>, environmentName = '') {
  const id = `${formId}-${spec.name}`;
  const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const hintId = `${id}-hint`;
  const hint = spec.hint ? el('p', { class: 'hint', id: hintId }, t(spec.hint)) : null;
  const describedBy = [hint ? hintId : '', `${id}-error`].filter(Boolean).join(' ');
  const label = el('label', { for: id }, t(spec.label));
  if (spec.kind === 'boolean') {
    const box = el('input', { type: 'checkbox', id, name: spec.name, checked: value === true, 'aria-describedby': describedBy });
    return { wrapper: el('div', { class: 'field choice' }, box, label, error), read: () => box.checked, error, focus: box as HTMLElement };
  }
  if (spec.kind === 'version' || spec.kind === 'secret' || spec.kind === 'ca') {
    const select = el('select', { id, name: spec.name, 'aria-describedby': describedBy, required: spec.required ?? false });
    const secretHint = el('p', { class: 'hint', id: hintId });
    if (spec.kind === 'version') {
      select.append(...['2c', '3'].map((version) => el('option', { value: version, selected: value === version }, version)));
    } else {
      select.setAttribute('aria-describedby', `${hintId} ${id}-error`);
      select.append(el('option', { value: '' }, spec.kind === 'ca' ? t('checksCaNone') : t('checksSecretChoose')));
      void secrets
        ?.then((names) => {
          const choices = [...new Set([...names, ...(typeof value === 'string' && value ? [value] : [])])].sort();
          select.append(...choices.map((name) => el('option', { value: name, selected: name === value }, name)));
          secretHint.textContent = names.length === 0 ? t('checksNoSecrets', { environment: environmentName }) : t('checksSecretHint', { environment: environmentName });
        })
        .catch(() => {
          if (typeof value === 'string' && value) select.append(el('option', { value, selected: true }, value));
          secretHint.textContent = t('checksSecretsFailed');
        });
    }
    return { wrapper: el('div', { class: 'field' }, label, spec.kind === 'version' ? hint : secretHint, select, error), read: () => select.value || undefined, error, focus: select as HTMLElement };
  }
  const input = el('input', {
    id,
    name: spec.name,
    type: spec.kind === 'number' ? 'number' : spec.kind === 'url' ? 'url' : 'text',
    inputmode: spec.kind === 'number' ? 'numeric' : undefined,
    value: Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value),
    'aria-describedby': describedBy,
    required: spec.required ?? false,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const read = (): unknown => {
    const text = input.value.trim();
    if (text === '') return undefined;
    if (spec.kind === 'number') return Number(text);
    if (spec.kind === 'list') return text.split(',').map((part) => part.trim()).filter(Boolean);
    return text;
  };
  return { wrapper: el('div', { class: 'field' }, label, hint, input, error), read, error, focus: input as HTMLElement };
}
