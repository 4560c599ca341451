import { JsonProtocolClient, ServiceException, type ServiceClientConfig } from './signed-request.ts';

/**
 * Stands in for `@aws-sdk/client-dynamodb` in the Lambda bundles (an esbuild alias set by
 * `DriftsbildeFunction`, like the credentials one): the client, its middleware hook and the error
 * classes the stores test for. Locally (tsx, tests) the real SDK is used; the integration test
 * `test/integration/lean-dynamodb.test.ts` runs both against DynamoDB Local and compares them.
 * A name the bundles import but this file lacks fails the esbuild run, not a request.
 */
export { ServiceException as DynamoDBServiceException } from './signed-request.ts';

export class ConditionalCheckFailedException extends ServiceException {}
export class TransactionCanceledException extends ServiceException {
  declare CancellationReasons?: Array<{ Code?: string; Message?: string; Item?: Record<string, unknown> }>;
}
export class ResourceInUseException extends ServiceException {}
export class ResourceNotFoundException extends ServiceException {}

const ERROR_CLASSES: Record<string, typeof ServiceException> = { ConditionalCheckFailedException, TransactionCanceledException, ResourceInUseException, ResourceNotFoundException };

/** A raw (AttributeValue) command: the operation and its input. */
export interface RawCommand {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

type Handler = (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;
export type InitializeMiddleware = (next: Handler, context: { commandName: string }) => Handler;

/** AttributeValues as the SDK hands them out: binaries (B, BS) as bytes, not base64 text. */
function decodeBinaries(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeBinaries);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([key, entry]) => {
    if (key === 'B' && typeof entry === 'string') return [key, new Uint8Array(Buffer.from(entry, 'base64'))];
    if (key === 'BS' && Array.isArray(entry)) return [key, entry.map((text) => new Uint8Array(Buffer.from(text as string, 'base64')))];
    return [key, decodeBinaries(entry)];
  });
  return Object.fromEntries(entries);
}

/** The old items an error carries (ReturnValuesOnConditionCheckFailure) stay AttributeValues, as in the SDK. */
function withBinaryItems(error: unknown): unknown {
  const carrier = error as { Item?: unknown; CancellationReasons?: Array<{ Item?: unknown }> };
  if (carrier.Item) carrier.Item = decodeBinaries(carrier.Item);
  for (const reason of carrier.CancellationReasons ?? []) if (reason.Item) reason.Item = decodeBinaries(reason.Item);
  return error;
}

export class DynamoDBClient extends JsonProtocolClient {
  private readonly middlewares: InitializeMiddleware[] = [];
  /** The SDK's hook, for middlewares of the `initialize` step (they wrap the retries). */
  readonly middlewareStack = { add: (middleware: InitializeMiddleware, _options?: unknown) => void this.middlewares.push(middleware) };

  constructor(config: ServiceClientConfig = {}) {
    super(config, { service: 'dynamodb', targetPrefix: 'DynamoDB_20120810', version: '1.0', errorClasses: ERROR_CLASSES });
  }

  async send(command: RawCommand): Promise<Record<string, unknown>> {
    const commandName = `${command.operation}Command`;
    let handler: Handler = async ({ input }) => {
      try {
        return { output: await this.json(command.operation, input) };
      } catch (error) {
        throw withBinaryItems(error);
      }
    };
    for (const middleware of this.middlewares) handler = middleware(handler, { commandName });
    return (await handler({ input: command.input })).output;
  }
}
