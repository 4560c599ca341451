import { ApiError, apiSend } from '../api.ts';
import { el, replaceChildren, uniqueId } from '../dom.ts';
import { describeError, liveRegion, messageBox, whileSaving } from '../feedback.ts';
import { fieldErrors, labelledField, type FieldSlot } from '../form-fields.ts';
import { t } from '../i18n.ts';
import type { Reference } from '../reference.ts';
import type { Session } from '../session.ts';
import { projectPath } from './portfolio-common.ts';
import type { Project } from './portfolio-types.ts';

type FieldName = 'title' | 'description';

/**
 * A member's own proposal while it is an idea: its title and description can be changed (the API
 * refuses a member the costs and the rest of the assessment, so they are not offered). Null when
 * the signed-in role may not edit this project that way.
 */
export function ownIdeaEditor(session: Session, reference: Reference, project: Project, onSaved: () => void): HTMLElement | null {
  if (session.role !== 'member' || session.memberId !== project.proposedBy || project.status !== 'idea') return null;
  const formId = uniqueId('edit-idea');
  const fields = new Map<FieldName, FieldSlot>();
  const feedback = liveRegion();
  const field = (name: FieldName, label: string, control: HTMLInputElement): HTMLElement => {
    const slot = labelledField(formId, name, label, control);
    fields.set(name, slot);
    return slot.wrapper;
  };
  const title = el('input', { type: 'text', autocomplete: 'off', maxlength: 200, required: true, value: project.title });
  const description = el('input', { type: 'text', autocomplete: 'off', maxlength: 5000, value: project.description });
  const saveButton = el('button', { type: 'submit', class: 'primary' }, t('save'));
  const form = el(
    'form',
    { class: 'edit-idea-form card', novalidate: true, onsubmit: (event: Event) => (event.preventDefault(), void submit()) },
    el('div', { class: 'form-grid' }, field('title', t('proposeTitleField'), title), field('description', t('proposeDescription'), description)),
    el('div', { class: 'buttons' }, saveButton),
    feedback,
  );
  const problems = fieldErrors(form, fields);

  async function submit(): Promise<void> {
    problems.clear();
    replaceChildren(feedback);
    const titleText = title.value.trim();
    if (!titleText) {
      problems.show('title', t('required'));
      replaceChildren(feedback, messageBox('error', t('errorInvalid')));
      problems.focusFirst();
      return;
    }
    await whileSaving(saveButton, async () => {
      try {
        await apiSend<Project>('PATCH', projectPath(reference, project.id), { title: titleText, description: description.value.trim(), version: project.version });
        onSaved();
      } catch (error) {
        if (error instanceof ApiError && error.fieldProblems.length > 0 && error.code === 'validation-failed') {
          replaceChildren(feedback, problems.showApiProblems(error.fieldProblems));
          problems.focusFirst();
        } else {
          replaceChildren(feedback, messageBox('error', describeError(error)));
        }
      }
    });
  }

  return el('section', { 'aria-labelledby': `${formId}-heading` }, el('h2', { id: `${formId}-heading` }, t('editIdeaHeading')), el('p', { class: 'intro' }, t('editIdeaIntro')), form);
}
