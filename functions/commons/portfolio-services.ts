import { DynamoDbBudgetLineStore } from '#shared/adapters/dynamodb/budget-line-store.ts';
import { DynamoDbHealthStore } from '#shared/adapters/dynamodb/health-store.ts';
import { DynamoDbHealthSummarySource } from '#shared/adapters/dynamodb/health-summary-source.ts';
import { DynamoDbIncidentStore } from '#shared/adapters/dynamodb/incident-store.ts';
import { DynamoDbEnvironmentHistorySource } from '#shared/adapters/dynamodb/portfolio-history-source.ts';
import { DynamoDbPortfolioStore } from '#shared/adapters/dynamodb/portfolio-store.ts';
import { Portfolio } from '#shared/domain/portfolio-service/portfolio.ts';
import { ReinvestmentPlanning } from '#shared/domain/reinvestment/planning.ts';
import { expectedVersion } from '#shared/http/handler.ts';
import { auditStore } from './audit-services.ts';
import { config, documentClient, inventoryStore } from './services.ts';

/**
 * The portfolio's use cases, built once per Lambda container on the shared document client. The
 * reinvestment plan is built here without the export libraries (the portfolio never writes files).
 */
export const portfolioStore = new DynamoDbPortfolioStore(documentClient, config.TABLE_NAME);
const budgetLines = new DynamoDbBudgetLineStore(documentClient, config.TABLE_NAME);
const planning = new ReinvestmentPlanning({ inventory: inventoryStore, budgetLines, health: new DynamoDbHealthSummarySource(documentClient, config.TABLE_NAME) });
const history = new DynamoDbEnvironmentHistorySource(
  inventoryStore,
  new DynamoDbHealthStore(documentClient, config.TABLE_NAME),
  new DynamoDbIncidentStore(documentClient, config.TABLE_NAME),
);
export const portfolio = new Portfolio({
  store: portfolioStore,
  inventory: inventoryStore,
  audit: auditStore,
  budgetLines,
  reinvestmentPlan: (regionId, period) => planning.plan(regionId, period),
  history,
});

/**
 * The version a write names, when it may name none: the first save of settings or a ranking
 * creates it, and a transition without one applies to the project as read.
 */
export function optionalVersion(request: { body?: unknown; query?: unknown; headers: Record<string, string | undefined> }): number | undefined {
  const named = (request.body as { version?: unknown } | undefined)?.version !== undefined || request.headers['if-match'] !== undefined;
  return named ? expectedVersion(request) : undefined;
}
