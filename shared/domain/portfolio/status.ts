import type { DecisionLogEntry, ProjectStatus, Transition } from '#shared/schemas/portfolio.ts';
import { DriftsbildeError, ForbiddenError } from '../errors.ts';
import { hasAnyRole, OPERATORS, PLANNERS, type Identity, type Role } from '../identity.ts';

/**
 * A project's life (issue 8): idea → assessed → approved → in-progress → done, or rejected / on-hold
 * on the way. Operators assess (up to `assessed`); budget owners and admins decide everything after.
 * Members make no transitions: they propose (status idea) and edit their own idea (which fields
 * each role may edit: `assertMayEditProject` in `../authorisation.ts`).
 */

/** Each legal transition and the roles that may make it. */
const RULES: Readonly<Record<ProjectStatus, Partial<Record<ProjectStatus, readonly Role[]>>>> = {
  idea: { assessed: OPERATORS, rejected: PLANNERS, 'on-hold': PLANNERS },
  // Back to idea: the assessment found the proposal needs rework by its proposer.
  assessed: { idea: OPERATORS, approved: PLANNERS, rejected: PLANNERS, 'on-hold': PLANNERS },
  approved: { 'in-progress': PLANNERS, rejected: PLANNERS, 'on-hold': PLANNERS },
  'in-progress': { done: PLANNERS, 'on-hold': PLANNERS },
  // Taken up again where it stood, or given up.
  'on-hold': { assessed: PLANNERS, approved: PLANNERS, 'in-progress': PLANNERS, rejected: PLANNERS },
  // Reopened as an idea when circumstances change.
  rejected: { idea: PLANNERS },
  done: {},
};

/** The statuses a project in `from` may move to, whoever asks. */
export function legalTransitions(from: ProjectStatus): ProjectStatus[] {
  return Object.keys(RULES[from]) as ProjectStatus[];
}

/** The statuses `identity` may move a project in `from` to (what a UI offers). */
export function transitionsFor(identity: Pick<Identity, 'roles'>, from: ProjectStatus): ProjectStatus[] {
  return legalTransitions(from).filter((to) => hasAnyRole(identity as Identity, RULES[from][to] ?? []));
}

/** The roles that may move a project from `from` to `to`; empty when the transition is illegal. */
export function rolesForTransition(from: ProjectStatus, to: ProjectStatus): readonly Role[] {
  return RULES[from][to] ?? [];
}

/** 409 `illegal-transition`: the status cannot go there from here; `details.allowed` lists where it can. */
export class IllegalTransitionError extends DriftsbildeError {
  constructor(from: ProjectStatus, to: ProjectStatus) {
    const allowed = legalTransitions(from);
    super(409, 'illegal-transition', `a project cannot go from ${from} to ${to}; allowed: ${allowed.join(', ') || 'none'}`, { from, to, allowed });
  }
}

/**
 * Checks a transition: illegal ones are 409 naming the allowed ones; legal ones the caller's roles
 * may not make are 403 `transition-not-allowed` naming the roles that may.
 */
export function assertTransition(identity: Pick<Identity, 'roles'>, from: ProjectStatus, to: ProjectStatus): void {
  const roles = rolesForTransition(from, to);
  if (roles.length === 0) throw new IllegalTransitionError(from, to);
  if (!hasAnyRole(identity as Identity, roles)) {
    throw new ForbiddenError(`only ${roles.join(', ')} may move a project from ${from} to ${to}`, {
      code: 'transition-not-allowed',
      details: { from, to, roles },
    });
  }
}

/** Checks the transition and returns the decision-log entry that records it. */
export function decideTransition(
  identity: Pick<Identity, 'roles' | 'subject'>,
  project: { id: string; status: ProjectStatus },
  transition: Transition,
  when: string,
): DecisionLogEntry {
  assertTransition(identity, project.status, transition.to);
  const role = identity.roles.find((candidate) => rolesForTransition(project.status, transition.to).includes(candidate));
  return {
    projectId: project.id,
    who: identity.subject,
    ...(role === undefined ? {} : { role }),
    when,
    from: project.status,
    to: transition.to,
    reason: transition.reason,
  };
}

/** When the project started (entered in-progress) and ended (entered done), from its decision log; the last entry into each counts. */
export function projectDates(log: readonly Pick<DecisionLogEntry, 'to' | 'when'>[]): { startedOn: string | null; endedOn: string | null } {
  let startedOn: string | null = null;
  let endedOn: string | null = null;
  for (const entry of log) {
    const day = entry.when.slice(0, 10);
    if (entry.to === 'in-progress' && (startedOn === null || day > startedOn)) startedOn = day;
    if (entry.to === 'done' && (endedOn === null || day > endedOn)) endedOn = day;
  }
  return { startedOn, endedOn };
}
