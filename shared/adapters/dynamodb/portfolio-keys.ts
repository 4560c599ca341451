import { itemKey, partitionKey, sortPrefix, type ItemKey } from './entities.ts';

/**
 * Keys of the project portfolio (registry entries `project`, `portfolio-settings`, `ranking`,
 * `scenario` in entities.ts). Projects have a partition of their own per region (a region may hold
 * thousands, as devices do), so the region partition's small lists never page through them.
 * Settings, rankings (one per member) and scenarios are a handful each and share one partition,
 * apart by sort-key prefix. A project's history is its audit trail.
 */
export const PROJECT_PREFIX = sortPrefix('project');
export const RANKING_PREFIX = sortPrefix('ranking');
export const SCENARIO_PREFIX = sortPrefix('scenario');

export const portfolioKeys = {
  projects: (regionId: string) => partitionKey('project', { regionId }),
  project: (regionId: string, projectId: string): ItemKey => itemKey('project', { regionId, projectId }),
  portfolio: (regionId: string) => partitionKey('ranking', { regionId }),
  settings: (regionId: string): ItemKey => itemKey('portfolio-settings', { regionId }),
  ranking: (regionId: string, memberId: string): ItemKey => itemKey('ranking', { regionId, memberId }),
  scenario: (regionId: string, scenarioId: string): ItemKey => itemKey('scenario', { regionId, scenarioId }),
};
