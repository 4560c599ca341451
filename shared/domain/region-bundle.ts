import * as z from '#shared/schemas/zod.ts';
import { BudgetLineBundle } from '#shared/schemas/budget-line.ts';
import { DeviceFields } from '#shared/schemas/device.ts';
import { EnvironmentInput } from '#shared/schemas/environment.ts';
import { MemberInput } from '#shared/schemas/member.ts';
import { RegionInput, type Region } from '#shared/schemas/region.ts';
import { parseOrThrow } from '#shared/schemas/validate.ts';
import { systemActor, withAuditScope } from './audit/audit-scope.ts';
import { AlreadyExistsError, ValidationError } from './errors.ts';
import type { Identity } from './identity.ts';
import { Inventory } from './inventory.ts';
import type { InventoryStore } from './inventory-store.ts';
import type { BudgetLineStore } from './reinvestment/budget-line-store.ts';

/** A whole region as one document: the demo region ships as one (data/demo/kr-ikt.json). */
export const RegionBundle = z.strictObject({
  description: z.optional(z.string()),
  region: RegionInput,
  members: z.array(MemberInput),
  environments: z.array(EnvironmentInput),
  devices: z.array(DeviceFields),
});
export type RegionBundle = z.infer<typeof RegionBundle>;

const LOADER: Identity = { subject: 'region-bundle-loader', roles: ['admin'] };

export interface LoadedBundle {
  regionId: string;
  members: number;
  environments: number;
  devices: number;
  budgetLines: number;
}

/**
 * Loads a bundle (and optionally the region's budget lines) through the same validation and use
 * cases as the API, so demo data can never be something the API would refuse. Both documents are
 * parsed before the first write. Members that others merge into are created first.
 *
 * Resumable by design: the region record is written LAST, so "a region exists" means "a load
 * finished", and a load that stopped partway is simply run again. Until the region record exists
 * nothing else writes under its id (every API use case checks the region first), so an item that
 * exists already can only be left over from an interrupted load of this bundle: it is kept as it
 * is instead of failing the retry. Meanwhile the use cases see the region as if it were stored.
 */
export async function loadRegionBundle(
  store: InventoryStore,
  document: unknown,
  budgetLines?: { store: BudgetLineStore; document: unknown },
  /** Who the audit trail names as having written every record of the load (a system identity). */
  loadedBy = DEMO_IMPORT,
): Promise<LoadedBundle> {
  const bundle = parseOrThrow(RegionBundle, document, 'bundle');
  // Every record the load writes gets its audit entry, so the plan's explanations can say who entered each figure.
  return withAuditScope({ actor: systemActor(loadedBy), route: 'region-bundle', regionId: bundle.region.id }, () => writeBundle(store, bundle, budgetLines));
}

/** The audit trail's name for the demo data loaded at start. */
export const DEMO_IMPORT = 'demo-import';

async function writeBundle(store: InventoryStore, bundle: RegionBundle, budgetLines?: { store: BudgetLineStore; document: unknown }): Promise<LoadedBundle> {
  const lines = budgetLines ? parseOrThrow(BudgetLineBundle, budgetLines.document, 'budget-lines') : undefined;
  const regionId = bundle.region.id;
  if (lines && lines.regionId !== regionId) {
    throw new ValidationError(`the budget lines are for region '${lines.regionId}', not '${regionId}'`, [
      { field: 'budget-lines.regionId', problem: `must be the bundle's region '${regionId}'` },
    ]);
  }

  const inventory = new Inventory(storeSeeingRegion(store, { ...bundle.region, version: 0 }));
  const mergeTargetsFirst = [...bundle.members].sort((a, b) => Number(a.mergedInto !== undefined) - Number(b.mergedInto !== undefined));
  for (const member of mergeTargetsFirst) await keepLeftOver(inventory.createMember(LOADER, regionId, member, 'loaded from the region bundle'));
  for (const environment of bundle.environments) await keepLeftOver(inventory.createEnvironment(regionId, environment));
  for (const device of bundle.devices) await keepLeftOver(inventory.createDevice(LOADER, regionId, device));
  for (const line of lines?.budgetLines ?? []) await keepLeftOver(budgetLines!.store.create(regionId, line));
  await store.createRegion(bundle.region);
  return {
    regionId,
    members: bundle.members.length,
    environments: bundle.environments.length,
    devices: bundle.devices.length,
    budgetLines: lines?.budgetLines.length ?? 0,
  };
}

/** A create that finds its item already there (from an interrupted earlier load) counts as done. */
async function keepLeftOver(create: Promise<unknown>): Promise<void> {
  try {
    await create;
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
  }
}

/** The store as the loader's use cases see it: `region` exists, though its record is written last. */
function storeSeeingRegion(store: InventoryStore, region: Region): InventoryStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'getRegion') return async (regionId: string) => (regionId === region.id ? region : target.getRegion(regionId));
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
