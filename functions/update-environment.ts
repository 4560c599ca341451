import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { assertPathId } from './commons/path-id.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('PUT /api/regions/{regionId}/environments/{environmentId}'), async (request) => {
  const { regionId, environmentId } = request.params;
  const { id, version: _version, ...environment } = request.body;
  assertPathId(id, environmentId);
  return {
    body: await inventory.replaceEnvironment(regionId, environmentId, { ...environment, id: environmentId }, expectedVersion(request)),
  };
});
