import { itemKey, partitionKey, sortPrefix, type ItemKey } from './entities.ts';

/**
 * Keys of budget lines (registry entry `budget-line` in entities.ts): in the region's partition
 * beside members and environments under their own sort-key prefix, so listing one never reads the others.
 */
export const budgetLineKeys = {
  partition: (regionId: string) => partitionKey('budget-line', { regionId }),
  item: (regionId: string, budgetLineId: string): ItemKey => itemKey('budget-line', { regionId, budgetLineId }),
  prefix: sortPrefix('budget-line'),
};
