import { dynamoDbPortfolio } from '#shared/adapters/dynamodb/portfolio.ts';
import { expectedVersion } from '#shared/http/handler.ts';
import { auditStore } from './audit-services.ts';
import { config, documentClient, inventoryStore } from './services.ts';

/** The portfolio's use cases, built once per Lambda container on the shared document client. */
export const { portfolio } = dynamoDbPortfolio(documentClient, config.TABLE_NAME, { inventory: inventoryStore, audit: auditStore });

/**
 * The version a write names, when it may name none: the first save of settings or a ranking
 * creates it, and a transition without one applies to the project as read.
 */
export function optionalVersion(request: { body?: unknown; query?: unknown; headers: Record<string, string | undefined> }): number | undefined {
  const named = (request.body as { version?: unknown } | undefined)?.version !== undefined || request.headers['if-match'] !== undefined;
  return named ? expectedVersion(request) : undefined;
}
