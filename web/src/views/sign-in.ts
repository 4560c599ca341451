import { ROLES, type Role } from '../../../shared/domain/identity.ts';
import { apiGet, localLookupToken, localSignIn } from '../api.ts';
import { el, replaceChildren, uniqueId } from '../dom.ts';
import { describeError, liveRegion, messageBox, whileLoading } from '../feedback.ts';
import { t } from '../i18n.ts';
import type { Session } from '../session.ts';
import { roleLabel } from '../status.ts';
import type { Member, Page, Region } from '../types.ts';

/**
 * LOCAL ONLY sign-in: choose a role (and for a municipality, which one) and get a token from the
 * local host's stand-in for Cognito's hosted UI. In AWS the hosted UI replaces this screen.
 */
export function renderSignIn(container: HTMLElement, options: { notice?: string; onSignedIn: (session: Session) => void }): void {
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
