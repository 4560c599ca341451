import { ApiError, apiSend } from '../api.ts';
import { el, replaceChildren, uniqueId } from '../dom.ts';
import { liveRegion, messageBox } from '../feedback.ts';
import { submitForm } from '../form-submit.ts';
import { choiceGroup, fieldErrors, labelledField, type FieldSlot } from '../form-fields.ts';
import { parseWholeNok } from '../format.ts';
import { t } from '../i18n.ts';
import type { Reference } from '../reference.ts';
import type { Session } from '../session.ts';
import { categoryLabel, projectLink, projectsPath } from './portfolio-common.ts';
import type { Project } from './portfolio-types.ts';

/**
 * "Foreslå prosjekt" on Portefølje. Every role may propose (WRITE_RULES 'create-project'), but a
 * member proposes as itself only and may not set the assessment fields, costs among them
 * (`assertMayEditProject`): so a member's form has the proposer fixed and no cost row, while
 * operators, budget owners and admins choose the proposer and may give one cost row.
 */

/** Categories the dictionary names; the schema takes any short text, so others can be typed. */
const KNOWN_CATEGORIES = ['sikkerhet', 'infrastruktur', 'digitalisering', 'plattform', 'utredning', 'sammenslåing', 'helse'];

type FieldName = 'title' | 'description' | 'category' | 'proposedBy' | 'participants' | 'year' | 'investmentNok' | 'operatingNok';

interface ProposeHooks {
  session: Session;
  reference: Reference;
  /** Categories already in use, offered beside the known ones. */
  categories: readonly string[];
  onCreated(project: Project): Promise<void>;
}

/** The form's section, placed under the list; the outcome (with the link to the new project) under the form. */
export function proposeProjectForm(hooks: ProposeHooks): HTMLElement {
  const { session, reference } = hooks;
  const member = session.role === 'member' ? session.memberId : undefined;
  if (session.role === 'member' && !member) return el('div');
  const mayCost = session.role !== 'member';
  const formId = uniqueId('propose-project');
  const fields = new Map<FieldName, FieldSlot>();
  const feedback = liveRegion();
  const outcome = liveRegion();

  const field = (name: FieldName, label: string, control: HTMLInputElement | HTMLSelectElement, hint?: string): HTMLElement => {
    const slot = labelledField(formId, name, label, control, hint);
    fields.set(name, slot);
    return slot.wrapper;
  };
  const text = (extra: Record<string, string | number | boolean> = {}) => el('input', { type: 'text', autocomplete: 'off', ...extra });

  const title = text({ maxlength: 200, required: true });
  const description = text({ maxlength: 5000 });
  const categoryListId = `${formId}-categories`;
  const categories = [...new Set([...KNOWN_CATEGORIES, ...hooks.categories])].sort((a, b) => categoryLabel(a).localeCompare(categoryLabel(b), 'nb'));
  const category = text({ maxlength: 60, required: true, list: categoryListId });
  const categoryOptions = el('datalist', { id: categoryListId }, categories.map((value) => el('option', { value }, categoryLabel(value))));

  const members = [...reference.members].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  // The proposer (the member itself, or the first by name for a role that chooses) starts as the one participant.
  const firstProposer = member ?? members[0]?.id;
  const proposer = el('select', {}, members.map((candidate) => el('option', { value: candidate.id, selected: candidate.id === firstProposer }, candidate.name)));
  const participants = choiceGroup(
    formId,
    'participants',
    t('proposeParticipants'),
    members.map((candidate) => ({ value: candidate.id, label: candidate.name, checked: candidate.id === firstProposer })),
    { hint: t('proposeParticipantsHint') },
  );
  fields.set('participants', participants);

  const year = text({ inputmode: 'numeric', maxlength: 4 });
  const investment = text({ inputmode: 'numeric' });
  const operating = text({ inputmode: 'numeric' });

  const saveButton = el('button', { type: 'submit', class: 'primary' }, t('proposeSubmit'));
  const form = el(
    'form',
    { class: 'propose-project-form card', novalidate: true, 'aria-labelledby': `${formId}-heading`, onsubmit: (event: Event) => (event.preventDefault(), void submit()) },
    el('div', { class: 'form-grid' }, field('title', t('proposeTitleField'), title), field('category', t('proposeCategory'), category, t('proposeCategoryHint')), categoryOptions),
    el('div', { class: 'form-grid' }, field('description', t('proposeDescription'), description)),
    member
      ? el('p', { class: 'meta proposer' }, t('proposeProposedByFixed', { member: reference.memberName(member) }))
      : el('div', { class: 'form-grid' }, field('proposedBy', t('proposeProposedBy'), proposer)),
    participants.wrapper,
    mayCost
      ? el(
          'fieldset',
          { class: 'choices' },
          el('legend', {}, t('proposeCost')),
          el(
            'div',
            { class: 'form-grid' },
            field('year', t('proposeCostYear'), year),
            field('investmentNok', t('proposeInvestment'), investment, t('proposeNokHint')),
            field('operatingNok', t('proposeOperating'), operating, t('proposeNokHint')),
          ),
        )
      : el('p', { class: 'meta' }, t('proposeNoCostsMember')),
    el('div', { class: 'buttons' }, saveButton),
    feedback,
  );
  // The proposer's participation follows the proposer for a role that chooses it.
  const participantBox = (memberId: string | undefined) => form.querySelector<HTMLInputElement>(`input[name="participants"][value="${CSS.escape(memberId ?? '')}"]`);
  let proposerBefore = firstProposer;
  proposer.addEventListener('change', () => {
    const before = participantBox(proposerBefore);
    if (before) before.checked = false;
    const now = participantBox(proposer.value);
    if (now) now.checked = true;
    proposerBefore = proposer.value;
  });

  const problems = fieldErrors(form, fields);

  /** The body, or undefined with the problems shown beside their fields. */
  function read(): Record<string, unknown> | undefined {
    let valid = true;
    const fail = (name: FieldName, message: string) => {
      problems.show(name, message);
      valid = false;
    };
    const titleText = title.value.trim();
    if (!titleText) fail('title', t('required'));
    const categoryText = category.value.trim();
    if (!categoryText) fail('category', t('required'));
    const chosen = [...form.querySelectorAll<HTMLInputElement>('input[name="participants"]:checked')].map((box) => box.value);
    if (chosen.length === 0) fail('participants', t('proposeParticipantsRequired'));
    const costs: Array<{ year: number; investmentNok: number; operatingNok: number }> = [];
    if (mayCost && [year, investment, operating].some((input) => input.value.trim() !== '')) {
      const yearText = year.value.trim();
      const yearNumber = Number(yearText);
      if (!/^\d{4}$/.test(yearText) || yearNumber < 1990 || yearNumber > 2100) fail('year', t('budgetInvalidYear'));
      const nok = (input: HTMLInputElement, name: FieldName): number | undefined => {
        const amount = parseWholeNok(input.value);
        if (amount === 'empty') return 0;
        if (amount === undefined || amount > 1e12) return void fail(name, t('invalidWholeNumber'));
        return amount;
      };
      const investmentNok = nok(investment, 'investmentNok');
      const operatingNok = nok(operating, 'operatingNok');
      if (investmentNok !== undefined && operatingNok !== undefined) costs.push({ year: yearNumber, investmentNok, operatingNok });
    }
    if (!valid) return undefined;
    return {
      title: titleText,
      description: description.value.trim(),
      proposedBy: member ?? proposer.value,
      participants: chosen,
      category: categoryText,
      ...(costs.length > 0 ? { costs } : {}),
    };
  }

  async function submit(): Promise<void> {
    problems.clear();
    await submitForm({
      problems,
      feedback,
      button: saveButton,
      body: read(),
      async send(body) {
        const created = await apiSend<Project>('POST', projectsPath(reference), body);
        form.reset();
        proposerBefore = proposer.value;
        for (const box of form.querySelectorAll<HTMLInputElement>('input[name="participants"]')) box.checked = box.value === proposer.value;
        replaceChildren(outcome, messageBox('success', t('proposeCreated', { title: created.title }), ' ', projectLink(created.id, t('proposeOpen', { title: created.title }))));
        await hooks.onCreated(created);
      },
      // `costs.0.year` → `year`: the one cost row's fields are named by their own names.
      toName: (path) => (/^costs\.\d+\.(\w+)/.exec(path)?.[1] ?? /^[A-Za-z]+/.exec(path)?.[0]) as FieldName | undefined,
      otherError: (error) => (error instanceof ApiError && error.status === 409 ? messageBox('error', t('proposeConflict')) : undefined),
    });
  }

  return el(
    'section',
    { class: 'propose-project', 'aria-labelledby': `${formId}-heading` },
    el('h2', { id: `${formId}-heading` }, t('proposeHeading')),
    el('p', { class: 'intro' }, t(member ? 'proposeIntroMember' : 'proposeIntro')),
    form,
    outcome,
  );
}
