import { z } from 'zod';
import { DeviceFields } from '#shared/schemas/device.ts';
import { EnvironmentInput } from '#shared/schemas/environment.ts';
import { MemberInput } from '#shared/schemas/member.ts';
import { RegionInput } from '#shared/schemas/region.ts';
import { parseOrThrow } from '#shared/schemas/validate.ts';
import type { Identity } from './identity.ts';
import type { Inventory } from './inventory.ts';

/** A whole region as one document: the demo region ships as one (data/demo/kr-ikt.json). */
export const RegionBundle = z
  .object({
    description: z.string().optional(),
    region: RegionInput,
    members: z.array(MemberInput),
    environments: z.array(EnvironmentInput),
    devices: z.array(DeviceFields),
  })
  .strict();
export type RegionBundle = z.infer<typeof RegionBundle>;

const LOADER: Identity = { subject: 'region-bundle-loader', roles: ['admin'] };

/**
 * Loads a bundle through the same validation and use cases as the API, so demo data can never be
 * something the API would refuse. Members that others merge into are created first.
 */
export async function loadRegionBundle(inventory: Inventory, document: unknown): Promise<{ regionId: string; members: number; environments: number; devices: number }> {
  const bundle = parseOrThrow(RegionBundle, document, 'bundle');
  const regionId = bundle.region.id;
  await inventory.createRegion(bundle.region);
  const mergeTargetsFirst = [...bundle.members].sort((a, b) => Number(a.mergedInto !== undefined) - Number(b.mergedInto !== undefined));
  for (const member of mergeTargetsFirst) await inventory.createMember(regionId, member);
  for (const environment of bundle.environments) await inventory.createEnvironment(regionId, environment);
  for (const device of bundle.devices) await inventory.createDevice(LOADER, regionId, device);
  return { regionId, members: bundle.members.length, environments: bundle.environments.length, devices: bundle.devices.length };
}
