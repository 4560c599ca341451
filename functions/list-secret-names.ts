import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';
import { secretNames } from './commons/secret-name-services.ts';

/** An environment's secret names for an operator's check form; 404 for an environment that does not exist. */
export const handler = httpHandler(route('GET /api/regions/{regionId}/environments/{environmentId}/secret-names'), async ({ params }) => {
  await inventory.getEnvironment(params.regionId, params.environmentId);
  const names = await secretNames.namesOf(params.environmentId);
  return { body: { items: names.map((secretRef) => ({ secretRef })) } };
});
