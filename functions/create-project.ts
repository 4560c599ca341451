import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('POST /api/regions/{regionId}/projects'), async ({ params, body, identity }) => ({
  body: await portfolio.createProject(identity, params.regionId, body),
}));
