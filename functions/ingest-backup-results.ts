import { route } from '#shared/api/routes.ts';
import { presentedIngestKey } from '#shared/domain/health/health-service.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { healthService } from './commons/health-services.ts';

/** Public at the JWT level: the per-environment ingest key in the headers is the credential. */
export const handler = httpHandler(route('POST /api/ingest/{regionId}/{environmentId}/backup-results'), async ({ params, body, headers }) => ({
  body: await healthService.ingestBackupResults(params.regionId, params.environmentId, presentedIngestKey(headers), body),
}));
