import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberDirectory } from '#shared/domain/reinvestment/membership-on-date.ts';
import { participantsOn, shareAmounts, shareBasis, shareCost } from '#shared/domain/reinvestment/shares.ts';
import { krIktMembers, member } from './fixtures.ts';

/** KR-IKT (fixtures): Songdalen 7 000 and Søgne 11 000 merge into Kristiansand (90 000 → 112 000) on 2020-01-01. */
const members = memberDirectory([...krIktMembers(), member('birkenes-left', 5_000, { leftOn: '2020-01-01' }), member('late', 2_000, { joinedOn: '2021-01-01' })]);
const project = ['kristiansand', 'songdalen', 'sogne', 'lillesand'];

function amounts(shares: readonly { memberId: string; amountNok: number }[]): Record<string, number> {
  return Object.fromEntries(shares.map((share) => [share.memberId, share.amountNok]));
}

describe('participants on a date', () => {
  it('follows the 2020 merger: Søgne and Songdalen pay as Kristiansand from 1 January 2020', () => {
    expect(participantsOn(project, members, '2019-01-01').map((p) => [p.memberId, p.population])).toEqual([
      ['kristiansand', 90_000],
      ['lillesand', 11_000],
      ['sogne', 11_000],
      ['songdalen', 7_000],
    ]);
    expect(participantsOn(project, members, '2020-01-01')).toEqual([
      { memberId: 'kristiansand', mergedFrom: ['songdalen', 'sogne'], population: 112_000 },
      { memberId: 'lillesand', mergedFrom: [], population: 11_000 },
    ]);
  });

  it('drops members that have left or not joined, ids it does not know, and counts each member once', () => {
    expect(participantsOn(['sogne', 'birkenes-left', 'late', 'nobody', 'kristiansand', 'sogne'], members, '2020-01-01')).toEqual([
      { memberId: 'kristiansand', mergedFrom: ['sogne'], population: 112_000 },
    ]);
    expect(participantsOn(['birkenes-left', 'late'], members, '2019-06-01').map((p) => p.memberId)).toEqual(['birkenes-left']);
  });
});

describe('share stage', () => {
  it('splits a project cost by population across the merger, largest remainder', () => {
    // 2019: Σpop = 90 000 + 11 000 + 11 000 + 7 000 = 119 000. 100 000 NOK →
    // kristiansand 75 630.25, lillesand 9 243.70, sogne 9 243.70, songdalen 5 882.35: floors 99 998;
    // the 2 NOK left go to the two largest remainders (.70 each, a tie on remainder and fraction).
    const before = shareCost({ costNok: 100_000, on: '2019-01-01', key: { type: 'population' }, keySource: 'project', participants: participantsOn(project, members, '2019-01-01') });
    expect(amounts(before.members)).toEqual({ kristiansand: 75_630, lillesand: 9_244, sogne: 9_244, songdalen: 5_882 });
    expect(before.populationTotal).toBe(119_000);
    expect(before.rounding).toBe('largest remainder: the rounded-down amounts sum to 99998; the 2 NOK left go one each to the largest remainders (lillesand, sogne)');

    // 2020: Σpop = 112 000 + 11 000 = 123 000 → kristiansand 91 056.91, lillesand 8 943.09; floors 99 999, the krone to Kristiansand.
    const after = shareCost({ costNok: 100_000, on: '2020-01-01', key: { type: 'population' }, keySource: 'project', participants: participantsOn(project, members, '2020-01-01') });
    expect(after).toMatchObject({ on: '2020-01-01', method: 'key', keySource: 'project', memberCount: 2, totalNok: 100_000, populationTotal: 123_000, warnings: [] });
    expect(after.members).toEqual([
      { memberId: 'kristiansand', mergedFrom: ['songdalen', 'sogne'], population: 112_000, fraction: 112_000 / 123_000, formula: '112000/123000', exactNok: (100_000 * 112_000) / 123_000, amountNok: 91_057 },
      { memberId: 'lillesand', population: 11_000, fraction: 11_000 / 123_000, formula: '11000/123000', exactNok: (100_000 * 11_000) / 123_000, amountNok: 8_943 },
    ]);
  });

  it("adds the custom percentages of merged members to their successor's", () => {
    // Kristiansand 50 + Songdalen 10 + Søgne 10 = 70 %, Lillesand 30 % of 1 000 001 → 700 000.7 and 300 000.3: the krone to Kristiansand.
    const split = shareCost({
      costNok: 1_000_001,
      on: '2020-01-01',
      key: { type: 'custom', shares: { kristiansand: 50, songdalen: 10, sogne: 10, lillesand: 30 } },
      keySource: 'project',
      participants: participantsOn(project, members, '2020-01-01'),
    });
    expect(amounts(split.members)).toEqual({ kristiansand: 700_001, lillesand: 300_000 });
    expect(split.members.map((line) => line.formula)).toEqual(['70 %', '30 %']);
  });

  it('allocates nothing when nobody takes part, and says so', () => {
    const split = shareCost({ costNok: 5_000, on: '2030-01-01', key: { type: 'equal' }, keySource: 'project', participants: [] });
    expect(split).toMatchObject({ memberCount: 0, members: [], totalNok: 0, rounding: 'nobody to charge: the cost is not allocated' });
  });

  it('gives the same amounts on the fast path as in the explanation, summing exactly to the cost', () => {
    const participants = participantsOn(project, members, '2019-01-01');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (costNok, fixed) => {
        const request = { on: '2019-01-01', key: { type: 'fixed-plus-population' as const, fixed }, keySource: 'project' as const, participants };
        const fast = shareAmounts(shareBasis(request), costNok);
        const explained = shareCost({ ...request, costNok });
        expect(amounts(fast)).toEqual(amounts(explained.members));
        expect(fast.reduce((sum, share) => sum + share.amountNok, 0)).toBe(costNok);
      }),
    );
  });
});
