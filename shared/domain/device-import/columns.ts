import { DEVICE_KINDS, type DeviceKind } from '#shared/schemas/common.ts';
import { fieldText } from '#shared/messages/errors.ts';

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
    assettag: 'id',
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

/**
 * Recognises the source from its headers. NetBox and Snipe-IT are tried first: their exports carry
 * columns such as `Name` or `Serial number` that our own set shares, so our set wins only when
 * neither source's own headers are there.
 */
export function detectFormat(normalisedHeaders: readonly string[]): ImportFormat {
  const count = (names: readonly string[]) => names.filter((name) => normalisedHeaders.includes(name)).length;
  // Headers only one source writes. "Asset tag" is in both (NetBox's UI export has one too), so it
  // decides only when nothing else does.
  const snipeIt = count(['itemname', 'category', 'company', 'modelname', 'purchased', 'assetname', 'checkouttype', 'warrantymonths']);
  const netbox = count(['site', 'devicetype', 'devicerole', 'tenant', 'rack', 'rackgroup', 'face', 'rackface', 'airflow', 'sitegroup', 'tenantgroup']);
  if (netbox > snipeIt) return 'netbox';
  if (snipeIt > 0 || normalisedHeaders.includes('assettag')) return 'snipe-it';
  return 'driftsbilde';
}

/**
 * How a required field's column is called in each source's own vocabulary, for the header-level
 * error ("add a column 'Purchase date' or custom field `cf_purchase_date`").
 */
export const COLUMN_HINTS: Record<ImportFormat, Partial<Record<ImportField, { column: string; customField?: string }>>> = {
  driftsbilde: {
    name: { column: 'name' },
    kind: { column: 'kind' },
    environmentId: { column: 'environmentId' },
    purchaseDate: { column: 'purchaseDate' },
    purchaseCostNok: { column: 'purchaseCostNok' },
  },
  netbox: {
    name: { column: 'Name' },
    kind: { column: 'Role' },
    environmentId: { column: 'Site', customField: 'cf_environment' },
    purchaseDate: { column: 'Purchase date', customField: 'cf_purchase_date' },
    purchaseCostNok: { column: 'Purchase cost', customField: 'cf_purchase_cost' },
  },
  'snipe-it': {
    name: { column: 'Name' },
    kind: { column: 'Category' },
    environmentId: { column: 'Location' },
    purchaseDate: { column: 'Purchase Date' },
    purchaseCostNok: { column: 'Purchase Cost' },
  },
};

/**
 * Snipe-IT writes slash dates month first (its default `m/d/Y`); NetBox and our own files have no
 * slash convention, so there a slash date must be unambiguous or the file must show its order.
 */
export const SLASH_DATE_ORDER: Record<ImportFormat, 'mdy' | undefined> = { driftsbilde: undefined, netbox: undefined, 'snipe-it': 'mdy' };

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

/**
 * A user's kind mapping as written on the command line or in the API's `mapKind`:
 * `Hypervisor=server`, several joined by `;`. A `,` separates pairs only between two complete
 * pairs (a repeated query parameter arrives joined by commas), so a category such as
 * `Temp Fencing, Decorative Fencing and Gates` keeps its comma. Returns the mapping, or why a pair is not one.
 */
export function parseKindMap(pairs: readonly string[]): { ok: true; map: Record<string, DeviceKind> } | { ok: false; problem: string } {
  const map: Record<string, DeviceKind> = {};
  for (const pair of pairs.flatMap((text) => text.split(';').flatMap(splitRepeatedPairs))) {
    if (pair.trim() === '') continue;
    const at = pair.lastIndexOf('=');
    const text = pair.slice(0, at).trim();
    const kind = pair.slice(at + 1).trim().toLowerCase();
    if (at <= 0 || text === '') return { ok: false, problem: fieldText('import-kind-map-pair', { pair }) };
    if (!(DEVICE_KINDS as readonly string[]).includes(kind)) return { ok: false, problem: fieldText('import-kind-map-kind', { kind, pair, kinds: DEVICE_KINDS.join(', ') }) };
    map[text] = kind as DeviceKind;
  }
  return { ok: true, map };
}

/** `A=server,B=router` → two pairs; `Fencing, Gates=switch` stays one. */
function splitRepeatedPairs(text: string): string[] {
  const pairs: string[] = [];
  for (const part of text.split(',')) {
    const last = pairs.at(-1);
    if (last !== undefined && !(last.includes('=') && part.includes('='))) pairs[pairs.length - 1] = `${last},${part}`;
    else pairs.push(part);
  }
  return pairs;
}
