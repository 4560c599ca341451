import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/portfolio/plan'), async ({ params, query }) => {
  const { scenario, ...period } = query;
  return { body: await portfolio.plan(params.regionId, period, scenario) };
});
