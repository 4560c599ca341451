import { OPENAPI_GZIP_BASE64, OPENAPI_ROUTE } from '#openapi-served';
import { httpHandler } from '#shared/http/handler.ts';
import { gzippedJsonResponder } from '#shared/http/responses.ts';

/** The document is built and gzipped at build time in a bundle (shared/api/openapi-served.ts); the import does nothing. */
const respond = gzippedJsonResponder(OPENAPI_GZIP_BASE64);

export const handler = httpHandler(OPENAPI_ROUTE, async ({ headers }) => respond(headers['accept-encoding']), { redact: false });
