import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('DELETE /api/regions/{regionId}/scenarios/{scenarioId}'), async (request) => {
  await portfolio.deleteScenario(request.params.regionId, request.params.scenarioId, expectedVersion(request));
  return { statusCode: 204, body: '' };
});
