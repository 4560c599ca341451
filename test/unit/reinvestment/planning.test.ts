import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import type { InventoryStore } from '#shared/domain/inventory-store.ts';
import type { Page, PageRequest } from '#shared/domain/paging.ts';
import type { BudgetLineStore } from '#shared/domain/reinvestment/budget-line-store.ts';
import { healthSummariesFrom, NO_HEALTH_DATA, type HealthSummarySource } from '#shared/domain/reinvestment/health-summary.ts';
import { planPeriod, ReinvestmentPlanning } from '#shared/domain/reinvestment/planning.ts';
import type { Device } from '#shared/schemas/device.ts';
import { device, environment, krIktMembers, region } from './fixtures.ts';

/** Pages of `size` from an array, with the offset as cursor: enough to prove the use case pages through. */
function paged<T>(items: readonly T[], page: PageRequest, size = 2): Page<T> {
  const start = Number(page.cursor ?? 0);
  const end = start + Math.min(size, page.limit);
  return { items: items.slice(start, end), ...(end < items.length ? { nextCursor: String(end) } : {}) };
}

function inventory(devices: Device[]): InventoryStore {
  const members = krIktMembers().map((m) => ({ ...m, version: 1 }));
  const environments = [environment('felles', { serves: [{ memberId: 'kristiansand', from: '2010-01-01' }] })].map((e) => ({ ...e, version: 1 }));
  const unused = () => Promise.reject(new Error('not used by planning'));
  return {
    listRegions: unused,
    getRegion: async (id) => (id === 'kr-ikt' ? { ...region(), name: 'KR-IKT', version: 1 } : undefined),
    createRegion: unused,
    replaceRegion: unused,
    listMembers: async (_, page) => paged(members, page),
    getMember: unused,
    createMember: unused,
    replaceMember: unused,
    listEnvironments: async (_, page) => paged(environments, page),
    getEnvironment: unused,
    createEnvironment: unused,
    replaceEnvironment: unused,
    listDevices: async (_, __, page) => paged(devices, page),
    getDevice: async (_, id) => devices.find((d) => d.id === id),
    createDevice: unused,
    replaceDevice: unused,
    deleteDevice: unused,
  };
}

const noBudgetLines: BudgetLineStore = {
  list: async () => ({ items: [] }),
  get: async () => undefined,
  create: () => Promise.reject(new Error('unused')),
  replace: () => Promise.reject(new Error('unused')),
  delete: () => Promise.reject(new Error('unused')),
};

function planning(health: HealthSummarySource, devices: Device[]) {
  return new ReinvestmentPlanning({ inventory: inventory(devices), budgetLines: noBudgetLines, health, today: () => '2017-02-01' });
}

const asDevice = (d: ReturnType<typeof device>): Device => ({ ...d, role: '', vendor: '', model: '', serial: '', firmware: '', criticality: 3, version: 1 });

describe('reinvestment planning use case', () => {
  // Five devices, listed two per page; sick-1 is due 2021 (bought 2016-05-01), after the plan.
  const devices = ['a', 'b', 'c', 'd'].map((id) => asDevice(device(id, { purchaseDate: '2013-06-01' }))).concat(asDevice(device('sick-1', { purchaseDate: '2016-05-01' })));

  it('reads every page of the inventory and plans it', async () => {
    const plan = await planning(NO_HEALTH_DATA, devices).plan('kr-ikt', { from: 2017, to: 2020 });
    expect(plan.items.map((i) => i.deviceId)).toEqual(['a', 'b', 'c', 'd']);
    expect(plan.asOf).toBe('2017-02-01');
  });

  it('takes health figures through the HealthSummarySource port and pulls a sick device into this year', async () => {
    const health = healthSummariesFrom({ 'sick-1': { criticalFractionLast90Days: 0.2, incidentsLast365Days: 0 } });
    const plan = await planning(health, devices).plan('kr-ikt', { from: 2017, to: 2020 });
    expect(plan.items.find((i) => i.deviceId === 'sick-1')).toMatchObject({ reason: 'health', dueDate: '2017-02-01', budgetYear: 2017 });
    const explanation = await planning(health, devices).explain('kr-ikt', 'sick-1', { from: 2017, to: 2020 });
    expect(explanation.inputs.health).toEqual({ criticalFractionLast90Days: 0.2, incidentsLast365Days: 0 });
  });

  it('asks the health source only about devices rule 4 can move, and about every environment; an explanation about its device', async () => {
    const asked: Array<{ regionId: string; asOf: string; devices: string[]; environmentIds: string[] }> = [];
    const recording: HealthSummarySource = {
      async summariesFor(regionId, asOf, scope) {
        asked.push({ regionId, asOf, devices: scope.devices.map((d) => `${d.id}@${d.environmentId}`), environmentIds: [...scope.environmentIds] });
        return new Map([['sick-1', { criticalFractionLast90Days: null, incidentsLast365Days: 3 }]]);
      },
    };
    // `overdue` was due in 2015 and `this-year` is due in 2017: health cannot move them, so nobody reads their figures.
    const withDue = [...devices, asDevice(device('overdue', { purchaseDate: '2010-01-01' })), asDevice(device('this-year', { purchaseDate: '2012-12-31' }))];
    const plan = await planning(recording, withDue).plan('kr-ikt', { from: 2017, to: 2020 });
    expect(plan.items.find((i) => i.deviceId === 'sick-1')).toMatchObject({ reason: 'health', budgetYear: 2017 });
    expect(asked).toEqual([{ regionId: 'kr-ikt', asOf: '2017-02-01', devices: ['a@felles', 'b@felles', 'c@felles', 'd@felles', 'sick-1@felles'], environmentIds: ['felles'] }]);
    await planning(recording, withDue).explain('kr-ikt', 'overdue', { from: 2017, to: 2020 });
    expect(asked[1]?.devices).toEqual(['overdue@felles']);
  });

  it('answers unknown regions and devices with not found', async () => {
    await expect(planning(NO_HEALTH_DATA, devices).plan('nowhere', { from: 2017, to: 2020 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(planning(NO_HEALTH_DATA, devices).explain('kr-ikt', 'ghost', { from: 2017, to: 2020 })).rejects.toMatchObject({ message: "device 'ghost' does not exist" });
  });

  it('plans this year and the next three unless told otherwise, and refuses reversed periods', () => {
    expect(planPeriod({}, '2025-05-05')).toEqual({ from: 2025, to: 2028 });
    expect(planPeriod({ from: 2017 }, '2025-05-05')).toEqual({ from: 2017, to: 2020 });
    expect(planPeriod({ to: 2020 }, '2025-05-05')).toEqual({ from: 2017, to: 2020 });
    expect(() => planPeriod({ from: 2020, to: 2017 }, '2025-05-05')).toThrow(ValidationError);
    expect(() => planPeriod({ from: 2000, to: 2040 }, '2025-05-05')).toThrow(/too long/);
  });
});
