import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { deviceImport } from './commons/device-import-services.ts';

/**
 * CSV up to the API's 256 KiB body limit; a 413 beyond it names the CLI (`npm run import`, the
 * contract's `tooLargeHint`), which runs the same use case against the store with no size limit.
 * A dry run answers 200, a write 201.
 */
export const handler = httpHandler(route('POST /api/regions/{regionId}/devices/import'), async ({ params, query, body }) => {
  const result = await deviceImport.importCsv(params.regionId, body, {
    dryRun: query.dryRun,
    skipUnknownKinds: query.skipUnknownKinds,
    ...(query.mapKind ? { kindMap: query.mapKind } : {}),
  });
  return result.dryRun ? jsonResponse(200, result) : { body: result };
});
