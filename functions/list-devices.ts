import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/devices'), async ({ params, query }) => {
  const { limit, cursor, ...filter } = query;
  return { body: await inventory.listDevices(params.regionId, filter, { limit, cursor }) };
});
