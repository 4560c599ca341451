import { route } from '#shared/api/routes.ts';
import { etag, httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/projects/{projectId}'), async ({ params }) => {
  const project = await portfolio.getProject(params.regionId, params.projectId);
  return { body: project, headers: etag(project) };
});
