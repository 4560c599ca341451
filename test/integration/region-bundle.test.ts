import { describe, expect, it } from 'vitest';
import { DynamoDbBudgetLineStore } from '#shared/adapters/dynamodb/budget-line-store.ts';
import { DynamoDbInventoryStore } from '#shared/adapters/dynamodb/inventory-store.ts';
import { loadRegionBundle } from '#shared/domain/region-bundle.ts';
import { demoBudgetLines, demoBundle } from '../support/demo.ts';
import { freshTable } from '../support/dynamodb.ts';

describe('region bundle loader', () => {
  it('writes the region last, so a load that stopped partway leaves no region and completes on the next run', async () => {
    const { doc, tableName } = await freshTable('bundle');
    const store = new DynamoDbInventoryStore(doc, tableName);
    const budgetLines = { store: new DynamoDbBudgetLineStore(doc, tableName), document: demoBudgetLines() };
    const bundle = demoBundle();
    const broken = { ...bundle, devices: [...bundle.devices.slice(0, 5), { ...bundle.devices[5]!, environmentId: 'nowhere' }] };

    await expect(loadRegionBundle(store, broken, budgetLines)).rejects.toThrow(/environment 'nowhere'/);
    expect((await store.listRegions({ limit: 10 })).items).toEqual([]);
    expect(await store.getDevice(bundle.region.id, bundle.devices[0]!.id)).toBeDefined();

    const loaded = await loadRegionBundle(store, bundle, budgetLines);
    expect(loaded).toMatchObject({ regionId: bundle.region.id, devices: bundle.devices.length, budgetLines: demoBudgetLines().budgetLines.length });
    expect((await store.listRegions({ limit: 10 })).items.map((region) => region.id)).toEqual([bundle.region.id]);
    expect((await store.listDevices(bundle.region.id, {}, { limit: 1000 })).items).toHaveLength(bundle.devices.length);
  });

  it('validates both documents before writing anything', async () => {
    const { doc, tableName } = await freshTable('bundle-bad');
    const store = new DynamoDbInventoryStore(doc, tableName);
    const badLines = { store: new DynamoDbBudgetLineStore(doc, tableName), document: { ...demoBudgetLines(), budgetLines: [{ name: 'x' }] } };
    await expect(loadRegionBundle(store, demoBundle(), badLines)).rejects.toThrow(/budget-lines/);
    expect(await store.getMember(demoBundle().region.id, demoBundle().members[0]!.id)).toBeUndefined();
  });
});
