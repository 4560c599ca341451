import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/scenarios/compare'), async ({ params, query }) => {
  const { a, b, ...period } = query;
  return { body: await portfolio.compare(params.regionId, period, a, b) };
});
