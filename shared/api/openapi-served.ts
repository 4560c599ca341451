/**
 * What GET /api/openapi.json serves: its route and the document, serialised and gzipped. This module builds
 * them when imported (the local host and the tests). A Lambda bundle gets the same two values as
 * literals written at synth time by the same function (infra/generated-modules.ts), through the
 * `driftsbilde-lambda` condition of `#openapi-served` in package.json: its cold start builds nothing.
 */
import { servedOpenApi } from './openapi.ts';

const served = servedOpenApi();
export const OPENAPI_ROUTE = served.route;
export const OPENAPI_GZIP_BASE64: string = served.gzipBase64;
