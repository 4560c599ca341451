import type { MemberRecord } from '#shared/domain/reinvestment/membership-on-date.ts';
import type { PortfolioProject } from '#shared/domain/portfolio/priorities.ts';

/** Small builders for the portfolio tests; every figure a test computes with is stated in that test. */

export function project(id: string, overrides: Partial<PortfolioProject> = {}): PortfolioProject {
  return {
    id,
    title: `Prosjekt ${id}`,
    description: '',
    proposedBy: 'kristiansand',
    participants: ['kristiansand'],
    category: 'infrastruktur',
    status: 'approved',
    costs: [],
    dependsOn: [],
    deviceIds: [],
    risks: [],
    ratings: {},
    benefits: [],
    ...overrides,
  };
}

export function member(id: string, population: number, overrides: Partial<MemberRecord> = {}): MemberRecord {
  return { id, name: id, joinedOn: '2010-01-01', population: [{ from: '2010-01-01', value: population }], ...overrides };
}

/** Full ratings under the default criteria: benefit, risk-reduction, urgency, strategic-fit, cost. */
export function ratings(benefit: number, riskReduction: number, urgency: number, strategicFit: number, cost: number): Record<string, number> {
  return { benefit, 'risk-reduction': riskReduction, urgency, 'strategic-fit': strategicFit, cost };
}
