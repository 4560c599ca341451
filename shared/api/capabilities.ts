import { AUDIT_ROUTES } from './audit-routes.ts';
import type { RouteContract } from './contract.ts';
import { HEALTH_ROUTES } from './health-routes.ts';
import { PLANNING_ROUTES } from './planning-routes.ts';
import { PORTFOLIO_ROUTES } from './portfolio-routes.ts';
import { INVENTORY_ROUTES, ROUTES } from './routes.ts';

/**
 * Which deployed Lambda function serves a route. The code keeps one handler file per route
 * (`functions/<functionName>.ts`, what the local host runs); in AWS the routes of one capability
 * share a function whose entry is a small router generated from this table (infra/routers.ts).
 *
 * Why capabilities and not a function per route: each function costs the API stack six
 * CloudFormation resources (function, role, policy, log group, integration, permission) on top of
 * its route, so 41 routes used 298 of the 500 a stack may hold; grouped, a new route costs one
 * resource (its Route) and the stack has room for hundreds more. The cold start does not grow with
 * the group: the router imports a route's handler on its first call (the bundle's modules are
 * evaluated lazily), and the heavy libraries are loaded where used. Nested stacks were the other
 * option: they keep a function per route but multiply templates, deploy slower, and the per-route
 * functions would still each cold-start on their own.
 *
 * The grouping rule, so routes added later land somewhere sensible without a list to edit:
 * - the area (inventory, health, planning, portfolio; `other` for a contract list this file does not know)
 *   and reads (GET) apart from writes, so read-only functions keep read-only table access;
 * - public routes each alone (no token: kept small and separately throttled and alarmed);
 * - a route whose handler needs a heavy library alone, so the others do not carry it.
 */
export interface Capability {
  /** kebab-case; the function's construct id and its router file are named after it. */
  name: string;
  /** Whether any route writes (the function then gets write access to the table). */
  writes: boolean;
  routes: RouteContract[];
}

/** Handlers that need a function of their own (its own sizing, or a grant no other route should share), or another area's. */
export const STANDALONE_FUNCTIONS: Readonly<Record<string, string>> = {
  // The whole region's plan as CSV or XLSX: its own memory and timeout (FUNCTION_SIZING in infra/stacks/api-stack.ts).
  'get-reinvestment-plan': 'plan-export',
  // The member's bill adds the base scenario's portfolio plan to the reinvestment plan: the portfolio's
  // read function already carries both, so the bill adds only itself and the export writers there.
  'get-member-costs': 'portfolio-read',
  // ListSecrets has no resource-level permission (its grant is on `*`), so only this small function gets it.
  'list-secret-names': 'secret-names',
};

const AREAS: ReadonlyArray<readonly [string, readonly RouteContract[]]> = [
  // The audit trail reads the same region records the inventory functions already bundle.
  ['inventory', [...INVENTORY_ROUTES, ...AUDIT_ROUTES]],
  ['health', HEALTH_ROUTES],
  ['planning', PLANNING_ROUTES],
  ['portfolio', PORTFOLIO_ROUTES],
];

/** The capability a route belongs to. */
export function capabilityOf(route: RouteContract): string {
  const standalone = STANDALONE_FUNCTIONS[route.functionName];
  if (standalone) return standalone;
  if (route.allow === 'public') return route.functionName;
  const area = AREAS.find(([, routes]) => routes.some((candidate) => candidate.method === route.method && candidate.path === route.path))?.[0] ?? 'other';
  return `${area}-${route.method === 'GET' ? 'read' : 'write'}`;
}

/** Every capability of a contract, in the contract's order. */
export function capabilitiesOf(routes: readonly RouteContract[] = ROUTES): Capability[] {
  const byName = new Map<string, Capability>();
  for (const route of routes) {
    const name = capabilityOf(route);
    const capability = byName.get(name) ?? { name, writes: false, routes: [] };
    capability.routes.push(route);
    if (route.method !== 'GET') capability.writes = true;
    byName.set(name, capability);
  }
  return [...byName.values()];
}

/** API Gateway's route key: `GET /api/regions/{regionId}`. */
export function routeKeyOf(route: Pick<RouteContract, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
