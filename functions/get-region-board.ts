import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { healthService } from './commons/health-services.ts';

/**
 * The board answers with a `Server-Timing` header (reads, building, JSON), so the dashboard's
 * resource timing and the benchmark see where the server's time went.
 */
export const handler = httpHandler(route('GET /api/regions/{regionId}/board'), async ({ params }) => {
  const phases: string[] = [];
  const board = await healthService.regionBoard(params.regionId, (phase, ms) => phases.push(`${phase};dur=${ms.toFixed(1)}`));
  const started = performance.now();
  const response = jsonResponse(200, board);
  phases.push(`json;dur=${(performance.now() - started).toFixed(1)}`);
  return { ...response, headers: { ...response.headers, 'server-timing': phases.join(', ') } };
});
