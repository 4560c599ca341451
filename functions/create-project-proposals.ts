import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('POST /api/regions/{regionId}/projects/proposals-from-plan'), async ({ params, query }) => ({
  body: await portfolio.proposalsFromPlan(params.regionId, query),
}));
