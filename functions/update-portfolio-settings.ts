import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { optionalVersion, portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('PUT /api/regions/{regionId}/portfolio-settings'), async (request) => ({
  body: await portfolio.putSettings(request.params.regionId, request.body, optionalVersion(request)),
}));
