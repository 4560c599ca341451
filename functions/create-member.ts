import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('POST /api/regions/{regionId}/members'), async ({ params, body }) => ({
  body: await inventory.createMember(params.regionId, body),
}));
