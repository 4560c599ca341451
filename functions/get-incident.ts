import { route } from '#shared/api/routes.ts';
import { etag, httpHandler } from '#shared/http/handler.ts';
import { healthService } from './commons/health-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/environments/{environmentId}/incidents/{incidentId}'), async ({ params }) => {
  const incident = await healthService.getIncident(params.regionId, params.environmentId, params.incidentId);
  return { body: incident, headers: etag(incident) };
});
