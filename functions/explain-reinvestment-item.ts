import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { planning } from './commons/planning-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/reinvestment-plan/items/{deviceId}'), async ({ params, query }) => ({
  body: await planning.explain(params.regionId, params.deviceId, query),
}));
