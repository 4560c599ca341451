import { describe, expect, it } from 'vitest';
import { decideCost } from '#shared/domain/reinvestment/stages/costing.ts';
import { decideDue, type DueRules } from '#shared/domain/reinvestment/stages/due.ts';
import { MAX_NOK } from '#shared/schemas/common.ts';
import { device } from './fixtures.ts';

/** The plan's stages decide with numbers and dates only; the words come later (stages/explanation.ts). */
const rules: DueRules = { fromYear: 2017, toYear: 2020, asOf: '2017-02-01', currentYear: 2017, lifetimes: { server: 6 }, health: new Map() };

describe('plan stages', () => {
  it('due rules: vendor end of support before end of life, then a health pull-forward to today', () => {
    // Bought 2014-03-15, server lifetime 6 (region) → end of life 2020-03-15; support ends 2019-06-30 first.
    const supported = device('srv', { vendorEndOfSupport: '2019-06-30' });
    expect(decideDue(supported, rules)).toMatchObject({
      lifetime: 6,
      lifetimeSource: 'region',
      endOfLife: '2020-03-15',
      dueBeforeHealth: '2019-06-30',
      reasonBeforeHealth: 'vendor-end-of-support',
      pulledForward: false,
      budgetYear: 2019,
      overdue: false,
      afterPlan: false,
    });
    // Critical 20 % of the time: due no later than this year, so due today (2017-02-01).
    const unhealthy = decideDue(supported, { ...rules, health: new Map([['srv', { criticalFractionLast90Days: 0.2, incidentsLast365Days: 0 }]]) });
    expect(unhealthy).toMatchObject({ unhealthy: true, pulledForward: true, dueDate: '2017-02-01', reason: 'health', budgetYear: 2017 });
  });

  it('due rules: overdue items land in the first year, late ones leave the plan', () => {
    expect(decideDue(device('old', { purchaseDate: '2008-05-01' }), rules)).toMatchObject({ dueDate: '2014-05-01', budgetYear: 2017, overdue: true });
    expect(decideDue(device('new', { purchaseDate: '2016-05-01' }), rules)).toMatchObject({ dueDate: '2022-05-01', afterPlan: true });
  });

  it('costing: the replacement cost, else the purchase cost grown by the index, capped at MAX_NOK', () => {
    expect(decideCost(device('r', { replacementCostNok: 77_000 }), 2019, 0.025)).toEqual({ source: 'replacement', costNok: 77_000 });
    // 100 000 × 1.025^(2019 − 2014) = 113 140.82 → 113 141.
    expect(decideCost(device('i'), 2019, 0.025)).toMatchObject({ source: 'indexed', costNok: 113_141, years: 5, capped: false });
    expect(decideCost(device('c', { purchaseCostNok: MAX_NOK, purchaseDate: '1900-01-01' }), 2019, 0.5)).toMatchObject({ costNok: MAX_NOK, capped: true });
  });
});
