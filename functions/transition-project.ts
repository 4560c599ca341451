import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { optionalVersion, portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('POST /api/regions/{regionId}/projects/{projectId}/transitions'), async (request) => ({
  body: await portfolio.transition(request.identity, request.params.regionId, request.params.projectId, request.body, optionalVersion(request)),
}));
