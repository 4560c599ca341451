import * as z from 'zod';
import { ErrorBody } from './common.ts';
import { ROUTES, type RouteContract } from './routes.ts';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return json;
}

/** Path or query parameters from an object schema: one OpenAPI parameter per property. */
function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'A field is invalid; details name each field and the problem',
  '401': 'The bearer token is missing or invalid',
  '403': 'Your role may not do this',
  '404': 'No such record',
  '409': 'Exists already, or changed since you read it (details carry the current version)',
  '413': 'The body is larger than 256 KiB',
  '415': 'The body is not of the media type the route takes',
};

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
      ...Object.fromEntries(Object.entries(ERROR_RESPONSES).map(([status, description]) => [status, { description, content: errorContent }])),
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
