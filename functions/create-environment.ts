import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('POST /api/regions/{regionId}/environments'), async ({ params, body }) => ({
  body: await inventory.createEnvironment(params.regionId, body),
}));
