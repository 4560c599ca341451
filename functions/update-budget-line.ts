import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { assertPathId } from './commons/path-id.ts';
import { planning } from './commons/planning-services.ts';

export const handler = httpHandler(route('PUT /api/regions/{regionId}/budget-lines/{budgetLineId}'), async (request) => {
  const { regionId, budgetLineId } = request.params;
  const { id, version: _version, ...line } = request.body;
  assertPathId(id, budgetLineId);
  return { body: await planning.replaceBudgetLine(regionId, { ...line, id: budgetLineId }, expectedVersion(request)) };
});
