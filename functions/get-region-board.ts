import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { healthService } from './commons/health-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/board'), async ({ params }) => ({
  body: await healthService.regionBoard(params.regionId),
}));
