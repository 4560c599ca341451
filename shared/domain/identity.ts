import { ForbiddenError } from './errors.ts';

export const ROLES = ['operator', 'member', 'budget-owner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling. `memberId` is set for the `member` role: a municipality's IT contact acts only
 * for that municipality.
 */
export interface Identity {
  subject: string;
  roles: Role[];
  memberId?: string;
  /** Regions the token may act in (claim `custom:regionIds`); `*` is honoured for admins only. */
  regionIds?: string[] | '*';
}

export const EVERYONE: readonly Role[] = ROLES;
export const INVENTORY_EDITORS: readonly Role[] = ['operator', 'admin', 'member'];
/** KR-IKT's operations staff: environments, incidents, maintenance windows, ingest keys, imports. */
export const OPERATORS: readonly Role[] = ['operator', 'admin'];
/** Who sets budgets: region settings and budget lines. */
export const PLANNERS: readonly Role[] = ['budget-owner', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];

export function hasAnyRole(identity: Identity, allowed: readonly Role[]): boolean {
  return identity.roles.some((role) => allowed.includes(role));
}

/** Operators and admins act for every member; a member only for its own municipality. */
export function actsForAllMembers(identity: Identity): boolean {
  return hasAnyRole(identity, OPERATORS);
}

/**
 * A member may edit only records that belong to its own municipality. Called with the record as
 * it was and as it would become, so a member can neither edit nor hand over another's record.
 */
export function assertMayEditMemberRecord(identity: Identity, ownerMemberIds: Array<string | undefined>, what: string): void {
  if (actsForAllMembers(identity)) return;
  const own = identity.memberId;
  if (own === undefined || ownerMemberIds.some((owner) => owner !== own)) {
    throw new ForbiddenError(`${what} belongs to another municipality or is shared; only KR-IKT operators may change it`);
  }
}
