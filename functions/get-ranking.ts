import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/rankings/{memberId}'), async ({ params }) => {
  const ranking = await portfolio.getRanking(params.regionId, params.memberId);
  return { body: ranking, ...(ranking.version !== undefined ? { headers: { etag: `"${ranking.version}"` } } : {}) };
});
