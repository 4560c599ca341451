import type { BudgetLineInput } from '#shared/schemas/budget-line.ts';
import { BASE_SCENARIO_ID, type DecisionLogEntry, type PortfolioSettings, type ScenarioInput } from '#shared/schemas/portfolio.ts';
import { BudgetLineInput as BudgetLineSchema } from '#shared/schemas/budget-line.ts';
import { parseOrThrow } from '#shared/schemas/validate.ts';
import { systemActor, withAuditScope, type AuditRequest } from '../audit/audit-scope.ts';
import { AlreadyExistsError } from '../errors.ts';
import { ROLES, type Identity, type Role } from '../identity.ts';
import type { PortfolioProject } from '../portfolio/priorities.ts';
import type { BudgetLineStore } from '../reinvestment/budget-line-store.ts';
import type { Portfolio } from './portfolio.ts';
import type { PortfolioStore } from './portfolio-store.ts';

/**
 * A region's portfolio as plain data (the demo region's is `local/seed/portfolio-demo.ts`): the
 * budget lines with their scope (a line of the same id as one stored is given the bundle's form),
 * the projects as they stand, the decision log that brought them there, the members' rankings,
 * scenarios and optionally the settings.
 */
export interface PortfolioBundle {
  regionId: string;
  budgetLines: readonly BudgetLineInput[];
  projects: readonly PortfolioProject[];
  decisionLog: readonly DecisionLogEntry[];
  rankings: readonly { memberId: string; projectIds: readonly string[] }[];
  scenarios: readonly ScenarioInput[];
  settings?: PortfolioSettings;
}

/** The audit trail's name for the loader (projects are proposed by it; transitions are each decider's). */
export const PORTFOLIO_LOADER = 'portfolio-bundle';
const LOADER: Identity = { subject: PORTFOLIO_LOADER, roles: ['admin'] };
const DAY_MS = 86_400_000;

export interface LoadedPortfolio {
  regionId: string;
  budgetLines: number;
  projects: number;
  transitions: number;
  rankings: number;
  scenarios: number;
}

/**
 * Loads a portfolio through the same use cases (and so the same validation and rules) as the API:
 * each project is proposed as an idea, then moved through its decision log by the identity and at
 * the time the log names (so the history and the benefits' start and end dates read as they
 * happened), each member saves its own ranking. Resumable like the region bundle: the settings are
 * written last, so "settings exist" means "a load finished", and a project that exists is kept.
 * Undefined when the region has its portfolio already.
 */
export async function loadPortfolioBundle(
  deps: { portfolio: Portfolio; store: Pick<PortfolioStore, 'getSettings' | 'getProject'>; budgetLines: Pick<BudgetLineStore, 'get' | 'create' | 'replace'> },
  bundle: PortfolioBundle,
): Promise<LoadedPortfolio | undefined> {
  const { regionId } = bundle;
  if (await deps.store.getSettings(regionId)) return undefined;
  const request = (actor = systemActor(PORTFOLIO_LOADER), reason?: string): AuditRequest => ({ actor, route: 'portfolio-bundle', regionId, ...(reason ? { reason } : {}) });

  await withAuditScope(request(), async () => {
    for (const input of bundle.budgetLines) {
      const line = parseOrThrow(BudgetLineSchema, input, `budgetLines.${input.id}`);
      const stored = await deps.budgetLines.get(regionId, line.id);
      if (!stored) await keepLeftOver(deps.budgetLines.create(regionId, line));
      else if (stored.scope !== line.scope) await deps.budgetLines.replace(regionId, line, stored.version);
    }
  });

  let transitions = 0;
  for (const project of dependenciesFirst(bundle.projects)) {
    if (await deps.store.getProject(regionId, project.id)) continue;
    const log = bundle.decisionLog.filter((entry) => entry.projectId === project.id).sort((a, b) => a.when.localeCompare(b.when));
    // Proposed a day before its first decision (or now, for an idea nobody has decided on).
    const proposedAt = log[0] ? new Date(Date.parse(log[0].when) - DAY_MS) : new Date();
    const { status: _status, ...proposal } = project;
    await withAuditScope(request(), () => deps.portfolio.createProject(LOADER, regionId, proposal), () => proposedAt);
    for (const entry of log) {
      const role = (ROLES as readonly string[]).includes(entry.role ?? '') ? (entry.role as Role) : 'admin';
      const decider: Identity = { subject: entry.who, roles: [role] };
      await withAuditScope(
        request({ subject: entry.who, role }, entry.reason),
        () => deps.portfolio.transition(decider, regionId, project.id, { to: entry.to, reason: entry.reason }, undefined),
        () => new Date(entry.when),
      );
      transitions++;
    }
  }

  for (const ranking of bundle.rankings) {
    const member: Identity = { subject: `${PORTFOLIO_LOADER}-${ranking.memberId}`, roles: ['member'], memberId: ranking.memberId };
    if ((await deps.portfolio.getRanking(regionId, ranking.memberId)).version !== undefined) continue;
    await withAuditScope(request({ subject: member.subject, role: 'member', memberId: ranking.memberId }), () =>
      deps.portfolio.putRanking(member, regionId, ranking.memberId, ranking.projectIds, undefined),
    );
  }

  const scenarios = bundle.scenarios.filter((scenario) => scenario.id !== BASE_SCENARIO_ID);
  for (const { version: _version, ...scenario } of scenarios) {
    await withAuditScope(request(), () => keepLeftOver(deps.portfolio.createScenario(regionId, { ...scenario, overrides: { delays: [], envelopes: [], forced: [], ...scenario.overrides } })));
  }
  await withAuditScope(request(), () => deps.portfolio.putSettings(regionId, bundle.settings ?? deps.portfolio.defaultSettings(), undefined));
  return { regionId, budgetLines: bundle.budgetLines.length, projects: bundle.projects.length, transitions, rankings: bundle.rankings.length, scenarios: scenarios.length };
}

/** Projects ordered so each comes after those it depends on (a project may name only existing ones). */
function dependenciesFirst<T extends { id: string; dependsOn: readonly string[] }>(projects: readonly T[]): T[] {
  const ordered: T[] = [];
  const placed = new Set<string>();
  let pending = [...projects];
  while (pending.length > 0) {
    const ready = pending.filter((project) => project.dependsOn.every((id) => placed.has(id)));
    // A dependency outside the bundle (or a cycle): the use case names it.
    const next = ready.length > 0 ? ready : pending;
    for (const project of next) {
      ordered.push(project);
      placed.add(project.id);
    }
    pending = pending.filter((project) => !next.includes(project));
  }
  return ordered;
}

async function keepLeftOver(create: Promise<unknown>): Promise<void> {
  try {
    await create;
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
  }
}
