import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/members'), async ({ params, query }) => ({
  body: await inventory.listMembers(params.regionId, query),
}));
