import { apiGet } from '../api.ts';
import { OPERATORS } from '../../../shared/domain/identity.ts';
import { el, replaceChildren } from '../dom.ts';
import { errorBox, whileLoading } from '../feedback.ts';
import { formatDateTime } from '../format.ts';
import { t, tOr } from '../i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { loadReference, regionPath, type Reference } from '../reference.ts';
import { href } from '../router.ts';
import type { AuditEntry, Page } from '../types.ts';

// Operators and admins (OPERATORS) see the whole trail; the API filters it for everyone else.
const PAGE_SIZE = 50;
/** A value longer than this is cut in the table (the API holds it whole). */
const VALUE_LENGTH = 80;

/**
 * Endringslogg: the region's audit trail, newest first, a page at a time. Read-only: the API has
 * no route that changes it. Members and budget owners get the entries that can move cost shares.
 */
export function renderAudit(view: HTMLElement, { session }: ViewContext): void {
  const body = el('tbody');
  const table = el(
    'table',
    { class: 'data compact' },
    el('caption', { class: 'visually-hidden' }, t('auditTitle')),
    el('thead', {}, el('tr', {}, [t('auditWhen'), t('auditWho'), t('auditRecord'), t('auditChanges')].map((heading) => el('th', { scope: 'col' }, heading)))),
    body,
  );
  const more = el('button', { type: 'button', hidden: true }, t('auditMore'));
  const status = el('div', { 'aria-live': 'polite' });
  replaceChildren(
    view,
    el('h1', {}, t('auditTitle')),
    el('p', { class: 'intro' }, t(OPERATORS.includes(session.role) ? 'auditIntroAll' : 'auditIntroMembers')),
    status,
    el('div', { class: 'table-scroll' }, table),
    more,
  );

  let reference: Reference | undefined;
  let cursor: string | undefined;
  const loadPage = async (): Promise<void> => {
    more.hidden = true;
    try {
      reference ??= await whileLoading(status, loadReference());
      const query = `limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await whileLoading(status, apiGet<Page<AuditEntry>>(`${regionPath(reference)}/audit?${query}`));
      const known = reference;
      body.append(...page.items.map((entry) => entryRow(entry, known)));
      if (body.childElementCount === 0) replaceChildren(status, el('p', {}, t('auditEmpty')));
      cursor = page.nextCursor;
      more.hidden = cursor === undefined;
    } catch (error) {
      replaceChildren(status, errorBox(error, () => void loadPage()));
    }
  };
  more.addEventListener('click', () => void loadPage());
  void loadPage();
}

function entryRow(entry: AuditEntry, reference: Reference): HTMLTableRowElement {
  return el(
    'tr',
    {},
    el('td', { class: 'date' }, formatDateTime(entry.at)),
    el('td', {}, entry.actor.memberId ? `${entry.actor.subject} (${reference.memberName(entry.actor.memberId)})` : entry.actor.subject),
    el('th', { scope: 'row' }, `${tOr(`auditAction_${entry.action}`, entry.action)}: ${tOr(`auditRecord_${entry.recordType}`, entry.recordType)} `, recordName(entry, reference)),
    el(
      'td',
      {},
      el('ul', { class: 'changes' }, entry.changes.map((change) => el('li', {}, el('code', {}, change.field), ` ${valueText(change.before, reference)} → ${valueText(change.after, reference)}`))),
      entry.reason ? el('p', { class: 'meta' }, t('auditReason', { reason: entry.reason })) : null,
    ),
  );
}

/** The record by name where the dashboard knows it (region, members, environments), a link for devices. */
function recordName(entry: AuditEntry, reference: Reference): HTMLElement | string {
  if (entry.recordType === 'region' && entry.recordId === reference.region.id) return reference.region.name;
  if (entry.recordType === 'member') return reference.memberName(entry.recordId);
  if (entry.recordType === 'environment' || entry.recordType === 'ingest-key' || entry.recordType === 'backup-push') return reference.environmentName(entry.recordId);
  if (entry.recordType === 'device') return el('a', { href: href('inventory', entry.recordId) }, entry.recordId);
  return entry.recordId;
}

function valueText(value: unknown, reference: Reference): string {
  if (value === undefined || value === '' || value === null) return t('auditEmptyValue');
  if (value === '[redacted]') return t('auditRedacted');
  const text = typeof value === 'string' || typeof value === 'boolean' ? wordOf(value) : payerText(value, reference) ?? JSON.stringify(value).replaceAll('"[redacted]"', t('auditRedacted'));
  return text.length > VALUE_LENGTH ? `${text.slice(0, VALUE_LENGTH - 1)}…` : text;
}

/** The API's enum values (status, incident state, kind, yes/no, per year/total) in the UI language; other text as it is. */
function wordOf(value: string | boolean): string {
  if (typeof value === 'boolean') return t(value ? 'auditYes' : 'auditNo');
  for (const prefix of ['status_', 'incidentState_', 'kind_', 'auditWord_']) {
    const word = tOr(`${prefix}${value}`, '');
    if (word) return word;
  }
  return value;
}

/** A device's payer as people say it: "Delt" or the member's name. */
function payerText(value: unknown, reference: Reference): string | undefined {
  if (!value || typeof value !== 'object' || !('type' in value)) return undefined;
  const payer = value as { type: unknown; memberId?: unknown };
  if (payer.type === 'shared' && Object.keys(payer).length === 1) return t('payerShared');
  if (payer.type === 'member' && typeof payer.memberId === 'string') return reference.memberName(payer.memberId);
  return undefined;
}
