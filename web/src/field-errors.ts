/**
 * Problems shown beside the fields of a form: the message under the field, the field marked
 * invalid for screen readers, and a way to move focus to the first problem. One place, so every
 * form in the dashboard reports errors the same way.
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
  clear(): void;
  focusFirst(): void;
}

export function fieldErrors<Name extends string>(form: HTMLElement, slots: Map<Name, FieldSlot>): FieldErrors<Name> {
  return {
    show(name, message) {
      const slot = slots.get(name);
      if (!slot) return false;
      slot.error.textContent = message;
      slot.error.hidden = false;
      slot.wrapper.classList.add('invalid');
      slot.focus.setAttribute('aria-invalid', 'true');
      return true;
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
