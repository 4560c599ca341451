import { route } from '#shared/api/routes.ts';
import { mayActInRegion } from '#shared/domain/authorisation.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

/** Lists only the regions the token may act in (a page may hold fewer than `limit` for such a token). */
export const handler = httpHandler(route('GET /api/regions'), async ({ query, identity }) => {
  const page = await inventory.listRegions(query);
  return { body: { ...page, items: page.items.filter((region) => mayActInRegion(identity, region.id)) } };
});
