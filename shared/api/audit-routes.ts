import { EVERYONE } from '#shared/domain/identity.ts';
import { AuditEntry, AuditQuery } from '#shared/schemas/audit.ts';
import { pageOf, RegionPath } from './common.ts';
import type { RouteContract } from './contract.ts';

/**
 * The audit trail (issue 7): read-only through the API. There is deliberately no write route:
 * entries are appended only beside the records they describe, in the same transaction.
 */
export const AUDIT_ROUTES = [
  {
    method: 'GET',
    path: '/api/regions/{regionId}/audit',
    functionName: 'list-audit-entries',
    summary:
      'The audit trail of a region, newest first: who changed which record, when, through which route, what changed and why. Operators and admins see every entry; members and budget owners see every change that can move cost shares (members, environments’ serves and keys, devices’ payer and cost fields, region settings, ingest keys, imports)',
    allow: EVERYONE,
    params: RegionPath,
    query: AuditQuery,
    response: pageOf(AuditEntry),
  },
] as const satisfies readonly RouteContract[];
