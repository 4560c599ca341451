import type { FieldProblem } from '../api.ts';
import { fieldErrors, labelledField, type FieldSlot } from '../form-fields.ts';
import { el, uniqueId } from '../dom.ts';
import { formatDate, parseDate, parseWholeNok, parseWholeNumber } from '../format.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Reference } from '../reference.ts';
import type { Device } from '../types.ts';

/**
 * The device edit form. It reads what a person typed (dates as dd.mm.yyyy, amounts with or
 * without spaces), checks what can be checked here, and answers only the fields that changed, so
 * a PATCH never overwrites a field this person did not touch. Each field has its own error line;
 * the API's field problems (`body.firmware`) land on the field they name.
 */
export type DeviceChanges = Partial<Omit<Device, 'id' | 'version' | 'kind' | 'monitoring'>>;

export interface DeviceForm {
  element: HTMLFormElement;
  /** The changed fields, or `ok: false` when a field is not valid (its error is shown). */
  changes(current: Device): { ok: true; changes: DeviceChanges } | { ok: false };
  clearErrors(): void;
  /** Shows each problem next to its field; answers the error box, listing those that name no field of the form. */
  showApiProblems(problems: readonly FieldProblem[]): HTMLElement;
  focusFirstError(): void;
  /** The submit button, for `whileSaving`. */
  saveButton: HTMLButtonElement;
}

type FieldName =
  | 'name' | 'role' | 'vendor' | 'model' | 'serial' | 'firmware' | 'environmentId' | 'purchaseDate' | 'purchaseCostNok'
  | 'replacementCostNok' | 'expectedLifetimeYears' | 'vendorEndOfSupport' | 'warrantyEnd' | 'criticality' | 'payer' | 'tags';

/** A field's slot for problems, and its control for reading the value. */
interface Field extends FieldSlot {
  control: HTMLInputElement | HTMLSelectElement;
}

export function buildDeviceForm(reference: Reference, device: Device, options: { onSubmit: () => void }): DeviceForm {
  const fields = new Map<FieldName, Field>();
  const formId = uniqueId('device');

  /** A labelled control with an optional hint and an error line, linked by aria-describedby. */
  const field = (name: FieldName, label: MessageKey, control: HTMLInputElement | HTMLSelectElement, hint?: string): HTMLElement => {
    const slot = labelledField(formId, name, t(label), control, hint);
    fields.set(name, { ...slot, control });
    return slot.wrapper;
  };
  const text = (value: string | undefined, extra: Record<string, string | number | boolean> = {}) => el('input', { type: 'text', value: value ?? '', autocomplete: 'off', ...extra });
  const whole = (value: number | undefined) => text(value === undefined ? '' : String(value), { inputmode: 'numeric' });
  const select = (options: Array<[string, string]>, selected: string) => el('select', {}, options.map(([value, label]) => el('option', { value, selected: value === selected }, label)));

  const endOfSupportKind = endOfSupportKindOf(device.vendorEndOfSupport);
  const endOfSupportSelect = select(
    (['none', 'announced-unknown', 'date'] as const).map((kind) => [kind, t(`fieldEndOfSupportKind_${kind}`)]),
    endOfSupportKind,
  );
  const endOfSupportDate = field(
    'vendorEndOfSupport',
    'fieldEndOfSupportDate',
    text(endOfSupportKind === 'date' ? formatDate(device.vendorEndOfSupport) : ''),
    t('fieldDateHint'),
  );
  const endOfSupportKindId = `${formId}-vendorEndOfSupportKind`;
  endOfSupportSelect.id = endOfSupportKindId;
  endOfSupportSelect.name = 'vendorEndOfSupportKind';
  endOfSupportDate.hidden = endOfSupportKind !== 'date';
  endOfSupportSelect.addEventListener('change', () => (endOfSupportDate.hidden = endOfSupportSelect.value !== 'date'));

  const saveButton = el('button', { type: 'submit', class: 'primary' }, t('save'));
  const element = el(
    'form',
    { class: 'device-form', novalidate: true, onsubmit: (event: Event) => (event.preventDefault(), options.onSubmit()) },
    el(
      'div',
      { class: 'form-grid' },
      field('name', 'fieldName', text(device.name, { required: true, maxlength: 200 })),
      field('role', 'fieldRole', text(device.role, { maxlength: 200 })),
      field('vendor', 'fieldVendor', text(device.vendor, { maxlength: 200 })),
      field('model', 'fieldModel', text(device.model, { maxlength: 200 })),
      field('serial', 'fieldSerial', text(device.serial, { maxlength: 200 })),
      field('firmware', 'fieldFirmware', text(device.firmware, { maxlength: 200 })),
      field('environmentId', 'fieldEnvironment', select(reference.environments.map((environment) => [environment.id, environment.name]), device.environmentId)),
      field('payer', 'fieldPayer', select([['', t('fieldPayerShared')], ...reference.members.map((member): [string, string] => [member.id, member.name])], device.payer.type === 'member' ? device.payer.memberId : '')),
      field('purchaseDate', 'fieldPurchaseDate', text(formatDate(device.purchaseDate), { required: true }), t('fieldDateHint')),
      field('purchaseCostNok', 'fieldPurchaseCost', whole(device.purchaseCostNok)),
      field('replacementCostNok', 'fieldReplacementCost', whole(device.replacementCostNok), t('fieldOptionalHint')),
      field('expectedLifetimeYears', 'fieldLifetime', whole(device.expectedLifetimeYears), t('fieldOptionalHint')),
      el('div', { class: 'field' }, el('label', { for: endOfSupportKindId }, t('fieldEndOfSupport')), endOfSupportSelect),
      endOfSupportDate,
      field('warrantyEnd', 'fieldWarrantyEnd', text(formatDate(device.warrantyEnd)), `${t('fieldDateHint')} · ${t('fieldOptionalHint')}`),
      field('criticality', 'fieldCriticality', select(['1', '2', '3', '4', '5'].map((level) => [level, level]), String(device.criticality))),
      field('tags', 'fieldTags', text(device.tags.join(', ')), t('fieldTagsHint')),
    ),
    el('div', { class: 'buttons' }, saveButton),
  );

  const control = (name: FieldName) => (fields.get(name) as Field).control;
  const problems = fieldErrors(element, fields);
  const showError = (name: FieldName, message: string) => problems.show(name, message);

  return {
    element,
    changes(current) {
      const changes: DeviceChanges = {};
      let valid = true;
      const fail = (name: FieldName, key: MessageKey) => {
        showError(name, t(key));
        valid = false;
      };

      for (const name of ['name', 'role', 'vendor', 'model', 'serial', 'firmware'] as const) {
        const value = control(name).value.trim();
        if (name === 'name' && value === '') fail(name, 'required');
        else if (value !== (current[name] ?? '')) changes[name] = value;
      }
      if (control('environmentId').value !== current.environmentId) changes.environmentId = control('environmentId').value;

      const purchaseDate = parseDate(control('purchaseDate').value);
      if (!purchaseDate) fail('purchaseDate', 'invalidDate');
      else if (purchaseDate !== current.purchaseDate) changes.purchaseDate = purchaseDate;

      const purchaseCost = parseWholeNok(control('purchaseCostNok').value);
      if (purchaseCost === undefined || purchaseCost === 'empty') fail('purchaseCostNok', purchaseCost === 'empty' ? 'required' : 'invalidWholeNumber');
      else if (purchaseCost !== current.purchaseCostNok) changes.purchaseCostNok = purchaseCost;

      // PATCH can set an optional field but not remove it, so an emptied one is refused here.
      for (const name of ['replacementCostNok', 'expectedLifetimeYears'] as const) {
        const value = name === 'replacementCostNok' ? parseWholeNok(control(name).value) : parseWholeNumber(control(name).value);
        if (value === undefined) fail(name, 'invalidWholeNumber');
        else if (value === 'empty') {
          if (current[name] !== undefined) fail(name, 'cannotClear');
        } else if (value !== current[name]) changes[name] = value;
      }

      const warrantyText = control('warrantyEnd').value.trim();
      if (warrantyText === '') {
        if (current.warrantyEnd !== undefined) fail('warrantyEnd', 'cannotClear');
      } else {
        const warrantyEnd = parseDate(warrantyText);
        if (!warrantyEnd) fail('warrantyEnd', 'invalidDate');
        else if (warrantyEnd !== current.warrantyEnd) changes.warrantyEnd = warrantyEnd;
      }

      const endKind = endOfSupportSelect.value;
      const endOfSupport = endKind === 'none' ? null : endKind === 'announced-unknown' ? 'announced-unknown' : parseDate(control('vendorEndOfSupport').value);
      if (endOfSupport === undefined) fail('vendorEndOfSupport', 'invalidDate');
      else if (endOfSupport !== current.vendorEndOfSupport) changes.vendorEndOfSupport = endOfSupport;

      const criticality = Number(control('criticality').value);
      if (criticality !== current.criticality) changes.criticality = criticality;

      const payerMember = control('payer').value;
      const currentPayerMember = current.payer.type === 'member' ? current.payer.memberId : '';
      // A shared device keeps its own cost key unless the person chooses a single payer.
      if (payerMember !== currentPayerMember) changes.payer = payerMember ? { type: 'member', memberId: payerMember } : { type: 'shared' };

      const tags = control('tags').value.split(',').map((tag) => tag.trim()).filter(Boolean);
      if (tags.join('\u0000') !== current.tags.join('\u0000')) changes.tags = tags;

      return valid ? { ok: true, changes } : { ok: false };
    },
    clearErrors() {
      problems.clear();
    },
    showApiProblems(apiProblems) {
      // `body.payer.memberId` → payer, `body.tags.3` → tags
      return problems.showApiProblems(apiProblems);
    },
    focusFirstError() {
      // The first in reading order, which is not the order the fields were built in.
      problems.focusFirst();
    },
    saveButton,
  };
}

function endOfSupportKindOf(value: Device['vendorEndOfSupport']): 'none' | 'announced-unknown' | 'date' {
  if (value === null || value === undefined) return 'none';
  return value === 'announced-unknown' ? 'announced-unknown' : 'date';
}
