import { describe, expect, it } from 'vitest';
import { effectiveRatings, scoreRatings, urgencyFor, type DeviceDue } from '#shared/domain/portfolio/scoring.ts';
import { DEFAULT_CRITERIA } from '#shared/schemas/portfolio.ts';
import { project, ratings } from './portfolio-fixtures.ts';

describe('assessment score', () => {
  it('weights the default criteria 3/2/2/1/1 and turns cost around (lower is better)', () => {
    // r' = 5, 4, 3, 2 and 6 − 2 = 4 for cost; Σw = 9.
    // 100 · (3·4 + 2·3 + 2·2 + 1·1 + 1·3) / (4 · 9) = 100 · 26 / 36 = 72.222… → 72.22
    expect(scoreRatings(ratings(5, 4, 3, 2, 2), DEFAULT_CRITERIA)).toEqual({ score: 72.22, missingRatings: [] });
    // All 5: cost 5 → r' = 1 adds nothing: 100 · (12 + 8 + 8 + 4 + 0) / 36 = 88.888… → 88.89
    expect(scoreRatings(ratings(5, 5, 5, 5, 5), DEFAULT_CRITERIA).score).toBe(88.89);
    // All 1, cost 1 → r' = 5: 100 · (1 · 4) / 36 = 11.111… → 11.11
    expect(scoreRatings(ratings(1, 1, 1, 1, 1), DEFAULT_CRITERIA).score).toBe(11.11);
  });

  it('gives no score and names the criteria still to rate when a weighted rating is missing', () => {
    const { cost: _cost, urgency: _urgency, ...partial } = ratings(5, 4, 3, 2, 2);
    expect(scoreRatings(partial, DEFAULT_CRITERIA)).toEqual({ score: null, missingRatings: ['urgency', 'cost'] });
  });

  it('does not need a rating for a criterion weighted 0', () => {
    const criteria = DEFAULT_CRITERIA.map((c) => (c.id === 'strategic-fit' ? { ...c, weight: 0 } : c));
    const { 'strategic-fit': _fit, ...rest } = ratings(5, 4, 3, 2, 2);
    // Σw = 8: 100 · (12 + 6 + 4 + 3) / 32 = 78.125 → 78.13
    expect(scoreRatings(rest, criteria)).toEqual({ score: 78.13, missingRatings: [] });
  });
});

describe('derived urgency', () => {
  const devices = new Map<string, DeviceDue>([
    ['fw-due', { deviceId: 'fw-due', dueYear: 2019, vendorEndOfSupport: null }],
    ['srv-eos', { deviceId: 'srv-eos', dueYear: 2021, vendorEndOfSupport: '2018-12-31' }],
    ['sw-fine', { deviceId: 'sw-fine', dueYear: 2021, vendorEndOfSupport: 'announced-unknown' }],
  ]);
  const costs = [{ year: 2019, investmentNok: 100, operatingNok: 0 }, { year: 2020, investmentNok: 100, operatingNok: 0 }];

  it('is 5 when a linked device is due in or before the first cost year', () => {
    const urgency = urgencyFor(project('p', { deviceIds: ['fw-due'], costs, ratings: { urgency: 1 } }), devices, '2018-06-01');
    expect(urgency).toEqual({ rating: 5, source: 'derived', devices: [{ deviceId: 'fw-due', why: 'due' }] });
    // Due 2019 but the project starts paying 2018: not derived, the entered rating stands.
    const earlier = [{ year: 2018, investmentNok: 100, operatingNok: 0 }];
    expect(urgencyFor(project('p', { deviceIds: ['fw-due'], costs: earlier, ratings: { urgency: 2 } }), devices, '2018-06-01')).toEqual({ rating: 2, source: 'rating', devices: [] });
  });

  it('is 5 when a linked device is past vendor end of support, and takes the operator override with its reason', () => {
    expect(urgencyFor(project('p', { deviceIds: ['srv-eos'], costs }), devices, '2019-01-01').devices).toEqual([{ deviceId: 'srv-eos', why: 'past-end-of-support' }]);
    // On the last supported day it is not past yet.
    expect(urgencyFor(project('p', { deviceIds: ['srv-eos'], costs }), devices, '2018-12-31').source).toBe('missing');
    expect(urgencyFor(project('p', { deviceIds: ['sw-fine'], costs, ratings: { urgency: 3 } }), devices, '2019-01-01').rating).toBe(3);
    const overridden = urgencyFor(project('p', { deviceIds: ['fw-due'], costs, urgencyOverride: { rating: 2, reason: 'Brannmuren har utvidet support' } }), devices, '2018-06-01');
    expect(overridden).toEqual({ rating: 2, source: 'override', devices: [], reason: 'Brannmuren har utvidet support' });
  });

  it('feeds the score: a derived 5 replaces the entered urgency', () => {
    const p = project('p', { deviceIds: ['fw-due'], costs, ratings: ratings(5, 4, 1, 2, 2) });
    const urgency = urgencyFor(p, devices, '2018-06-01');
    // Urgency 1 → 5: 100 · (12 + 6 + 2·4 + 1 + 3) / 36 = 100 · 30 / 36 = 83.33
    expect(scoreRatings(effectiveRatings(p.ratings, urgency), DEFAULT_CRITERIA).score).toBe(83.33);
    // With the entered 1: 100 · (12 + 6 + 0 + 1 + 3) / 36 = 61.11
    expect(scoreRatings(p.ratings, DEFAULT_CRITERIA).score).toBe(61.11);
  });
});
