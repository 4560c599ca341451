import { apiGet } from './api.ts';
import type { Session } from './session.ts';
import type { DeviceKind, Environment, Member, Page, Region } from './types.ts';

/**
 * Reference data every view needs (the region, its members and environments), read once per
 * sign-in and kept, so a table can show "Lillesand kommune" instead of `lillesand`.
 */
export interface Reference {
  region: Region;
  members: Member[];
  environments: Environment[];
  memberName(memberId: string | null | undefined): string;
  environmentName(environmentId: string): string;
}

/** Every device kind, in the order filters list them. The check below keeps it complete. */
export const DEVICE_KINDS = ['firewall', 'router', 'switch', 'server', 'storage', 'backup', 'platform'] as const satisfies readonly DeviceKind[];
type MissingKinds = Exclude<DeviceKind, (typeof DEVICE_KINDS)[number]>;
const _everyKindListed: MissingKinds extends never ? true : never = true;
void _everyKindListed;

let cached: Promise<Reference> | undefined;

/** KR-IKT's dashboard shows one region: the first the API lists. */
export function loadReference(): Promise<Reference> {
  cached ??= fetchReference().catch((error: unknown) => {
    cached = undefined; // a failed load is tried again next time, not remembered
    throw error;
  });
  return cached;
}

let cachedRegion: Promise<Region> | undefined;

/**
 * Just the region, for a view that needs no member or environment names from the reference (the
 * board brings its own): the cached reference's region, or one short request.
 */
export function loadRegion(): Promise<Region> {
  if (cached) return cached.then((reference) => reference.region);
  cachedRegion ??= firstRegion().catch((error: unknown) => {
    cachedRegion = undefined;
    throw error;
  });
  return cachedRegion;
}

/**
 * The region a view shows: the one region the token is bound to, read from the token without a
 * request; for a token of every region (an admin), the first region the API lists.
 */
export async function regionIdFor(session: Session): Promise<string> {
  const bound = session.regionIds;
  return bound?.length === 1 ? (bound[0] as string) : (await loadRegion()).id;
}

/** Forget the reference data (on sign-out, or after a change to members or environments). */
export function forgetReference(): void {
  cached = undefined;
  cachedRegion = undefined;
}

async function firstRegion(): Promise<Region> {
  const region = (await apiGet<Page<Region>>('/api/regions?limit=1')).items[0];
  if (!region) throw new NoRegionError();
  return region;
}

async function fetchReference(): Promise<Reference> {
  const region = await firstRegion();
  const base = `/api/regions/${encodeURIComponent(region.id)}`;
  const [members, environments] = await Promise.all([readAll<Member>(`${base}/members`), readAll<Environment>(`${base}/environments`)]);
  const memberNames = new Map(members.map((member) => [member.id, member.name]));
  const environmentNames = new Map(environments.map((environment) => [environment.id, environment.name]));
  return {
    region,
    members,
    environments,
    memberName: (memberId) => (memberId ? (memberNames.get(memberId) ?? memberId) : ''),
    environmentName: (environmentId) => environmentNames.get(environmentId) ?? environmentId,
  };
}

/** Reads every page of a list (members and environments are short; this is a safety net). */
async function readAll<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await apiGet<Page<T>>(`${path}?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export class NoRegionError extends Error {
  constructor() {
    super('no region exists yet');
    this.name = 'NoRegionError';
  }
}

/** The base path of the region's API: `/api/regions/kr-ikt`. */
export function regionPath(reference: Reference): string {
  return `/api/regions/${encodeURIComponent(reference.region.id)}`;
}
