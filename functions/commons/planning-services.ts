import { DynamoDbBudgetLineStore } from '#shared/adapters/dynamodb/budget-line-store.ts';
import { DynamoDbHealthSummarySource } from '#shared/adapters/dynamodb/health-summary-source.ts';
import { ReinvestmentPlanning } from '#shared/domain/reinvestment/planning.ts';
import { auditStore } from './audit-services.ts';
import { config, documentClient, inventoryStore } from './services.ts';

/**
 * Planning services, built once per Lambda container on the shared document client. Health
 * figures (rule 4, the pull-forward) come from the monitor's roll-ups and incidents in the same
 * table, through {@link DynamoDbHealthSummarySource}.
 */
export const budgetLineStore = new DynamoDbBudgetLineStore(documentClient, config.TABLE_NAME);
export const healthSummaries = new DynamoDbHealthSummarySource(documentClient, config.TABLE_NAME);
export const planning = new ReinvestmentPlanning({ inventory: inventoryStore, budgetLines: budgetLineStore, health: healthSummaries, audit: auditStore });
