import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { PlanShare } from '#shared/schemas/reinvestment-plan.ts';
import type { PlanDevice, PlanRegion } from '../plan.ts';
import {
  membersServedOn,
  payerOn,
  regionMembersOn,
  type EnvironmentRecord,
  type MemberDirectory,
  type PayerOnDate,
} from '../membership-on-date.ts';
import { shareAmounts, shareBasis, type ShareBasis } from '../shares.ts';
import { firstOfJanuary } from './dates.ts';
import { sharedBasisWarnings, type SharedBasisNote } from './explanation.ts';

/**
 * Stage 3, shares (rule 7): who pays a device's cost on 1 January of its budget year. A single
 * member (after mergers; nobody when it has left, and then the device leaves the plan), or the
 * share stage ({@link shareBasis}) over the members the device's environment serves.
 */

/** A shared device's share basis, with what the plan notes about where its participants came from. */
export interface SharedBasis {
  basis: ShareBasis;
  notes: SharedBasisNote[];
  /** The notes in words, then the basis's own warnings: as the item carries them. */
  warnings: string[];
}

export type PayerDecision =
  | { type: 'member'; on: string; payer: Extract<PayerOnDate, { pays: true }>; registered: boolean; shares: PlanShare[] }
  | { type: 'left'; on: string; payer: Extract<PayerOnDate, { pays: false }> }
  | { type: 'shared'; on: string; shared: SharedBasis; shares: PlanShare[] };

/**
 * The share bases of one plan, cached per environment, key and year: thousands of devices in one
 * environment share one computation of the fractions.
 */
export class ShareBases {
  private readonly bases = new Map<string, SharedBasis>();
  /** Fast path for the common case (the environment's key): environment id → basis by year offset. */
  private readonly environmentBases = new Map<string, Array<SharedBasis | undefined>>();

  constructor(
    private readonly members: MemberDirectory,
    private readonly environments: ReadonlyMap<string, EnvironmentRecord>,
    private readonly region: PlanRegion,
    private readonly fromYear: number,
  ) {}

  /**
   * Fractions of a shared device's cost in `budgetYear`: its own key, else its environment's,
   * else (environment unknown) the region's default key; over the members the environment serves
   * on 1 January, or every member of the region when it serves nobody that day.
   */
  forDevice(device: PlanDevice, budgetYear: number): SharedBasis {
    const ownKey = device.payer.type === 'shared' ? device.payer.key : undefined;
    if (ownKey === undefined) {
      let byYear = this.environmentBases.get(device.environmentId);
      if (!byYear) this.environmentBases.set(device.environmentId, (byYear = []));
      return (byYear[budgetYear - this.fromYear] ??= this.compute(device.environmentId, budgetYear, undefined));
    }
    return this.compute(device.environmentId, budgetYear, ownKey);
  }

  private compute(environmentId: string, budgetYear: number, ownKey: CostKey | undefined): SharedBasis {
    const environment = this.environments.get(environmentId);
    const keySource = ownKey ? 'device' : environment ? 'environment' : 'region-default';
    const cacheKey = `${environmentId}|${budgetYear}|${ownKey ? JSON.stringify(ownKey) : keySource}`;
    const cached = this.bases.get(cacheKey);
    if (cached) return cached;

    const on = firstOfJanuary(budgetYear);
    const notes: SharedBasisNote[] = [];
    if (!environment) notes.push({ note: 'environment-unknown', environmentId });
    let participants = environment ? membersServedOn(environment, this.members, on) : [];
    if (participants.length === 0) {
      participants = regionMembersOn(this.members, on);
      if (environment) notes.push({ note: 'environment-serves-nobody', environmentId, on });
    }
    if (participants.length === 0) notes.push({ note: 'region-has-no-members', on });
    const basis = shareBasis({ on, key: ownKey ?? environment?.key ?? this.region.defaultKey, keySource, participants });
    const shared: SharedBasis = { basis, notes, warnings: [...sharedBasisWarnings(notes), ...basis.warnings] };
    this.bases.set(cacheKey, shared);
    return shared;
  }
}

/** Rule 7 for one device and its cost. */
export function decidePayer(device: PlanDevice, budgetYear: number, costNok: number, members: MemberDirectory, bases: ShareBases): PayerDecision {
  const on = firstOfJanuary(budgetYear);
  if (device.payer.type === 'member') {
    const payer = payerOn(device.payer.memberId, members, on);
    if (!payer.pays) return { type: 'left', on, payer };
    return { type: 'member', on, payer, registered: members.has(payer.memberId), shares: [{ memberId: payer.memberId, fraction: 1, amountNok: costNok }] };
  }
  const shared = bases.forDevice(device, budgetYear);
  return { type: 'shared', on, shared, shares: shareAmounts(shared.basis, costNok) };
}
