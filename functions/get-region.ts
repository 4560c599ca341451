import { route } from '#shared/api/routes.ts';
import { etag, httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}'), async ({ params }) => {
  const region = await inventory.getRegion(params.regionId);
  return { body: region, headers: etag(region) };
});
