import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('DELETE /api/regions/{regionId}/projects/{projectId}'), async (request) => {
  await portfolio.deleteProject(request.identity, request.params.regionId, request.params.projectId, expectedVersion(request));
  return { statusCode: 204, body: '' };
});
