import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { ServedMember } from './membership-on-date.ts';
import { planWarningText } from '#shared/messages/plan.ts';

/**
 * Cost keys turn "who is served" into fractions of a cost, and the largest-remainder split turns
 * fractions into whole kroner that sum exactly to the cost.
 */

/** One member's fraction of a shared cost, with the formula that produced it (shown in explanations). */
export interface KeyFraction {
  memberId: string;
  fraction: number;
  formula: string;
  population: number | undefined;
  mergedFrom: string[];
}

export interface KeyFractions {
  fractions: KeyFraction[];
  /** Σ population of the participants (population-based keys only). */
  populationTotal: number | undefined;
  warnings: string[];
}

/**
 * The fraction each participant pays under `key`, with N participants:
 * - equal: 1/N
 * - population: pop_i / Σpop
 * - fixed-plus-population with fixed part f: f/N + (1 − f) · pop_i / Σpop
 * - custom: the given percentage / 100. Percentages of members merged into a participant are added
 *   to it; percentages of members no longer served are left out and the rest scaled back to 100 %.
 * A missing population figure counts as 0 (with a warning); when Σpop is 0 the population part is
 * split equally, and a custom key with nobody left falls back to equal, so the cost is always shared.
 */
export function keyFractions(key: CostKey, participants: readonly ServedMember[]): KeyFractions {
  const warnings: string[] = [];
  const n = participants.length;
  if (n === 0) return { fractions: [], populationTotal: undefined, warnings: [planWarningText('plan-warning-nobody-takes-part')] };
  const fraction = (member: ServedMember, value: number, formula: string): KeyFraction => ({
    memberId: member.memberId,
    fraction: value,
    formula,
    population: member.population,
    mergedFrom: member.mergedFrom,
  });

  if (key.type === 'equal') {
    return { fractions: participants.map((member) => fraction(member, 1 / n, `1/${n}`)), populationTotal: undefined, warnings };
  }

  if (key.type === 'custom') {
    const percentOf = (member: ServedMember) =>
      [member.memberId, ...member.mergedFrom].reduce((sum, id) => sum + (key.shares[id] ?? 0), 0);
    const percents = participants.map(percentOf);
    const servedPercent = percents.reduce((sum, p) => sum + p, 0);
    if (servedPercent <= 0) {
      warnings.push(planWarningText('plan-warning-custom-key-nobody-served'));
      return { fractions: participants.map((member) => fraction(member, 1 / n, `1/${n}`)), populationTotal: undefined, warnings };
    }
    const rescaled = Math.abs(servedPercent - 100) > 1e-9;
    if (rescaled) warnings.push(planWarningText('plan-warning-custom-key-rescaled', { percent: String(round6(servedPercent)) }));
    return {
      fractions: participants.map((member, index) => {
        const percent = percents[index] ?? 0;
        return fraction(member, percent / servedPercent, rescaled ? `${round6(percent)} % / ${round6(servedPercent)} %` : `${round6(percent)} %`);
      }),
      populationTotal: undefined,
      warnings,
    };
  }

  const populations = participants.map((member) => {
    if (member.population === undefined) warnings.push(planWarningText('plan-warning-no-population', { memberId: member.memberId }));
    return member.population ?? 0;
  });
  const total = populations.reduce((sum, p) => sum + p, 0);
  const populationPart = (index: number): { value: number; formula: string } =>
    total > 0 ? { value: (populations[index] ?? 0) / total, formula: `${populations[index] ?? 0}/${total}` } : { value: 1 / n, formula: `1/${n}` };
  if (total === 0) warnings.push(planWarningText('plan-warning-population-zero'));

  if (key.type === 'population') {
    return {
      fractions: participants.map((member, index) => {
        const part = populationPart(index);
        return fraction(member, part.value, part.formula);
      }),
      populationTotal: total,
      warnings,
    };
  }

  const f = key.fixed;
  return {
    fractions: participants.map((member, index) => {
      const part = populationPart(index);
      return fraction(member, f / n + (1 - f) * part.value, `${f}/${n} + ${round6(1 - f)} × ${part.formula}`);
    }),
    populationTotal: total,
    warnings,
  };
}

/** A whole-NOK share and the exact amount it was rounded from. */
export interface SplitShare {
  memberId: string;
  fraction: number;
  exactNok: number;
  amountNok: number;
}

/** Remainders closer than this are treated as equal, so floating-point noise never decides a krone. */
const REMAINDER_TIE = 1e-9;

/**
 * Splits a whole-NOK amount by fractions into whole NOK that sum exactly to it (largest-remainder
 * method): everyone gets the floor of cost × fraction, and the kroner left over go one each to the
 * largest remainders; ties go to the larger fraction, then to the lower member id, so the result
 * never depends on input order. Fractions are used as given (they should sum to 1).
 */
export function splitLargestRemainder(totalNok: number, fractions: readonly { memberId: string; fraction: number }[]): SplitShare[] {
  const amounts = largestRemainderAmounts(totalNok, fractions);
  return fractions.map(({ memberId, fraction }, index) => ({ memberId, fraction, exactNok: totalNok * fraction, amountNok: amounts[index] as number }));
}

/**
 * The amounts of {@link splitLargestRemainder} only, index by index: the plan's hot path, which
 * runs once per device, so it allocates one array and sorts nothing (N is a handful of members).
 */
export function largestRemainderAmounts(totalNok: number, fractions: readonly { memberId: string; fraction: number }[]): number[] {
  const count = fractions.length;
  const amounts = new Array<number>(count);
  let leftOver = totalNok;
  for (let i = 0; i < count; i++) {
    // Snap values a hair below a whole number (29.999999999999996) to it before taking the floor.
    const floor = Math.floor(totalNok * (fractions[i] as { fraction: number }).fraction + REMAINDER_TIE);
    amounts[i] = floor;
    leftOver -= floor;
  }
  if (leftOver === 0 || count === 0) return amounts;
  // Normally 0 < leftOver < N: one krone each to the largest remainders, best first. The loops
  // also absorb fractions that do not quite sum to 1 (more than N kroner, or too many).
  const bumped = new Uint8Array(count);
  while (leftOver > 0) {
    let best = -1;
    for (let i = 0; i < count; i++) if (bumped[i] === 0 && (best < 0 || ranksBefore(i, best, totalNok, fractions, amounts))) best = i;
    if (best < 0) {
      bumped.fill(0);
      continue;
    }
    bumped[best] = 1;
    amounts[best] = (amounts[best] as number) + 1;
    leftOver--;
  }
  while (leftOver < 0) {
    let worst = -1;
    for (let i = 0; i < count; i++) if ((amounts[i] as number) > 0 && (worst < 0 || ranksBefore(worst, i, totalNok, fractions, amounts))) worst = i;
    amounts[worst] = (amounts[worst] as number) - 1;
    leftOver++;
  }
  return amounts;
}

/** True when share `a` has the better claim on a left-over krone than share `b`. */
function ranksBefore(a: number, b: number, totalNok: number, fractions: readonly { memberId: string; fraction: number }[], amounts: readonly number[]): boolean {
  const fa = fractions[a] as { memberId: string; fraction: number };
  const fb = fractions[b] as { memberId: string; fraction: number };
  const byRemainder = totalNok * fa.fraction - (amounts[a] as number) - (totalNok * fb.fraction - (amounts[b] as number));
  if (Math.abs(byRemainder) > REMAINDER_TIE) return byRemainder > 0;
  if (fa.fraction !== fb.fraction) return fa.fraction > fb.fraction;
  return fa.memberId < fb.memberId;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
