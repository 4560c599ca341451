import { MAX_NOK } from '#shared/schemas/common.ts';
import type { PlanDevice } from '../plan.ts';
import { yearOf } from './dates.ts';

/**
 * Stage 2, costing (rule 6): what a due device costs in its budget year, in whole NOK. The given
 * replacement cost, else the purchase cost grown by the region's price index.
 */

export type CostDecision =
  | { source: 'replacement'; costNok: number }
  | {
      source: 'indexed';
      costNok: number;
      purchaseYear: number;
      years: number;
      /** purchase cost × (1 + index)^years before rounding; MAX_NOK when capped. */
      exactNok: number;
      /** The projection passed MAX_NOK (a century of growth can) and was counted as MAX_NOK. */
      capped: boolean;
    };

export function decideCost(device: Pick<PlanDevice, 'purchaseDate' | 'purchaseCostNok' | 'replacementCostNok'>, budgetYear: number, priceIndex: number): CostDecision {
  if (device.replacementCostNok !== undefined) return { source: 'replacement', costNok: device.replacementCostNok };
  const purchaseYear = yearOf(device.purchaseDate);
  const years = budgetYear - purchaseYear;
  const exact = device.purchaseCostNok * Math.pow(1 + priceIndex, years);
  // A century of price growth can take any cost past what a budget (or a JSON number) holds.
  const capped = !(exact <= MAX_NOK);
  return { source: 'indexed', costNok: capped ? MAX_NOK : Math.round(exact), purchaseYear, years, exactNok: capped ? MAX_NOK : exact, capped };
}
