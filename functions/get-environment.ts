import { route } from '#shared/api/routes.ts';
import { etag, httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/environments/{environmentId}'), async ({ params }) => {
  const environment = await inventory.getEnvironment(params.regionId, params.environmentId);
  return { body: environment, headers: etag(environment) };
});
