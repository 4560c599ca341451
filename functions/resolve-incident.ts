import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { healthService } from './commons/health-services.ts';

export const handler = httpHandler(route('POST /api/regions/{regionId}/environments/{environmentId}/incidents/{incidentId}/resolve'), async ({ identity, params, body }) => ({
  body: await healthService.resolveIncident(identity, params.regionId, params.environmentId, params.incidentId, body.note),
}));
