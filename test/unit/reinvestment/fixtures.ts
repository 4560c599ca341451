import type { MemberRecord, EnvironmentRecord } from '#shared/domain/reinvestment/membership-on-date.ts';
import type { PlanDevice, PlanInput, PlanRegion } from '#shared/domain/reinvestment/plan.ts';

/**
 * Small builders for plan tests. The KR-IKT figures are illustrative round numbers, not official
 * statistics; each test states the ones it computes with.
 */
export function region(overrides: Partial<PlanRegion> = {}): PlanRegion {
  return { id: 'kr-ikt', priceIndex: 0.025, lifetimes: {}, defaultKey: { type: 'population' }, ...overrides };
}

export function member(id: string, population: number, overrides: Partial<MemberRecord> = {}): MemberRecord {
  return { id, name: id, joinedOn: '2010-01-01', population: [{ from: '2010-01-01', value: population }], ...overrides };
}

/** KR-IKT with the 2020 merger: Songdalen and Søgne merge into Kristiansand on 2020-01-01. */
export function krIktMembers(): MemberRecord[] {
  return [
    member('kristiansand', 90_000, {
      population: [
        { from: '2010-01-01', value: 90_000 },
        { from: '2020-01-01', value: 112_000 },
      ],
    }),
    member('songdalen', 7_000, { mergedInto: 'kristiansand', mergedOn: '2020-01-01' }),
    member('sogne', 11_000, { mergedInto: 'kristiansand', mergedOn: '2020-01-01' }),
    member('lillesand', 11_000),
    member('birkenes', 5_000),
    member('iveland', 1_000),
  ];
}

export function environment(id: string, overrides: Partial<EnvironmentRecord> = {}): EnvironmentRecord {
  return { id, name: id, site: 'Kristiansand', key: { type: 'population' }, serves: [], ...overrides };
}

export function device(id: string, overrides: Partial<PlanDevice> = {}): PlanDevice {
  return {
    id,
    name: `Device ${id}`,
    kind: 'server',
    environmentId: 'felles',
    purchaseDate: '2014-03-15',
    purchaseCostNok: 100_000,
    vendorEndOfSupport: null,
    payer: { type: 'member', memberId: 'kristiansand' },
    tags: [],
    ...overrides,
  };
}

export function planInput(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    region: region(),
    members: krIktMembers(),
    environments: [environment('felles', { serves: ['kristiansand', 'songdalen', 'sogne', 'lillesand', 'birkenes', 'iveland'].map((memberId) => ({ memberId, from: '2010-01-01' })) })],
    devices: [],
    fromYear: 2017,
    toYear: 2020,
    asOf: '2017-02-01',
    ...overrides,
  };
}
