import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AlreadyExistsError, VersionConflictError } from '#shared/domain/errors.ts';
import { allPages, type PageRequest } from '#shared/domain/paging.ts';
import type { PortfolioStore, StoredSettings, Unversioned } from '#shared/domain/portfolio-service/portfolio-store.ts';
import type { PortfolioSettings, Project, Ranking, Scenario } from '#shared/schemas/portfolio.ts';
import type { ItemKey } from './keys.ts';
import { PROJECT_PREFIX, RANKING_PREFIX, SCENARIO_PREFIX, portfolioKeys } from './portfolio-keys.ts';
import { VersionedItems } from './versioned-items.ts';

/** The settings record's id in the audit trail (one per region). */
export const SETTINGS_RECORD_ID = 'portfolio-settings';

type StoredRanking = Ranking & { id: string };
type SettingsRecord = StoredSettings & { id: string };

/** {@link PortfolioStore} on the single DynamoDB table (keys in `portfolio-keys.ts`). */
export class DynamoDbPortfolioStore implements PortfolioStore {
  private readonly projects: VersionedItems<Project>;
  private readonly settings: VersionedItems<SettingsRecord>;
  private readonly rankings: VersionedItems<StoredRanking>;
  private readonly scenarios: VersionedItems<Scenario>;

  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    this.projects = new VersionedItems<Project>(doc, tableName, 'project');
    this.settings = new VersionedItems<SettingsRecord>(doc, tableName, 'portfolio settings');
    this.rankings = new VersionedItems<StoredRanking>(doc, tableName, 'ranking');
    this.scenarios = new VersionedItems<Scenario>(doc, tableName, 'scenario');
  }

  listProjects(regionId: string, page: PageRequest) {
    return this.projects.queryPage({ ...partition(portfolioKeys.projects(regionId), PROJECT_PREFIX), ...page });
  }
  getProject(regionId: string, projectId: string) {
    return this.projects.get(portfolioKeys.project(regionId, projectId));
  }
  createProject(regionId: string, project: Unversioned<Project>) {
    return this.projects.create(portfolioKeys.project(regionId, project.id), project);
  }
  replaceProject(regionId: string, project: Unversioned<Project>, expectedVersion: number) {
    return this.projects.replace(portfolioKeys.project(regionId, project.id), project, expectedVersion);
  }
  deleteProject(regionId: string, projectId: string, expectedVersion: number) {
    return this.projects.delete(portfolioKeys.project(regionId, projectId), projectId, expectedVersion);
  }

  async getSettings(regionId: string): Promise<StoredSettings | undefined> {
    const stored = await this.settings.get(portfolioKeys.settings(regionId));
    return stored ? withoutId(stored) : undefined;
  }
  async putSettings(regionId: string, settings: Unversioned<PortfolioSettings>, expectedVersion: number | undefined): Promise<StoredSettings> {
    const { version: _ignored, ...fields } = settings as PortfolioSettings;
    return withoutId(await upsert(this.settings, portfolioKeys.settings(regionId), { ...fields, id: SETTINGS_RECORD_ID }, expectedVersion));
  }

  async listRankings(regionId: string): Promise<Ranking[]> {
    const stored = await allPages((page) => this.rankings.queryPage({ ...partition(portfolioKeys.portfolio(regionId), RANKING_PREFIX), ...page }));
    return stored.map(withoutId);
  }
  async getRanking(regionId: string, memberId: string): Promise<Ranking | undefined> {
    const stored = await this.rankings.get(portfolioKeys.ranking(regionId, memberId));
    return stored ? withoutId(stored) : undefined;
  }
  async putRanking(regionId: string, ranking: Unversioned<Ranking>, expectedVersion: number | undefined): Promise<Ranking> {
    return withoutId(await upsert(this.rankings, portfolioKeys.ranking(regionId, ranking.memberId), { ...ranking, id: ranking.memberId }, expectedVersion));
  }

  listScenarios(regionId: string): Promise<Scenario[]> {
    return allPages((page) => this.scenarios.queryPage({ ...partition(portfolioKeys.portfolio(regionId), SCENARIO_PREFIX), ...page }));
  }
  getScenario(regionId: string, scenarioId: string) {
    return this.scenarios.get(portfolioKeys.scenario(regionId, scenarioId));
  }
  createScenario(regionId: string, scenario: Unversioned<Scenario>) {
    return this.scenarios.create(portfolioKeys.scenario(regionId, scenario.id), scenario);
  }
  replaceScenario(regionId: string, scenario: Unversioned<Scenario>, expectedVersion: number) {
    return this.scenarios.replace(portfolioKeys.scenario(regionId, scenario.id), scenario, expectedVersion);
  }
  deleteScenario(regionId: string, scenarioId: string, expectedVersion: number) {
    return this.scenarios.delete(portfolioKeys.scenario(regionId, scenarioId), scenarioId, expectedVersion);
  }
}

function partition(partitionValue: string, sortPrefix: string) {
  return { partitionAttribute: 'pk', partitionValue, sortAttribute: 'sk', sortPrefix };
}

/**
 * A record of which a region (or a member) has at most one: created by the first write without a
 * version, replaced at the version read afterwards. A write without a version where one exists is
 * a conflict naming the current version, like a stale one.
 */
async function upsert<T extends { id: string; version: number }>(items: VersionedItems<T>, key: ItemKey, value: Omit<T, 'version'>, expectedVersion: number | undefined): Promise<T> {
  if (expectedVersion !== undefined) return items.replace(key, value, expectedVersion);
  try {
    return await items.create(key, value);
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    const current = await items.get(key, true);
    throw new VersionConflictError(items.entity, value.id, current?.version ?? 0);
  }
}

function withoutId<T extends { id: string }>(stored: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = stored;
  return rest;
}
