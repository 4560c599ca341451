import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/portfolio/priorities'), async ({ params, query }) => ({
  body: await portfolio.priorities(params.regionId, query.from),
}));
