/**
 * Key builders for every entity in the single table, with the access patterns they serve.
 * No request path uses Scan: each pattern below is one GetItem or one Query (page by page).
 *
 * | access pattern                          | operation | key                                                    |
 * |-----------------------------------------|-----------|--------------------------------------------------------|
 * | list regions                            | Query     | pk = REGIONS, sk begins_with REGION#                    |
 * | get a region                            | GetItem   | pk = REGIONS, sk = REGION#{regionId}                    |
 * | list members of a region / get one      | Query/Get | pk = REGION#{r}, sk begins_with MEMBER# / = MEMBER#{id} |
 * | list environments / get one             | Query/Get | pk = REGION#{r}, sk begins_with ENV# / = ENV#{id}       |
 * | list devices of a region / get one      | Query/Get | pk = REGION#{r}#DEVICES, sk = DEVICE#{id}               |
 * | list devices of an environment (+kind)  | Query GSI byEnvironment | gsi1pk = REGION#{r}#ENV#{e}, gsi1sk begins_with DEVICE#{kind}# |
 * | list devices paid by a member (+kind)   | Query GSI byPayer       | gsi2pk = REGION#{r}#PAYER#{m}, gsi2sk begins_with DEVICE#{kind}# |
 * | a region's / a record's audit trail     | Query ↓   | pk = REGION#{r}#AUDIT[#{type}#{id}], sk BETWEEN AUDIT#… (audit-keys.ts) |
 *
 * Devices live in their own partition per region so that listing members or environments never
 * pages through thousands of devices. Every item carries `entity` and `version`.
 */
export interface ItemKey {
  pk: string;
  sk: string;
}

export const regionKeys = {
  collection: 'REGIONS',
  item: (regionId: string): ItemKey => ({ pk: 'REGIONS', sk: `REGION#${regionId}` }),
  prefix: 'REGION#',
};

export const memberKeys = {
  partition: (regionId: string) => `REGION#${regionId}`,
  item: (regionId: string, memberId: string): ItemKey => ({ pk: `REGION#${regionId}`, sk: `MEMBER#${memberId}` }),
  prefix: 'MEMBER#',
};

export const environmentKeys = {
  partition: (regionId: string) => `REGION#${regionId}`,
  item: (regionId: string, environmentId: string): ItemKey => ({ pk: `REGION#${regionId}`, sk: `ENV#${environmentId}` }),
  prefix: 'ENV#',
};

export const deviceKeys = {
  partition: (regionId: string) => `REGION#${regionId}#DEVICES`,
  item: (regionId: string, deviceId: string): ItemKey => ({ pk: `REGION#${regionId}#DEVICES`, sk: `DEVICE#${deviceId}` }),
  prefix: 'DEVICE#',
  byEnvironment: (regionId: string, environmentId: string) => `REGION#${regionId}#ENV#${environmentId}`,
  byPayer: (regionId: string, memberId: string) => `REGION#${regionId}#PAYER#${memberId}`,
  /** Sort key inside both device indexes: kind first so one kind is a begins_with. */
  indexSort: (kind: string, deviceId: string) => `DEVICE#${kind}#${deviceId}`,
  indexSortPrefix: (kind?: string) => (kind ? `DEVICE#${kind}#` : 'DEVICE#'),
};
