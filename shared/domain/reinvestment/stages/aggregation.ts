import type { PlanItem, PlanShare, PlanTotal } from '#shared/schemas/reinvestment-plan.ts';
import type { PlanFilter } from '../plan.ts';
import { compareText, dateNumber } from './dates.ts';

/**
 * Stage 4, aggregation: sums over cost items. A cost item is anything with a year, a whole-NOK
 * cost and its shares: a device's reinvestment or a year of a project's cost alike.
 */

export interface CostItem {
  budgetYear: number;
  costNok: number;
  shares: readonly PlanShare[];
}

/** Planned NOK per budget line and year: what the envelopes compare with. */
export class PlannedByLine {
  readonly byLine = new Map<string, Map<number, number>>();

  add(lineId: string, item: CostItem): void {
    let byYear = this.byLine.get(lineId);
    if (!byYear) this.byLine.set(lineId, (byYear = new Map()));
    byYear.set(item.budgetYear, (byYear.get(item.budgetYear) ?? 0) + item.costNok);
  }
}

export function passes(item: PlanItem, filter: PlanFilter): boolean {
  if (filter.environmentId !== undefined && item.environmentId !== filter.environmentId) return false;
  if (filter.kind !== undefined && item.kind !== filter.kind) return false;
  if (filter.memberId !== undefined && !item.shares.some((share) => share.memberId === filter.memberId)) return false;
  return true;
}

type GroupedItem = CostItem & Pick<PlanItem, 'kind' | 'environmentId'>;

/** Sums shares by year, member, kind and environment; an unallocated cost is summed under member null. */
export function totalsOf(items: readonly GroupedItem[], onlyMember: string | undefined, fromYear: number): PlanTotal[] {
  // environment → kind → year offset → member → total. Ids are the devices' own (interned)
  // strings, so each lookup hashes nothing new; no key strings are built per share.
  const groups = new Map<string, Map<string, Array<Map<string | null, PlanTotal> | undefined>>>();
  const all: PlanTotal[] = [];
  for (const item of items) {
    let byKind = groups.get(item.environmentId);
    if (!byKind) groups.set(item.environmentId, (byKind = new Map()));
    let byYear = byKind.get(item.kind);
    if (!byYear) byKind.set(item.kind, (byYear = []));
    const group = (byYear[item.budgetYear - fromYear] ??= new Map());
    if (item.shares.length === 0) {
      if (onlyMember === undefined) addTo(group, all, item, null, item.costNok);
      continue;
    }
    for (const share of item.shares) {
      if (onlyMember === undefined || share.memberId === onlyMember) addTo(group, all, item, share.memberId, share.amountNok);
    }
  }
  return all.sort(compareTotals);
}

function addTo(group: Map<string | null, PlanTotal>, all: PlanTotal[], item: GroupedItem, memberId: string | null, amountNok: number): void {
  const total = group.get(memberId);
  if (total) total.amountNok += amountNok;
  else {
    const created: PlanTotal = { year: item.budgetYear, memberId, kind: item.kind, environmentId: item.environmentId, amountNok };
    group.set(memberId, created);
    all.push(created);
  }
}

function compareTotals(a: PlanTotal, b: PlanTotal): number {
  return (
    a.year - b.year ||
    (a.memberId === b.memberId ? 0 : a.memberId === null ? 1 : b.memberId === null ? -1 : compareText(a.memberId, b.memberId)) ||
    compareText(a.kind, b.kind) ||
    compareText(a.environmentId, b.environmentId)
  );
}

/** By budget year, due date, then device id; dates compared as numbers (yyyymmdd) to keep 100 000 items fast. */
export function sortItems(items: PlanItem[]): void {
  const keyed = items.map((item) => ({ item, order: item.budgetYear * 1e8 + dateNumber(item.dueDate) }));
  keyed.sort(compareKeyed);
  for (let i = 0; i < keyed.length; i++) items[i] = (keyed[i] as { item: PlanItem }).item;
}

function compareKeyed(a: { item: PlanItem; order: number }, b: { item: PlanItem; order: number }): number {
  return a.order - b.order || compareText(a.item.deviceId, b.item.deviceId);
}
