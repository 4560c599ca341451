import { ForbiddenError, ValidationError } from './errors.ts';
import { ADMINS, EVERYONE, INVENTORY_EDITORS, OPERATORS, PLANNERS, assertMayEditMemberRecord, hasAnyRole, type Identity, type Role } from './identity.ts';
import { checkPlacementProblems, type SiteNetworksLike } from './networks.ts';
import type { CheckDefinition } from '#shared/schemas/checks.ts';

/**
 * Who may change what: the one place for the rules. Every write route of the contract has a rule
 * here, keyed by the route's `functionName`; the middy chain takes a write route's roles from this
 * table (not from the contract), the use cases call the record-level checks below, and the tests
 * enumerate the table (a write route without a rule fails `test/unit/authorisation.test.ts`).
 */

/** What a member's record-level right rests on, for the routes a member may call at all. */
export type RecordScope =
  /** Not inside a region (creating regions). */
  | 'none'
  /** A record of the region as a whole: only the roles listed may write it. */
  | 'region'
  /** A member record: a member may change the descriptive fields of its own. */
  | 'own-member'
  /** A device: a member may change the inventory facts of a device it alone pays for. */
  | 'own-device'
  /** A project: a member may propose as itself and change its own proposal while it is an idea. */
  | 'own-proposal'
  /** A member's ranking of the projects: a member ranks for itself only. */
  | 'own-ranking';

export interface WriteRule {
  /** Roles that may call the route; `ingest-key` routes take an environment's key instead of a token. */
  roles: readonly Role[] | 'ingest-key';
  scope: RecordScope;
  /** The rule in one sentence (README's Roles table, test names). */
  rule: string;
}

const OPERATIONS = 'operators and admins';
const PROPOSAL_RULE =
  'a member: proposes as itself and edits its own proposal while it is an idea (never ratings, costs, devices, risks, key or forced); operators: assessment (ratings, costs, devices, risks, key); budget owners: force in/out; admins: all';
/** Who moves a project through its statuses (what each may move it to: {@link TRANSITION_ROLES}). */
export const PROJECT_DECIDERS: readonly Role[] = ['operator', 'budget-owner', 'admin'];
const MEMBERS: readonly Role[] = ['member'];
const MEMBER_DEVICE_RULE =
  'operators and admins; a member: the inventory facts (never monitoring) of a device it alone pays for, in an environment that serves it on the day of the write';

export const WRITE_RULES = {
  'create-region': { roles: ADMINS, scope: 'none', rule: 'admins' },
  'update-region': { roles: PLANNERS, scope: 'region', rule: 'budget owners and admins (lifetimes, price index, default key)' },
  'create-member': { roles: ADMINS, scope: 'region', rule: 'admins, with a reason (membership facts)' },
  'update-member': {
    roles: ['admin', 'member'],
    scope: 'own-member',
    rule: 'admins (membership facts — joinedOn, leftOn, mergedInto, mergedOn, population — with a reason); a member: contactPerson, email, phone, notes of its own record',
  },
  'create-environment': { roles: OPERATORS, scope: 'region', rule: `${OPERATIONS} (serves, key, site networks)` },
  'update-environment': { roles: OPERATORS, scope: 'region', rule: `${OPERATIONS} (serves, key, site networks)` },
  'create-device': { roles: INVENTORY_EDITORS, scope: 'own-device', rule: MEMBER_DEVICE_RULE },
  'replace-device': { roles: INVENTORY_EDITORS, scope: 'own-device', rule: MEMBER_DEVICE_RULE },
  'patch-device': { roles: INVENTORY_EDITORS, scope: 'own-device', rule: MEMBER_DEVICE_RULE },
  'delete-device': { roles: INVENTORY_EDITORS, scope: 'own-device', rule: MEMBER_DEVICE_RULE },
  'import-devices': { roles: OPERATORS, scope: 'region', rule: OPERATIONS },
  'create-incident': { roles: OPERATORS, scope: 'region', rule: OPERATIONS },
  'acknowledge-incident': { roles: OPERATORS, scope: 'region', rule: OPERATIONS },
  'resolve-incident': { roles: OPERATORS, scope: 'region', rule: OPERATIONS },
  'comment-incident': { roles: OPERATORS, scope: 'region', rule: OPERATIONS },
  'create-maintenance-window': { roles: OPERATORS, scope: 'region', rule: OPERATIONS },
  'delete-maintenance-window': { roles: OPERATORS, scope: 'region', rule: OPERATIONS },
  'create-ingest-key': { roles: OPERATORS, scope: 'region', rule: OPERATIONS },
  'ingest-backup-results': { roles: 'ingest-key', scope: 'region', rule: "the environment's ingest key, no user token" },
  'create-budget-line': { roles: PLANNERS, scope: 'region', rule: 'budget owners and admins' },
  'update-budget-line': { roles: PLANNERS, scope: 'region', rule: 'budget owners and admins' },
  'delete-budget-line': { roles: PLANNERS, scope: 'region', rule: 'budget owners and admins' },
  'create-project': { roles: EVERYONE, scope: 'own-proposal', rule: PROPOSAL_RULE },
  'replace-project': { roles: EVERYONE, scope: 'own-proposal', rule: PROPOSAL_RULE },
  'patch-project': { roles: EVERYONE, scope: 'own-proposal', rule: PROPOSAL_RULE },
  'delete-project': { roles: EVERYONE, scope: 'own-proposal', rule: 'a member: its own proposal while it is an idea; operators, budget owners and admins: any project' },
  'transition-project': { roles: PROJECT_DECIDERS, scope: 'region', rule: 'operators: to idea or assessed; budget owners and admins: any transition (approve, reject, on hold, start, finish)' },
  'create-project-proposals': { roles: PROJECT_DECIDERS, scope: 'region', rule: 'operators, budget owners and admins' },
  'update-portfolio-settings': { roles: PLANNERS, scope: 'region', rule: 'budget owners and admins (criteria, weights, alpha, member weighting)' },
  'update-ranking': { roles: MEMBERS, scope: 'own-ranking', rule: 'a member, for itself only (no other role ranks)' },
  'create-scenario': { roles: PLANNERS, scope: 'region', rule: 'budget owners and admins' },
  'update-scenario': { roles: PLANNERS, scope: 'region', rule: 'budget owners and admins' },
  'delete-scenario': { roles: PLANNERS, scope: 'region', rule: 'budget owners and admins' },
} as const satisfies Record<string, WriteRule>;

export type WriteRouteName = keyof typeof WRITE_RULES;

/** The rule of a write route, or undefined for a read (and for a write nobody wrote a rule for: the tests catch that). */
export function writeRuleOf(functionName: string): WriteRule | undefined {
  return (WRITE_RULES as Record<string, WriteRule>)[functionName];
}

// --- regions -----------------------------------------------------------------------------------

/**
 * A token names the regions it may act in (`custom:regionIds`). `*` (every region) counts only for
 * admins; anyone else with `*`, or with no regions, acts in none.
 */
export function mayActInRegion(identity: Identity, regionId: string): boolean {
  const regions = identity.regionIds ?? [];
  if (regions === '*') return hasAnyRole(identity, ADMINS);
  return regions.includes(regionId);
}

export function assertMayActInRegion(identity: Identity, regionId: string): void {
  if (mayActInRegion(identity, regionId)) return;
  const regions = identity.regionIds === '*' ? '* (honoured for admins only)' : (identity.regionIds ?? []).join(', ') || 'none';
  throw new ForbiddenError(`this token may act in region(s) ${regions}, not in '${regionId}'`, { code: 'region-not-allowed', details: { regionId } });
}

// --- members -----------------------------------------------------------------------------------

/** Facts that move cost shares: admins only, each change with a reason. */
export const MEMBERSHIP_FACTS = ['joinedOn', 'leftOn', 'mergedInto', 'mergedOn', 'population'] as const;
/** What a member may edit on its own record. */
export const MEMBER_DESCRIPTIVE_FIELDS = ['contactPerson', 'email', 'phone', 'notes'] as const;

type MemberLike = { id: string } & Record<string, unknown>;

/** Fields whose value differs between two versions of a record (absent and undefined are equal). */
export function changedFields(before: Record<string, unknown> | undefined, after: Record<string, unknown>, ignore: readonly string[] = ['version', 'reason']): string[] {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  return [...names].filter((name) => !ignore.includes(name) && canonical(before?.[name]) !== canonical(after[name])).sort();
}

/** JSON with object keys sorted: a stored map (DynamoDB keeps no key order) equals the same value sent. */
function canonical(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
}

/**
 * A write to a member record (`before` undefined for a create). Admins may change anything, and a
 * change to a membership fact needs a `reason`. A member may change only the descriptive fields of
 * its own record.
 */
export function assertMemberChangeAllowed(identity: Identity, before: MemberLike | undefined, after: MemberLike, reason: string | undefined): void {
  const changed = changedFields(before, after);
  if (!hasAnyRole(identity, ADMINS)) {
    assertMayEditMemberRecord(identity, [after.id], `member '${after.id}'`);
    const notDescriptive = changed.filter((field) => !(MEMBER_DESCRIPTIVE_FIELDS as readonly string[]).includes(field));
    if (notDescriptive.length > 0) {
      throw new ForbiddenError(`a member may change only ${MEMBER_DESCRIPTIVE_FIELDS.join(', ')} of its own record; ${notDescriptive.join(', ')} only an admin may change`, {
        code: 'member-field-admin-only',
        details: { fields: notDescriptive.map((field) => `body.${field}`) },
      });
    }
  }
  const facts = changed.filter((field) => (MEMBERSHIP_FACTS as readonly string[]).includes(field));
  if (facts.length > 0 && !reason?.trim()) {
    throw new ValidationError(`a change to membership facts (${facts.join(', ')}) needs a reason`, [
      { field: 'body.reason', problem: `is required when ${facts.join(', ')} change: say why (e.g. the council decision), every member can read it` },
    ]);
  }
}

// --- devices -----------------------------------------------------------------------------------

/** Operators and admins see and write monitoring configuration (checks, targets, secretRef, backup requirements). */
export function mayConfigureMonitoring(identity: Identity): boolean {
  return hasAnyRole(identity, OPERATORS);
}

interface DeviceLike {
  id: string;
  environmentId: string;
  payer: { type: 'member'; memberId: string } | { type: 'shared'; key?: unknown };
  monitoring?: unknown;
}

interface EnvironmentLike {
  id: string;
  serves: ReadonlyArray<{ memberId: string; from: string; to?: string }>;
  siteNetworks?: SiteNetworksLike;
}

/** True when the environment serves the member on `day` (YYYY-MM-DD) by one of its own service periods. */
export function servesOn(environment: Pick<EnvironmentLike, 'serves'>, memberId: string, day: string): boolean {
  return environment.serves.some((period) => period.memberId === memberId && period.from <= day && (period.to === undefined || day <= period.to));
}

/**
 * A write to a device by someone who is not an operator: a member, on a device it alone pays for
 * (before and after), in an environment that serves it on the day of the write, without monitoring
 * in the body. `before`/`after` undefined for a create/delete. `environments` are the device's
 * environments before and after.
 */
export function assertMemberDeviceWrite(
  identity: Identity,
  write: { before?: DeviceLike; after?: DeviceLike; bodyHasMonitoring: boolean; environments: readonly EnvironmentLike[]; day: string },
): void {
  if (hasAnyRole(identity, OPERATORS)) return;
  const { before, after } = write;
  const id = after?.id ?? before?.id ?? '';
  assertMayEditMemberRecord(identity, [before, after].filter((d) => d !== undefined).map((d) => payerOf(d)), `device '${id}'`);
  if (write.bodyHasMonitoring) {
    throw new ForbiddenError('monitoring (checks, targets, secretRef, backup requirements) is configured by KR-IKT operators only', {
      code: 'monitoring-operators-only',
      details: { fields: ['body.monitoring'] },
    });
  }
  const memberId = identity.memberId ?? '';
  const notServing = write.environments.find((environment) => !servesOn(environment, memberId, write.day));
  if (notServing) {
    throw new ForbiddenError(`environment '${notServing.id}' does not serve member '${memberId}' on ${write.day}; ask KR-IKT to place the device`, {
      code: 'environment-does-not-serve-member',
      details: { environmentId: notServing.id, memberId, day: write.day },
    });
  }
}

function payerOf(device: DeviceLike): string | undefined {
  return device.payer.type === 'member' ? device.payer.memberId : undefined;
}

/**
 * Every check of a device must aim inside its environment's site networks and name only that
 * environment's secrets: otherwise 400 naming `body.monitoring.checks.<i>.<field>`.
 */
export function assertChecksBelongToEnvironment(checks: readonly CheckDefinition[], environment: EnvironmentLike, prefix = 'body.monitoring.checks'): void {
  const problems = checks.flatMap((check, index) =>
    checkPlacementProblems(check, environment).map((problem) => ({ field: `${prefix}.${index}.${problem.field}`, problem: problem.problem, code: problem.code })),
  );
  if (problems.length === 0) return;
  throw new ValidationError(`checks must stay inside environment '${environment.id}': ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
}

// --- the project portfolio ---------------------------------------------------------------------

/**
 * Which fields of a project each role writes. A project's fields fall in three groups: the
 * proposal (what a member proposes), the assessment (KR-IKT's operators: ratings, costs, linked
 * devices, risks, the cost key) and the decision (budget owners: forcing it in or out of the plan).
 * `status` is none of them: it moves only through a transition.
 */
export const PROJECT_ASSESSMENT_FIELDS = ['ratings', 'costs', 'deviceIds', 'risks', 'key', 'urgencyOverride'] as const;
export const PROJECT_DECISION_FIELDS = ['forced'] as const;
const PROJECT_FIELD_WRITERS: Readonly<Record<'proposal' | 'assessment' | 'decision', readonly Role[]>> = {
  proposal: EVERYONE,
  assessment: OPERATORS,
  decision: PLANNERS,
};

function projectFieldGroup(field: string): keyof typeof PROJECT_FIELD_WRITERS {
  if ((PROJECT_ASSESSMENT_FIELDS as readonly string[]).includes(field)) return 'assessment';
  if ((PROJECT_DECISION_FIELDS as readonly string[]).includes(field)) return 'decision';
  return 'proposal';
}

interface ProjectLike {
  id: string;
  proposedBy: string;
  status: string;
}

/** Fields of an empty project: what a create is compared with (an empty list or map sets nothing). */
function isEmptyValue(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0) || (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
}

/**
 * A write to a project (`before` undefined for a create, `after` undefined for a delete). A member
 * proposes only as itself and changes or deletes only its own proposal, only while it is an idea;
 * every caller changes only the fields of its groups (see {@link PROJECT_FIELD_WRITERS}). 403 naming
 * the fields otherwise.
 */
export function assertProjectWrite(identity: Identity, before: (ProjectLike & Record<string, unknown>) | undefined, after: (ProjectLike & Record<string, unknown>) | undefined): void {
  const id = after?.id ?? before?.id ?? '';
  if (!hasAnyRole(identity, PROJECT_DECIDERS)) {
    const own = identity.memberId;
    const owners = [before?.proposedBy, after?.proposedBy].filter((owner) => owner !== undefined);
    if (own === undefined || owners.some((owner) => owner !== own)) {
      throw new ForbiddenError(`project '${id}' is proposed by another member; a member proposes and changes only its own proposals`, {
        code: 'project-not-own-proposal',
        details: { projectId: id, proposedBy: before?.proposedBy ?? after?.proposedBy, memberId: own, fields: ['body.proposedBy'] },
      });
    }
    if (before !== undefined && before.status !== 'idea') {
      throw new ForbiddenError(`project '${id}' is ${before.status}: a member changes its proposal only while it is an idea`, {
        code: 'project-not-idea',
        details: { projectId: id, status: before.status },
      });
    }
  }
  if (after === undefined) return;
  const changed = before === undefined ? Object.keys(after).filter((field) => !isEmptyValue(after[field])) : changedFields(before, after);
  const refused = changed.filter((field) => field !== 'id' && field !== 'status' && !hasAnyRole(identity, PROJECT_FIELD_WRITERS[projectFieldGroup(field)]));
  if (refused.length > 0) {
    throw new ForbiddenError(`your role may not set ${refused.join(', ')} of a project (${refused.map((field) => `${field}: ${PROJECT_FIELD_WRITERS[projectFieldGroup(field)].join(', ')}`).join('; ')})`, {
      code: 'project-field-not-yours',
      details: { projectId: id, fields: refused.map((field) => `body.${field}`) },
    });
  }
}

/**
 * What each role may move a project to: operators assess (up to assessed, or back to idea); budget
 * owners and admins decide (approve, reject, put on hold, start, finish — and everything else).
 */
export const TRANSITION_ROLES: Readonly<Record<string, readonly Role[]>> = {
  idea: PROJECT_DECIDERS,
  assessed: PROJECT_DECIDERS,
  approved: PLANNERS,
  rejected: PLANNERS,
  'on-hold': PLANNERS,
  'in-progress': PLANNERS,
  done: PLANNERS,
};

/** A transition the caller's role may not make: 403 naming the statuses it may move a project to. */
export function assertMayTransition(identity: Identity, projectId: string, to: string): void {
  if (hasAnyRole(identity, TRANSITION_ROLES[to] ?? ADMINS)) return;
  const mayReach = Object.entries(TRANSITION_ROLES)
    .filter(([, roles]) => hasAnyRole(identity, roles))
    .map(([status]) => status);
  throw new ForbiddenError(`your role may not move project '${projectId}' to ${to}; you may move projects to: ${mayReach.join(', ') || 'nothing'}`, {
    code: 'transition-not-yours',
    details: { projectId, to, mayReach, fields: ['body.to'] },
  });
}

/** A member ranks for itself only: 403 for another member's ranking (and for every other role, by the rule's roles). */
export function assertMayRankFor(identity: Identity, memberId: string): void {
  if (identity.memberId === memberId && hasAnyRole(identity, ['member'])) return;
  throw new ForbiddenError(`a member ranks the projects for itself only; this token acts for ${identity.memberId ?? 'no member'}, not '${memberId}'`, {
    code: 'ranking-not-own',
    details: { memberId, actingFor: identity.memberId ?? null },
  });
}

// --- what a reader sees ------------------------------------------------------------------------

/** Keys that carry monitoring configuration; members never see them in any response. */
const MONITORING_KEYS = new Set(['monitoring', 'secretRef', 'caRef']);
/** Free-text fields a probe may have written a host, address or URL into. */
const PROBE_TEXT_KEYS = new Set(['message', 'text']);
/** URLs, bracketed IPv6, IPv4 (with a port or not), `name:port` and dotted host names (two dots or more). */
const TARGET_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'",)]+|\[[0-9a-f:]+\](?::\d+)?|\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b|\b(?:[a-z0-9-]+\.)+[a-z]{2,}:\d+\b|\b(?:[a-z0-9-]+\.){2,}[a-z]{2,}\b/gi;
/** A secret's name in a probe's message ("secret 'lillesand-datapark/snmp' does not exist"). */
const SECRET_NAME_IN_TEXT = /(\bsecret(?:Ref)?\s*)'[^']*'/gi;
/** Where the resolver looked for a missing secret (a file path or a Secrets Manager name). */
const SECRET_PLACE_IN_TEXT = /\(expected in [^)]*\)/g;

/**
 * A response body as `identity` may see it. Operators and admins see everything; anyone else gets
 * it without monitoring configuration (a device's `monitoring`, any `secretRef`/`caRef`) and with
 * check targets (URLs, addresses, `host:port`) blanked out of probe messages and incident texts.
 * Every JSON answer of the API goes through this (the middy chain's response stage).
 */
export function redactForViewer<T>(identity: Identity | undefined, body: T): T {
  if (identity && mayConfigureMonitoring(identity)) return body;
  return redact(body) as T;
}

function redact(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(value)) {
      if (MONITORING_KEYS.has(name)) continue;
      out[name] = redact(inner, name);
    }
    return out;
  }
  if (typeof value === 'string' && key !== undefined && PROBE_TEXT_KEYS.has(key)) {
    return value.replace(TARGET_IN_TEXT, '[target hidden]').replace(SECRET_NAME_IN_TEXT, "$1'[hidden]'").replace(SECRET_PLACE_IN_TEXT, '(expected in [hidden])');
  }
  return value;
}
