import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { PlanShare, ShareComputation } from '#shared/schemas/reinvestment-plan.ts';
import { keyFractions, largestRemainderAmounts, splitLargestRemainder, type KeyFraction } from './cost-keys.ts';
import type { ServedMember } from './membership-on-date.ts';
import { codedWarnings } from '#shared/messages/plan.ts';

/**
 * The share stage: one whole-NOK cost, a cost key and the members taking part on a date → who pays
 * how much, in whole NOK summing exactly to the cost (largest remainder). Every shared cost goes
 * through here: a shared device's reinvestment and a project's investment and operating cost alike.
 *
 * Two speeds: {@link shareCost} explains one split (formulas, exact amounts, rounding); the plan's
 * hot path computes a {@link ShareBasis} once per environment, key and year and then only
 * {@link shareAmounts} per device.
 */

export { participantsOn } from './membership-on-date.ts';

export type KeySource = 'device' | 'environment' | 'region-default' | 'project';

export interface ShareRequest {
  /** Whole NOK to split. */
  costNok: number;
  /** ISO date, 1 January of the cost year: membership, mergers and population are read on it. */
  on: string;
  key: CostKey;
  keySource: KeySource;
  /** The members that pay on `on` (see `participantsOn` / `membersServedOn`). */
  participants: readonly ServedMember[];
}

/** A key applied to the participants of one date: the fractions every cost of that date reuses. */
export interface ShareBasis {
  on: string;
  key: CostKey;
  keySource: KeySource;
  fractions: KeyFraction[];
  populationTotal: number | undefined;
  warnings: string[];
}

/** The fractions of `key` over `participants` on `on`; nobody taking part gives no fractions (the cost is not allocated). */
export function shareBasis(request: Omit<ShareRequest, 'costNok'>): ShareBasis {
  const computed =
    request.participants.length > 0 ? keyFractions(request.key, request.participants) : { fractions: [], populationTotal: undefined, warnings: [] };
  return {
    on: request.on,
    key: request.key,
    keySource: request.keySource,
    fractions: computed.fractions,
    populationTotal: computed.populationTotal,
    warnings: computed.warnings,
  };
}

/** The whole-NOK shares of `costNok` under a basis, in the basis's member order (the hot path: no text). */
export function shareAmounts(basis: ShareBasis, costNok: number): PlanShare[] {
  const amounts = largestRemainderAmounts(costNok, basis.fractions);
  const shares = new Array<PlanShare>(amounts.length);
  for (let i = 0; i < amounts.length; i++) {
    const fraction = basis.fractions[i] as KeyFraction;
    shares[i] = { memberId: fraction.memberId, fraction: fraction.fraction, amountNok: amounts[i] as number };
  }
  return shares;
}

/** One cost split under a basis, with each member's formula, exact amount and how rounding was settled. */
export function explainShares(basis: ShareBasis, costNok: number, extraWarnings: readonly string[] = []): ShareComputation {
  const split = splitLargestRemainder(costNok, basis.fractions);
  const floors = split.reduce((sum, share) => sum + Math.floor(share.exactNok + 1e-9), 0);
  const leftOver = costNok - floors;
  const bumped = split.filter((share) => share.amountNok > Math.floor(share.exactNok + 1e-9)).map((share) => share.memberId);
  return {
    on: basis.on,
    method: 'key',
    key: basis.key,
    keySource: basis.keySource,
    memberCount: basis.fractions.length,
    ...(basis.populationTotal !== undefined ? { populationTotal: basis.populationTotal } : {}),
    members: basis.fractions.map((fraction, index) => {
      const share = split[index];
      return {
        memberId: fraction.memberId,
        ...(fraction.mergedFrom.length > 0 ? { mergedFrom: fraction.mergedFrom } : {}),
        ...(fraction.population !== undefined ? { population: fraction.population } : {}),
        fraction: fraction.fraction,
        formula: fraction.formula,
        exactNok: share?.exactNok ?? 0,
        amountNok: share?.amountNok ?? 0,
      };
    }),
    totalNok: split.reduce((sum, share) => sum + share.amountNok, 0),
    rounding:
      split.length === 0
        ? 'nobody to charge: the cost is not allocated'
        : leftOver === 0
          ? 'largest remainder: the rounded-down amounts already sum to the cost'
          : `largest remainder: the rounded-down amounts sum to ${floors}; the ${leftOver} NOK left go one each to the largest remainders (${bumped.join(', ')})`,
    warnings: [...extraWarnings, ...basis.warnings],
    warningCodes: codedWarnings([...extraWarnings, ...basis.warnings]),
  };
}

/** Splits one cost by its key over the participants, whole NOK, largest remainder, with the explanation. */
export function shareCost(request: ShareRequest): ShareComputation {
  return explainShares(shareBasis(request), request.costNok);
}
