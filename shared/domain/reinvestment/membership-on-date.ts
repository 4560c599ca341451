import type { Environment } from '#shared/schemas/environment.ts';
import type { Member } from '#shared/schemas/member.ts';

/**
 * Who is a member, who is served and which population counts, on one date. Every question the
 * plan asks about membership is asked for 1 January of a budget year, so one rule holds everywhere:
 * a change that takes effect on or before that date counts for the whole year.
 */

/** A member as the plan needs it; stored members (with a version) fit. */
export type MemberRecord = Omit<Member, 'version'>;
export type EnvironmentRecord = Omit<Environment, 'version'>;
export type MemberDirectory = ReadonlyMap<string, MemberRecord>;

/** Members by id. */
export function memberDirectory(members: readonly MemberRecord[]): MemberDirectory {
  return new Map(members.map((member) => [member.id, member]));
}

/** The population figure in force on `date`: the one with the latest `from` not after it; undefined before any. */
export function populationOn(member: MemberRecord, date: string): number | undefined {
  return populationFigureOn(member, date)?.value;
}

/** {@link populationOn} with the figure's `from` date (the plan's explanation links the entry that set it). */
export function populationFigureOn(member: MemberRecord, date: string): { from: string; value: number } | undefined {
  let best: { from: string; value: number } | undefined;
  for (const figure of member.population) {
    if (figure.from <= date && (best === undefined || figure.from > best.from)) best = figure;
  }
  return best;
}

/**
 * True when the member belongs to the region on `date`: it has joined and has not left. `leftOn` is
 * the day it stopped being a member, so a member leaving on 2019-01-01 no longer counts on that day.
 */
export function isMemberOn(member: MemberRecord, date: string): boolean {
  return member.joinedOn <= date && (member.leftOn === undefined || date < member.leftOn);
}

/** Where a member's obligations went on a date: itself, or the member it merged into (followed transitively). */
export interface Successor {
  memberId: string;
  /** The merged-away member ids passed on the way, oldest first; empty when no merger applies. */
  mergedFrom: string[];
}

/**
 * Follows mergers in force on `date` (mergedOn on or before it): Songdalen on 2020-01-01 is
 * Kristiansand. Stops at ten hops so bad data (a merger cycle) cannot loop forever.
 */
export function successorOn(memberId: string, members: MemberDirectory, date: string): Successor {
  const mergedFrom: string[] = [];
  let current = memberId;
  for (let hop = 0; hop < 10; hop++) {
    const member = members.get(current);
    if (!member?.mergedInto || member.mergedOn === undefined || member.mergedOn > date) break;
    mergedFrom.push(current);
    current = member.mergedInto;
  }
  return { memberId: current, mergedFrom };
}

/** Who pays a single-member device in a budget year, or why nobody does. */
export type PayerOnDate =
  | { pays: true; memberId: string; mergedFrom: string[] }
  | { pays: false; memberId: string; mergedFrom: string[]; leftOn: string };

/**
 * The member that pays a single-member device on `date` (1 January of the budget year): the
 * registered member, or the member it merged into when the merger took effect on or before the date.
 * A member that has left pays nothing, and its devices leave the plan with it.
 */
export function payerOn(memberId: string, members: MemberDirectory, date: string): PayerOnDate {
  const successor = successorOn(memberId, members, date);
  const member = members.get(successor.memberId);
  if (member?.leftOn !== undefined && member.leftOn <= date) {
    return { pays: false, ...successor, leftOn: member.leftOn };
  }
  return { pays: true, ...successor };
}

/** A member taking part in a shared cost on a date. */
export interface ServedMember {
  memberId: string;
  /** Served members that merged into this one before the date (their share is now this member's). */
  mergedFrom: string[];
  /** Population in force on the date; undefined when the member has no figure yet. */
  population: number | undefined;
}

/**
 * Members an environment serves on `date`: each service period covering the date, after mergers
 * (a served municipality that merged is served as its successor), without members that have left
 * or not joined yet, each member once, ordered by id.
 */
export function membersServedOn(environment: Pick<EnvironmentRecord, 'serves'>, members: MemberDirectory, date: string): ServedMember[] {
  const registered = environment.serves
    .filter((period) => period.from <= date && (period.to === undefined || date <= period.to))
    .map((period) => period.memberId);
  return participantsOn(registered, members, date);
}

/** Every member of the region on `date`, for shared costs no environment service period accounts for. */
export function regionMembersOn(members: MemberDirectory, date: string): ServedMember[] {
  return participantsOn([...members.keys()], members, date);
}

/**
 * Member ids → the members that pay on `date`: mergers followed (a merged member is its successor,
 * with the merged ids in `mergedFrom`), members that have left or not joined yet dropped, each
 * member once, ordered by id. The participants of a shared device or of a project on a date.
 */
export function participantsOn(registeredIds: readonly string[], members: MemberDirectory, date: string): ServedMember[] {
  const byMember = new Map<string, ServedMember>();
  for (const registeredId of registeredIds) {
    const successor = successorOn(registeredId, members, date);
    const member = members.get(successor.memberId);
    if (!member || !isMemberOn(member, date)) continue;
    let served = byMember.get(successor.memberId);
    if (!served) {
      served = { memberId: successor.memberId, mergedFrom: [], population: populationOn(member, date) };
      byMember.set(successor.memberId, served);
    }
    for (const id of successor.mergedFrom) if (!served.mergedFrom.includes(id)) served.mergedFrom.push(id);
  }
  return [...byMember.values()].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
}
