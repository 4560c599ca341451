import { route } from '#shared/api/routes.ts';
import { expectedVersion, httpHandler } from '#shared/http/handler.ts';
import { assertPathId } from './commons/path-id.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('PUT /api/regions/{regionId}/projects/{projectId}'), async (request) => {
  const { regionId, projectId } = request.params;
  const { id, version: _version, ...project } = request.body;
  assertPathId(id, projectId);
  return { body: await portfolio.replaceProject(request.identity, regionId, projectId, project, expectedVersion(request)) };
});
