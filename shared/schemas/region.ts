import * as z from '#shared/schemas/zod.ts';
import { DeviceKind, Name, Slug, StorableNumber, Version } from './common.ts';
import { CostKey } from './cost-key.ts';

/** Default replacement lifetimes in years per device kind (budget and accounts regulation § 3-4, industry guidance). */
export const DEFAULT_LIFETIMES: Record<DeviceKind, number> = {
  firewall: 5,
  router: 7,
  switch: 7,
  server: 5,
  storage: 5,
  backup: 5,
  platform: 5,
};

export const Lifetimes = z.partialRecord(DeviceKind, z.int().check(z.gte(1), z.lte(50)));

export const RegionInput = z.strictObject({
  id: Slug,
  name: Name,
  /** Yearly price growth used to project a purchase cost forward, e.g. 0.025. */
  priceIndex: z._default(StorableNumber.check(z.gte(-0.5), z.lte(1)), 0.025),
  lifetimes: z._default(Lifetimes, {}),
  defaultKey: z._default(CostKey, { type: 'population' }),
});

export const Region = z.extend(RegionInput, { version: Version });
export type RegionInput = z.input<typeof RegionInput>;
export type Region = z.infer<typeof Region>;
