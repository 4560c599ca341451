import type { Device } from '#shared/schemas/device.ts';
import type { Environment } from '#shared/schemas/environment.ts';
import type { Member } from '#shared/schemas/member.ts';
import type { Region } from '#shared/schemas/region.ts';
import type { Page, PageRequest } from './paging.ts';

/** What a stored entity looks like before it has a version. */
export type Unversioned<T> = Omit<T, 'version'>;

export interface DeviceFilter {
  environmentId?: string;
  kind?: string;
  /** Devices paid by this member directly (payer.type = member). */
  memberId?: string;
  /** Case-insensitive text in name, model, vendor, serial or role. */
  q?: string;
}

/**
 * The port through which the domain reads and writes inventory. Writes are optimistic: each
 * replace or delete names the version it read and fails with a version conflict otherwise.
 */
export interface InventoryStore {
  listRegions(page: PageRequest): Promise<Page<Region>>;
  getRegion(regionId: string): Promise<Region | undefined>;
  createRegion(region: Unversioned<Region>): Promise<Region>;
  replaceRegion(region: Unversioned<Region>, expectedVersion: number): Promise<Region>;

  listMembers(regionId: string, page: PageRequest): Promise<Page<Member>>;
  getMember(regionId: string, memberId: string): Promise<Member | undefined>;
  createMember(regionId: string, member: Unversioned<Member>): Promise<Member>;
  replaceMember(regionId: string, member: Unversioned<Member>, expectedVersion: number): Promise<Member>;

  listEnvironments(regionId: string, page: PageRequest): Promise<Page<Environment>>;
  getEnvironment(regionId: string, environmentId: string): Promise<Environment | undefined>;
  createEnvironment(regionId: string, environment: Unversioned<Environment>): Promise<Environment>;
  replaceEnvironment(regionId: string, environment: Unversioned<Environment>, expectedVersion: number): Promise<Environment>;

  listDevices(regionId: string, filter: DeviceFilter, page: PageRequest): Promise<Page<Device>>;
  getDevice(regionId: string, deviceId: string): Promise<Device | undefined>;
  createDevice(regionId: string, device: Unversioned<Device>): Promise<Device>;
  replaceDevice(regionId: string, device: Unversioned<Device>, expectedVersion: number): Promise<Device>;
  deleteDevice(regionId: string, deviceId: string, expectedVersion: number): Promise<void>;
}
