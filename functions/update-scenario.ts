import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { assertPathId } from './commons/path-id.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('PUT /api/regions/{regionId}/scenarios/{scenarioId}'), async (request) => {
  const { regionId, scenarioId } = request.params;
  const { id, version: _version, ...scenario } = request.body;
  assertPathId(id, scenarioId);
  return { body: await portfolio.replaceScenario(regionId, { ...scenario, id: scenarioId }, expectedVersion(request)) };
});
