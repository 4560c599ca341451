import { gzipSync } from 'node:zlib';
import * as z from '#shared/schemas/zod.ts';
import { ErrorBody } from './common.ts';
import { responseStatuses, STATUS_MEANINGS, type ErrorStatus } from './contract.ts';
import { route, ROUTES, type RouteContract } from './routes.ts';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return json;
}

/** Path or query parameters from an object schema: one OpenAPI parameter per property. */
function parametersOf(schema: z.ZodMiniType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/** API Gateway answers its own throttling with `{ "message": "Too Many Requests" }`, not the API's error shape. */
const throttledContent = { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } } } } };

const RETRY_AFTER = { 'retry-after': { description: 'Seconds to wait before sending the request again', schema: { type: 'integer', minimum: 1 } } };

const ERROR_EXTRAS: Record<number, JsonSchema> = { 503: { headers: RETRY_AFTER } };

/** One operation per route: its parameters, body, success and every error status the contract lists for it. */
function operationOf(contract: RouteContract): JsonSchema {
  const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
  const success = String(contract.successStatus ?? 200);
  return {
    operationId: contract.functionName.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
    summary: contract.summary,
    ...(contract.allow === 'public' ? { security: [] } : { 'x-roles': contract.allow }),
    parameters: [...parametersOf(contract.params, 'path'), ...parametersOf(contract.query, 'query')],
    ...(contract.body
      ? {
          requestBody: {
            required: true,
            content: { [contract.bodyType ?? 'application/json']: { schema: contract.bodyType === 'text/csv' ? { type: 'string' } : schemaOf(contract.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [success]: {
        description: 'Success',
        ...(contract.response ? { content: { 'application/json': { schema: schemaOf(contract.response, 'output') } } } : {}),
      },
      ...Object.fromEntries(
        responseStatuses(contract)
          .filter((status) => status >= 400)
          .map((status) => [
            String(status),
            { description: STATUS_MEANINGS[status as ErrorStatus], ...ERROR_EXTRAS[status], content: status === 429 ? throttledContent : errorContent },
          ]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document, generated from the route contract and its zod schemas. */
export function openApiDocument(routes: readonly RouteContract[] = ROUTES): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const contract of routes) {
    (paths[contract.path] ??= {})[contract.method.toLowerCase()] = operationOf(contract);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Driftsbilde API',
      version: '1.0.0',
      description: 'Inventory, health, portfolio and reinvestment planning for KR-IKT and its member municipalities.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: schemaOf(ErrorBody, 'output') },
    },
    paths,
  };
}

/**
 * What GET /api/openapi.json serves: its own route and the document, serialised and gzipped
 * (base64). Gzipped because the document is ~350 KB of JSON and ~30 KB compressed: a bundle
 * carrying it stays far below the 300 KB budget, and most clients take it as it is.
 */
export function servedOpenApi() {
  return { route: route('GET /api/openapi.json'), gzipBase64: gzipSync(JSON.stringify(openApiDocument()), { level: 9 }).toString('base64') };
}
