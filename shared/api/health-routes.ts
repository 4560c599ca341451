import type { RouteContract } from './contract.ts';

/** Health, incidents, maintenance windows and backup ingest (issue 3). */
export const HEALTH_ROUTES = [] as const satisfies readonly RouteContract[];
