import type { FieldProblem } from './api.ts';
import { el, uniqueId } from './dom.ts';
import { messageBox, problemText } from './feedback.ts';
import { t } from './i18n.ts';

/**
 * Form fields and the problems shown beside them: a labelled control with its hint and error line
 * (linked by aria-describedby), the message under the field, the field marked invalid for screen
 * readers, and focus moved to the first problem. One place, so every form in the dashboard is
 * built and reports errors the same way.
 */
export interface FieldSlot {
  /** The element around label, control and message; it gets the `invalid` class. */
  wrapper: HTMLElement;
  /** Where the message goes. */
  error: HTMLElement;
  /** The control that gets `aria-invalid` and focus. */
  focus: HTMLElement;
}

export interface FieldErrors<Name extends string> {
  /** Shows a message beside a field; false when the form has no such field (show it elsewhere). */
  show(name: Name, message: string): boolean;
  /**
   * Shows the API's field problems (`{ field: 'body.payer.memberId', code, params, problem }`), in the UI language, beside the fields
   * they name and answers the error box for the form's feedback: "fix the marked fields", with a
   * list of the problems that name no field of this form. `toName` maps the path after `body.`
   * (`payer.memberId`) to a field; by default its first part (`payer`) is the field's name.
   */
  showApiProblems(problems: readonly FieldProblem[], toName?: (path: string) => Name | undefined): HTMLElement;
  clear(): void;
  focusFirst(): void;
}

/** `payer.memberId` → `payer`, `tags.3` → `tags`. */
const firstPart = (path: string) => /^[A-Za-z]+/.exec(path)?.[0];

export function fieldErrors<Name extends string>(form: HTMLElement, slots: Map<Name, FieldSlot>): FieldErrors<Name> {
  const show = (name: Name, message: string): boolean => {
    const slot = slots.get(name);
    if (!slot) return false;
    slot.error.textContent = message;
    slot.error.hidden = false;
    slot.wrapper.classList.add('invalid');
    slot.focus.setAttribute('aria-invalid', 'true');
    return true;
  };
  return {
    show,
    showApiProblems(problems, toName = (path) => firstPart(path) as Name | undefined) {
      const unplaced = problems.filter((problem) => {
        const path = /^body\.(.+)$/.exec(problem.field)?.[1];
        const name = path === undefined ? undefined : toName(path);
        return !(name !== undefined && show(name, problemText(problem)));
      });
      return messageBox(
        'error',
        el('p', {}, t('errorInvalid')),
        unplaced.length > 0 ? el('ul', {}, unplaced.map((problem) => el('li', {}, `${problem.field}: ${problemText(problem)}`))) : null,
      );
    },
    clear() {
      for (const { wrapper, error, focus } of slots.values()) {
        error.hidden = true;
        error.textContent = '';
        wrapper.classList.remove('invalid');
        focus.removeAttribute('aria-invalid');
      }
    },
    focusFirst() {
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    },
  };
}

/**
 * A labelled control with an optional hint and its own error line. Returns the element to place in
 * the form and the slot `fieldErrors` uses to show a problem beside it.
 */
export function labelledField(formId: string, name: string, label: string, control: HTMLInputElement | HTMLSelectElement, hint?: string): FieldSlot {
  const id = `${formId}-${name}`;
  control.id = id;
  control.name = name;
  const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  control.setAttribute('aria-describedby', [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' '));
  const wrapper = el('div', { class: 'field' }, el('label', { for: id }, label), hint ? el('p', { class: 'hint', id: `${id}-hint` }, hint) : null, control, error);
  return { wrapper, error, focus: control };
}

/** One checkbox or radio button of a `choiceGroup`. */
export interface Choice {
  value: string;
  label: string;
  checked?: boolean;
}

export interface ChoiceGroupOptions {
  /** Checkboxes (any number chosen, the default) or radio buttons (one). */
  type?: 'checkbox' | 'radio';
  hint?: string;
  /** Radio buttons in one row beside the legend, rather than a wrapping list under it. */
  inline?: boolean;
  /** Extra classes for the fieldset (`devices` makes a scrolling list). */
  className?: string;
  /** Called when any choice changes. */
  onChange?: () => void;
}

/**
 * A fieldset of checkboxes or radio buttons, all named `name`, with a legend, an optional hint and
 * its own error line (linked by aria-describedby). Returns the slot `fieldErrors` uses: `wrapper`
 * is the fieldset to place in the form, `focus` its first choice.
 */
export function choiceGroup(formId: string, name: string, legend: string, choices: readonly Choice[], options: ChoiceGroupOptions = {}): FieldSlot {
  const id = `${formId}-${name}`;
  const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const boxes = choices.map((choice) => {
    const boxId = uniqueId(`${id}-choice`);
    return el(
      'span',
      { class: 'choice' },
      el('input', { type: options.type ?? 'checkbox', id: boxId, name, value: choice.value, checked: choice.checked ?? false, onchange: options.onChange }),
      el('label', { for: boxId }, choice.label),
    );
  });
  const wrapper = el(
    'fieldset',
    { class: [options.inline ? 'inline' : 'choices', options.className].filter(Boolean).join(' '), 'aria-describedby': [options.hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ') },
    el('legend', {}, legend),
    options.hint ? el('p', { class: 'hint', id: `${id}-hint` }, options.hint) : null,
    options.inline ? boxes : el('div', { class: 'choice-list' }, boxes),
    error,
  );
  return { wrapper, error, focus: wrapper.querySelector('input') ?? wrapper };
}
