import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { MemberWeighting } from '#shared/schemas/portfolio.ts';
import { regionMembersOn, type MemberDirectory } from '../reinvestment/membership-on-date.ts';
import { participantsOn, shareBasis } from '../reinvestment/shares.ts';

/**
 * Member rankings (issue 8): Borda points, member weights, support and disagreement.
 * - Borda: in a member's list of n candidates, position k (0-based) earns n − k; unlisted 0. Ids
 *   that are not candidates are dropped before counting.
 * - Weight v_m: 1 (`equal`) or the member's fraction under the region's default key on 1 January
 *   of the plan's first year (`cost-share`). Only members that are members on that date — not
 *   merged away — and have submitted a ranking count.
 * - support(p) = 100 · Σ_m v_m · points_m(p) / (N · Σ_m v_m), N = number of candidates.
 * - disagreement(p) = 100 · (max_m points_m(p) − min_m points_m(p)) / N.
 */

export interface MemberRanking {
  memberId: string;
  projectIds: readonly string[];
}

/** Points per project for one ranking; candidates the member left out get none (0 when read). */
export function bordaPoints(projectIds: readonly string[], candidates: ReadonlySet<string>): Map<string, number> {
  const listed = projectIds.filter((id) => candidates.has(id));
  const points = new Map<string, number>();
  listed.forEach((id, k) => points.set(id, listed.length - k));
  return points;
}

/**
 * The ranking members that count on `on` (1 January of the plan's first year) and their weights,
 * ordered by member id.
 */
export function memberWeights(
  rankings: readonly MemberRanking[],
  members: MemberDirectory,
  on: string,
  weighting: MemberWeighting,
  defaultKey: CostKey,
): { memberId: string; weight: number }[] {
  // A member counts only as itself: one merged away (its successor answers now) or not yet/no longer a member does not.
  const counting = rankings
    .map((ranking) => ranking.memberId)
    .filter((memberId) => participantsOn([memberId], members, on).some((served) => served.memberId === memberId))
    .sort();
  const unique = [...new Set(counting)];
  if (weighting === 'equal') return unique.map((memberId) => ({ memberId, weight: 1 }));
  const shares = shareBasis({ on, key: defaultKey, keySource: 'region-default', participants: regionMembersOn(members, on) }).fractions;
  const byMember = new Map(shares.map((share) => [share.memberId, share.fraction]));
  return unique.map((memberId) => ({ memberId, weight: byMember.get(memberId) ?? 0 }));
}

export interface SupportResult {
  /** Exact (unrounded) support per candidate. */
  support: Map<string, number>;
  disagreement: Map<string, number>;
  /** Points per candidate per counting member. */
  points: Map<string, Record<string, number>>;
}

export function supportFor(
  candidateIds: readonly string[],
  rankings: readonly MemberRanking[],
  weights: readonly { memberId: string; weight: number }[],
): SupportResult {
  const ids = [...new Set(candidateIds)];
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const rankingOf = new Map(rankings.map((ranking) => [ranking.memberId, ranking]));
  // Points as one array per member, indexed like `ids`: no per-project lookups.
  const table = weights.map(({ memberId }) => {
    const points = new Float64Array(n);
    const listed = (rankingOf.get(memberId)?.projectIds ?? []).filter((id) => index.has(id));
    listed.forEach((id, k) => (points[index.get(id) as number] = listed.length - k));
    return points;
  });
  const weightSum = weights.reduce((sum, { weight }) => sum + weight, 0);
  const support = new Map<string, number>();
  const disagreement = new Map<string, number>();
  const points = new Map<string, Record<string, number>>();
  for (let c = 0; c < n; c++) {
    let weighted = 0;
    let max = -Infinity;
    let min = Infinity;
    const byMember: Record<string, number> = {};
    for (let m = 0; m < table.length; m++) {
      const p = (table[m] as Float64Array)[c] as number;
      byMember[(weights[m] as { memberId: string }).memberId] = p;
      weighted += (weights[m] as { weight: number }).weight * p;
      if (p > max) max = p;
      if (p < min) min = p;
    }
    const projectId = ids[c] as string;
    support.set(projectId, weightSum > 0 ? (100 * weighted) / (n * weightSum) : 0);
    disagreement.set(projectId, table.length > 0 ? (100 * (max - min)) / n : 0);
    points.set(projectId, byMember);
  }
  return { support, disagreement, points };
}
