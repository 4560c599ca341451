import { openApiDocument } from '#shared/api/openapi.ts';
import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';

/** Built once per container: the document only changes with a deployment. */
const document = openApiDocument();

export const handler = httpHandler(route('GET /api/openapi.json'), async () => ({ body: document }));
