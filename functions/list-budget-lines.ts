import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { planning } from './commons/planning-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/budget-lines'), async ({ params, query }) => ({
  body: await planning.listBudgetLines(params.regionId, query),
}));
