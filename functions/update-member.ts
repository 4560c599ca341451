import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { assertPathId } from './commons/path-id.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('PUT /api/regions/{regionId}/members/{memberId}'), async (request) => {
  const { regionId, memberId } = request.params;
  const { id, version: _version, reason, ...member } = request.body;
  assertPathId(id, memberId);
  return { body: await inventory.replaceMember(request.identity, regionId, memberId, { ...member, id: memberId }, expectedVersion(request), reason) };
});
