import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('PATCH /api/regions/{regionId}/devices/{deviceId}'), async (request) => {
  const { regionId, deviceId } = request.params;
  const { version: _version, ...patch } = request.body;
  return { body: await inventory.patchDevice(request.identity, regionId, deviceId, patch, expectedVersion(request)) };
});
