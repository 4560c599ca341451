import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { assertPathId } from './commons/path-id.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('PUT /api/regions/{regionId}'), async (request) => {
  const { id, version: _version, ...region } = request.body;
  assertPathId(id, request.params.regionId);
  return { body: await inventory.replaceRegion(request.params.regionId, { ...region, id: request.params.regionId }, expectedVersion(request)) };
});
