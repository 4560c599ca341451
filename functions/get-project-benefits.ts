import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/projects/{projectId}/benefits'), async ({ params }) => ({
  body: await portfolio.benefits(params.regionId, params.projectId),
}));
