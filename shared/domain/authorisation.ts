import { ForbiddenError, ValidationError } from './errors.ts';
import { ADMINS, EVERYONE, INVENTORY_EDITORS, OPERATORS, PLANNERS, assertMayEditMemberRecord, hasAnyRole, type Identity, type Role } from './identity.ts';
import { checkPlacementProblems, type SiteNetworksLike } from './networks.ts';
import type { CheckDefinition } from '#shared/schemas/checks.ts';
import type { ProjectStatus } from '#shared/schemas/portfolio.ts';

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
  'a member: proposes as itself and edits its own proposal while it is an idea (not the assessment: ratings, costs, devices, risks, key, dependencies, urgency; nor forced); operators: everything but forced; budget owners and admins: everything';
/** Who moves a project through its statuses (which transition each makes: `portfolio/status.ts`). */
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

/*
 * Which fields of a project each role writes are here; which roles make which transition live with
 * the project's status machine (`portfolio/status.ts`: a transition's roles are part of its edge)
 * and are reached from here as `assertMayTransition`.
 */
export { assertTransition as assertMayTransition } from './portfolio/status.ts';

/** Fields only budget owners and admins set: the decision to force a project in or out. */
const PLANNER_FIELDS = new Set(['forced']);
/** Fields of the assessment: operators (and planners) set them. */
const ASSESSMENT_FIELDS = new Set(['ratings', 'costs', 'deviceIds', 'risks', 'urgencyOverride', 'key', 'dependsOn']);

/**
 * Who may change which fields of a project:
 * - budget owners and admins: every field;
 * - operators: everything but `forced`;
 * - a member: only its own proposal (`proposedBy` is itself, before and after) while it is an idea,
 *   and not the assessment fields nor `forced`.
 * Refusals are 403 with a stable code (`project-field-not-allowed` naming the fields,
 * `project-not-own-idea`).
 */
export function assertMayEditProject(
  identity: Pick<Identity, 'roles' | 'memberId'>,
  project: { status: ProjectStatus; proposedBy: string } | undefined,
  changed: readonly string[],
  proposedByAfter?: string,
): void {
  const asIdentity = identity as Identity;
  if (hasAnyRole(asIdentity, PLANNERS)) return;
  if (hasAnyRole(asIdentity, OPERATORS)) {
    const refused = changed.filter((field) => PLANNER_FIELDS.has(field));
    if (refused.length > 0) throw fieldsRefused(refused);
    return;
  }
  const own = identity.memberId !== undefined && (project === undefined || (project.proposedBy === identity.memberId && project.status === 'idea'));
  if (!own || (proposedByAfter !== undefined && proposedByAfter !== identity.memberId)) {
    throw new ForbiddenError('a member edits only its own proposal, and only while it is an idea', { code: 'project-not-own-idea' });
  }
  const refused = changed.filter((field) => PLANNER_FIELDS.has(field) || ASSESSMENT_FIELDS.has(field));
  if (refused.length > 0) throw fieldsRefused(refused);
}

function fieldsRefused(fields: readonly string[]): ForbiddenError {
  return new ForbiddenError(`your role may not set ${fields.join(', ')}`, { code: 'project-field-not-allowed', details: { fields: [...fields] } });
}

interface ProjectLike {
  id: string;
  proposedBy: string;
  status: ProjectStatus;
}

/** Fields a create sets: those with a value (an empty list or map sets nothing). */
function fieldsSet(record: Record<string, unknown>): string[] {
  return Object.keys(record).filter((field) => {
    const value = record[field];
    if (value === undefined || value === '') return false;
    if (Array.isArray(value)) return value.length > 0;
    return !(value !== null && typeof value === 'object' && Object.keys(value).length === 0);
  });
}

/**
 * A write to a project (`before` undefined for a create, `after` undefined for a delete): a member
 * proposes only as itself and changes or deletes only its own proposal while it is an idea; each
 * role sets only the fields it owns (see `assertMayEditProject`). `id` and `status` are not edits
 * (a status moves only through a transition).
 */
export function assertProjectWrite(identity: Identity, before: (ProjectLike & Record<string, unknown>) | undefined, after: (ProjectLike & Record<string, unknown>) | undefined): void {
  const changed = (after === undefined ? [] : before === undefined ? fieldsSet(after) : changedFields(before, after)).filter((field) => field !== 'id' && field !== 'status');
  assertMayEditProject(identity, before, changed, after?.proposedBy);
}

/** A member ranks for itself only: 403 for another member's ranking (and every other role is refused by the rule's roles). */
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
 * Parameters of coded texts (`messageParams`, `textParams`, `titleParams`) carry raw values: the
 * ones that are a target or a secret's name are hidden whole, and every other text in them is
 * cleaned like a probe's message.
 */
const CODED_PARAMS_KEY = /Params$/;
const HIDDEN_PARAMS: Readonly<Record<string, string>> = { host: '[target hidden]', url: '[target hidden]', subject: '[target hidden]', ref: '[hidden]' };

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
    const codedParams = key !== undefined && CODED_PARAMS_KEY.test(key);
    for (const [name, inner] of Object.entries(value)) {
      if (MONITORING_KEYS.has(name)) continue;
      if (codedParams) out[name] = HIDDEN_PARAMS[name] ?? (typeof inner === 'string' ? cleanText(inner) : inner);
      else out[name] = redact(inner, name);
    }
    return out;
  }
  if (typeof value === 'string' && key !== undefined && PROBE_TEXT_KEYS.has(key)) return cleanText(value);
  return value;
}

function cleanText(text: string): string {
  return text.replace(TARGET_IN_TEXT, '[target hidden]').replace(SECRET_NAME_IN_TEXT, "$1'[hidden]'").replace(SECRET_PLACE_IN_TEXT, '(expected in [hidden])');
}
