import * as z from '#shared/schemas/zod.ts';
import { DeviceKind, IsoDate, Name, Nok, Slug, Version } from './common.ts';
import { CostKey } from './cost-key.ts';
import { Monitoring } from './checks.ts';

/** Who pays for a device: one member, or shared by a key (its environment's key when absent). */
export const Payer = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('member'), memberId: Slug }),
  z.strictObject({ type: z.literal('shared'), key: z.optional(CostKey) }),
]);
export type Payer = z.infer<typeof Payer>;

const ShortText = z.string().check(z.trim(), z.maxLength(200));

const VendorEndOfSupport = z.union([IsoDate, z.literal('announced-unknown'), z.null()]);
const Tags = z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(50))).check(z.maxLength(50));

/** Fields as a client may send them; defaults are added only where a whole device is built. */
const deviceShape = {
  id: Slug,
  name: Name,
  kind: DeviceKind,
  role: z.optional(ShortText),
  vendor: z.optional(ShortText),
  model: z.optional(ShortText),
  serial: z.optional(ShortText),
  firmware: z.optional(ShortText),
  environmentId: Slug,
  purchaseDate: IsoDate,
  purchaseCostNok: Nok,
  replacementCostNok: z.optional(Nok),
  expectedLifetimeYears: z.optional(z.int().check(z.gte(1), z.lte(50))),
  /** A date, `announced-unknown` (supported, no end date yet), or null when not known. */
  vendorEndOfSupport: z.optional(VendorEndOfSupport),
  warrantyEnd: z.optional(IsoDate),
  criticality: z.int().check(z.gte(1), z.lte(5)),
  payer: Payer,
  tags: z.optional(Tags),
  /** How the device is checked; absent for devices nobody monitors (they show as unknown). */
  monitoring: z.optional(Monitoring),
};

export const DeviceFields = z.strictObject({
  ...deviceShape,
  role: z._default(ShortText, ''),
  vendor: z._default(ShortText, ''),
  model: z._default(ShortText, ''),
  serial: z._default(ShortText, ''),
  firmware: z._default(ShortText, ''),
  vendorEndOfSupport: z._default(VendorEndOfSupport, null),
  tags: z._default(Tags, []),
});

/** Body of a create: the id may be left out and is then made from the name. */
export const DeviceCreate = z.extend(DeviceFields, { id: z.optional(Slug) });
/** Body of a full replace (PUT): every field, plus the version that was read. */
export const DeviceReplace = z.extend(z.omit(DeviceFields, { id: true }), { version: z.optional(Version) });
/** Body of a partial update (PATCH). */
export const DevicePatch = z.extend(z.partial(z.omit(z.strictObject(deviceShape), { id: true })), { version: z.optional(Version) });

export const Device = z.extend(DeviceFields, { version: Version });
export type DeviceInput = z.input<typeof DeviceFields>;
export type DeviceFields = z.infer<typeof DeviceFields>;
export type Device = z.infer<typeof Device>;
