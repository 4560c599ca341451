import * as z from 'zod';
import { DeviceKind, IsoDate, Name, Nok, Slug, Version } from './common.ts';
import { CostKey } from './cost-key.ts';
import { Monitoring } from './checks.ts';

/** Who pays for a device: one member, or shared by a key (its environment's key when absent). */
export const Payer = z.discriminatedUnion('type', [
  z.object({ type: z.literal('member'), memberId: Slug }).strict(),
  z.object({ type: z.literal('shared'), key: CostKey.optional() }).strict(),
]);
export type Payer = z.infer<typeof Payer>;

const ShortText = z.string().trim().max(200);

const VendorEndOfSupport = z.union([IsoDate, z.literal('announced-unknown'), z.null()]);
const Tags = z.array(z.string().trim().min(1).max(50)).max(50);

/** Fields as a client may send them; defaults are added only where a whole device is built. */
const deviceShape = {
  id: Slug,
  name: Name,
  kind: DeviceKind,
  role: ShortText.optional(),
  vendor: ShortText.optional(),
  model: ShortText.optional(),
  serial: ShortText.optional(),
  firmware: ShortText.optional(),
  environmentId: Slug,
  purchaseDate: IsoDate,
  purchaseCostNok: Nok,
  replacementCostNok: Nok.optional(),
  expectedLifetimeYears: z.number().int().min(1).max(50).optional(),
  /** A date, `announced-unknown` (supported, no end date yet), or null when not known. */
  vendorEndOfSupport: VendorEndOfSupport.optional(),
  warrantyEnd: IsoDate.optional(),
  criticality: z.number().int().min(1).max(5),
  payer: Payer,
  tags: Tags.optional(),
  /** How the device is checked; absent for devices nobody monitors (they show as unknown). */
  monitoring: Monitoring.optional(),
};

export const DeviceFields = z
  .object({
    ...deviceShape,
    role: ShortText.default(''),
    vendor: ShortText.default(''),
    model: ShortText.default(''),
    serial: ShortText.default(''),
    firmware: ShortText.default(''),
    vendorEndOfSupport: VendorEndOfSupport.default(null),
    tags: Tags.default([]),
  })
  .strict();

/** Body of a create: the id may be left out and is then made from the name. */
export const DeviceCreate = DeviceFields.extend({ id: Slug.optional() });
/** Body of a full replace (PUT): every field, plus the version that was read. */
export const DeviceReplace = DeviceFields.omit({ id: true }).extend({ version: Version.optional() });
/** Body of a partial update (PATCH). */
export const DevicePatch = z
  .object(deviceShape)
  .omit({ id: true })
  .partial()
  .extend({ version: Version.optional() })
  .strict();

export const Device = DeviceFields.extend({ version: Version });
export type DeviceInput = z.input<typeof DeviceFields>;
export type DeviceFields = z.infer<typeof DeviceFields>;
export type Device = z.infer<typeof Device>;
