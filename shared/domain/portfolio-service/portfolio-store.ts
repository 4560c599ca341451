import type { Page, PageRequest } from '#shared/domain/paging.ts';
import type { PortfolioSettings, Project, Ranking, Scenario } from '#shared/schemas/portfolio.ts';

/** A record as it is written: the store gives it its version. */
export type Unversioned<T> = Omit<T, 'version'>;
export type StoredSettings = PortfolioSettings & { version: number };

/**
 * The port through which the portfolio's use cases read and write projects, settings, rankings and
 * scenarios of a region. Writes are optimistic like the inventory's: a replace or delete names the
 * version it read and fails with a version conflict (409 with the current version) otherwise. A
 * settings or ranking record is written by `put`: without a version it must not exist yet.
 */
export interface PortfolioStore {
  listProjects(regionId: string, page: PageRequest): Promise<Page<Project>>;
  getProject(regionId: string, projectId: string): Promise<Project | undefined>;
  createProject(regionId: string, project: Unversioned<Project>): Promise<Project>;
  replaceProject(regionId: string, project: Unversioned<Project>, expectedVersion: number): Promise<Project>;
  deleteProject(regionId: string, projectId: string, expectedVersion: number): Promise<void>;

  getSettings(regionId: string): Promise<StoredSettings | undefined>;
  putSettings(regionId: string, settings: Unversioned<PortfolioSettings>, expectedVersion: number | undefined): Promise<StoredSettings>;

  listRankings(regionId: string): Promise<Ranking[]>;
  getRanking(regionId: string, memberId: string): Promise<Ranking | undefined>;
  putRanking(regionId: string, ranking: Unversioned<Ranking>, expectedVersion: number | undefined): Promise<Ranking>;

  listScenarios(regionId: string): Promise<Scenario[]>;
  getScenario(regionId: string, scenarioId: string): Promise<Scenario | undefined>;
  createScenario(regionId: string, scenario: Unversioned<Scenario>): Promise<Scenario>;
  replaceScenario(regionId: string, scenario: Unversioned<Scenario>, expectedVersion: number): Promise<Scenario>;
  deleteScenario(regionId: string, scenarioId: string, expectedVersion: number): Promise<void>;
}
