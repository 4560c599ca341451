import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppConfig } from '#shared/config.ts';
import { StoreUnavailableError, ValidationError } from '#shared/domain/errors.ts';

/** The store's name in 503 answers and in the one error log line an outage writes. */
export const STORE_NAME = 'DynamoDB';

/**
 * One document client per process. Locally it points at DynamoDB Local, which accepts any
 * credentials; in AWS it uses the function's role. Failures of the connection itself become a
 * {@link StoreUnavailableError} here, at the edge, so every caller answers 503 the same way.
 */
export function createDocumentClient(config: Pick<AppConfig, 'DYNAMODB_ENDPOINT' | 'AWS_REGION'>): DynamoDBDocumentClient {
  return documentClientFrom({ DynamoDBClient, DynamoDBDocumentClient }, config);
}

/**
 * The document client built from a given pair of classes: the SDK's, or (test/integration/lean-aws.test.ts)
 * the small stand-ins the Lambda bundles carry under the SDK's names (shared/adapters/aws/lean/).
 */
export function documentClientFrom(
  sdk: { DynamoDBClient: typeof DynamoDBClient; DynamoDBDocumentClient: typeof DynamoDBDocumentClient },
  config: Pick<AppConfig, 'DYNAMODB_ENDPOINT' | 'AWS_REGION'>,
): DynamoDBDocumentClient {
  const client = new sdk.DynamoDBClient({
    region: config.AWS_REGION,
    // Without a connect timeout a stopped (not dead) store would hold every request until the Lambda times out.
    requestHandler: { connectionTimeout: 3_000 },
    ...(config.DYNAMODB_ENDPOINT
      ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw storeError(error, (args.input as { ExclusiveStartKey?: unknown }).ExclusiveStartKey !== undefined, context.commandName);
      }
    },
    // `initialize` wraps the SDK's own retries: only a failure that outlived them is mapped.
    { step: 'initialize', name: 'driftsbildeStoreErrors', priority: 'high' },
  );
  return sdk.DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/** True when the request never got an answer from the store (refused, reset, timed out). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, name } = error as Error & { code?: string; errors?: unknown[] };
  if (code && CONNECTION_ERROR_CODES.has(code)) return true;
  if (name === 'TimeoutError' || name === 'RequestTimeout') return true;
  // Node's happy-eyeballs connect reports every address it tried in an AggregateError.
  const nested = (error as { errors?: unknown[] }).errors;
  return Array.isArray(nested) && nested.some(isConnectionError);
}

/**
 * The domain error an SDK failure stands for, or the failure itself. A query whose start key
 * DynamoDB refuses can only come from a `cursor` (stores validate it first; this is the backstop).
 */
function storeError(error: unknown, hadStartKey: boolean, commandName: string | undefined): unknown {
  if (isConnectionError(error)) return new StoreUnavailableError(STORE_NAME, 5, `${commandName ?? 'request'}: ${(error as Error).name} ${(error as { code?: string }).code ?? ''}`.trim());
  if (hadStartKey && error instanceof Error && error.name === 'ValidationException' && /start(ing)? ?key/i.test(error.message)) {
    return new ValidationError('the cursor is not one this API gave out', [{ field: 'query.cursor', problem: 'unknown cursor; start again without it' }]);
  }
  return error;
}
