import type { DeviceKind } from '#shared/schemas/common.ts';

/**
 * The columns a device CSV may have, and how NetBox and Snipe-IT export headers map onto them.
 *
 * ## Driftsbilde's own column set (header names are case- and punctuation-insensitive)
 *
 * | column                 | required | value                                                                     |
 * |------------------------|----------|---------------------------------------------------------------------------|
 * | id                     | no       | slug; made from the name when empty (`FW Kristiansand 1` → `fw-kristiansand-1`) |
 * | name                   | yes      | text                                                                      |
 * | kind                   | yes      | firewall, router, switch, server, storage, backup, platform (or a word that names one, e.g. Brannmur) |
 * | role, vendor, model, serial, firmware | no | text                                                          |
 * | environmentId          | yes      | the environment's id or name                                              |
 * | purchaseDate           | yes      | YYYY-MM-DD or dd.mm.yyyy                                                  |
 * | purchaseCostNok        | yes      | NOK; `12 500`, `12500,00` and `12,500.00` all read as 12 500              |
 * | replacementCostNok     | no       | NOK                                                                       |
 * | expectedLifetimeYears  | no       | whole years                                                               |
 * | vendorEndOfSupport     | no       | a date, `announced-unknown`, or empty                                     |
 * | warrantyEnd            | no       | a date                                                                    |
 * | criticality            | no       | 1–5; 3 when empty (the exports below carry none)                          |
 * | payerMemberId          | no       | the paying member's id or name; empty = shared by the environment's key   |
 * | payerKey               | no       | shared devices only: `equal`, `population`, `fixed-plus-population:0.3`, `custom:kristiansand=60;lillesand=40` |
 * | tags                   | no       | separated by `;`, `,` or `|`                                              |
 *
 * Monitoring settings are not imported from CSV; set them per device afterwards.
 *
 * ## NetBox (DCIM → Devices → Export, or the bulk-import field names)
 * Name → name · Role / Device Role → kind (by keyword) and role · Manufacturer → vendor ·
 * Type / Device Type → model · Serial number → serial · Platform → firmware · Site → environment ·
 * Tenant → paying member (empty = shared) · Tags → tags. Purchase data are NetBox custom fields:
 * `cf_purchase_date`, `cf_purchase_cost`, `cf_replacement_cost`, `cf_lifetime_years`,
 * `cf_end_of_support`, `cf_warranty_end`, `cf_criticality`, `cf_environment` (export labels such as
 * "Purchase date" work too). NetBox's numeric ID column is ignored; the id is made from the name.
 *
 * ## Snipe-IT (Assets → Export, or the importer's headers)
 * Asset Tag → id · Item Name / Asset Name / Name → name · Category → kind (by keyword) and role ·
 * Manufacturer → vendor · Model Name / Model → model · Serial Number / Serial → serial ·
 * Purchase Date / Purchased → purchase date · Purchase Cost → purchase cost · Warranty Expires →
 * warranty end (or Warranty Months counted from the purchase date) · Location → environment ·
 * Company → paying member · custom fields Criticality, End of Support, Lifetime Years.
 */
export type ImportFormat = 'driftsbilde' | 'netbox' | 'snipe-it';

/** A field the importer fills; `warrantyMonths` is Snipe-IT's, turned into warrantyEnd. */
export type ImportField =
  | 'id'
  | 'name'
  | 'kind'
  | 'role'
  | 'vendor'
  | 'model'
  | 'serial'
  | 'firmware'
  | 'environmentId'
  | 'purchaseDate'
  | 'purchaseCostNok'
  | 'replacementCostNok'
  | 'expectedLifetimeYears'
  | 'vendorEndOfSupport'
  | 'warrantyEnd'
  | 'warrantyMonths'
  | 'criticality'
  | 'payerMemberId'
  | 'payerKey'
  | 'tags';

/** Header as compared: lowercase letters and digits only, with NetBox's `cf_` custom-field prefix removed. */
export function normaliseHeader(header: string): string {
  return header
    .trim()
    .replace(/^cf_/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const own: Record<string, ImportField> = Object.fromEntries(
  (
    [
      'id',
      'name',
      'kind',
      'role',
      'vendor',
      'model',
      'serial',
      'firmware',
      'environmentId',
      'purchaseDate',
      'purchaseCostNok',
      'replacementCostNok',
      'expectedLifetimeYears',
      'vendorEndOfSupport',
      'warrantyEnd',
      'criticality',
      'payerMemberId',
      'payerKey',
      'tags',
    ] as const
  ).map((field) => [normaliseHeader(field), field]),
);

/** Header (normalised) → field, per format. Role and Category feed both kind and role (see {@link ROLE_AND_KIND}). */
export const HEADER_MAPPINGS: Record<ImportFormat, Record<string, ImportField>> = {
  driftsbilde: { ...own, environment: 'environmentId', payer: 'payerMemberId' },
  netbox: {
    name: 'name',
    role: 'role',
    devicerole: 'role',
    manufacturer: 'vendor',
    type: 'model',
    devicetype: 'model',
    serialnumber: 'serial',
    serial: 'serial',
    platform: 'firmware',
    site: 'environmentId',
    environment: 'environmentId',
    tenant: 'payerMemberId',
    tags: 'tags',
    purchasedate: 'purchaseDate',
    purchasecost: 'purchaseCostNok',
    purchasecostnok: 'purchaseCostNok',
    replacementcost: 'replacementCostNok',
    replacementcostnok: 'replacementCostNok',
    lifetimeyears: 'expectedLifetimeYears',
    endofsupport: 'vendorEndOfSupport',
    warrantyend: 'warrantyEnd',
    criticality: 'criticality',
    kind: 'kind',
  },
  'snipe-it': {
    assettag: 'id',
    itemname: 'name',
    assetname: 'name',
    name: 'name',
    category: 'role',
    manufacturer: 'vendor',
    modelname: 'model',
    model: 'model',
    serialnumber: 'serial',
    serial: 'serial',
    purchasedate: 'purchaseDate',
    purchased: 'purchaseDate',
    purchasecost: 'purchaseCostNok',
    warrantyexpires: 'warrantyEnd',
    warrantymonths: 'warrantyMonths',
    location: 'environmentId',
    company: 'payerMemberId',
    criticality: 'criticality',
    endofsupport: 'vendorEndOfSupport',
    lifetimeyears: 'expectedLifetimeYears',
    replacementcost: 'replacementCostNok',
    kind: 'kind',
  },
};

/** In NetBox and Snipe-IT exports the role / category column also names the kind when there is no kind column. */
export const ROLE_AND_KIND: Record<ImportFormat, boolean> = { driftsbilde: false, netbox: true, 'snipe-it': true };

/** Recognises the source from its headers: our own has environmentId; Snipe-IT and NetBox each have headers the other lacks. */
export function detectFormat(normalisedHeaders: readonly string[]): ImportFormat {
  const has = (...names: string[]) => names.some((name) => normalisedHeaders.includes(name));
  if (has('environmentid', 'purchasecostnok')) return 'driftsbilde';
  if (has('itemname', 'category', 'company', 'modelname', 'purchased', 'assetname')) return 'snipe-it';
  if (has('site', 'devicetype', 'tenant', 'rack', 'devicerole')) return 'netbox';
  return 'driftsbilde';
}

/** Words that name a kind, checked in this order (a "Backup server" is backup, not server). */
const KIND_WORDS: Array<[DeviceKind, RegExp]> = [
  ['backup', /backup|sikkerhetskopi/i],
  ['firewall', /firewall|brannmur/i],
  ['router', /router|ruter/i],
  ['switch', /switch|svitsj/i],
  ['storage', /storage|lagring|\bsan\b|\bnas\b/i],
  ['platform', /platform|plattform|sharepoint/i],
  ['server', /server|tjener|\bhost\b/i],
];

/** The device kind a word names (`Brannmur`, `Core Router`, `Backup server`), or undefined. */
export function kindFromText(text: string): DeviceKind | undefined {
  return KIND_WORDS.find(([, pattern]) => pattern.test(text))?.[0];
}
