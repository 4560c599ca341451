import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { assertPathId } from './commons/path-id.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('PUT /api/regions/{regionId}/devices/{deviceId}'), async (request) => {
  const { regionId, deviceId } = request.params;
  const { id, version: _version, ...device } = request.body;
  assertPathId(id, deviceId);
  return { body: await inventory.replaceDevice(request.identity, regionId, deviceId, device, expectedVersion(request)) };
});
