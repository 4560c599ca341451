import type { CostKey } from '#shared/schemas/cost-key.ts';
import type { Payer } from '#shared/schemas/device.ts';
import { membersServedOn, payerOn, regionMembersOn, type EnvironmentRecord, type MemberDirectory } from '../reinvestment/membership-on-date.ts';
import { isPastEndOfSupport, lastCostYear, type DeviceDue } from './scoring.ts';
import { shareBasis } from '../reinvestment/shares.ts';

/**
 * Risk exposure (issue 8), per year y and member m:
 *   Σ criticality (1–5) × m's share of each device that is due (budget year ≤ y) or past vendor
 *   end of support on 1 January of y, and is not covered by an included project whose last cost
 *   year ≤ y.
 * The region-wide figure is Σ criticality of those devices (the members' shares sum to 1).
 */

export type MemberFraction = { memberId: string; fraction: number };

export interface RiskDevice extends DeviceDue {
  criticality: number;
  /** Year → who carries the device that year and with which fraction (see {@link deviceFractionsByYear}). */
  fractionsByYear: ReadonlyMap<number, readonly MemberFraction[]>;
}

export interface ExposureYear {
  year: number;
  total: number;
  byMember: Map<string, number>;
}

/** True when the device counts against year `year`: due by then, or past end of support on its 1 January. */
export function isExposed(device: DeviceDue, year: number): boolean {
  return (device.dueYear !== null && device.dueYear <= year) || isPastEndOfSupport(device.vendorEndOfSupport, `${year}-01-01`);
}

/**
 * Exposure per year from..to. `coveringProjects` are the plan's included projects (with the
 * scenario's cost years): a device is covered from the last cost year of a project that lists it.
 */
export function riskExposure(
  devices: readonly RiskDevice[],
  coveringProjects: readonly { deviceIds: readonly string[]; costs: readonly { year: number }[] }[],
  from: number,
  to: number,
): ExposureYear[] {
  const coveredFrom = new Map<string, number>();
  for (const project of coveringProjects) {
    const last = lastCostYear(project.costs);
    if (last === null) continue;
    for (const deviceId of project.deviceIds) {
      const current = coveredFrom.get(deviceId);
      if (current === undefined || last < current) coveredFrom.set(deviceId, last);
    }
  }
  const years: ExposureYear[] = [];
  for (let year = from; year <= to; year++) {
    const byMember = new Map<string, number>();
    let total = 0;
    for (const device of devices) {
      if (!isExposed(device, year)) continue;
      const covered = coveredFrom.get(device.deviceId);
      if (covered !== undefined && covered <= year) continue;
      total += device.criticality;
      for (const { memberId, fraction } of device.fractionsByYear.get(year) ?? []) {
        byMember.set(memberId, (byMember.get(memberId) ?? 0) + device.criticality * fraction);
      }
    }
    years.push({ year, total, byMember });
  }
  return years;
}

/**
 * Who carries a device in each year, the reinvestment plan's payer rule: a member's own device is
 * its payer's (its successor's after a merger; nobody's after it left); a shared device is split by
 * its own key, else its environment's, else the region's default, over the members the environment
 * serves on 1 January (the whole region when it serves nobody).
 */
export function deviceFractionsByYear(
  device: { payer: Payer; environmentId: string },
  environments: ReadonlyMap<string, Pick<EnvironmentRecord, 'serves' | 'key'>>,
  members: MemberDirectory,
  defaultKey: CostKey,
  from: number,
  to: number,
): Map<number, MemberFraction[]> {
  const result = new Map<number, MemberFraction[]>();
  const environment = environments.get(device.environmentId);
  for (let year = from; year <= to; year++) {
    const on = `${year}-01-01`;
    if (device.payer.type === 'member') {
      const payer = payerOn(device.payer.memberId, members, on);
      result.set(year, payer.pays ? [{ memberId: payer.memberId, fraction: 1 }] : []);
      continue;
    }
    const ownKey = device.payer.key;
    const key = ownKey ?? environment?.key ?? defaultKey;
    let participants = environment ? membersServedOn(environment, members, on) : [];
    if (participants.length === 0) participants = regionMembersOn(members, on);
    const keySource = ownKey ? 'device' : environment?.key ? 'environment' : 'region-default';
    result.set(
      year,
      shareBasis({ on, key, keySource, participants }).fractions.map(({ memberId, fraction }) => ({ memberId, fraction })),
    );
  }
  return result;
}
