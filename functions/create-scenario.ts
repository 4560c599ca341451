import { route } from '#shared/api/routes.ts';
import { slugify } from '#shared/domain/ids.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('POST /api/regions/{regionId}/scenarios'), async ({ params, body }) => ({
  body: await portfolio.createScenario(params.regionId, { ...body, id: body.id ?? (slugify(body.name) || 'scenario') }),
}));
