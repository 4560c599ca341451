import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('DELETE /api/regions/{regionId}/devices/{deviceId}'), async (request) => {
  await inventory.deleteDevice(request.identity, request.params.regionId, request.params.deviceId, expectedVersion(request));
  return { statusCode: 204, body: '' };
});
