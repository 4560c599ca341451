import { route } from '#shared/api/routes.ts';
import { etag, httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/devices/{deviceId}'), async ({ params }) => {
  const device = await inventory.getDevice(params.regionId, params.deviceId);
  return { body: device, headers: etag(device) };
});
