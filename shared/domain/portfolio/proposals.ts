import type { DeviceKind } from '#shared/schemas/common.ts';
import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { ProjectOrigin } from '#shared/schemas/portfolio.ts';
import type { PlanItem } from '#shared/schemas/reinvestment-plan.ts';
import type { PortfolioProject } from './priorities.ts';

/**
 * Proposals from the reinvestment plan (issue 8): the plan's due items grouped by environment, kind
 * and budget year, one proposed project per group with its cost, devices and the environment's key.
 *
 * Ids are derived from the group alone (`reinv-<year>-<kind>-<environment>`), so running it twice
 * proposes nothing new: groups whose id exists are skipped. Titles: the project title is data a
 * person reads and edits, stored in the region's language (nb), e.g. "Bytte brannmurer — Lokal
 * datapark Lillesand — 2018"; the group stays in `origin`, from which {@link proposalTitle} words
 * the title in English for the English dashboard.
 */

const KIND_WORDS: Record<DeviceKind, { nb: string; en: string }> = {
  firewall: { nb: 'brannmurer', en: 'firewalls' },
  router: { nb: 'rutere', en: 'routers' },
  switch: { nb: 'svitsjer', en: 'switches' },
  server: { nb: 'servere', en: 'servers' },
  storage: { nb: 'lagringssystemer', en: 'storage systems' },
  backup: { nb: 'backupsystemer', en: 'backup systems' },
  platform: { nb: 'plattformer', en: 'platforms' },
};

/** "Bytte brannmurer — Lokal datapark Lillesand — 2018" (nb) / "Replace firewalls — … — 2018" (en). */
export function proposalTitle(origin: Pick<ProjectOrigin, 'kind' | 'budgetYear'>, environmentName: string, lang: 'nb' | 'en'): string {
  const words = KIND_WORDS[origin.kind];
  const action = lang === 'nb' ? `Bytte ${words.nb}` : `Replace ${words.en}`;
  return `${action} — ${environmentName} — ${origin.budgetYear}`;
}

/** The project id of a group: a slug of at most 64 characters, the same every run. */
export function proposalId(origin: Pick<ProjectOrigin, 'environmentId' | 'kind' | 'budgetYear'>): string {
  const id = `reinv-${origin.budgetYear}-${origin.kind}-${origin.environmentId}`;
  if (id.length <= 64) return id;
  // Long environment ids: keep a readable head and a hash of the whole, still deterministic.
  const hash = fnv1a(id).toString(36);
  return `${id.slice(0, 63 - hash.length).replace(/-+$/, '')}-${hash}`;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export interface ProposalEnvironment {
  id: string;
  name: string;
  key?: CostKey | undefined;
}

export interface ProposalResult {
  /** New projects to create (status idea, in id order). */
  created: PortfolioProject[];
  /** Ids of groups that already have their project. */
  existing: string[];
}

/**
 * Groups the plan's items. The proposer is the member paying the largest part of the group's cost
 * (ties: lowest id); participants are every member with a share. Items of the plan outside
 * from..to are left out.
 */
export function proposalsFromPlan(
  items: readonly Pick<PlanItem, 'deviceId' | 'kind' | 'environmentId' | 'budgetYear' | 'costNok' | 'shares'>[],
  environments: ReadonlyMap<string, ProposalEnvironment>,
  existingIds: ReadonlySet<string>,
  range: { from: number; to: number },
): ProposalResult {
  const groups = new Map<string, { origin: ProjectOrigin; items: (typeof items)[number][] }>();
  for (const item of items) {
    if (item.budgetYear < range.from || item.budgetYear > range.to) continue;
    const origin: ProjectOrigin = { type: 'reinvestment-plan', environmentId: item.environmentId, kind: item.kind, budgetYear: item.budgetYear };
    const id = proposalId(origin);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { origin, items: [] }));
    group.items.push(item);
  }
  const created: PortfolioProject[] = [];
  const existing: string[] = [];
  for (const id of [...groups.keys()].sort()) {
    if (existingIds.has(id)) {
      existing.push(id);
      continue;
    }
    const { origin, items: grouped } = groups.get(id) as { origin: ProjectOrigin; items: typeof items };
    const paid = new Map<string, number>();
    for (const item of grouped) for (const share of item.shares) paid.set(share.memberId, (paid.get(share.memberId) ?? 0) + share.amountNok);
    const participants = [...paid.keys()].sort();
    const proposedBy = participants.reduce<string | undefined>((best, memberId) => (best === undefined || (paid.get(memberId) ?? 0) > (paid.get(best) ?? 0) ? memberId : best), undefined);
    if (proposedBy === undefined) continue; // nobody pays (every member left): nothing to propose
    const environment = environments.get(origin.environmentId);
    const investmentNok = grouped.reduce((sum, item) => sum + item.costNok, 0);
    created.push({
      id,
      title: proposalTitle(origin, environment?.name ?? origin.environmentId, 'nb'),
      description: '',
      proposedBy,
      participants,
      category: 'reinvestment',
      status: 'idea',
      costs: [{ year: origin.budgetYear, investmentNok, operatingNok: 0 }],
      ...(environment?.key === undefined ? {} : { key: environment.key }),
      dependsOn: [],
      deviceIds: grouped.map((item) => item.deviceId).sort(),
      risks: [],
      ratings: {},
      benefits: [],
      origin,
    });
  }
  return { created, existing };
}
