import type { Device, DeviceFields } from '#shared/schemas/device.ts';
import { DeviceFields as DeviceFieldsSchema } from '#shared/schemas/device.ts';
import type { Environment } from '#shared/schemas/environment.ts';
import type { Member } from '#shared/schemas/member.ts';
import type { Region } from '#shared/schemas/region.ts';
import { parseOrThrow } from '#shared/schemas/validate.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { assertChecksBelongToEnvironment, assertMemberChangeAllowed, assertMemberDeviceWrite, mayConfigureMonitoring } from './authorisation.ts';
import { type Identity } from './identity.ts';
import type { DeviceFilter, InventoryStore, Unversioned } from './inventory-store.ts';
import type { Page, PageRequest } from './paging.ts';

/**
 * Inventory use cases: regions, members, environments and devices. Each checks what the store
 * cannot (that references exist, who may edit what) and then makes one conditional write.
 */
export class Inventory {
  constructor(
    private readonly store: InventoryStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // --- regions -------------------------------------------------------------------------------
  listRegions(page: PageRequest): Promise<Page<Region>> {
    return this.store.listRegions(page);
  }

  getRegion(regionId: string): Promise<Region> {
    return requireRegion(this.store, regionId);
  }

  createRegion(region: Unversioned<Region>): Promise<Region> {
    return this.store.createRegion(region);
  }

  async replaceRegion(regionId: string, region: Unversioned<Region>, expectedVersion: number): Promise<Region> {
    await this.getRegion(regionId);
    return this.store.replaceRegion({ ...region, id: regionId }, expectedVersion);
  }

  // --- members -------------------------------------------------------------------------------
  async listMembers(regionId: string, page: PageRequest): Promise<Page<Member>> {
    await this.getRegion(regionId);
    return this.store.listMembers(regionId, page);
  }

  async getMember(regionId: string, memberId: string): Promise<Member> {
    const member = await this.store.getMember(regionId, memberId);
    if (!member) throw new NotFoundError('member', memberId);
    return member;
  }

  /** `reason`: why the membership facts are set (required: a new member changes every share). */
  async createMember(identity: Identity, regionId: string, member: Unversioned<Member>, reason?: string): Promise<Member> {
    assertMemberChangeAllowed(identity, undefined, member, reason);
    await this.getRegion(regionId);
    await this.assertMemberExists(regionId, member.mergedInto, 'body.mergedInto');
    return this.store.createMember(regionId, member);
  }

  /** Membership facts change only by admins and with a `reason`; a member edits only descriptive fields of its own record. */
  async replaceMember(identity: Identity, regionId: string, memberId: string, member: Unversioned<Member>, expectedVersion: number, reason?: string): Promise<Member> {
    const { version: _version, ...current } = await this.getMember(regionId, memberId);
    const next = { ...member, id: memberId };
    assertMemberChangeAllowed(identity, current, next, reason);
    await this.assertMemberExists(regionId, member.mergedInto, 'body.mergedInto');
    return this.store.replaceMember(regionId, next, expectedVersion);
  }

  // --- environments --------------------------------------------------------------------------
  async listEnvironments(regionId: string, page: PageRequest): Promise<Page<Environment>> {
    await this.getRegion(regionId);
    return this.store.listEnvironments(regionId, page);
  }

  async getEnvironment(regionId: string, environmentId: string): Promise<Environment> {
    const environment = await this.store.getEnvironment(regionId, environmentId);
    if (!environment) throw new NotFoundError('environment', environmentId);
    return environment;
  }

  async createEnvironment(regionId: string, environment: Unversioned<Environment>): Promise<Environment> {
    await this.getRegion(regionId);
    await this.assertServedMembersExist(regionId, environment);
    return this.store.createEnvironment(regionId, environment);
  }

  async replaceEnvironment(regionId: string, environmentId: string, environment: Unversioned<Environment>, expectedVersion: number): Promise<Environment> {
    await this.getEnvironment(regionId, environmentId);
    await this.assertServedMembersExist(regionId, environment);
    return this.store.replaceEnvironment(regionId, { ...environment, id: environmentId }, expectedVersion);
  }

  // --- devices -------------------------------------------------------------------------------
  async listDevices(regionId: string, filter: DeviceFilter, page: PageRequest): Promise<Page<Device>> {
    await this.getRegion(regionId);
    return this.store.listDevices(regionId, filter, page);
  }

  async getDevice(regionId: string, deviceId: string): Promise<Device> {
    const device = await this.store.getDevice(regionId, deviceId);
    if (!device) throw new NotFoundError('device', deviceId);
    return device;
  }

  async createDevice(identity: Identity, regionId: string, device: DeviceFields): Promise<Device> {
    await this.getRegion(regionId);
    await this.assertDeviceWrite(identity, regionId, undefined, device, device.monitoring !== undefined);
    return this.store.createDevice(regionId, device);
  }

  /**
   * Replaces a device. Monitoring is the operators': a member's body carries none (members never
   * see it), so the stored monitoring is kept; an operator's body without it removes it.
   */
  async replaceDevice(identity: Identity, regionId: string, deviceId: string, device: Omit<DeviceFields, 'id'>, expectedVersion: number): Promise<Device> {
    const current = await this.getDevice(regionId, deviceId);
    return this.writeDevice(identity, regionId, current, { ...device, id: deviceId }, device.monitoring !== undefined, expectedVersion);
  }

  /** Applies the given fields onto the stored device and validates the result as a whole device. */
  async patchDevice(identity: Identity, regionId: string, deviceId: string, patch: Partial<Omit<DeviceFields, 'id'>>, expectedVersion: number): Promise<Device> {
    const stored = await this.getDevice(regionId, deviceId);
    const { version: _version, ...current } = stored;
    const merged = parseOrThrow(DeviceFieldsSchema, { ...current, ...patch, id: deviceId }, 'body');
    return this.writeDevice(identity, regionId, stored, merged, patch.monitoring !== undefined, expectedVersion);
  }

  async deleteDevice(identity: Identity, regionId: string, deviceId: string, expectedVersion: number): Promise<void> {
    const current = await this.getDevice(regionId, deviceId);
    const environment = await this.store.getEnvironment(regionId, current.environmentId);
    assertMemberDeviceWrite(identity, { before: current, bodyHasMonitoring: false, environments: environment ? [environment] : [], day: this.today() });
    await this.store.deleteDevice(regionId, deviceId, expectedVersion);
  }

  private async writeDevice(identity: Identity, regionId: string, current: Device, next: DeviceFields, bodyHasMonitoring: boolean, expectedVersion: number): Promise<Device> {
    const { monitoring: stored } = current;
    const kept: DeviceFields = mayConfigureMonitoring(identity) ? next : { ...next, ...(stored !== undefined ? { monitoring: stored } : {}) };
    if (!mayConfigureMonitoring(identity) && stored === undefined) delete kept.monitoring;
    await this.assertDeviceWrite(identity, regionId, current, kept, bodyHasMonitoring);
    return this.store.replaceDevice(regionId, kept, expectedVersion);
  }

  /**
   * The domain's rules for a device write (`shared/domain/authorisation.ts`): references exist, a
   * member writes only its own devices where it is served and no monitoring, and every check stays
   * inside its environment (only checks the writer sent are judged: a member's write keeps the
   * stored ones, which the collector judges again before each run).
   */
  private async assertDeviceWrite(identity: Identity, regionId: string, before: Device | undefined, after: DeviceFields, bodyHasMonitoring: boolean): Promise<void> {
    const environment = await this.assertDeviceReferencesExist(regionId, after);
    const environments = [environment];
    if (before && before.environmentId !== after.environmentId) {
      const previous = await this.store.getEnvironment(regionId, before.environmentId);
      if (previous) environments.push(previous);
    }
    assertMemberDeviceWrite(identity, { ...(before ? { before } : {}), after, bodyHasMonitoring, environments, day: this.today() });
    if (bodyHasMonitoring || (before !== undefined && before.environmentId !== after.environmentId)) {
      assertChecksBelongToEnvironment(after.monitoring?.checks ?? [], environment);
    }
  }

  /** The day of a write, in Norway. */
  private today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(this.now());
  }

  // --- reference checks ----------------------------------------------------------------------
  private async assertDeviceReferencesExist(regionId: string, device: Pick<DeviceFields, 'environmentId' | 'payer'>): Promise<Environment> {
    const [environment] = await Promise.all([
      this.store.getEnvironment(regionId, device.environmentId),
      this.assertMemberExists(regionId, payingMember(device), 'body.payer.memberId'),
    ]);
    if (!environment) {
      throw new ValidationError(`environment '${device.environmentId}' does not exist in region '${regionId}'`, [
        { field: 'body.environmentId', problem: `no environment '${device.environmentId}' in this region` },
      ]);
    }
    return environment;
  }

  private async assertServedMembersExist(regionId: string, environment: Unversioned<Environment>): Promise<void> {
    const memberIds = [...new Set(environment.serves.map((period) => period.memberId))];
    await Promise.all(memberIds.map((memberId) => this.assertMemberExists(regionId, memberId, `body.serves[memberId=${memberId}]`)));
  }

  private async assertMemberExists(regionId: string, memberId: string | undefined, field: string): Promise<void> {
    if (memberId === undefined) return;
    if (!(await this.store.getMember(regionId, memberId))) {
      throw new ValidationError(`member '${memberId}' does not exist in region '${regionId}'`, [
        { field, problem: `no member '${memberId}' in this region` },
      ]);
    }
  }
}

/** The region, or the one 404 every use case answers for a region that does not exist. */
export async function requireRegion(store: Pick<InventoryStore, 'getRegion'>, regionId: string): Promise<Region> {
  const region = await store.getRegion(regionId);
  if (!region) throw new NotFoundError('region', regionId);
  return region;
}

/** The member that pays for a device alone, or undefined for a shared device. */
export function payingMember(device: Pick<DeviceFields, 'payer'>): string | undefined {
  return device.payer.type === 'member' ? device.payer.memberId : undefined;
}
