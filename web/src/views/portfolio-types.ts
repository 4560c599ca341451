/**
 * The portfolio API's shapes as the dashboard reads them (issue 8's field names).
 * PROVISIONAL mirror of shared/schemas/portfolio.ts until it lands; then these become re-exports.
 */
export const PROJECT_STATUSES = ['idea', 'assessed', 'approved', 'in-progress', 'done', 'rejected', 'on-hold'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const CANDIDATE_STATUSES: readonly ProjectStatus[] = ['assessed', 'approved', 'in-progress'];
export const BASE_SCENARIO_ID = 'base';

export interface Risk {
  description: string;
  probability: number;
  impact: number;
}
export type BenefitMeasure = { type: 'entered'; unit?: string } | { type: 'availability' | 'incidents-per-month' | 'backup-coverage'; environmentId: string };
export interface MeasuredValue {
  date: string;
  value: number;
}
export interface ProjectCost {
  year: number;
  investmentNok: number;
  operatingNok: number;
}
export interface Project {
  id: string;
  title: string;
  description: string;
  proposedBy: string;
  participants: string[];
  category: string;
  status: ProjectStatus;
  costs: ProjectCost[];
  key?: { kind: string } | undefined;
  dependsOn: string[];
  deviceIds: string[];
  risks: Risk[];
  ratings: Record<string, number>;
  forced?: 'in' | 'out' | undefined;
  benefits: unknown[];
  urgencyOverride?: { rating: number; reason: string } | undefined;
  version: number;
}
export interface Criterion {
  id: string;
  name: string;
  weight: number;
  lowerIsBetter: boolean;
}
export interface PortfolioSettings {
  criteria: Criterion[];
  alpha: number;
  memberWeighting: 'equal' | 'cost-share';
}
export interface CodedReason {
  code: string;
  params: Record<string, string | number | boolean | null>;
}
export interface PriorityItem {
  projectId: string;
  score: number | null;
  support: number;
  priority: number;
  disagreement: number;
  points: Record<string, number>;
  missingRatings: string[];
  needsAssessment: boolean;
  priorityFromSupportOnly: boolean;
  urgency: { rating: number | null; source: 'rating' | 'derived' | 'override' | 'missing'; devices: Array<{ deviceId: string; why: 'due' | 'past-end-of-support' }>; reason?: string | undefined };
}
export interface Priorities {
  year: number;
  alpha: number;
  memberWeighting: 'equal' | 'cost-share';
  candidateCount: number;
  memberWeights: Array<{ memberId: string; weight: number }>;
  items: PriorityItem[];
}
export interface RankingInput {
  projectIds: string[];
}
export interface Ranking {
  memberId: string;
  projectIds: string[];
  version: number;
}
export interface Scenario {
  id: string;
  name: string;
  description?: string | undefined;
  overrides: {
    delays: Array<{ projectId: string; years: number }>;
    envelopes: Array<{ year: number; amountNok: number; budgetLineId?: string | undefined }>;
    forced: Array<{ projectId: string; forced: 'in' | 'out' | 'none' }>;
    alpha?: number | undefined;
    memberWeighting?: 'equal' | 'cost-share' | undefined;
  };
  version: number;
}
export interface PortfolioPlan {
  scenarioId: string;
  from: number;
  to: number;
  years: Array<{ year: number; envelopeNok: number; plannedNok: number; differenceNok: number }>;
  included: Array<{ projectId: string; walkedFirst: boolean; flags: CodedReason[]; costs: ProjectCost[]; investmentNok: number; operatingNok: number }>;
  excluded: Array<{ projectId: string; reason: CodedReason }>;
  shares: Array<{ year: number; memberId: string; investmentNok: number; operatingNok: number }>;
  warnings: CodedReason[];
}
export interface ScenarioSide {
  investmentNok: number;
  operatingNok: number;
  totalNok: number;
  riskExposure: number;
}
export interface CompareRow {
  year: number;
  memberId?: string | undefined;
  a: ScenarioSide;
  b: ScenarioSide;
  difference: ScenarioSide;
}
export interface ScenarioComparison {
  a: string;
  b: string;
  from: number;
  to: number;
  years: CompareRow[];
  members: CompareRow[];
  onlyInA: string[];
  onlyInB: string[];
}
export interface BenefitStatus {
  index: number;
  description: string;
  ownerMemberId: string;
  measure: BenefitMeasure;
  lowerIsBetter: boolean;
  baseline: number | null;
  baselineSource: 'entered' | 'computed' | null;
  target: number;
  targetDate: string;
  values: MeasuredValue[];
  latest: MeasuredValue | null;
  met: boolean | null;
  notes: CodedReason[];
}
export interface ProjectBenefits {
  projectId: string;
  startedOn: string | null;
  endedOn: string | null;
  items: BenefitStatus[];
}
/** One line of a project's history: a transition (from, to, reason) or a change of fields. */
export interface HistoryEntry {
  who: string;
  role?: string | undefined;
  memberId?: string | undefined;
  when: string;
  from?: ProjectStatus | undefined;
  to?: ProjectStatus | undefined;
  reason?: string | undefined;
  kind?: string | undefined;
  fields?: string[] | undefined;
}

/** PROVISIONAL: replaced by the domain's status machine and authorisation's TRANSITION_ROLES. */
export function transitionsFor(project: Project, who: { role: string; memberId?: string }): ProjectStatus[] {
  const next: Record<ProjectStatus, ProjectStatus[]> = {
    idea: ['assessed', 'rejected', 'on-hold'],
    assessed: ['approved', 'rejected', 'on-hold', 'idea'],
    approved: ['in-progress', 'on-hold', 'rejected'],
    'in-progress': ['done', 'on-hold'],
    done: [],
    rejected: [],
    'on-hold': ['assessed', 'approved'],
  };
  const mayReach = (to: ProjectStatus) => (who.role === 'operator' ? to === 'assessed' || to === 'idea' : who.role === 'budget-owner' || who.role === 'admin');
  return next[project.status].filter(mayReach);
}
