import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('POST /api/regions/{regionId}/members'), async ({ identity, params, body }) => {
  const { reason, ...member } = body;
  return { body: await inventory.createMember(identity, params.regionId, member, reason) };
});
