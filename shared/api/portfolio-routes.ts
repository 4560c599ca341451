import * as z from '#shared/schemas/zod.ts';
import { EVERYONE, PLANNERS } from '#shared/domain/identity.ts';
import { PROJECT_DECIDERS } from '#shared/domain/authorisation.ts';
import { AuditEntry } from '#shared/schemas/audit.ts';
import { Year } from '#shared/schemas/budget-line.ts';
import { Slug } from '#shared/schemas/common.ts';
import {
  PortfolioPlan,
  PortfolioSettings,
  PortfolioSettingsInput,
  Priorities,
  Project,
  ProjectBenefits,
  ProjectCreate,
  ProjectPatch,
  ProjectReplace,
  ProjectStatus,
  Ranking,
  RankingInput,
  Scenario,
  ScenarioComparison,
  ScenarioCreate,
  ScenarioReplace,
  Transition,
} from '#shared/schemas/portfolio.ts';
import { PageQuery, RegionPath, pageOf } from './common.ts';
import type { RouteContract } from './contract.ts';

const REGION = '/api/regions/{regionId}';
const ProjectPath = z.extend(RegionPath, { projectId: Slug });
const RankingPath = z.extend(RegionPath, { memberId: Slug });
const ScenarioPath = z.extend(RegionPath, { scenarioId: Slug });
/** DELETE carries its version in If-Match or `?version=`. */
const DeleteQuery = z.strictObject({ version: z.optional(z.coerce.number().check(z.int(), z.positive())) });

const YearQuery = z.pipe(z.coerce.number(), Year);
const ProjectListQuery = z.extend(PageQuery, { status: z.optional(ProjectStatus), category: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))) });
const PeriodQuery = {
  from: z.optional(YearQuery).check(z.describe('first budget year (default: this year)')),
  to: z.optional(YearQuery).check(z.describe('last budget year (default: from + 3)')),
};
const PrioritiesQuery = z.strictObject({ from: PeriodQuery.from.check(z.describe('the year whose 1 January member weights are read on (default: this year)')) });
const PlanQuery = z.strictObject({ ...PeriodQuery, scenario: z._default(Slug, 'base').check(z.describe('a scenario id; `base` is the plan without overrides')) });
const CompareQuery = z.strictObject({ ...PeriodQuery, a: z._default(Slug, 'base'), b: Slug });

/** One entry of a project's history: an audit entry, and for a transition its from and to (the decision log). */
export const ProjectHistoryEntry = z.extend(AuditEntry, {
  transition: z.optional(z.object({ from: ProjectStatus, to: ProjectStatus })).check(z.describe('present when the entry moved the project to another status')),
});
export const ProjectHistory = z.object({ items: z.array(ProjectHistoryEntry) });

export const ProposalsResult = z.object({
  /** Proposals made now (status idea), one per group of due items (environment × kind × budget year). */
  created: z.array(Slug),
  /** Groups whose proposal exists already: left as they are. */
  existing: z.array(Slug),
});

/** A member's ranking; `version` is absent while the member has saved none. */
export const RankingView = z.extend(Ranking, { version: z.optional(Ranking.shape.version) });
/** The settings; `version` is absent while the region runs on the defaults. */
export const SettingsView = PortfolioSettings;

/**
 * The shared project portfolio (issue 8): projects with their transitions and history, proposals
 * from the reinvestment plan, settings, member rankings, priorities, the budget-constrained plan,
 * scenarios and their comparison, and benefits followed up. Literal paths come before the
 * parameterised ones they resemble (`scenarios/compare` before `scenarios/{scenarioId}`), as API
 * Gateway would choose them.
 */
export const PORTFOLIO_ROUTES = [
  { method: 'GET', path: `${REGION}/projects`, functionName: 'list-projects', summary: 'List the projects of the portfolio, filtered by status or category', allow: EVERYONE, params: RegionPath, query: ProjectListQuery, response: pageOf(Project) },
  { method: 'POST', path: `${REGION}/projects`, functionName: 'create-project', statuses: [409], summary: 'Propose a project (status idea; a member proposes as itself)', allow: EVERYONE, params: RegionPath, body: ProjectCreate, successStatus: 201, response: Project },
  {
    method: 'POST',
    path: `${REGION}/projects/proposals-from-plan`,
    functionName: 'create-project-proposals',
    summary: 'Proposals from the reinvestment plan: due items grouped by environment, kind and budget year, one project each; running it again creates nothing new',
    allow: PROJECT_DECIDERS,
    params: RegionPath,
    query: z.strictObject(PeriodQuery),
    response: ProposalsResult,
  },
  { method: 'GET', path: `${REGION}/projects/{projectId}`, functionName: 'get-project', summary: 'Get a project', allow: EVERYONE, params: ProjectPath, response: Project },
  { method: 'PUT', path: `${REGION}/projects/{projectId}`, functionName: 'replace-project', statuses: [409], summary: 'Replace a project (not its status: use a transition)', allow: EVERYONE, params: ProjectPath, body: ProjectReplace, response: Project },
  { method: 'PATCH', path: `${REGION}/projects/{projectId}`, functionName: 'patch-project', statuses: [409], summary: 'Change some fields of a project (null removes key, forced or urgencyOverride)', allow: EVERYONE, params: ProjectPath, body: ProjectPatch, response: Project },
  { method: 'DELETE', path: `${REGION}/projects/{projectId}`, functionName: 'delete-project', statuses: [409, 422], summary: 'Remove a project (refused while another project depends on it)', allow: EVERYONE, params: ProjectPath, query: DeleteQuery, successStatus: 204 },
  {
    method: 'POST',
    path: `${REGION}/projects/{projectId}/transitions`,
    functionName: 'transition-project',
    statuses: [409],
    summary: 'Move a project to another status, with the reason (the decision log); 409 names the statuses it may move to',
    allow: PROJECT_DECIDERS,
    params: ProjectPath,
    body: Transition,
    response: Project,
  },
  { method: 'GET', path: `${REGION}/projects/{projectId}/history`, functionName: 'get-project-history', summary: 'Every change and transition of a project, newest first', allow: EVERYONE, params: ProjectPath, response: ProjectHistory },
  { method: 'GET', path: `${REGION}/projects/{projectId}/benefits`, functionName: 'get-project-benefits', summary: 'The project’s benefits with baseline, target, realised values, the latest and whether the target is met', allow: EVERYONE, params: ProjectPath, response: ProjectBenefits },

  { method: 'GET', path: `${REGION}/portfolio-settings`, functionName: 'get-portfolio-settings', summary: 'Scoring criteria and weights, alpha and member weighting (the defaults until saved)', allow: EVERYONE, params: RegionPath, response: SettingsView },
  { method: 'PUT', path: `${REGION}/portfolio-settings`, functionName: 'update-portfolio-settings', statuses: [409], summary: 'Replace the portfolio settings (the first save needs no version)', allow: PLANNERS, params: RegionPath, body: PortfolioSettingsInput, response: SettingsView },

  { method: 'GET', path: `${REGION}/rankings/{memberId}`, functionName: 'get-ranking', summary: 'A member’s ranking of the projects, best first', allow: EVERYONE, params: RankingPath, response: RankingView },
  { method: 'PUT', path: `${REGION}/rankings/{memberId}`, functionName: 'update-ranking', statuses: [409], summary: 'Save a member’s ranking (a member, for itself only; the first save needs no version)', allow: ['member'], params: RankingPath, body: RankingInput, response: RankingView },

  { method: 'GET', path: `${REGION}/portfolio/priorities`, functionName: 'get-portfolio-priorities', summary: 'Projects by priority: score, member support (Borda), blended priority and disagreement', allow: EVERYONE, params: RegionPath, query: PrioritiesQuery, response: Priorities },
  { method: 'GET', path: `${REGION}/portfolio/plan`, functionName: 'get-portfolio-plan', summary: 'The budget-constrained plan of a scenario: envelopes against planned cost per year, included and excluded projects, member shares', allow: EVERYONE, params: RegionPath, query: PlanQuery, response: PortfolioPlan },

  { method: 'GET', path: `${REGION}/scenarios`, functionName: 'list-scenarios', summary: 'List scenarios (the first is `base`, the plan without overrides)', allow: EVERYONE, params: RegionPath, response: z.object({ items: z.array(Scenario) }) },
  { method: 'POST', path: `${REGION}/scenarios`, functionName: 'create-scenario', statuses: [409, 422], summary: 'Add a scenario: delays, envelopes, forcing, alpha or member weighting', allow: PLANNERS, params: RegionPath, body: ScenarioCreate, successStatus: 201, response: Scenario },
  { method: 'GET', path: `${REGION}/scenarios/compare`, functionName: 'compare-scenarios', summary: 'Two scenarios side by side: cost and risk exposure per year and per member, and the differences', allow: EVERYONE, params: RegionPath, query: CompareQuery, response: ScenarioComparison },
  { method: 'GET', path: `${REGION}/scenarios/{scenarioId}`, functionName: 'get-scenario', summary: 'Get a scenario', allow: EVERYONE, params: ScenarioPath, response: Scenario },
  { method: 'PUT', path: `${REGION}/scenarios/{scenarioId}`, functionName: 'update-scenario', statuses: [409, 422], summary: 'Replace a scenario (`base` cannot change)', allow: PLANNERS, params: ScenarioPath, body: ScenarioReplace, response: Scenario },
  { method: 'DELETE', path: `${REGION}/scenarios/{scenarioId}`, functionName: 'delete-scenario', statuses: [409, 422], summary: 'Remove a scenario (`base` cannot be removed)', allow: PLANNERS, params: ScenarioPath, query: DeleteQuery, successStatus: 204 },
] as const satisfies readonly RouteContract[];
