import type { RouteContract } from './contract.ts';

/** Reinvestment plan, budget lines and inventory import (issue 4). */
export const PLANNING_ROUTES = [] as const satisfies readonly RouteContract[];
