import * as z from '#shared/schemas/zod.ts';
import { ADMINS, EVERYONE, INVENTORY_EDITORS, OPERATORS, PLANNERS } from '#shared/domain/identity.ts';
import { DeviceKind, Slug } from '#shared/schemas/common.ts';
import { Device, DeviceCreate, DevicePatch, DeviceReplace } from '#shared/schemas/device.ts';
import { Environment, EnvironmentInput } from '#shared/schemas/environment.ts';
import { Member, MemberCreate, MemberReplace } from '#shared/schemas/member.ts';
import { Region, RegionInput } from '#shared/schemas/region.ts';
import { AUDIT_ROUTES } from './audit-routes.ts';
import { PageQuery, ReadBack, RegionPath, pageOf } from './common.ts';
import type { RouteContract } from './contract.ts';
import { HEALTH_ROUTES } from './health-routes.ts';
import { PLANNING_ROUTES } from './planning-routes.ts';
import { PORTFOLIO_ROUTES } from './portfolio-routes.ts';

/**
 * The API contract, one entry per route. The same table drives the Lambda handlers' validation,
 * the local HTTP host's routing, the CDK HTTP API routes and the OpenAPI document, so none of
 * them can disagree about a path, a role or a body.
 */
const MemberPath = z.extend(RegionPath, { memberId: Slug });
const EnvironmentPath = z.extend(RegionPath, { environmentId: Slug });
const DevicePath = z.extend(RegionPath, { deviceId: Slug });

const DeviceListQuery = z.extend(PageQuery, {
  environmentId: z.optional(Slug),
  kind: z.optional(DeviceKind),
  memberId: z.optional(Slug),
  q: z.optional(z.string().check(z.trim(), z.maxLength(100))),
});

/**
 * An environment's secrets by name, as a check's `secretRef` names them. The field is called
 * `secretRef` so the response redaction strips it from anyone who is not an operator as well.
 */
const SecretNames = z.object({ items: z.array(z.object({ secretRef: z.string() })) });

/** DELETE carries its version in If-Match or `?version=`. */
const DeleteQuery = z.strictObject({ version: z.optional(z.coerce.number().check(z.int(), z.positive())) });

export const INVENTORY_ROUTES = [
  { method: 'GET', path: '/api/openapi.json', functionName: 'get-openapi', summary: 'This API described as OpenAPI 3.1', allow: 'public', usesStore: false },

  { method: 'GET', path: '/api/regions', functionName: 'list-regions', summary: 'List regions', allow: EVERYONE, query: PageQuery, response: pageOf(Region) },
  { method: 'POST', path: '/api/regions', functionName: 'create-region', statuses: [409], summary: 'Create a region', allow: ADMINS, body: RegionInput, successStatus: 201, response: Region },
  { method: 'GET', path: '/api/regions/{regionId}', functionName: 'get-region', summary: 'Get a region', allow: EVERYONE, params: RegionPath, response: Region },
  { method: 'PUT', path: '/api/regions/{regionId}', functionName: 'update-region', statuses: [409], summary: 'Replace a region’s settings (lifetimes, price index, default key)', allow: PLANNERS, params: RegionPath, body: z.extend(RegionInput, ReadBack), response: Region },

  { method: 'GET', path: '/api/regions/{regionId}/members', functionName: 'list-members', summary: 'List member municipalities', allow: EVERYONE, params: RegionPath, query: PageQuery, response: pageOf(Member) },
  { method: 'POST', path: '/api/regions/{regionId}/members', functionName: 'create-member', statuses: [409], summary: 'Add a member municipality', allow: ADMINS, params: RegionPath, body: MemberCreate, successStatus: 201, response: Member },
  { method: 'GET', path: '/api/regions/{regionId}/members/{memberId}', functionName: 'get-member', summary: 'Get a member', allow: EVERYONE, params: MemberPath, response: Member },
  { method: 'PUT', path: '/api/regions/{regionId}/members/{memberId}', functionName: 'update-member', statuses: [409], summary: 'Replace a member (a member may edit its own record)', allow: ['admin', 'member'], params: MemberPath, body: MemberReplace, response: Member },

  { method: 'GET', path: '/api/regions/{regionId}/environments', functionName: 'list-environments', summary: 'List operating environments', allow: EVERYONE, params: RegionPath, query: PageQuery, response: pageOf(Environment) },
  { method: 'POST', path: '/api/regions/{regionId}/environments', functionName: 'create-environment', statuses: [409], summary: 'Add an operating environment', allow: OPERATORS, params: RegionPath, body: EnvironmentInput, successStatus: 201, response: Environment },
  { method: 'GET', path: '/api/regions/{regionId}/environments/{environmentId}', functionName: 'get-environment', summary: 'Get an operating environment', allow: EVERYONE, params: EnvironmentPath, response: Environment },
  {
    method: 'GET',
    path: '/api/regions/{regionId}/environments/{environmentId}/secret-names',
    functionName: 'list-secret-names',
    summary: 'The names of the environment’s secrets (never their values), for an operator choosing one for a check',
    allow: OPERATORS,
    params: EnvironmentPath,
    response: SecretNames,
  },
  { method: 'PUT', path: '/api/regions/{regionId}/environments/{environmentId}', functionName: 'update-environment', statuses: [409], summary: 'Replace an operating environment', allow: OPERATORS, params: EnvironmentPath, body: z.extend(EnvironmentInput, ReadBack), response: Environment },

  { method: 'GET', path: '/api/regions/{regionId}/devices', functionName: 'list-devices', summary: 'List devices, filtered by environment, kind, paying member or text', allow: EVERYONE, params: RegionPath, query: DeviceListQuery, response: pageOf(Device) },
  { method: 'POST', path: '/api/regions/{regionId}/devices', functionName: 'create-device', statuses: [409], summary: 'Register a device', allow: INVENTORY_EDITORS, params: RegionPath, body: DeviceCreate, successStatus: 201, response: Device },
  { method: 'GET', path: '/api/regions/{regionId}/devices/{deviceId}', functionName: 'get-device', summary: 'Get a device', allow: EVERYONE, params: DevicePath, response: Device },
  { method: 'PUT', path: '/api/regions/{regionId}/devices/{deviceId}', functionName: 'replace-device', statuses: [409], summary: 'Replace a device', allow: INVENTORY_EDITORS, params: DevicePath, body: z.extend(DeviceReplace, { id: z.optional(Slug) }), response: Device },
  { method: 'PATCH', path: '/api/regions/{regionId}/devices/{deviceId}', functionName: 'patch-device', statuses: [409], summary: 'Change some fields of a device', allow: INVENTORY_EDITORS, params: DevicePath, body: DevicePatch, response: Device },
  { method: 'DELETE', path: '/api/regions/{regionId}/devices/{deviceId}', functionName: 'delete-device', statuses: [409], summary: 'Remove a device', allow: INVENTORY_EDITORS, params: DevicePath, query: DeleteQuery, successStatus: 204 },
] as const satisfies readonly RouteContract[];

/** Every route of the API: inventory here, health, planning and the portfolio in their own contract files. */
export const ROUTES = [...INVENTORY_ROUTES, ...HEALTH_ROUTES, ...PLANNING_ROUTES, ...AUDIT_ROUTES, ...PORTFOLIO_ROUTES] as const;

export type RouteKey = `${(typeof ROUTES)[number]['method']} ${(typeof ROUTES)[number]['path']}`;

/** The contract of one route, by its API Gateway route key (`GET /api/regions`). */
export function route<K extends RouteKey>(routeKey: K): Extract<(typeof ROUTES)[number], { method: K extends `${infer M} ${string}` ? M : never; path: K extends `${string} ${infer P}` ? P : never }> {
  const found = ROUTES.find((candidate) => `${candidate.method} ${candidate.path}` === routeKey);
  if (!found) throw new Error(`no route ${routeKey} in the contract`);
  return found as never;
}

export type { RouteContract } from './contract.ts';
