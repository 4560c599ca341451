import { MemberCosts, portfolioProjects } from '#shared/domain/member-bill/member-costs.ts';
import { planning } from './planning-services.ts';
import { portfolio } from './portfolio-services.ts';
import { inventoryStore } from './services.ts';

/** The member's bill: the reinvestment plan filtered to the member, and the base scenario's portfolio plan. */
export const memberCosts = new MemberCosts({
  inventory: inventoryStore,
  reinvestmentPlan: (regionId, period, filter) => planning.plan(regionId, period, filter),
  projects: portfolioProjects(portfolio),
});
