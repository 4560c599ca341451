import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { Criterion, MemberWeighting, Priorities, PriorityItem, Project } from '#shared/schemas/portfolio.ts';
import { CANDIDATE_STATUSES } from '#shared/schemas/portfolio.ts';
import type { MemberDirectory } from '../reinvestment/membership-on-date.ts';
import { memberWeights, supportFor, type MemberRanking } from './rankings.ts';
import { effectiveRatings, round2, scoreRatings, urgencyFor, type DeviceDue } from './scoring.ts';

/**
 * Priorities (issue 8): priority(p) = α · score(p) + (1 − α) · support(p); a project without a
 * score gets priority = support and a flag. Score is the rounded score; support, priority and
 * disagreement are rounded to 2 decimals from exact values. Sorted by priority desc, then score
 * desc (no score last), then id.
 */

export type PortfolioProject = Omit<Project, 'version'>;

/** The region settings priorities use (stored settings fit). */
export interface ScoringSettings {
  criteria: readonly Criterion[];
  alpha: number;
  memberWeighting: MemberWeighting;
}

export interface PriorityInputs {
  projects: readonly PortfolioProject[];
  settings: ScoringSettings;
  rankings: readonly MemberRanking[];
  members: MemberDirectory;
  /** The region's default cost key (cost-share weights). */
  defaultKey: CostKey;
  /** Linked devices by id (derived urgency). */
  devices: ReadonlyMap<string, DeviceDue>;
  /** The plan's first year: weights are read on its 1 January. */
  year: number;
  /** "Today", for devices past end of support. */
  asOf: string;
}

export function isCandidate(project: Pick<Project, 'status'>): boolean {
  return CANDIDATE_STATUSES.includes(project.status);
}

export function computePriorities(inputs: PriorityInputs): Priorities {
  const { settings } = inputs;
  const candidates = inputs.projects.filter(isCandidate);
  const on = `${inputs.year}-01-01`;
  const weights = memberWeights(inputs.rankings, inputs.members, on, settings.memberWeighting, inputs.defaultKey);
  const { support, disagreement, points } = supportFor(
    candidates.map((project) => project.id),
    inputs.rankings,
    weights,
  );
  const items: PriorityItem[] = candidates.map((project) => {
    const urgency = urgencyFor(project, inputs.devices, inputs.asOf);
    const { score, missingRatings } = scoreRatings(effectiveRatings(project.ratings, urgency), settings.criteria);
    const exactSupport = support.get(project.id) ?? 0;
    const priority = score === null ? exactSupport : settings.alpha * score + (1 - settings.alpha) * exactSupport;
    return {
      projectId: project.id,
      score,
      support: round2(exactSupport),
      priority: round2(priority),
      disagreement: round2(disagreement.get(project.id) ?? 0),
      points: points.get(project.id) ?? {},
      missingRatings,
      needsAssessment: score === null,
      priorityFromSupportOnly: score === null,
      urgency,
    };
  });
  items.sort(byPriority);
  return {
    year: inputs.year,
    alpha: settings.alpha,
    memberWeighting: settings.memberWeighting,
    candidateCount: candidates.length,
    memberWeights: weights,
    items,
  };
}

/** Priority desc, then score desc (no score after any score), then id. */
export function byPriority(a: Pick<PriorityItem, 'priority' | 'score' | 'projectId'>, b: Pick<PriorityItem, 'priority' | 'score' | 'projectId'>): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const scoreA = a.score ?? -1;
  const scoreB = b.score ?? -1;
  if (scoreA !== scoreB) return scoreB - scoreA;
  return a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0;
}
