import type { AuditStore } from '#shared/domain/audit/audit-log.ts';
import { auditEntryFor } from '#shared/domain/audit/visibility.ts';
import { assertMayRankFor, assertMayTransition, assertProjectWrite } from '#shared/domain/authorisation.ts';
import { mapWithConcurrency } from '#shared/domain/concurrency.ts';
import { AlreadyExistsError, DriftsbildeError, NotFoundError, ValidationError, type FieldProblem } from '#shared/domain/errors.ts';
import type { Identity } from '#shared/domain/identity.ts';
import { fieldProblem } from '#shared/messages/errors.ts';
import { idFromName } from '#shared/domain/ids.ts';
import { requireRegion } from '#shared/domain/inventory.ts';
import type { InventoryStore } from '#shared/domain/inventory-store.ts';
import { allPages, type Page, type PageRequest } from '#shared/domain/paging.ts';
import type { AuditEntry } from '#shared/schemas/audit.ts';
import {
  BASE_SCENARIO_ID,
  defaultPortfolioSettings,
  Project as ProjectSchema,
  ScenarioOverrides,
  type PortfolioPlan,
  type PortfolioSettings,
  type Priorities,
  type Project,
  type ProjectBenefits,
  type ProjectCreate,
  type ProjectPatch,
  type ProjectReplace,
  type ProjectStatus,
  type Ranking,
  type Scenario,
  type ScenarioComparison,
  type Transition,
} from '#shared/schemas/portfolio.ts';
import type { ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import { parseOrThrow } from '#shared/schemas/validate.ts';
import { addDays, BASELINE_DAYS, projectBenefits, type EnvironmentHistory } from '../portfolio/benefits.ts';
import { proposalsFromPlan } from '../portfolio/proposals.ts';
import { deviceFractionsByYear, type RiskDevice } from '../portfolio/risk.ts';
import { computePriorities } from '../portfolio/priorities.ts';
import { compareScenarios, runScenario, type PortfolioInputs } from '../portfolio/scenarios.ts';
import type { DeviceDue } from '../portfolio/scoring.ts';
import { projectDates } from '../portfolio/status.ts';
import type { BudgetLineStore } from '../reinvestment/budget-line-store.ts';
import { memberDirectory } from '../reinvestment/membership-on-date.ts';
import { MAX_PLAN_YEARS, planPeriod, type PlanPeriod, type RequestedPeriod } from '../reinvestment/planning.ts';
import type { PortfolioStore, Unversioned } from './portfolio-store.ts';

/**
 * The most a stored project may weigh as JSON. A write's audit entry holds the changed fields as
 * they were and as they become, so twice this must stay well inside DynamoDB's 400 KB per item;
 * PATCHes could otherwise grow a project past it piece by piece.
 */
export const MAX_PROJECT_BYTES = 150 * 1024;

/** Path words that cannot be scenario ids: `GET …/scenarios/compare` is the comparison. */
const RESERVED_SCENARIO_IDS = [BASE_SCENARIO_ID, 'compare'];

export interface PortfolioDependencies {
  store: PortfolioStore;
  inventory: InventoryStore;
  audit: Pick<AuditStore, 'forRecord'>;
  budgetLines: Pick<BudgetLineStore, 'list'>;
  /** The reinvestment plan: when each device is due (derived urgency, risk exposure) and the items proposals are made from. */
  reinvestmentPlan: (regionId: string, period: PlanPeriod) => Promise<ReinvestmentPlan>;
  /** An environment's stored monitoring history (benefits). */
  history: EnvironmentHistorySource;
  /** Today as `YYYY-MM-DD`; injectable so tests are reproducible. */
  today?: () => string;
}

/** Reads an environment's monitoring history between two days (`from` included, `to` excluded) for the benefit measures. */
export interface EnvironmentHistorySource {
  historyOf(regionId: string, environmentId: string, fromDay: string, toDay: string): Promise<EnvironmentHistory>;
}

/** An entry of a project's history: for a transition also its from and to. */
export type ProjectHistoryEntry = AuditEntry & { transition?: { from: ProjectStatus; to: ProjectStatus } };

/** The base plan: the scenario without overrides; stored nowhere. */
export function baseScenario(): Scenario {
  return { id: BASE_SCENARIO_ID, name: 'Basis', description: 'Planen uten endringer', overrides: ScenarioOverrides.parse({}), version: 1 };
}

/**
 * The portfolio's use cases behind the API: projects and their transitions and history, settings,
 * rankings and scenarios. Who may write what is the domain's rule (`authorisation.ts`), checked
 * here against the record as stored; every reference a record makes (members, projects, devices,
 * environments, criteria) must exist in the region, or the write is a 400 naming the field.
 */
export class Portfolio {
  private readonly today: () => string;

  constructor(private readonly deps: PortfolioDependencies) {
    this.today = deps.today ?? (() => new Date().toISOString().slice(0, 10));
  }

  // --- computed views (the formulas are the pure domain's: shared/domain/portfolio/*) -----------
  /** Priorities with member weights read on 1 January of `from` (default: this year). */
  async priorities(regionId: string, from: number | undefined): Promise<Priorities> {
    const year = from ?? Number(this.today().slice(0, 4));
    const { inputs } = await this.read(regionId, { from: year, to: year + 3 });
    return computePriorities({ ...inputs, year });
  }

  /** The budget-constrained plan of a scenario over the period (default: this year and the next three). */
  async plan(regionId: string, requested: RequestedPeriod, scenarioId: string): Promise<PortfolioPlan> {
    const period = planPeriod(requested, this.today());
    const [scenario, { inputs }] = await Promise.all([this.getScenario(regionId, scenarioId), this.read(regionId, period)]);
    return runScenario(inputs, scenario, period.from, period.to).plan;
  }

  /** Two scenarios side by side: cost and risk exposure per year and per member. */
  async compare(regionId: string, requested: RequestedPeriod, a: string, b: string): Promise<ScenarioComparison> {
    const period = planPeriod(requested, this.today());
    const [scenarioA, scenarioB, { inputs, environments, devices }] = await Promise.all([this.getScenario(regionId, a), this.getScenario(regionId, b), this.read(regionId, period)]);
    const byEnvironment = new Map(environments.map((environment) => [environment.id, environment]));
    const riskDevices: RiskDevice[] = devices.map((device) => ({
      ...(inputs.devices.get(device.id) as DeviceDue),
      criticality: device.criticality,
      fractionsByYear: deviceFractionsByYear(device, byEnvironment, inputs.members, inputs.defaultKey, period.from, period.to),
    }));
    return compareScenarios(inputs, riskDevices, scenarioA, scenarioB, period.from, period.to);
  }

  /** The project's benefits: baselines and realised values of monitoring measures from the stored history. */
  async benefits(regionId: string, projectId: string): Promise<ProjectBenefits> {
    const project = await this.getProject(regionId, projectId);
    const asOf = this.today();
    const log = (await this.deps.audit.forRecord(regionId, 'project', projectId)).flatMap((entry) => {
      const status = entry.changes.find((change) => change.field === 'status');
      return status && entry.action === 'update' ? [{ to: status.after as ProjectStatus, when: entry.at }] : [];
    });
    const dates = projectDates(log);
    const environmentIds = [...new Set(project.benefits.flatMap((benefit) => (benefit.measure.type === 'entered' ? [] : [benefit.measure.environmentId])))];
    const histories = new Map<string, EnvironmentHistory>();
    if (dates.startedOn !== null) {
      const fromDay = addDays(dates.startedOn, -BASELINE_DAYS);
      await Promise.all(environmentIds.map(async (environmentId) => histories.set(environmentId, await this.deps.history.historyOf(regionId, environmentId, fromDay, asOf))));
    }
    return projectBenefits(project, dates, histories, asOf);
  }

  /**
   * Proposals from the reinvestment plan's due items, one per environment × kind × budget year.
   * Their ids come from the group, so a second run finds them and creates nothing; a proposal made
   * meanwhile by a parallel run counts as existing too.
   */
  async proposalsFromPlan(regionId: string, requested: RequestedPeriod): Promise<{ created: string[]; existing: string[] }> {
    const period = planPeriod(requested, this.today());
    const [plan, environments, projects] = await Promise.all([
      this.deps.reinvestmentPlan(regionId, period),
      allPages((page) => this.deps.inventory.listEnvironments(regionId, page)),
      this.allProjects(regionId),
    ]);
    const result = proposalsFromPlan(plan.items, new Map(environments.map((environment) => [environment.id, environment])), new Set(projects.map((project) => project.id)), period);
    const created: string[] = [];
    const existing = [...result.existing];
    for (const project of result.created) {
      try {
        await this.deps.store.createProject(regionId, project);
        created.push(project.id);
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error;
        existing.push(project.id);
      }
    }
    return { created, existing: existing.sort() };
  }

  /** Everything the formulas take, read once: the region's records and the reinvestment plan's due years over `period`. */
  private async read(regionId: string, period: PlanPeriod) {
    const store = this.deps.inventory;
    const region = await requireRegion(store, regionId);
    const [members, environments, devices, budgetLines, projects, rankings, settings] = await Promise.all([
      allPages((page) => store.listMembers(regionId, page)),
      allPages((page) => store.listEnvironments(regionId, page)),
      allPages((page) => store.listDevices(regionId, {}, page)),
      allPages((page) => this.deps.budgetLines.list(regionId, page)),
      this.allProjects(regionId),
      this.deps.store.listRankings(regionId),
      this.settings(regionId),
    ]);
    // Due years far enough ahead for every project's cost years (derived urgency compares them).
    const lastCostYear = Math.max(period.to, ...projects.flatMap((project) => project.costs.map((cost) => cost.year)));
    const horizon = { from: period.from, to: Math.min(lastCostYear, period.from + MAX_PLAN_YEARS - 1) };
    const reinvestment = await this.deps.reinvestmentPlan(regionId, horizon);
    const dueYear = new Map<string, number>();
    for (const item of reinvestment.items) dueYear.set(item.deviceId, Math.min(item.budgetYear, dueYear.get(item.deviceId) ?? Infinity));
    const due = new Map<string, DeviceDue>(
      devices.map((device) => [device.id, { deviceId: device.id, dueYear: dueYear.get(device.id) ?? null, vendorEndOfSupport: device.vendorEndOfSupport ?? null }]),
    );
    const inputs: PortfolioInputs = {
      projects: projects.map(({ version: _version, ...project }) => project),
      settings,
      rankings: rankings.map((ranking) => ({ memberId: ranking.memberId, projectIds: ranking.projectIds })),
      members: memberDirectory(members),
      defaultKey: region.defaultKey,
      budgetLines: budgetLines.map(({ version: _version, ...line }) => line),
      devices: due,
      asOf: this.today(),
    };
    return { inputs, environments, devices };
  }

  // --- projects ------------------------------------------------------------------------------
  async listProjects(regionId: string, page: PageRequest, filter: { status?: ProjectStatus; category?: string } = {}): Promise<Page<Project>> {
    await requireRegion(this.deps.inventory, regionId);
    if (filter.status === undefined && filter.category === undefined) return this.deps.store.listProjects(regionId, page);
    // Filtered in memory over the whole list: a region has hundreds of projects, and a cursor
    // into a filtered list would otherwise have to carry the filter.
    const all = await this.allProjects(regionId);
    const matching = all.filter((project) => (filter.status === undefined || project.status === filter.status) && (filter.category === undefined || project.category === filter.category));
    const start = page.cursor === undefined ? 0 : offsetOf(page.cursor);
    const items = matching.slice(start, start + page.limit);
    return { items, ...(start + page.limit < matching.length ? { nextCursor: offsetCursor(start + page.limit) } : {}) };
  }

  allProjects(regionId: string): Promise<Project[]> {
    return allPages((page) => this.deps.store.listProjects(regionId, page));
  }

  async getProject(regionId: string, projectId: string): Promise<Project> {
    const project = await this.deps.store.getProject(regionId, projectId);
    if (!project) {
      await requireRegion(this.deps.inventory, regionId);
      throw new NotFoundError('project', projectId);
    }
    return project;
  }

  async createProject(identity: Identity, regionId: string, body: ProjectCreate): Promise<Project> {
    await requireRegion(this.deps.inventory, regionId);
    const project = parseOrThrow(ProjectSchema, { ...body, id: body.id ?? idFromName(body.title, 'project'), status: 'idea', version: 1 }, 'body');
    const { version: _version, ...fields } = project;
    assertProjectWrite(identity, undefined, fields);
    assertProjectSize(fields);
    await this.assertReferences(regionId, fields);
    return this.deps.store.createProject(regionId, fields);
  }

  async replaceProject(identity: Identity, regionId: string, projectId: string, body: Omit<ProjectReplace, 'id' | 'version'>, expectedVersion: number): Promise<Project> {
    const before = await this.getProject(regionId, projectId);
    return this.writeProject(identity, regionId, before, { ...body, id: projectId, status: before.status }, expectedVersion);
  }

  async patchProject(identity: Identity, regionId: string, projectId: string, patch: Omit<ProjectPatch, 'version'>, expectedVersion: number): Promise<Project> {
    const before = await this.getProject(regionId, projectId);
    const { version: _version, ...current } = before;
    const merged: Record<string, unknown> = { ...current };
    // null removes an optional field (key, forced, urgencyOverride).
    for (const [field, value] of Object.entries(patch)) {
      if (value === null) delete merged[field];
      else if (value !== undefined) merged[field] = value;
    }
    return this.writeProject(identity, regionId, before, merged, expectedVersion);
  }

  async deleteProject(identity: Identity, regionId: string, projectId: string, expectedVersion: number): Promise<void> {
    const before = await this.getProject(regionId, projectId);
    assertProjectWrite(identity, before, undefined);
    const dependants = (await this.allProjects(regionId)).filter((project) => project.dependsOn.includes(projectId)).map((project) => project.id);
    if (dependants.length > 0) {
      throw new DriftsbildeError(422, 'project-has-dependants', `project '${projectId}' cannot be removed while ${dependants.join(', ')} depend on it`, { projectId, dependants });
    }
    await this.deps.store.deleteProject(regionId, projectId, expectedVersion);
  }

  /**
   * Moves a project to another status, with the reason (kept in the audit entry of the write: the
   * decision log). 409 `illegal-transition` naming the legal next statuses when the machine has no
   * such step; 403 when the caller's role may not make it (`portfolio/status.ts`).
   */
  async transition(identity: Identity, regionId: string, projectId: string, transition: Transition, expectedVersion: number | undefined): Promise<Project> {
    const before = await this.getProject(regionId, projectId);
    assertMayTransition(identity, before.status, transition.to);
    const { version, ...fields } = before;
    return this.deps.store.replaceProject(regionId, { ...fields, status: transition.to }, expectedVersion ?? version);
  }

  /** Every change and transition of a project, newest first, as the caller may see it. */
  async history(identity: Identity, regionId: string, projectId: string): Promise<ProjectHistoryEntry[]> {
    const entries = await this.deps.audit.forRecord(regionId, 'project', projectId);
    if (entries.length === 0) await this.getProject(regionId, projectId);
    return entries.flatMap((entry) => {
      const seen = auditEntryFor(identity, entry);
      if (!seen) return [];
      const status = seen.changes.find((change) => change.field === 'status');
      return [status && seen.action === 'update' ? { ...seen, transition: { from: status.before as ProjectStatus, to: status.after as ProjectStatus } } : seen];
    });
  }

  private async writeProject(identity: Identity, regionId: string, before: Project, candidate: Record<string, unknown>, expectedVersion: number): Promise<Project> {
    const after = parseOrThrow(ProjectSchema, { ...candidate, version: before.version }, 'body');
    const { version: _version, ...fields } = after;
    const { version: _before, ...current } = before;
    assertProjectWrite(identity, current, fields);
    assertProjectSize(fields);
    await this.assertReferences(regionId, fields);
    return this.deps.store.replaceProject(regionId, fields, expectedVersion);
  }

  /** Every id a project names exists in the region, and its dependencies make no cycle: else 400 naming each field. */
  private async assertReferences(regionId: string, project: Unversioned<Project>): Promise<void> {
    const store = this.deps.inventory;
    const [members, settings, devices, environments] = await Promise.all([
      allPages((page) => store.listMembers(regionId, page)),
      this.settings(regionId),
      mapWithConcurrency(project.deviceIds, 8, async (deviceId) => [deviceId, await store.getDevice(regionId, deviceId)] as const),
      project.benefits.some((benefit) => benefit.measure.type !== 'entered') ? allPages((page) => store.listEnvironments(regionId, page)) : Promise.resolve([]),
    ]);
    const memberIds = new Set(members.map((member) => member.id));
    const problems: FieldProblem[] = [];
    const notMember = (field: string, id: string) => {
      if (!memberIds.has(id)) problems.push(fieldProblem(field, 'field-member-not-in-region', { memberId: id }));
    };
    notMember('body.proposedBy', project.proposedBy);
    project.participants.forEach((id, index) => notMember(`body.participants.${index}`, id));
    devices.forEach(([deviceId, device], index) => {
      if (!device) problems.push(fieldProblem(`body.deviceIds.${index}`, 'field-device-not-in-region', { deviceId }));
    });
    const criteria = new Set(settings.criteria.map((criterion) => criterion.id));
    for (const criterion of Object.keys(project.ratings)) {
      if (!criteria.has(criterion)) problems.push(fieldProblem(`body.ratings.${criterion}`, 'field-criterion-unknown', { criteria: [...criteria].join(', ') }));
    }
    const environmentIds = new Set(environments.map((environment) => environment.id));
    project.benefits.forEach((benefit, index) => {
      notMember(`body.benefits.${index}.ownerMemberId`, benefit.ownerMemberId);
      if (benefit.measure.type !== 'entered' && !environmentIds.has(benefit.measure.environmentId)) {
        problems.push(fieldProblem(`body.benefits.${index}.measure.environmentId`, 'field-environment-not-in-region', { environmentId: benefit.measure.environmentId }));
      }
    });
    if (project.dependsOn.length > 0) problems.push(...(await this.dependencyProblems(regionId, project)));
    if (problems.length > 0) throw new ValidationError(`the project names what does not exist: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
  }

  private async dependencyProblems(regionId: string, project: Unversioned<Project>): Promise<FieldProblem[]> {
    const projects = new Map((await this.allProjects(regionId)).map((stored) => [stored.id, stored.dependsOn]));
    projects.set(project.id, project.dependsOn);
    const problems: FieldProblem[] = [];
    project.dependsOn.forEach((dependencyId, index) => {
      if (!projects.has(dependencyId)) problems.push(fieldProblem(`body.dependsOn.${index}`, 'field-project-not-in-region', { projectId: dependencyId }));
      else if (reaches(projects, dependencyId, project.id)) problems.push(fieldProblem(`body.dependsOn.${index}`, 'field-dependency-cycle', { projectId: dependencyId }));
    });
    return problems;
  }

  // --- settings --------------------------------------------------------------------------------
  /** The region's settings, or the defaults (without a version) while none are saved. */
  async settings(regionId: string): Promise<PortfolioSettings> {
    return (await this.deps.store.getSettings(regionId)) ?? defaultPortfolioSettings();
  }

  defaultSettings(): PortfolioSettings {
    return defaultPortfolioSettings();
  }

  async getSettings(regionId: string): Promise<PortfolioSettings> {
    await requireRegion(this.deps.inventory, regionId);
    return this.settings(regionId);
  }

  async putSettings(regionId: string, settings: PortfolioSettings, expectedVersion: number | undefined): Promise<PortfolioSettings> {
    await requireRegion(this.deps.inventory, regionId);
    const { version: _version, ...fields } = settings;
    return this.deps.store.putSettings(regionId, fields, expectedVersion);
  }

  // --- rankings --------------------------------------------------------------------------------
  /** A member's ranking; an empty one (no version) while it has saved none. */
  async getRanking(regionId: string, memberId: string): Promise<Omit<Ranking, 'version'> & { version?: number }> {
    await this.requireMember(regionId, memberId);
    return (await this.deps.store.getRanking(regionId, memberId)) ?? { memberId, projectIds: [] };
  }

  async putRanking(identity: Identity, regionId: string, memberId: string, projectIds: readonly string[], expectedVersion: number | undefined, now = new Date()): Promise<Ranking> {
    assertMayRankFor(identity, memberId);
    await this.requireMember(regionId, memberId);
    const known = new Set((await this.allProjects(regionId)).map((project) => project.id));
    const problems = projectIds.flatMap((id, index) => (known.has(id) ? [] : [fieldProblem(`body.projectIds.${index}`, 'field-project-not-in-region', { projectId: id })]));
    if (problems.length > 0) throw new ValidationError(`the ranking names projects that do not exist: ${problems.map((p) => p.problem).join('; ')}`, problems);
    return this.deps.store.putRanking(regionId, { memberId, projectIds: [...projectIds], updatedAt: now.toISOString() }, expectedVersion);
  }

  private async requireMember(regionId: string, memberId: string): Promise<void> {
    if (await this.deps.inventory.getMember(regionId, memberId)) return;
    await requireRegion(this.deps.inventory, regionId);
    throw new NotFoundError('member', memberId);
  }

  // --- scenarios -------------------------------------------------------------------------------
  async listScenarios(regionId: string): Promise<Scenario[]> {
    await requireRegion(this.deps.inventory, regionId);
    return [baseScenario(), ...(await this.deps.store.listScenarios(regionId))];
  }

  async getScenario(regionId: string, scenarioId: string): Promise<Scenario> {
    if (scenarioId === BASE_SCENARIO_ID) {
      await requireRegion(this.deps.inventory, regionId);
      return baseScenario();
    }
    const scenario = await this.deps.store.getScenario(regionId, scenarioId);
    if (!scenario) {
      await requireRegion(this.deps.inventory, regionId);
      throw new NotFoundError('scenario', scenarioId);
    }
    return scenario;
  }

  async createScenario(regionId: string, scenario: Unversioned<Scenario>): Promise<Scenario> {
    await requireRegion(this.deps.inventory, regionId);
    assertNotReserved(scenario.id, 'body.id');
    await this.assertOverridesName(regionId, scenario);
    return this.deps.store.createScenario(regionId, scenario);
  }

  async replaceScenario(regionId: string, scenario: Unversioned<Scenario>, expectedVersion: number): Promise<Scenario> {
    assertNotReserved(scenario.id, 'path.scenarioId');
    await this.getScenario(regionId, scenario.id);
    await this.assertOverridesName(regionId, scenario);
    return this.deps.store.replaceScenario(regionId, scenario, expectedVersion);
  }

  async deleteScenario(regionId: string, scenarioId: string, expectedVersion: number): Promise<void> {
    assertNotReserved(scenarioId, 'path.scenarioId');
    await this.getScenario(regionId, scenarioId);
    await this.deps.store.deleteScenario(regionId, scenarioId, expectedVersion);
  }

  /** A scenario's overrides name projects of the region: else 400 naming each. */
  private async assertOverridesName(regionId: string, scenario: Unversioned<Scenario>): Promise<void> {
    const { delays, forced } = scenario.overrides;
    if (delays.length === 0 && forced.length === 0) return;
    const known = new Set((await this.allProjects(regionId)).map((project) => project.id));
    const problems = [
      ...delays.flatMap((delay, index) => (known.has(delay.projectId) ? [] : [fieldProblem(`body.overrides.delays.${index}.projectId`, 'field-project-not-in-region', { projectId: delay.projectId })])),
      ...forced.flatMap((force, index) => (known.has(force.projectId) ? [] : [fieldProblem(`body.overrides.forced.${index}.projectId`, 'field-project-not-in-region', { projectId: force.projectId })])),
    ];
    if (problems.length > 0) throw new ValidationError(`the scenario names projects that do not exist: ${problems.map((p) => p.problem).join('; ')}`, problems);
  }
}

function assertProjectSize(project: Unversioned<Project>): void {
  const bytes = Buffer.byteLength(JSON.stringify(project), 'utf8');
  if (bytes <= MAX_PROJECT_BYTES) return;
  throw new ValidationError(`the project would be ${bytes} bytes; a project holds at most ${MAX_PROJECT_BYTES} bytes`, [
    fieldProblem('body', 'field-project-too-large', { bytes, max: MAX_PROJECT_BYTES }),
  ]);
}

function assertNotReserved(scenarioId: string, field: string): void {
  if (!RESERVED_SCENARIO_IDS.includes(scenarioId)) return;
  const what = scenarioId === BASE_SCENARIO_ID ? 'the base plan, which has no overrides and cannot be changed' : 'a word of the API’s paths';
  throw new DriftsbildeError(422, 'scenario-reserved', `'${scenarioId}' is ${what}; choose another scenario id`, { scenarioId, field });
}

/** Whether `from` reaches `target` along dependsOn. */
function reaches(dependsOn: ReadonlyMap<string, readonly string[]>, from: string, target: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === target) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(dependsOn.get(id) ?? []));
  }
  return false;
}

/** Cursors of an in-memory filtered list: the offset, opaque enough for a list that is read whole. */
function offsetCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function offsetOf(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // falls through to the 400 below
  }
  throw new ValidationError('the cursor was not given out by this list', [fieldProblem('query.cursor', 'field-cursor-unknown')]);
}
