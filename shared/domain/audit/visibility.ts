import type { AuditEntry, AuditRecordType } from '#shared/schemas/audit.ts';
import { hasAnyRole, OPERATORS, type Identity } from '../identity.ts';

/**
 * Which changes members and budget owners see in the audit trail: every change that can move who
 * pays what, so each municipality can check the others' figures (issue 7 — KR-IKT's first
 * agreement ended over cost shares). KR-IKT's operators and admins see everything.
 *
 * Per record type, the fields a member sees; `all` = the whole entry. Anything not listed
 * (monitoring, check targets, incidents, maintenance, backups, budget lines) is operations'
 * business and stays out of the members' view.
 * - member: every change — membership dates, mergers and population are the share key's inputs.
 * - environment: `serves` (who shares an environment's cost on a date) and `key` (how it is split).
 * - device: who pays (`payer`), where it runs (`environmentId`: whose key) and every input of its
 *   cost and due date; `name` so a person can tell which device it is. Never `monitoring`.
 * - region: the price index, default lifetimes and the default key move every shared cost.
 * - ingest-key: that a key was made, by whom and when (the key material is redacted anyway).
 * - device-import: an import adds devices and so cost; the entry lists what it wrote.
 * - the portfolio (projects with their decision log, rankings, scenarios, settings): the members
 *   decide it together, so every member reads all of it.
 */
export const MEMBER_VISIBLE_FIELDS: Readonly<Partial<Record<AuditRecordType, readonly string[] | 'all'>>> = {
  member: 'all',
  environment: ['serves', 'key'],
  device: [
    'name',
    'kind',
    'payer',
    'environmentId',
    'purchaseDate',
    'purchaseCostNok',
    'replacementCostNok',
    'expectedLifetimeYears',
    'vendorEndOfSupport',
  ],
  region: ['priceIndex', 'lifetimes', 'defaultKey'],
  'ingest-key': 'all',
  'device-import': 'all',
  // The portfolio is the members' own business: every member reads every project, ranking, scenario and setting.
  project: 'all',
  ranking: 'all',
  scenario: 'all',
  'portfolio-settings': 'all',
};

/** Operators and admins read the whole trail. */
export function readsWholeAuditTrail(identity: Identity): boolean {
  return hasAnyRole(identity, OPERATORS);
}

/**
 * The entry as `identity` may see it: whole for operators and admins; for anyone else only the
 * fields listed above, and nothing (undefined) when none of its changes is one of them. A create
 * or delete with no visible field left (an environment created with nobody served) still shows,
 * because the record's existence moves shares.
 */
export function auditEntryFor(identity: Identity, entry: AuditEntry): AuditEntry | undefined {
  if (readsWholeAuditTrail(identity)) return entry;
  const visible = MEMBER_VISIBLE_FIELDS[entry.recordType];
  if (visible === undefined) return undefined;
  if (visible === 'all') return entry;
  const changes = entry.changes.filter((change) => visible.includes(change.field));
  if (changes.length === 0 && entry.action === 'update') return undefined;
  return { ...entry, changes };
}

/** True when members see at least part of the entry: stored beside it so their reads can filter in the key read. */
export function visibleToMembers(entry: AuditEntry): boolean {
  return auditEntryFor({ subject: '', roles: ['member'] }, entry) !== undefined;
}
