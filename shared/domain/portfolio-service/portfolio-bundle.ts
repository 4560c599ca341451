import * as z from 'zod';
import { BudgetLineInput } from '#shared/schemas/budget-line.ts';
import { Slug } from '#shared/schemas/common.ts';
import { PortfolioSettingsInput, ProjectCreate, RankingInput, ScenarioCreate, Transition } from '#shared/schemas/portfolio.ts';
import { parseOrThrow } from '#shared/schemas/validate.ts';
import { systemActor, withAuditScope } from '../audit/audit-scope.ts';
import { AlreadyExistsError } from '../errors.ts';
import type { Identity } from '../identity.ts';
import { slugify } from '../ids.ts';
import type { BudgetLineStore } from '../reinvestment/budget-line-store.ts';
import type { Portfolio } from './portfolio.ts';
import type { PortfolioStore } from './portfolio-store.ts';

/**
 * A region's portfolio as one document (the demo region's ships with the demo data): the money set
 * aside for projects (budget lines with a scope), the projects with the transitions that brought
 * each to its status (so the decision log reads as it happened), the members' rankings, scenarios
 * and the settings.
 */
export const PortfolioBundle = z
  .object({
    description: z.string().optional(),
    regionId: Slug,
    budgetLines: z.array(BudgetLineInput).default([]),
    settings: PortfolioSettingsInput.optional(),
    projects: z.array(z.object({ project: ProjectCreate, transitions: z.array(Transition).default([]) }).strict()),
    rankings: z.array(RankingInput.extend({ memberId: Slug })).default([]),
    scenarios: z.array(ScenarioCreate).default([]),
  })
  .strict();
export type PortfolioBundle = z.infer<typeof PortfolioBundle>;
export type PortfolioBundleInput = z.input<typeof PortfolioBundle>;

/** The audit trail's name for the demo portfolio loaded at start. */
export const PORTFOLIO_LOADER = 'demo-portfolio';
const LOADER: Identity = { subject: PORTFOLIO_LOADER, roles: ['admin'] };

export interface LoadedPortfolio {
  regionId: string;
  budgetLines: number;
  projects: number;
  rankings: number;
  scenarios: number;
}

/**
 * Loads a portfolio through the same use cases (and so the same validation and rules) as the API:
 * projects are proposed and moved through their transitions by an admin, each member saves its own
 * ranking. Every write lands in the audit trail under {@link PORTFOLIO_LOADER}, each transition with
 * its reason. Resumable like the region bundle: the settings are written last, so "settings exist"
 * means "a load finished", and a project that exists already is left as it is.
 */
export async function loadPortfolioBundle(
  deps: { portfolio: Portfolio; store: Pick<PortfolioStore, 'getSettings' | 'getProject'>; budgetLines: Pick<BudgetLineStore, 'create'> },
  document: unknown,
): Promise<LoadedPortfolio | undefined> {
  const bundle = parseOrThrow(PortfolioBundle, document, 'portfolio');
  const { regionId } = bundle;
  if (await deps.store.getSettings(regionId)) return undefined;
  const scope = (reason?: string) => ({ actor: systemActor(PORTFOLIO_LOADER), route: 'portfolio-bundle', regionId, ...(reason ? { reason } : {}) });
  await withAuditScope(scope(), async () => {
    for (const line of bundle.budgetLines) await keepLeftOver(deps.budgetLines.create(regionId, line));
  });
  for (const { project, transitions } of dependenciesFirst(bundle.projects)) {
    if (project.id !== undefined && (await deps.store.getProject(regionId, project.id))) continue;
    const created = await withAuditScope(scope(), () => deps.portfolio.createProject(LOADER, regionId, project));
    for (const transition of transitions) {
      await withAuditScope(scope(transition.reason), () => deps.portfolio.transition(LOADER, regionId, created.id, transition, undefined));
    }
  }
  for (const ranking of bundle.rankings) {
    const member: Identity = { subject: `${PORTFOLIO_LOADER}-${ranking.memberId}`, roles: ['member'], memberId: ranking.memberId };
    await withAuditScope(scope(), async () => {
      try {
        await deps.portfolio.putRanking(member, regionId, ranking.memberId, ranking.projectIds, undefined);
      } catch (error) {
        // Saved by an interrupted earlier load: a version conflict on the first save.
        if (!(error instanceof Error && 'code' in error && error.code === 'version-conflict')) throw error;
      }
    });
  }
  for (const scenario of bundle.scenarios) {
    await withAuditScope(scope(), () => keepLeftOver(deps.portfolio.createScenario(regionId, { ...scenario, id: scenario.id ?? (slugify(scenario.name) || 'scenario') })));
  }
  await withAuditScope(scope(), () => deps.portfolio.putSettings(regionId, bundle.settings ?? PortfolioSettingsInput.parse({}), undefined));
  return { regionId, budgetLines: bundle.budgetLines.length, projects: bundle.projects.length, rankings: bundle.rankings.length, scenarios: bundle.scenarios.length };
}

/** Projects ordered so each comes after those it depends on (a project names only existing ones). */
function dependenciesFirst<T extends { project: { id?: string | undefined; dependsOn: readonly string[] } }>(entries: readonly T[]): T[] {
  const ordered: T[] = [];
  const placed = new Set<string>();
  let pending = [...entries];
  while (pending.length > 0) {
    const ready = pending.filter((entry) => entry.project.dependsOn.every((id) => placed.has(id)));
    // A dependency outside the bundle (or a cycle): let the use case name it.
    const next = ready.length > 0 ? ready : pending;
    for (const entry of next) {
      ordered.push(entry);
      if (entry.project.id !== undefined) placed.add(entry.project.id);
    }
    pending = pending.filter((entry) => !next.includes(entry));
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
