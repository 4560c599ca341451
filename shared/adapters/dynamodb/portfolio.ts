import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Portfolio } from '#shared/domain/portfolio-service/portfolio.ts';
import { ReinvestmentPlanning } from '#shared/domain/reinvestment/planning.ts';
import { DynamoDbAuditStore } from './audit-store.ts';
import { DynamoDbBudgetLineStore } from './budget-line-store.ts';
import { DynamoDbRollupReader } from './health-rollups.ts';
import { DynamoDbHealthSummarySource } from './health-summary-source.ts';
import { DynamoDbIncidentStore } from './incident-store.ts';
import { DynamoDbInventoryStore } from './inventory-store.ts';
import { DynamoDbEnvironmentHistorySource } from './portfolio-history-source.ts';
import { DynamoDbPortfolioStore } from './portfolio-store.ts';

/**
 * The portfolio's use cases wired to the single table: the handlers build it once per container,
 * the local start-up to load the demo portfolio. The reinvestment plan (due years, proposals) is
 * built here without the export libraries: the portfolio never writes files.
 */
export function dynamoDbPortfolio(doc: DynamoDBDocumentClient, tableName: string, shared: { inventory?: DynamoDbInventoryStore; audit?: DynamoDbAuditStore } = {}) {
  const inventory = shared.inventory ?? new DynamoDbInventoryStore(doc, tableName);
  const store = new DynamoDbPortfolioStore(doc, tableName);
  const budgetLines = new DynamoDbBudgetLineStore(doc, tableName);
  const planning = new ReinvestmentPlanning({ inventory, budgetLines, health: new DynamoDbHealthSummarySource(doc, tableName) });
  const portfolio = new Portfolio({
    store,
    inventory,
    audit: shared.audit ?? new DynamoDbAuditStore(doc, tableName),
    budgetLines,
    reinvestmentPlan: (regionId, period) => planning.plan(regionId, period),
    history: new DynamoDbEnvironmentHistorySource(inventory, new DynamoDbRollupReader(doc, tableName), new DynamoDbIncidentStore(doc, tableName)),
  });
  return { portfolio, store, budgetLines };
}
