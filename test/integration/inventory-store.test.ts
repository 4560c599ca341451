import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbInventoryStore } from '#shared/adapters/dynamodb/inventory-store.ts';
import { AlreadyExistsError, NotFoundError, ValidationError, VersionConflictError } from '#shared/domain/errors.ts';
import type { Device } from '#shared/schemas/device.ts';
import { freshTable } from '../support/dynamodb.ts';

function device(id: string, overrides: Partial<Device> = {}): Omit<Device, 'version'> {
  return {
    id,
    name: `Server ${id}`,
    kind: 'server',
    role: 'app',
    vendor: 'Dell',
    model: 'R740',
    serial: `SN-${id}`,
    firmware: '2.1',
    environmentId: 'env-a',
    purchaseDate: '2016-03-01',
    purchaseCostNok: 100_000,
    vendorEndOfSupport: null,
    criticality: 3,
    payer: { type: 'shared' },
    tags: [],
    ...overrides,
  };
}

describe('DynamoDB inventory store', () => {
  let store: DynamoDbInventoryStore;
  beforeAll(async () => {
    const table = await freshTable('store');
    store = new DynamoDbInventoryStore(table.doc, table.tableName);
    await store.createRegion({ id: 'r', name: 'R', priceIndex: 0.025, lifetimes: {}, defaultKey: { type: 'equal' } });
  });

  it('creates at version 1 and refuses a second create with the same id', async () => {
    const created = await store.createDevice('r', device('d1'));
    expect(created.version).toBe(1);
    await expect(store.createDevice('r', device('d1'))).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it('replaces at the version read and answers a stale version with the current one', async () => {
    await store.createDevice('r', device('d2'));
    const next = await store.replaceDevice('r', device('d2', { firmware: '2.2' }), 1);
    expect(next.version).toBe(2);
    const stale = store.replaceDevice('r', device('d2', { firmware: '9' }), 1);
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(stale).rejects.toMatchObject({ details: { currentVersion: 2 } });
    expect((await store.getDevice('r', 'd2'))?.firmware).toBe('2.2');
  });

  it('answers a replace of a missing device with not found', async () => {
    await expect(store.replaceDevice('r', device('nope'), 1)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists by environment, kind and paying member through the indexes, page by page', async () => {
    for (let i = 0; i < 7; i++) {
      await store.createDevice('r', device(`p${i}`, { environmentId: 'env-b', kind: i % 2 ? 'router' : 'firewall', payer: i < 3 ? { type: 'member', memberId: 'm1' } : { type: 'shared' } }));
    }
    const first = await store.listDevices('r', { environmentId: 'env-b' }, { limit: 4 });
    expect(first.items).toHaveLength(4);
    expect(first.nextCursor).toBeDefined();
    const second = await store.listDevices('r', { environmentId: 'env-b' }, { limit: 4, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((d) => d.id).sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    const routers = await store.listDevices('r', { environmentId: 'env-b', kind: 'router' }, { limit: 100 });
    expect(routers.items.map((d) => d.id).sort()).toEqual(['p1', 'p3', 'p5']);
    const paidByM1 = await store.listDevices('r', { memberId: 'm1' }, { limit: 100 });
    expect(paidByM1.items.map((d) => d.id).sort()).toEqual(['p0', 'p1', 'p2']);
    const searched = await store.listDevices('r', { q: 'SN-P4' }, { limit: 100 });
    expect(searched.items.map((d) => d.id)).toEqual(['p4']);
    expect(searched.items[0]).not.toHaveProperty('pk');
  });

  it('refuses a cursor made for another list', async () => {
    const first = await store.listDevices('r', { environmentId: 'env-b' }, { limit: 1 });
    await expect(store.listDevices('r', { memberId: 'm1' }, { limit: 1, cursor: first.nextCursor })).rejects.toBeInstanceOf(ValidationError);
    await expect(store.listDevices('r', {}, { limit: 1, cursor: 'garbage!' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('deletes only at the version read', async () => {
    await store.createDevice('r', device('gone'));
    await expect(store.deleteDevice('r', 'gone', 5)).rejects.toBeInstanceOf(VersionConflictError);
    await store.deleteDevice('r', 'gone', 1);
    expect(await store.getDevice('r', 'gone')).toBeUndefined();
  });
});
