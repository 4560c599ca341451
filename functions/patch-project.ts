import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('PATCH /api/regions/{regionId}/projects/{projectId}'), async (request) => {
  const { version: _version, ...patch } = request.body;
  return { body: await portfolio.patchProject(request.identity, request.params.regionId, request.params.projectId, patch, expectedVersion(request)) };
});
