import { describe, expect, it } from 'vitest';
import { BudgetLineInput } from '#shared/schemas/budget-line.ts';
import { Benefit, defaultPortfolioSettings, PortfolioSettings, ProjectCreate, ProjectPatch, RankingInput, Scenario, ScenarioOverrides, Transition } from '#shared/schemas/portfolio.ts';

const minimal = { title: 'Oppgradere SharePoint', proposedBy: 'kristiansand', participants: ['kristiansand'], category: 'plattform' };

describe('portfolio schemas', () => {
  it('fills a created project’s lists and refuses two cost rows for one year and a project depending on itself', () => {
    expect(ProjectCreate.parse(minimal)).toMatchObject({ costs: [], dependsOn: [], deviceIds: [], risks: [], ratings: {}, benefits: [], description: '' });
    const twice = ProjectCreate.safeParse({ ...minimal, costs: [{ year: 2018, investmentNok: 1, operatingNok: 0 }, { year: 2018, investmentNok: 2, operatingNok: 0 }] });
    expect(twice.error?.issues.map((i) => i.message)).toEqual(['one cost row per year']);
    expect(ProjectCreate.safeParse({ ...minimal, id: 'sp', dependsOn: ['sp'] }).success).toBe(false);
    expect(ProjectCreate.safeParse({ ...minimal, status: 'approved' }).success).toBe(false); // status only through transitions
    expect(ProjectCreate.safeParse({ ...minimal, ratings: { benefit: 6 } }).success).toBe(false);
    expect(ProjectCreate.safeParse({ ...minimal, risks: [{ description: 'x', probability: 0, impact: 3 }] }).success).toBe(false);
    expect(ProjectCreate.safeParse({ ...minimal, costs: [{ year: 2018, investmentNok: 1.5, operatingNok: 0 }] }).success).toBe(false);
  });

  it('lets a patch clear forcing, key and the urgency override with null', () => {
    expect(ProjectPatch.parse({ forced: null, key: null, urgencyOverride: null, version: 3 })).toEqual({ forced: null, key: null, urgencyOverride: null, version: 3 });
    expect(ProjectPatch.safeParse({ status: 'done' }).success).toBe(false);
  });

  it('has the issue’s default settings and refuses an all-zero weighting', () => {
    expect(defaultPortfolioSettings()).toEqual({
      criteria: [
        { id: 'benefit', name: 'Nytte', weight: 3, lowerIsBetter: false },
        { id: 'risk-reduction', name: 'Risikoreduksjon', weight: 2, lowerIsBetter: false },
        { id: 'urgency', name: 'Hastegrad', weight: 2, lowerIsBetter: false },
        { id: 'strategic-fit', name: 'Strategisk forankring', weight: 1, lowerIsBetter: false },
        { id: 'cost', name: 'Kostnad', weight: 1, lowerIsBetter: true },
      ],
      alpha: 0.5,
      memberWeighting: 'equal',
    });
    expect(PortfolioSettings.safeParse({ criteria: [{ id: 'nytte', name: 'Nytte', weight: 0 }] }).success).toBe(false);
    expect(PortfolioSettings.safeParse({ alpha: 1.5 }).success).toBe(false);
    // Found by the write-route property suite: a number JavaScript holds but DynamoDB cannot store.
    expect(PortfolioSettings.safeParse({ alpha: 5e-324 }).success).toBe(false);
    expect(ScenarioOverrides.safeParse({ alpha: 5e-324 }).success).toBe(false);
  });

  it('checks rankings, transitions, scenarios and benefits', () => {
    expect(RankingInput.safeParse({ projectIds: ['a', 'b', 'a'] }).success).toBe(false);
    expect(Transition.safeParse({ to: 'approved', reason: '' }).success).toBe(false);
    expect(Scenario.parse({ id: 'utsett-brannmur', name: 'Utsett brannmurbyttet ett år', version: 1, overrides: { delays: [{ projectId: 'brannmur', years: 1 }] } }).overrides).toEqual({
      delays: [{ projectId: 'brannmur', years: 1 }],
      envelopes: [],
      forced: [],
    });
    expect(Benefit.safeParse({ description: 'x', ownerMemberId: 'lillesand', measure: { type: 'availability' }, target: 99, targetDate: '2019-12-31' }).success).toBe(false);
    expect(Benefit.safeParse({ description: 'x', ownerMemberId: 'lillesand', measure: { type: 'availability', environmentId: 'felles' }, target: 99, targetDate: '2200-01-01' }).success).toBe(false);
  });

  it('gives budget lines a scope; a projects-only line needs no device kind', () => {
    const line = { id: 'digitalisering', name: 'Digitalisering', fromYear: 2017, toYear: 2020, amountNok: 10_000_000, per: 'total' as const };
    expect(BudgetLineInput.safeParse({ ...line, scope: 'projects' }).success).toBe(true);
    expect(BudgetLineInput.safeParse(line).success).toBe(false);
    expect(BudgetLineInput.safeParse({ ...line, scope: 'everything' }).success).toBe(false);
  });
});
