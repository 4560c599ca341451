import type { CostKey } from '#shared/schemas/cost-key.ts';
import { keyFractions, largestRemainderAmounts } from '../reinvestment/cost-keys.ts';
import { membersServedOn, type MemberDirectory, type ServedMember } from '../reinvestment/membership-on-date.ts';

/**
 * The portfolio's door into the reinvestment share stage (TEAM.md "Share stage"): who pays on a
 * date, and one cost split by a key in whole NOK by largest remainder. PROVISIONAL until
 * `shared/domain/reinvestment/shares.ts` lands: then these re-export `participantsOn` and use
 * `shareCost`'s fractions; the arithmetic (keyFractions + largest remainder) is the same.
 */

/** Member ids → the members that pay on `on` (mergers followed, non-members dropped, de-duplicated, by id). */
export function participantsOn(memberIds: readonly string[], members: MemberDirectory, on: string): ServedMember[] {
  return membersServedOn({ serves: memberIds.map((memberId) => ({ memberId, from: '0001-01-01' })) }, members, on);
}

export interface KeyedFractions {
  memberIds: string[];
  fractions: { memberId: string; fraction: number }[];
  warnings: string[];
}

/** Each participant's fraction of a cost under `key` on a date. */
export function fractionsFor(key: CostKey, participants: readonly ServedMember[]): KeyedFractions {
  const computed = keyFractions(key, participants);
  return {
    memberIds: computed.fractions.map((f) => f.memberId),
    fractions: computed.fractions.map((f) => ({ memberId: f.memberId, fraction: f.fraction })),
    warnings: computed.warnings,
  };
}

/** Whole-NOK amounts per fraction, index by index, summing exactly to `costNok` (largest remainder). */
export function splitNok(costNok: number, fractions: KeyedFractions['fractions']): number[] {
  return largestRemainderAmounts(costNok, fractions);
}
