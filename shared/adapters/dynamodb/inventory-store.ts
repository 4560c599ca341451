import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeviceFilter, InventoryStore, Unversioned } from '#shared/domain/inventory-store.ts';
import type { Page, PageRequest } from '#shared/domain/paging.ts';
import type { Device } from '#shared/schemas/device.ts';
import type { Environment } from '#shared/schemas/environment.ts';
import type { Member } from '#shared/schemas/member.ts';
import type { Region } from '#shared/schemas/region.ts';
import { deviceKeys, environmentKeys, memberKeys, regionKeys } from './keys.ts';
import { VersionedItems, type QuerySpec } from './versioned-items.ts';

/** Index attributes and search text every stored device carries (see keys.ts). */
export function deviceIndexAttributes(device: StoredDevice): Record<string, string> {
  const indexSort = deviceKeys.indexSort(device.kind, device.id);
  const regionId = device.regionId;
  return {
    gsi1pk: deviceKeys.byEnvironment(regionId, device.environmentId),
    gsi1sk: indexSort,
    ...(device.payer.type === 'member'
      ? { gsi2pk: deviceKeys.byPayer(regionId, device.payer.memberId), gsi2sk: indexSort }
      : {}),
    searchText: [device.id, device.name, device.role, device.vendor, device.model, device.serial].join(' ').toLowerCase(),
  };
}

export type StoredDevice = Device & { regionId: string };

/** {@link InventoryStore} on the single DynamoDB table. */
export class DynamoDbInventoryStore implements InventoryStore {
  private readonly regions: VersionedItems<Region>;
  private readonly members: VersionedItems<Member>;
  private readonly environments: VersionedItems<Environment>;
  private readonly devices: VersionedItems<StoredDevice>;

  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    this.regions = new VersionedItems<Region>(doc, tableName, 'region');
    this.members = new VersionedItems<Member>(doc, tableName, 'member');
    this.environments = new VersionedItems<Environment>(doc, tableName, 'environment');
    this.devices = new VersionedItems<StoredDevice>(doc, tableName, 'device', deviceIndexAttributes);
  }

  listRegions(page: PageRequest): Promise<Page<Region>> {
    return this.regions.queryPage({ ...tableQuery(regionKeys.collection, regionKeys.prefix), ...page });
  }
  getRegion(regionId: string) {
    return this.regions.get(regionKeys.item(regionId));
  }
  createRegion(region: Unversioned<Region>) {
    return this.regions.create(regionKeys.item(region.id), region);
  }
  replaceRegion(region: Unversioned<Region>, expectedVersion: number) {
    return this.regions.replace(regionKeys.item(region.id), region, expectedVersion);
  }

  listMembers(regionId: string, page: PageRequest) {
    return this.members.queryPage({ ...tableQuery(memberKeys.partition(regionId), memberKeys.prefix), ...page });
  }
  getMember(regionId: string, memberId: string) {
    return this.members.get(memberKeys.item(regionId, memberId));
  }
  createMember(regionId: string, member: Unversioned<Member>) {
    return this.members.create(memberKeys.item(regionId, member.id), member);
  }
  replaceMember(regionId: string, member: Unversioned<Member>, expectedVersion: number) {
    return this.members.replace(memberKeys.item(regionId, member.id), member, expectedVersion);
  }

  listEnvironments(regionId: string, page: PageRequest) {
    return this.environments.queryPage({ ...tableQuery(environmentKeys.partition(regionId), environmentKeys.prefix), ...page });
  }
  getEnvironment(regionId: string, environmentId: string) {
    return this.environments.get(environmentKeys.item(regionId, environmentId));
  }
  createEnvironment(regionId: string, environment: Unversioned<Environment>) {
    return this.environments.create(environmentKeys.item(regionId, environment.id), environment);
  }
  replaceEnvironment(regionId: string, environment: Unversioned<Environment>, expectedVersion: number) {
    return this.environments.replace(environmentKeys.item(regionId, environment.id), environment, expectedVersion);
  }

  async listDevices(regionId: string, filter: DeviceFilter, page: PageRequest): Promise<Page<Device>> {
    const result = await this.devices.queryPage({ ...deviceQuery(regionId, filter), ...page });
    return { ...result, items: result.items.map(withoutRegion) };
  }
  async getDevice(regionId: string, deviceId: string) {
    const found = await this.devices.get(deviceKeys.item(regionId, deviceId));
    return found && withoutRegion(found);
  }
  async createDevice(regionId: string, device: Unversioned<Device>) {
    return withoutRegion(await this.devices.create(deviceKeys.item(regionId, device.id), { ...device, regionId }));
  }
  async replaceDevice(regionId: string, device: Unversioned<Device>, expectedVersion: number) {
    return withoutRegion(await this.devices.replace(deviceKeys.item(regionId, device.id), { ...device, regionId }, expectedVersion));
  }
  deleteDevice(regionId: string, deviceId: string, expectedVersion: number) {
    return this.devices.delete(deviceKeys.item(regionId, deviceId), deviceId, expectedVersion);
  }
}

function withoutRegion({ regionId: _regionId, ...device }: StoredDevice): Device {
  return device;
}

function tableQuery(partitionValue: string, sortPrefix: string): Omit<QuerySpec, 'limit'> {
  return { partitionAttribute: 'pk', partitionValue, sortAttribute: 'sk', sortPrefix };
}

/** Picks the cheapest key for the filter: an index when environment or member is given, else the region's device partition. */
function deviceQuery(regionId: string, filter: DeviceFilter): Omit<QuerySpec, 'limit'> {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  let base: Omit<QuerySpec, 'limit'>;
  if (filter.environmentId !== undefined) {
    base = {
      indexName: 'byEnvironment',
      partitionAttribute: 'gsi1pk',
      partitionValue: deviceKeys.byEnvironment(regionId, filter.environmentId),
      sortAttribute: 'gsi1sk',
      sortPrefix: deviceKeys.indexSortPrefix(filter.kind),
    };
    if (filter.memberId !== undefined) {
      conditions.push('#payerMember = :memberId');
      names['#payerMember'] = 'gsi2pk';
      values[':memberId'] = deviceKeys.byPayer(regionId, filter.memberId);
    }
  } else if (filter.memberId !== undefined) {
    base = {
      indexName: 'byPayer',
      partitionAttribute: 'gsi2pk',
      partitionValue: deviceKeys.byPayer(regionId, filter.memberId),
      sortAttribute: 'gsi2sk',
      sortPrefix: deviceKeys.indexSortPrefix(filter.kind),
    };
  } else {
    base = tableQuery(deviceKeys.partition(regionId), deviceKeys.prefix);
    if (filter.kind !== undefined) {
      conditions.push('#kind = :kind');
      names['#kind'] = 'kind';
      values[':kind'] = filter.kind;
    }
  }
  if (filter.q !== undefined && filter.q.trim() !== '') {
    conditions.push('contains(#searchText, :q)');
    names['#searchText'] = 'searchText';
    values[':q'] = filter.q.trim().toLowerCase();
  }
  return conditions.length === 0 ? base : { ...base, filter: { expression: conditions.join(' AND '), names, values } };
}
