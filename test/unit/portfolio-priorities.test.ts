import { describe, expect, it } from 'vitest';
import { computePriorities, type PriorityInputs } from '#shared/domain/portfolio/priorities.ts';
import { bordaPoints, memberWeights, supportFor } from '#shared/domain/portfolio/rankings.ts';
import { memberDirectory } from '#shared/domain/reinvestment/membership-on-date.ts';
import { DEFAULT_CRITERIA } from '#shared/schemas/portfolio.ts';
import { member, project, ratings } from './portfolio-fixtures.ts';

const candidates = ['a', 'b', 'c', 'd'];
// X lists a non-candidate 'zz' (ignored): its list of candidates is c, a, b → 3, 2, 1; d unlisted → 0.
// Y lists a only → 1.
const rankings = [
  { memberId: 'kristiansand', projectIds: ['c', 'a', 'zz', 'b'] },
  { memberId: 'lillesand', projectIds: ['a'] },
];

describe('Borda points and support', () => {
  it('gives n − k points over the candidates a member listed, 0 to the rest', () => {
    expect(Object.fromEntries(bordaPoints(rankings[0]!.projectIds, new Set(candidates)))).toEqual({ c: 3, a: 2, b: 1 });
    expect(Object.fromEntries(bordaPoints(rankings[1]!.projectIds, new Set(candidates)))).toEqual({ a: 1 });
  });

  it('computes support and disagreement with equal weights', () => {
    const weights = [{ memberId: 'kristiansand', weight: 1 }, { memberId: 'lillesand', weight: 1 }];
    const result = supportFor(candidates, rankings, weights);
    // N = 4, Σv = 2: support(a) = 100 · (2 + 1) / (4 · 2) = 37.5; c: 100 · 3 / 8 = 37.5; b: 12.5; d: 0
    expect(Object.fromEntries(result.support)).toEqual({ a: 37.5, b: 12.5, c: 37.5, d: 0 });
    // disagreement = 100 · (max − min) / N: a (2 − 1) → 25; b (1 − 0) → 25; c (3 − 0) → 75; d 0
    expect(Object.fromEntries(result.disagreement)).toEqual({ a: 25, b: 25, c: 75, d: 0 });
    expect(result.points.get('c')).toEqual({ kristiansand: 3, lillesand: 0 });
  });

  it('weights members by their share under the default key (cost-share)', () => {
    // Population key: 90 000 / 100 000 = 0.9 and 10 000 / 100 000 = 0.1.
    const members = memberDirectory([member('kristiansand', 90_000), member('lillesand', 10_000)]);
    const weights = memberWeights(rankings, members, '2019-01-01', 'cost-share', { type: 'population' });
    expect(weights).toEqual([{ memberId: 'kristiansand', weight: 0.9 }, { memberId: 'lillesand', weight: 0.1 }]);
    const { support } = supportFor(candidates, rankings, weights);
    // a: 100 · (0.9·2 + 0.1·1) / (4 · 1) = 47.5; c: 100 · 0.9·3 / 4 = 67.5; b: 100 · 0.9 / 4 = 22.5
    expect(support.get('a')).toBeCloseTo(47.5, 10);
    expect(support.get('c')).toBeCloseTo(67.5, 10);
    expect(support.get('b')).toBeCloseTo(22.5, 10);
  });

  it('counts only members on 1 January of the first year: a member merged away no longer ranks for itself', () => {
    const members = memberDirectory([
      member('kristiansand', 90_000, { population: [{ from: '2010-01-01', value: 90_000 }, { from: '2020-01-01', value: 97_000 }] }),
      member('songdalen', 7_000, { mergedInto: 'kristiansand', mergedOn: '2020-01-01' }),
      member('sogne', 11_000, { joinedOn: '2020-01-01', mergedInto: 'kristiansand', mergedOn: '2020-01-01' }),
      member('lillesand', 10_000),
      member('birkenes', 5_000, { leftOn: '2019-06-01' }),
    ]);
    const all = ['kristiansand', 'songdalen', 'sogne', 'lillesand', 'birkenes'].map((memberId) => ({ memberId, projectIds: ['a'] }));
    expect(memberWeights(all, members, '2019-01-01', 'equal', { type: 'equal' }).map((w) => w.memberId)).toEqual(['birkenes', 'kristiansand', 'lillesand', 'songdalen']);
    // 2020: Songdalen and Søgne are Kristiansand now, Birkenes has left.
    // Cost share on 2020-01-01, population key: Kristiansand 97 000 (its own figure), Lillesand 10 000; Σ 107 000.
    const weights = memberWeights(all, members, '2020-01-01', 'cost-share', { type: 'population' });
    expect(weights.map((w) => w.memberId)).toEqual(['kristiansand', 'lillesand']);
    expect(weights[0]!.weight).toBeCloseTo(97_000 / 107_000, 12);
    expect(weights[1]!.weight).toBeCloseTo(10_000 / 107_000, 12);
  });
});

describe('priorities', () => {
  const inputs = (overrides: Partial<PriorityInputs> = {}): PriorityInputs => ({
    projects: [
      // score 72.22 (see the scoring test)
      project('a', { ratings: ratings(5, 4, 3, 2, 2) }),
      // all 3, cost 3 → r' 3: 100 · 9·2 / 36 = 50
      project('b', { ratings: ratings(3, 3, 3, 3, 3), status: 'in-progress' }),
      // no cost rating: no score
      project('c', { ratings: { benefit: 5 } }),
      // score 50 like b
      project('d', { ratings: ratings(3, 3, 3, 3, 3), status: 'assessed' }),
      // not candidates: not listed
      project('e', { ratings: ratings(5, 5, 5, 5, 1), status: 'idea' }),
      project('f', { status: 'done' }),
    ],
    settings: { criteria: DEFAULT_CRITERIA, alpha: 0.5, memberWeighting: 'equal' },
    rankings,
    members: memberDirectory([member('kristiansand', 90_000), member('lillesand', 10_000)]),
    defaultKey: { type: 'population' },
    devices: new Map(),
    year: 2019,
    asOf: '2018-06-01',
    ...overrides,
  });

  it('blends score and support with α, falls back to support without a score, and sorts', () => {
    const result = computePriorities(inputs());
    expect(result.candidateCount).toBe(4);
    // Support as above: a 37.5, b 12.5, c 37.5, d 0.
    // a: 0.5 · 72.22 + 0.5 · 37.5 = 54.86; b: 0.5 · 50 + 0.5 · 12.5 = 31.25; c: support only 37.5; d: 0.5 · 50 + 0 = 25
    expect(result.items.map((item) => [item.projectId, item.score, item.support, item.priority, item.disagreement])).toEqual([
      ['a', 72.22, 37.5, 54.86, 25],
      ['c', null, 37.5, 37.5, 75],
      ['b', 50, 12.5, 31.25, 25],
      ['d', 50, 0, 25, 0],
    ]);
    const c = result.items.find((item) => item.projectId === 'c')!;
    expect(c).toMatchObject({ needsAssessment: true, priorityFromSupportOnly: true, missingRatings: ['risk-reduction', 'urgency', 'strategic-fit', 'cost'] });
  });

  it('takes α = 1 as score alone and breaks ties by score, then id', () => {
    const result = computePriorities(inputs({ settings: { criteria: DEFAULT_CRITERIA, alpha: 1, memberWeighting: 'equal' } }));
    // a 72.22; b and d 50 (tie on priority and score → id); c support 37.5
    expect(result.items.map((item) => [item.projectId, item.priority])).toEqual([
      ['a', 72.22],
      ['b', 50],
      ['d', 50],
      ['c', 37.5],
    ]);
  });

  it('uses cost-share weights when the region says so', () => {
    const result = computePriorities(inputs({ settings: { criteria: DEFAULT_CRITERIA, alpha: 0.5, memberWeighting: 'cost-share' } }));
    // c: no score, support 67.5 (see above) → 67.5; a: support 47.5 → 0.5 · 72.22 + 0.5 · 47.5 = 59.86;
    // b: support 22.5 → 0.5 · 50 + 0.5 · 22.5 = 36.25; d: 25
    expect(result.items.map((item) => [item.projectId, item.support, item.priority])).toEqual([
      ['c', 67.5, 67.5],
      ['a', 47.5, 59.86],
      ['b', 22.5, 36.25],
      ['d', 0, 25],
    ]);
    expect(result.memberWeights).toEqual([{ memberId: 'kristiansand', weight: 0.9 }, { memberId: 'lillesand', weight: 0.1 }]);
  });
});
