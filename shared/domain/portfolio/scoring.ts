import type { Criterion, Project, UrgencyUsed } from '#shared/schemas/portfolio.ts';
import { URGENCY_CRITERION } from '#shared/schemas/portfolio.ts';

/**
 * The assessment score (issue 8), exactly:
 *   r' = 6 − r for a lower-is-better criterion, else r
 *   score = 100 · Σ_c (w_c / Σw) · (r'_c − 1) / 4, rounded to 2 decimals.
 * A project missing a rating for a criterion with weight > 0 has no score (null) and needs assessment.
 */

export interface ScoreResult {
  score: number | null;
  /** Criteria with weight > 0 the project has no rating for. */
  missingRatings: string[];
}

export function scoreRatings(ratings: Readonly<Record<string, number>>, criteria: readonly Criterion[]): ScoreResult {
  let weightSum = 0;
  let weighted = 0;
  const missingRatings: string[] = [];
  for (const criterion of criteria) {
    if (criterion.weight <= 0) continue;
    const rating = ratings[criterion.id];
    if (rating === undefined) {
      missingRatings.push(criterion.id);
      continue;
    }
    const oriented = criterion.lowerIsBetter ? 6 - rating : rating;
    weightSum += criterion.weight;
    weighted += criterion.weight * (oriented - 1);
  }
  if (missingRatings.length > 0 || weightSum === 0) return { score: null, missingRatings };
  return { score: round2((100 * weighted) / (4 * weightSum)), missingRatings };
}

/** Rounds half away from zero to 2 decimals, robust to binary noise (1.005 → 1.01). */
export function round2(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value) * 100 + 1e-7) / 100;
}

// --- derived urgency -------------------------------------------------------------------------------

/** What urgency needs to know about a linked device: its budget year in the reinvestment plan and its end of support. */
export interface DeviceDue {
  deviceId: string;
  /** The reinvestment plan's budget year for the device (when it is due), or null when not due in the horizon. */
  dueYear: number | null;
  /** ISO date, `announced-unknown` or null. */
  vendorEndOfSupport: string | null;
}

/**
 * The urgency rating a score uses:
 * - an operator's override (with its reason) wins;
 * - else 5, derived, when a linked device is due in or before the project's first cost year, or is
 *   past vendor end of support on `asOf` (its end date is before that day);
 * - else the rating entered for the urgency criterion, or `missing`.
 */
export function urgencyFor(
  project: Pick<Project, 'deviceIds' | 'costs' | 'ratings' | 'urgencyOverride'>,
  devices: ReadonlyMap<string, DeviceDue>,
  asOf: string,
): UrgencyUsed {
  if (project.urgencyOverride) {
    return { rating: project.urgencyOverride.rating, source: 'override', devices: [], reason: project.urgencyOverride.reason };
  }
  const firstYear = firstCostYear(project.costs);
  const reasons: UrgencyUsed['devices'] = [];
  for (const deviceId of project.deviceIds) {
    const device = devices.get(deviceId);
    if (!device) continue;
    if (firstYear !== null && device.dueYear !== null && device.dueYear <= firstYear) reasons.push({ deviceId, why: 'due' });
    else if (isPastEndOfSupport(device.vendorEndOfSupport, asOf)) reasons.push({ deviceId, why: 'past-end-of-support' });
  }
  if (reasons.length > 0) return { rating: 5, source: 'derived', devices: reasons };
  const rating = project.ratings[URGENCY_CRITERION];
  return rating === undefined ? { rating: null, source: 'missing', devices: [] } : { rating, source: 'rating', devices: [] };
}

/** True when support ended before `on` (the end date is the last supported day). */
export function isPastEndOfSupport(vendorEndOfSupport: string | null, on: string): boolean {
  return vendorEndOfSupport !== null && vendorEndOfSupport !== 'announced-unknown' && vendorEndOfSupport < on;
}

export function firstCostYear(costs: readonly { year: number }[]): number | null {
  let first: number | null = null;
  for (const cost of costs) if (first === null || cost.year < first) first = cost.year;
  return first;
}

export function lastCostYear(costs: readonly { year: number }[]): number | null {
  let last: number | null = null;
  for (const cost of costs) if (last === null || cost.year > last) last = cost.year;
  return last;
}

/** The project's ratings with the urgency a score uses in place of the entered one. */
export function effectiveRatings(ratings: Readonly<Record<string, number>>, urgency: UrgencyUsed): Record<string, number> {
  const result: Record<string, number> = { ...ratings };
  if (urgency.rating === null) delete result[URGENCY_CRITERION];
  else result[URGENCY_CRITERION] = urgency.rating;
  return result;
}
