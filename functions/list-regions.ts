import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('GET /api/regions'), async ({ query }) => ({ body: await inventory.listRegions(query) }));
