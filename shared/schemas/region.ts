import * as z from 'zod';
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

export const Lifetimes = z.partialRecord(DeviceKind, z.number().int().min(1).max(50));

export const RegionInput = z
  .object({
    id: Slug,
    name: Name,
    /** Yearly price growth used to project a purchase cost forward, e.g. 0.025. */
    priceIndex: StorableNumber.min(-0.5).max(1).default(0.025),
    lifetimes: Lifetimes.default({}),
    defaultKey: CostKey.default({ type: 'population' }),
  })
  .strict();

export const Region = RegionInput.extend({ version: Version });
export type RegionInput = z.input<typeof RegionInput>;
export type Region = z.infer<typeof Region>;
