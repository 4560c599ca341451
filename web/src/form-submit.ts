import { ApiError } from './api.ts';
import { replaceChildren } from './dom.ts';
import { describeError, messageBox, whileSaving } from './feedback.ts';
import type { FieldErrors } from './form-fields.ts';
import { t } from './i18n.ts';

export interface SubmitSteps<Name extends string, Body> {
  problems: FieldErrors<Name>;
  /** Where the form's own message goes (a live region). */
  feedback: HTMLElement;
  /** The button that shows the form is saving. */
  button: HTMLButtonElement;
  /** The body read from the form, or undefined when `problems` marked what is wrong. */
  body: Body | undefined;
  send(body: Body): Promise<void>;
  /** The field an API problem's path (after `body.`) names; by default its first part. */
  toName?: (path: string) => Name | undefined;
  /** A message of the form's own for an error that is no field problem; undefined for the general one. */
  otherError?: (error: unknown, body: Body) => HTMLElement | undefined;
}

/**
 * What every form of the dashboard does on submit: problems found in the browser are already under
 * their fields, so say "fix the marked fields" and focus the first; otherwise send, and put the
 * API's field problems under the fields they name (focusing the first), any other error in the
 * form's message.
 */
export async function submitForm<Name extends string, Body>(steps: SubmitSteps<Name, Body>): Promise<void> {
  const { problems, feedback, body } = steps;
  replaceChildren(feedback);
  if (body === undefined) {
    replaceChildren(feedback, messageBox('error', t('errorInvalid')));
    problems.focusFirst();
    return;
  }
  await whileSaving(steps.button, async () => {
    try {
      await steps.send(body);
    } catch (error) {
      if (error instanceof ApiError && error.fieldProblems.length > 0 && error.code === 'validation-failed') {
        replaceChildren(feedback, problems.showApiProblems(error.fieldProblems, steps.toName));
        problems.focusFirst();
      } else {
        replaceChildren(feedback, steps.otherError?.(error, body) ?? messageBox('error', describeError(error)));
      }
    }
  });
}
