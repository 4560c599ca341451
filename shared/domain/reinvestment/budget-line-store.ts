import type { Page, PageRequest } from '#shared/domain/paging.ts';
import type { BudgetLine } from '#shared/schemas/budget-line.ts';

/**
 * Port for budget lines, per region. Writes are optimistic like the inventory's: replace and
 * delete name the version read and fail with a version conflict otherwise.
 */
export interface BudgetLineStore {
  list(regionId: string, page: PageRequest): Promise<Page<BudgetLine>>;
  get(regionId: string, budgetLineId: string): Promise<BudgetLine | undefined>;
  create(regionId: string, line: Omit<BudgetLine, 'version'>): Promise<BudgetLine>;
  replace(regionId: string, line: Omit<BudgetLine, 'version'>, expectedVersion: number): Promise<BudgetLine>;
  delete(regionId: string, budgetLineId: string, expectedVersion: number): Promise<void>;
}
