import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { healthService } from './commons/health-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/devices/{deviceId}/history'), async ({ params, query }) => ({
  body: await healthService.deviceHistory(params.regionId, params.deviceId, query),
}));
