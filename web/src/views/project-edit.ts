import { apiSend } from '../api.ts';
import { el, uniqueId } from '../dom.ts';
import { liveRegion } from '../feedback.ts';
import { submitForm } from '../form-submit.ts';
import { fieldErrors, labelledField, type FieldSlot } from '../form-fields.ts';
import { formatDate, parseDate } from '../format.ts';
import { t, tOr } from '../i18n.ts';
import type { Reference } from '../reference.ts';
import type { Session } from '../session.ts';
import { OPERATORS, PLANNERS } from '../../../shared/domain/identity.ts';
import { projectPath } from './portfolio-common.ts';
import type { BenefitMeasure, Project } from './portfolio-types.ts';

/**
 * Editing a project on its page, each part through the project's PATCH (with the version read, so
 * a change made meanwhile is refused, not overwritten): a member's own idea (title, description),
 * and for operators, budget owners and admins the urgency override and the benefits. Which role
 * may set which field is the API's rule (`assertMayEditProject` in shared/domain/authorisation.ts);
 * these forms offer only what it allows.
 */

type Control = HTMLInputElement | HTMLSelectElement;
/** A control of a form: its name, label, the control, and an optional hint. */
type FieldSpec<Name extends string> = [name: Name, label: string, control: Control, hint?: string];

interface PatchFormSpec<Name extends string> {
  className: string;
  fields: ReadonlyArray<FieldSpec<Name> | null>;
  /**
   * The PATCH body (without the version), or undefined after `fail` marked what is wrong; `fail`
   * shows its message under the named field.
   */
  read(fail: (name: Name, message: string) => void): Record<string, unknown> | undefined;
  /** The field an API problem's path (after `body.`) names: by default its first part. */
  toName?: (path: string) => Name | undefined;
  /** Buttons beside Save (Remove); each may return a body to send instead. */
  extraButtons?: Array<{ label: string; body: () => Record<string, unknown> }>;
}

/**
 * A form that sends one PATCH of the project: the problems the browser can see and those the API
 * names are shown under their fields, the first gets focus; on success the page is read again.
 */
function patchForm<Name extends string>(reference: Reference, project: Project, onSaved: () => void, spec: PatchFormSpec<Name>): HTMLFormElement {
  const formId = uniqueId(spec.className);
  const slots = new Map<Name, FieldSlot>();
  const feedback = liveRegion();
  const wrappers = spec.fields.map((field) => {
    if (!field) return null;
    const [name, label, control, hint] = field;
    const slot = labelledField(formId, name, label, control, hint);
    slots.set(name, slot);
    return slot.wrapper;
  });
  const saveButton = el('button', { type: 'submit', class: 'primary' }, t('save'));
  const extra = (spec.extraButtons ?? []).map(({ label, body }) => {
    const button = el('button', { type: 'button' }, label);
    button.addEventListener('click', () => {
      problems.clear();
      void send(body(), button);
    });
    return button;
  });
  const form = el(
    'form',
    { class: `${spec.className} card`, novalidate: true, onsubmit: (event: Event) => (event.preventDefault(), void submit()) },
    el('div', { class: 'form-grid' }, wrappers),
    el('div', { class: 'buttons' }, saveButton, extra),
    feedback,
  );
  const problems = fieldErrors(form, slots);

  function submit(): Promise<void> {
    problems.clear();
    let valid = true;
    const body = spec.read((name, message) => {
      problems.show(name, message);
      valid = false;
    });
    return send(valid ? body : undefined, saveButton);
  }

  function send(body: Record<string, unknown> | undefined, button: HTMLButtonElement): Promise<void> {
    return submitForm({
      problems,
      feedback,
      button,
      body,
      async send(valid) {
        await apiSend<Project>('PATCH', projectPath(reference, project.id), { ...valid, version: project.version });
        onSaved();
      },
      toName: spec.toName,
    });
  }
  return form;
}

function editSection(headingKey: 'editIdeaHeading' | 'urgencyHeading' | 'benefitsEditHeading', introKey: 'editIdeaIntro' | 'urgencyIntro' | 'benefitsEditIntro', ...content: Array<Node | null>): HTMLElement {
  const headingId = uniqueId('project-edit');
  return el('section', { 'aria-labelledby': headingId }, el('h2', { id: headingId }, t(headingKey)), el('p', { class: 'intro' }, t(introKey)), content);
}

const text = (value: string | undefined, extra: Record<string, string | number | boolean> = {}) => el('input', { type: 'text', autocomplete: 'off', value: value ?? '', ...extra });
const choose = (options: ReadonlyArray<{ value: string; label: string }>, selected: string | undefined) =>
  el('select', {}, options.map((option) => el('option', { value: option.value, selected: option.value === selected }, option.label)));

/**
 * A member's own proposal while it is an idea: its title and description can be changed (the API
 * refuses a member the costs and the rest of the assessment, so they are not offered). Null when
 * the signed-in role may not edit this project that way.
 */
export function ownIdeaEditor(session: Session, reference: Reference, project: Project, onSaved: () => void): HTMLElement | null {
  if (session.role !== 'member' || session.memberId !== project.proposedBy || project.status !== 'idea') return null;
  const title = text(project.title, { maxlength: 200, required: true });
  const description = text(project.description, { maxlength: 5000 });
  const form = patchForm(reference, project, onSaved, {
    className: 'edit-idea-form',
    fields: [
      ['title', t('proposeTitleField'), title],
      ['description', t('proposeDescription'), description],
    ],
    read(fail) {
      const titleText = title.value.trim();
      if (!titleText) fail('title', t('required'));
      return { title: titleText, description: description.value.trim() };
    },
  });
  return editSection('editIdeaHeading', 'editIdeaIntro', form);
}

/** Operators assess (the urgency override among the assessment's fields); budget owners and admins may set every field. */
const mayAssess = (session: Session) => OPERATORS.includes(session.role) || PLANNERS.includes(session.role);

/**
 * The urgency override: an operator (or a budget owner, an admin) sets urgency 1–5 in place of the
 * one derived from the linked devices, with the reason, or removes the override.
 */
export function urgencyEditor(session: Session, reference: Reference, project: Project, onSaved: () => void): HTMLElement | null {
  if (!mayAssess(session)) return null;
  const current = project.urgencyOverride;
  const rating = choose(
    [{ value: '', label: t('urgencyNoOverride') }, ...[1, 2, 3, 4, 5].map((value) => ({ value: String(value), label: String(value) }))],
    current ? String(current.rating) : '',
  );
  const reason = text(current?.reason, { maxlength: 1000 });
  const form = patchForm(reference, project, onSaved, {
    className: 'urgency-form',
    fields: [
      ['rating', t('urgencyRating'), rating],
      ['reason', t('urgencyReason'), reason, t('urgencyReasonHint')],
    ],
    read(fail) {
      if (rating.value === '') return { urgencyOverride: null };
      const reasonText = reason.value.trim();
      if (!reasonText) fail('reason', t('urgencyReasonRequired'));
      return { urgencyOverride: { rating: Number(rating.value), reason: reasonText } };
    },
    // `urgencyOverride.reason` → `reason`.
    toName: (path) => /^urgencyOverride\.(rating|reason)/.exec(path)?.[1] as 'rating' | 'reason' | undefined,
  });
  return editSection('urgencyHeading', 'urgencyIntro', form);
}

type Benefit = Project['benefits'][number];
type BenefitField = 'description' | 'ownerMemberId' | 'measure' | 'environmentId' | 'unit' | 'target' | 'targetDate';
const MEASURE_TYPES: ReadonlyArray<BenefitMeasure['type']> = ['entered', 'availability', 'incidents-per-month', 'backup-coverage'];

/** A decimal as typed in Norwegian or not: `99,5`, `99.5`, `1 200`. */
function parseDecimal(value: string): number | undefined {
  const compact = value.replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(compact) ? Number(compact) : undefined;
}

/**
 * The benefits: each one's description, owner, measure (typed-in values with a unit, or a
 * monitoring measure of an environment), target and target date, changed in a form of its own,
 * removed, or a new one added. Measured values and an entered baseline are kept as they are.
 */
export function benefitsEditor(session: Session, reference: Reference, project: Project, onSaved: () => void): HTMLElement | null {
  if (!mayAssess(session)) return null;
  const benefitForm = (benefit: Benefit | undefined, index: number): HTMLElement => {
    const members = [...reference.members].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
    const description = text(benefit?.description, { maxlength: 1000, required: true });
    const owner = choose(
      members.map((member) => ({ value: member.id, label: member.name })),
      benefit?.ownerMemberId ?? project.proposedBy,
    );
    const measure = choose(
      MEASURE_TYPES.map((type) => ({ value: type, label: tOr(`measure_${type}`, type) })),
      benefit?.measure.type ?? 'entered',
    );
    const environment = choose(
      [{ value: '', label: t('none') }, ...reference.environments.map((candidate) => ({ value: candidate.id, label: candidate.name }))],
      benefit && benefit.measure.type !== 'entered' ? benefit.measure.environmentId : '',
    );
    const unit = text(benefit?.measure.type === 'entered' ? benefit.measure.unit : undefined, { maxlength: 40 });
    const target = text(benefit === undefined ? '' : String(benefit.target).replace('.', ','), { inputmode: 'decimal' });
    const targetDate = text(benefit === undefined ? '' : formatDate(benefit.targetDate), { inputmode: 'numeric', placeholder: 'dd.mm.åååå' });
    const others = project.benefits.filter((_, at) => at !== index);
    const form = patchForm<BenefitField>(reference, project, onSaved, {
      className: 'benefit-form',
      fields: [
        ['description', t('benefitDescription'), description],
        ['ownerMemberId', t('benefitOwner'), owner],
        ['measure', t('benefitMeasure'), measure],
        ['environmentId', t('benefitEnvironment'), environment, t('benefitEnvironmentHint')],
        ['unit', t('benefitUnit'), unit, t('benefitUnitHint')],
        ['target', t('benefitTarget'), target],
        ['targetDate', t('benefitTargetDate'), targetDate, t('benefitDateHint')],
      ],
      read(fail) {
        const descriptionText = description.value.trim();
        if (!descriptionText) fail('description', t('required'));
        const targetValue = parseDecimal(target.value);
        if (targetValue === undefined) fail('target', t('benefitTargetInvalid'));
        const day = parseDate(targetDate.value);
        if (!day) fail('targetDate', t('benefitDateInvalid'));
        const type = measure.value as BenefitMeasure['type'];
        if (type !== 'entered' && !environment.value) fail('environmentId', t('benefitEnvironmentRequired'));
        const unitText = unit.value.trim();
        const measured: BenefitMeasure = type === 'entered' ? { type, ...(unitText ? { unit: unitText } : {}) } : { type, environmentId: environment.value };
        const changed: Benefit = {
          ...(benefit ?? { values: [] }),
          description: descriptionText,
          ownerMemberId: owner.value,
          measure: measured,
          target: targetValue ?? 0,
          targetDate: day ?? '',
        };
        // A computed baseline replaces an entered one when the measure becomes a monitoring measure.
        if (type !== 'entered') delete changed.baseline;
        const benefits = benefit === undefined ? [...project.benefits, changed] : project.benefits.map((candidate, at) => (at === index ? changed : candidate));
        return { benefits };
      },
      // `benefits.2.measure.environmentId` → `environmentId`, `benefits.2.measure.type` → `measure`, `benefits.2.target` → `target`.
      toName: (path) => {
        const field = /^benefits\.\d+\.(?:measure\.)?(\w+)/.exec(path)?.[1];
        return (field === 'type' ? 'measure' : field) as BenefitField | undefined;
      },
      extraButtons: benefit === undefined ? [] : [{ label: t('benefitRemove'), body: () => ({ benefits: others }) }],
    });
    return el(
      'section',
      { class: 'benefit-edit', 'aria-label': benefit ? t('benefitEditFor', { benefit: benefit.description }) : t('benefitNew') },
      el('h3', {}, benefit ? benefit.description : t('benefitNew')),
      form,
    );
  };
  return editSection('benefitsEditHeading', 'benefitsEditIntro', ...project.benefits.map((benefit, index) => benefitForm(benefit, index)), benefitForm(undefined, project.benefits.length));
}
