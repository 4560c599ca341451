import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { optionalVersion, portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('PUT /api/regions/{regionId}/rankings/{memberId}'), async (request) => ({
  body: await portfolio.putRanking(request.identity, request.params.regionId, request.params.memberId, request.body.projectIds, optionalVersion(request)),
}));
