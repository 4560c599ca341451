import { route } from '#shared/api/routes.ts';
import { etag, httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/scenarios/{scenarioId}'), async ({ params }) => {
  const scenario = await portfolio.getScenario(params.regionId, params.scenarioId);
  return { body: scenario, headers: etag(scenario) };
});
