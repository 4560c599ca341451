import { indexPartition, indexSort, indexSortPrefix, itemKey, partitionKey, sortPrefix, type ItemKey } from './entities.ts';

/**
 * Key builders of the inventory's entities, derived from the registry (`entities.ts`), which also
 * lists the access patterns they serve. No request path uses Scan.
 */
export type { ItemKey } from './entities.ts';

export const regionKeys = {
  collection: partitionKey('region', {}),
  item: (regionId: string): ItemKey => itemKey('region', { regionId }),
  prefix: sortPrefix('region'),
};

export const memberKeys = {
  partition: (regionId: string) => partitionKey('member', { regionId }),
  item: (regionId: string, memberId: string): ItemKey => itemKey('member', { regionId, memberId }),
  prefix: sortPrefix('member'),
};

export const environmentKeys = {
  partition: (regionId: string) => partitionKey('environment', { regionId }),
  item: (regionId: string, environmentId: string): ItemKey => itemKey('environment', { regionId, environmentId }),
  prefix: sortPrefix('environment'),
};

export const deviceKeys = {
  partition: (regionId: string) => partitionKey('device', { regionId }),
  item: (regionId: string, deviceId: string): ItemKey => itemKey('device', { regionId, deviceId }),
  prefix: sortPrefix('device'),
  byEnvironment: (regionId: string, environmentId: string) => indexPartition('device', 'byEnvironment', { regionId, environmentId }),
  byPayer: (regionId: string, memberId: string) => indexPartition('device', 'byPayer', { regionId, memberId }),
  /** Sort key inside both device indexes: kind first so one kind is a begins_with. */
  indexSort: (kind: string, deviceId: string) => indexSort('device', 'byEnvironment', { kind, deviceId }),
  indexSortPrefix: (kind?: string) => indexSortPrefix('device', 'byEnvironment', { kind }),
};
