import { apiGet } from '../api.ts';
import { el } from '../dom.ts';
import { formatNok, formatNumber } from '../format.ts';
import { t, tOr } from '../i18n.ts';
import { regionPath, type Reference } from '../reference.ts';
import { href } from '../router.ts';
import type { Page } from '../types.ts';
import type { PortfolioSettings, Priorities, Project } from './portfolio-types.ts';

/**
 * What the portfolio views share: reading every project, the priorities and the settings, and
 * saying a project's status, category or criterion in the UI language.
 */

export function projectsPath(reference: Reference): string {
  return `${regionPath(reference)}/projects`;
}

export function projectPath(reference: Reference, projectId: string): string {
  return `${projectsPath(reference)}/${encodeURIComponent(projectId)}`;
}

export async function readAllProjects(reference: Reference): Promise<Project[]> {
  const projects: Project[] = [];
  let cursor: string | undefined;
  do {
    const page = await apiGet<Page<Project>>(`${projectsPath(reference)}?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    projects.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return projects;
}

export function readPriorities(reference: Reference, from?: number): Promise<Priorities> {
  return apiGet<Priorities>(`${regionPath(reference)}/portfolio/priorities${from ? `?from=${from}` : ''}`);
}

export function readSettings(reference: Reference): Promise<PortfolioSettings> {
  return apiGet<PortfolioSettings>(`${regionPath(reference)}/portfolio-settings`);
}

/** A map from project id to project, and the project's title for any id (the id when unknown). */
export function projectTitles(projects: readonly Project[]): (projectId: string) => string {
  const titles = new Map(projects.map((project) => [project.id, project.title]));
  return (projectId) => titles.get(projectId) ?? projectId;
}

export function projectStatusLabel(status: string): string {
  return tOr(`projectStatus_${status}`, status);
}

/** A status as a tag: colour and word, never colour alone. */
export function projectStatusTag(status: string): HTMLElement {
  return el('span', { class: `tag project-status project-status-${status}` }, projectStatusLabel(status));
}

export function categoryLabel(category: string): string {
  return tOr(`projectCategory_${category}`, category);
}

export function criterionLabel(criterion: { id: string; name?: string }): string {
  return tOr(`criterion_${criterion.id}`, criterion.name ?? criterion.id);
}

export function projectLink(projectId: string, title: string): HTMLAnchorElement {
  return el('a', { href: href('project', projectId) }, title);
}

const scoreFormat = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2 });

/** A score, support or priority (0–100, rounded to two decimals by the API) as `72,22`; no score as "—". */
export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined ? t('none') : scoreFormat.format(value);
}

/** A difference with its sign: `+kr 1 000`, `−kr 500`, `0`. */
export function signedNok(amount: number): string {
  if (amount === 0) return formatNok(0);
  return `${amount > 0 ? '+' : '−'}${formatNok(Math.abs(amount))}`;
}

export function signedNumber(value: number): string {
  if (value === 0) return formatNumber(0);
  return `${value > 0 ? '+' : '−'}${formatNumber(Math.abs(value))}`;
}

/** Years from `from` to `to`, both included. */
export function yearRange(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}

/** A year from the link (`?from=2018`), or the fallback when it is missing or no sensible year. */
export function yearParameter(value: string | null, fallback: number): number {
  const year = Number(value);
  return value !== null && Number.isInteger(year) && year >= 1990 && year <= 2100 ? year : fallback;
}
