import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/projects/{projectId}/history'), async ({ params, identity }) => ({
  body: { items: await portfolio.history(identity, params.regionId, params.projectId) },
}));
