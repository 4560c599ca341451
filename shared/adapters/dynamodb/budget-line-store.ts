import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PageRequest } from '#shared/domain/paging.ts';
import type { BudgetLineStore } from '#shared/domain/reinvestment/budget-line-store.ts';
import type { BudgetLine } from '#shared/schemas/budget-line.ts';
import { budgetLineKeys } from './budget-line-keys.ts';
import { VersionedItems } from './versioned-items.ts';

/** {@link BudgetLineStore} on the single DynamoDB table (keys in `budget-line-keys.ts`). */
export class DynamoDbBudgetLineStore implements BudgetLineStore {
  private readonly lines: VersionedItems<BudgetLine>;

  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    this.lines = new VersionedItems<BudgetLine>(doc, tableName, 'budget line');
  }

  list(regionId: string, page: PageRequest) {
    return this.lines.queryPage({
      partitionAttribute: 'pk',
      partitionValue: budgetLineKeys.partition(regionId),
      sortAttribute: 'sk',
      sortPrefix: budgetLineKeys.prefix,
      ...page,
    });
  }
  get(regionId: string, budgetLineId: string) {
    return this.lines.get(budgetLineKeys.item(regionId, budgetLineId));
  }
  create(regionId: string, line: Omit<BudgetLine, 'version'>) {
    return this.lines.create(budgetLineKeys.item(regionId, line.id), line);
  }
  replace(regionId: string, line: Omit<BudgetLine, 'version'>, expectedVersion: number) {
    return this.lines.replace(budgetLineKeys.item(regionId, line.id), line, expectedVersion);
  }
  delete(regionId: string, budgetLineId: string, expectedVersion: number) {
    return this.lines.delete(budgetLineKeys.item(regionId, budgetLineId), budgetLineId, expectedVersion);
  }
}
