import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/projects'), async ({ params, query }) => {
  const { limit, cursor, ...filter } = query;
  return { body: await portfolio.listProjects(params.regionId, { limit, ...(cursor !== undefined ? { cursor } : {}) }, filter) };
});
