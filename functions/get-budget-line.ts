import { route } from '#shared/api/routes.ts';
import { etag, httpHandler } from '#shared/http/handler.ts';
import { planning } from './commons/planning-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/budget-lines/{budgetLineId}'), async ({ params }) => {
  const line = await planning.getBudgetLine(params.regionId, params.budgetLineId);
  return { body: line, headers: etag(line) };
});
