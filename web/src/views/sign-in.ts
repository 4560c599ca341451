import { ROLES, type Role } from '../../../shared/domain/identity.ts';
import { ApiError, apiGet, localLookupToken, localSignIn, passwordSignIn, type SignInMode } from '../api.ts';
import { el, replaceChildren, uniqueId } from '../dom.ts';
import { describeError, liveRegion, messageBox, whileLoading } from '../feedback.ts';
import { t } from '../i18n.ts';
import type { Session } from '../session.ts';
import { roleLabel } from '../status.ts';
import type { Member, Page, Region } from '../types.ts';

interface SignInOptions {
  notice?: string;
  /** What the local host offers; the demo picker when unknown (as before the modes existed). */
  mode?: SignInMode;
  onSignedIn: (session: Session) => void;
}

/**
 * LOCAL ONLY sign-in, the local host's stand-in for Cognito's hosted UI (in AWS the hosted UI
 * replaces this screen): user name and password on a real local instance, or in demo mode the
 * identity picker — choose a role (and for a municipality, which one).
 */
export function renderSignIn(container: HTMLElement, options: SignInOptions): void {
  if (options.mode?.mode === 'password') renderPasswordSignIn(container, options);
  else renderDemoPicker(container, options);
}

function renderPasswordSignIn(container: HTMLElement, options: SignInOptions): void {
  const userNameId = uniqueId('sign-in-user');
  const passwordId = uniqueId('sign-in-password');
  const userName = el('input', { id: userNameId, name: 'userName', type: 'text', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' }) as HTMLInputElement;
  const password = el('input', { id: passwordId, name: 'password', type: 'password', autocomplete: 'current-password', required: true }) as HTMLInputElement;
  const feedback = liveRegion();
  const form = el(
    'form',
    { class: 'sign-in card', novalidate: true, onsubmit: (event: Event) => void submit(event) },
    el('h1', {}, t('signInTitle')),
    el('p', {}, t('signInPasswordIntro')),
    options.notice ? messageBox('warning', options.notice) : null,
    el('div', { class: 'field' }, el('label', { for: userNameId }, t('signInUserName')), userName),
    el('div', { class: 'field' }, el('label', { for: passwordId }, t('signInPassword')), password),
    el('button', { type: 'submit', class: 'primary' }, t('signInButton')),
    feedback,
  );
  replaceChildren(container, form);
  userName.focus();

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (!userName.value.trim() || !password.value) {
      replaceChildren(feedback, messageBox('error', t('signInFillBoth')));
      (userName.value.trim() ? password : userName).focus();
      return;
    }
    const button = form.querySelector('button[type=submit]') as HTMLButtonElement;
    button.disabled = true;
    try {
      options.onSignedIn(await passwordSignIn(userName.value.trim(), password.value));
    } catch (error) {
      replaceChildren(feedback, messageBox('error', passwordFailure(error)));
      password.value = '';
      password.focus();
      button.disabled = false;
    }
  }
}

/** The sign-in's own refusals in the person's language; anything else as any other failure. */
function passwordFailure(error: unknown): string {
  if (error instanceof ApiError && error.code === 'sign-in-failed') return t('signInWrongPassword');
  if (error instanceof ApiError && error.code === 'too-many-attempts') {
    const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60;
    return t('signInTooManyAttempts', { seconds: String(seconds) });
  }
  return t('signInFailed', { message: describeError(error) });
}

function renderDemoPicker(container: HTMLElement, options: SignInOptions): void {
  const memberSelectId = uniqueId('sign-in-member');
  const memberSelect = el('select', { id: memberSelectId, name: 'memberId', 'aria-describedby': `${memberSelectId}-hint` });
  const memberField = el(
    'div',
    { class: 'field', hidden: true },
    el('label', { for: memberSelectId }, t('signInMember')),
    el('p', { class: 'hint', id: `${memberSelectId}-hint` }, t('signInChooseMember')),
    memberSelect,
  );
  const feedback = liveRegion();

  const roleChoices = ROLES.map((role) => {
    const id = uniqueId(`sign-in-role-${role}`);
    return el(
      'div',
      { class: 'choice' },
      el('input', { type: 'radio', name: 'role', id, value: role, checked: role === 'operator', onchange: () => showMemberChoice(role) }),
      el('label', { for: id }, roleLabel(role)),
    );
  });

  const form = el(
    'form',
    { class: 'sign-in card', novalidate: true, onsubmit: (event: Event) => void submit(event) },
    el('h1', {}, t('signInTitle')),
    el('p', {}, t('signInIntro')),
    options.notice ? messageBox('warning', options.notice) : null,
    el('fieldset', {}, el('legend', {}, t('signInRole')), roleChoices),
    memberField,
    el('button', { type: 'submit', class: 'primary' }, t('signInButton')),
    feedback,
  );
  replaceChildren(container, form);

  function showMemberChoice(role: Role): void {
    memberField.hidden = role !== 'member';
    if (role === 'member' && memberSelect.options.length === 0) void loadMembers();
  }

  async function loadMembers(): Promise<void> {
    try {
      const members = await whileLoading(memberField, fetchMembersForSignIn());
      replaceChildren(
        memberSelect,
        members.map((member) => el('option', { value: member.id }, member.name)),
      );
    } catch {
      replaceChildren(feedback, messageBox('error', t('signInMembersFailed')));
    }
  }

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const role = (new FormData(form).get('role') ?? 'operator') as Role;
    const memberId = role === 'member' ? memberSelect.value : undefined;
    if (role === 'member' && !memberId) {
      replaceChildren(feedback, messageBox('error', t('signInChooseMember')));
      memberSelect.focus();
      return;
    }
    const button = form.querySelector('button[type=submit]') as HTMLButtonElement;
    button.disabled = true;
    try {
      const session = await localSignIn(role, memberId);
      options.onSignedIn(session);
    } catch (error) {
      replaceChildren(feedback, messageBox('error', t('signInFailed', { message: describeError(error) })));
      button.disabled = false;
    }
  }
}

/** The municipalities to choose from, read with a short look-up token that is never kept. */
async function fetchMembersForSignIn(): Promise<Member[]> {
  const token = await localLookupToken();
  const regions = await apiGet<Page<Region>>('/api/regions?limit=1', { token });
  const region = regions.items[0];
  if (!region) return [];
  const members = await apiGet<Page<Member>>(`/api/regions/${encodeURIComponent(region.id)}/members?limit=1000`, { token });
  // A member merged into another no longer signs in on its own.
  return members.items.filter((member) => member.mergedInto === undefined && member.leftOn === undefined);
}
