import { route } from '#shared/api/routes.ts';
import { etag, httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/members/{memberId}'), async ({ params }) => {
  const member = await inventory.getMember(params.regionId, params.memberId);
  return { body: member, headers: etag(member) };
});
