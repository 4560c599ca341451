import type { ProjectStatus } from '../../../shared/schemas/portfolio.ts';

/**
 * The portfolio API's shapes as the dashboard reads them: the server's own schema types, imported
 * for type-checking only (nothing of zod reaches the bundle), so a changed contract stops the
 * dashboard compiling instead of showing the wrong thing.
 */
export type {
  BenefitMeasure,
  BenefitStatus,
  CodedReason,
  CompareRow,
  Criterion,
  MeasuredValue,
  PortfolioPlan,
  PortfolioSettings,
  Priorities,
  PriorityItem,
  Project,
  ProjectBenefits,
  ProjectCost,
  ProjectStatus,
  Ranking,
  RankingInput,
  Scenario,
  ScenarioComparison,
  ScenarioSide,
} from '../../../shared/schemas/portfolio.ts';
export type { BillLine, BillSource, MemberBill } from '../../../shared/schemas/member-bill.ts';
import type { ProjectHistoryEntry as HistoryEntrySchema } from '../../../shared/api/portfolio-routes.ts';
import type { z } from '../../../shared/schemas/zod.ts';
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** Every status, in the order filters list them (the schema's own list; the check keeps them equal). */
export const PROJECT_STATUSES = ['idea', 'assessed', 'approved', 'in-progress', 'done', 'rejected', 'on-hold'] as const satisfies readonly ProjectStatus[];
type MissingStatuses = Exclude<ProjectStatus, (typeof PROJECT_STATUSES)[number]>;
const _everyStatusListed: MissingStatuses extends never ? true : never = true;
void _everyStatusListed;
/** The statuses members rank and the plan walks (the schema's CANDIDATE_STATUSES, without zod in the bundle). */
export const CANDIDATE_STATUSES: readonly ProjectStatus[] = ['assessed', 'approved', 'in-progress'];
export const BASE_SCENARIO_ID = 'base';
