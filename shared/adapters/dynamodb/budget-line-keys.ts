import type { ItemKey } from './keys.ts';

/**
 * Keys of budget lines in the single table. They live in the region's partition beside members
 * and environments (a region has a handful), under their own sort-key prefix, so listing members
 * (`MEMBER#`) or environments (`ENV#`) never reads them and listing lines never reads those.
 *
 * | access pattern                  | operation | key                                                |
 * |---------------------------------|-----------|----------------------------------------------------|
 * | list budget lines of a region   | Query     | pk = REGION#{r}, sk begins_with BUDGETLINE#         |
 * | get one budget line             | GetItem   | pk = REGION#{r}, sk = BUDGETLINE#{budgetLineId}     |
 */
export const budgetLineKeys = {
  partition: (regionId: string) => `REGION#${regionId}`,
  item: (regionId: string, budgetLineId: string): ItemKey => ({ pk: `REGION#${regionId}`, sk: `BUDGETLINE#${budgetLineId}` }),
  prefix: 'BUDGETLINE#',
};
