import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyFractions, splitLargestRemainder } from '#shared/domain/reinvestment/cost-keys.ts';
import type { ServedMember } from '#shared/domain/reinvestment/membership-on-date.ts';

function served(memberId: string, population?: number, mergedFrom: string[] = []): ServedMember {
  return { memberId, population, mergedFrom };
}

function amounts(shares: { memberId: string; amountNok: number }[]): Record<string, number> {
  return Object.fromEntries(shares.map((share) => [share.memberId, share.amountNok]));
}

describe('cost keys', () => {
  it('splits equally as 1/N and gives the odd krone to the lowest id on a tie', () => {
    // 100 000 / 3 = 33 333.33 each; floors sum to 99 999; the 1 NOK left goes to the first id (a).
    const { fractions } = keyFractions({ type: 'equal' }, [served('a'), served('b'), served('c')]);
    expect(fractions.map((f) => f.formula)).toEqual(['1/3', '1/3', '1/3']);
    expect(amounts(splitLargestRemainder(100_000, fractions))).toEqual({ a: 33_334, b: 33_333, c: 33_333 });
  });

  it('splits by population as pop_i / Σpop', () => {
    // Σpop = 60 000 + 30 000 + 10 000 = 100 000 → 60 %, 30 %, 10 % of 250 000.
    const { fractions, populationTotal } = keyFractions({ type: 'population' }, [served('a', 60_000), served('b', 30_000), served('c', 10_000)]);
    expect(populationTotal).toBe(100_000);
    expect(fractions.map((f) => f.fraction)).toEqual([0.6, 0.3, 0.1]);
    expect(amounts(splitLargestRemainder(250_000, fractions))).toEqual({ a: 150_000, b: 75_000, c: 25_000 });
  });

  it('reproduces the eKommune Sunnmøre check: Ålesund pays 43.287 % with f = 0.30', () => {
    // Ålesund: 0.30/8 + 0.70 × 47 199 / 83 566 = 0.0375 + 0.395368 = 0.432868 → 43.287 %.
    // The other seven populations are illustrative and chosen to sum to 83 566 − 47 199 = 36 367.
    const members = [
      served('alesund', 47_199),
      served('giske', 8_339),
      served('haram', 9_248),
      served('midsund', 1_398),
      served('orskog', 2_304),
      served('sandoy', 1_255),
      served('skodje', 4_662),
      served('sula', 9_161),
    ];
    const { fractions, populationTotal } = keyFractions({ type: 'fixed-plus-population', fixed: 0.3 }, members);
    expect(populationTotal).toBe(83_566);
    const alesund = fractions.find((f) => f.memberId === 'alesund');
    expect(alesund?.fraction).toBeCloseTo(0.432868, 6);
    expect(alesund?.formula).toBe('0.3/8 + 0.7 × 47199/83566');
    // A 2017 cost: 800 000 bought in 2012 × 1.025^5 = 905 126.57 → 905 127 NOK.
    // Exact shares: Ålesund 391 800.27, Giske 97 167.71, Haram 104 059.66, Midsund 44 541.76,
    // Ørskog 51 410.96, Sandøy 43 457.54, Skodje 69 289.07, Sula 103 400.03. Floors sum to 905 123;
    // the 4 NOK left go to the largest remainders: Ørskog .96, Midsund .76, Giske .71, Haram .66.
    expect(amounts(splitLargestRemainder(905_127, fractions))).toEqual({
      alesund: 391_800,
      giske: 97_168,
      haram: 104_060,
      midsund: 44_542,
      orskog: 51_411,
      sandoy: 43_457,
      skodje: 69_289,
      sula: 103_400,
    });
  });

  it('uses given percentages for a custom key and rounds by largest remainder', () => {
    // 1 001 × 60 % = 600.6, × 40 % = 400.4; floors 1 000; the krone left goes to a (.6 > .4).
    const { fractions } = keyFractions({ type: 'custom', shares: { a: 60, b: 40 } }, [served('a'), served('b')]);
    expect(amounts(splitLargestRemainder(1_001, fractions))).toEqual({ a: 601, b: 400 });
  });

  it('gives a merged member its predecessor’s custom percentage and scales away members no longer served', () => {
    // a 50 % + merged-in m 20 % = 70 %; b 10 %; c (20 %) is not served: 70/80 and 10/80 of 8 000.
    const { fractions, warnings } = keyFractions({ type: 'custom', shares: { a: 50, m: 20, b: 10, c: 20 } }, [served('a', undefined, ['m']), served('b')]);
    expect(amounts(splitLargestRemainder(8_000, fractions))).toEqual({ a: 7_000, b: 1_000 });
    expect(warnings.join(' ')).toMatch(/scaled back to 100 %/);
  });

  it('splits the population part equally when nobody has a population figure', () => {
    const { fractions, warnings } = keyFractions({ type: 'population' }, [served('a'), served('b')]);
    expect(fractions.map((f) => f.fraction)).toEqual([0.5, 0.5]);
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('always sums exactly to the cost, each share within one krone of its exact amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (cost, populations, fixed) => {
          const members = populations.map((population, index) => served(`m${index}`, population));
          const { fractions } = keyFractions({ type: 'fixed-plus-population', fixed }, members);
          const split = splitLargestRemainder(cost, fractions);
          expect(split.reduce((sum, share) => sum + share.amountNok, 0)).toBe(cost);
          for (const share of split) {
            expect(Number.isInteger(share.amountNok)).toBe(true);
            expect(Math.abs(share.amountNok - share.exactNok)).toBeLessThan(1 + 1e-6);
          }
        },
      ),
    );
  });
});
