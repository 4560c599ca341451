import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { healthService } from './commons/health-services.ts';

export const handler = httpHandler(route('DELETE /api/regions/{regionId}/environments/{environmentId}/maintenance-windows/{windowId}'), async ({ params }) => {
  await healthService.deleteMaintenanceWindow(params.regionId, params.environmentId, params.windowId);
  return { statusCode: 204, body: '' };
});
