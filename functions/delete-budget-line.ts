import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { planning } from './commons/planning-services.ts';

export const handler = httpHandler(route('DELETE /api/regions/{regionId}/budget-lines/{budgetLineId}'), async (request) => {
  await planning.deleteBudgetLine(request.params.regionId, request.params.budgetLineId, expectedVersion(request));
  return { statusCode: 204, body: '' };
});
