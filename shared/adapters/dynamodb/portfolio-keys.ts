import type { ItemKey } from './keys.ts';

/**
 * Keys of the project portfolio (issue 8) in the single table. No new index: every pattern is one
 * GetItem or one Query on the base table.
 *
 * | access pattern                           | operation | key                                                   |
 * |------------------------------------------|-----------|-------------------------------------------------------|
 * | list projects of a region / get one      | Query/Get | pk = REGION#{r}#PROJECTS, sk begins_with / = PROJECT#{id} |
 * | a region's portfolio settings            | GetItem   | pk = REGION#{r}#PORTFOLIO, sk = SETTINGS               |
 * | every member's ranking / one member's    | Query/Get | pk = REGION#{r}#PORTFOLIO, sk begins_with / = RANKING#{m} |
 * | list scenarios / get one                 | Query/Get | pk = REGION#{r}#PORTFOLIO, sk begins_with / = SCENARIO#{id} |
 *
 * Projects have a partition of their own (a region may hold thousands, as devices do), so the
 * region partition's small lists (members, environments, budget lines) never page through them.
 * Settings, rankings (one per member) and scenarios are a handful each and share one partition,
 * apart by sort-key prefix. A project's history is its audit trail (audit-keys.ts).
 */
export const PROJECT_PREFIX = 'PROJECT#';
export const RANKING_PREFIX = 'RANKING#';
export const SCENARIO_PREFIX = 'SCENARIO#';
export const SETTINGS_SORT_KEY = 'SETTINGS';

export const portfolioKeys = {
  projects: (regionId: string) => `REGION#${regionId}#PROJECTS`,
  project: (regionId: string, projectId: string): ItemKey => ({ pk: portfolioKeys.projects(regionId), sk: `${PROJECT_PREFIX}${projectId}` }),
  portfolio: (regionId: string) => `REGION#${regionId}#PORTFOLIO`,
  settings: (regionId: string): ItemKey => ({ pk: portfolioKeys.portfolio(regionId), sk: SETTINGS_SORT_KEY }),
  ranking: (regionId: string, memberId: string): ItemKey => ({ pk: portfolioKeys.portfolio(regionId), sk: `${RANKING_PREFIX}${memberId}` }),
  scenario: (regionId: string, scenarioId: string): ItemKey => ({ pk: portfolioKeys.portfolio(regionId), sk: `${SCENARIO_PREFIX}${scenarioId}` }),
};
