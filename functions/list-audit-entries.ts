import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { auditLog } from './commons/audit-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/audit'), async ({ identity, params, query }) => ({
  body: await auditLog.list(identity, params.regionId, query),
}));
