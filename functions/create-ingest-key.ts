import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { healthService } from './commons/health-services.ts';

export const handler = httpHandler(route('POST /api/regions/{regionId}/environments/{environmentId}/ingest-key'), async ({ identity, params }) => ({
  body: await healthService.createIngestKey(identity, params.regionId, params.environmentId),
}));
