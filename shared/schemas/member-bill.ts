import * as z from '#shared/schemas/zod.ts';
import { Year } from './budget-line.ts';
import { IsoDate, MAX_NOK, Slug } from './common.ts';

/**
 * A member's bill (issue 8, "Each member's bill"): per year what one member pays for reinvestment
 * and for the shared projects, line by line, each line with everyone's part of it and a link to
 * its explanation. Every member of the region may read every member's bill.
 */

const Nok = z.int().check(z.gte(0), z.lte(MAX_NOK * 100));

export const BillSource = z.enum(['reinvestment', 'project-investment', 'project-operating']);
export type BillSource = z.infer<typeof BillSource>;

export const BillLine = z.object({
  year: Year,
  source: BillSource,
  /** The device (reinvestment) or project the line is for. */
  refId: Slug,
  name: z.string(),
  /** The whole cost of the item in that year, before it is shared. */
  costNok: Nok,
  /** This member's part of it. */
  amountNok: Nok,
  /** Every paying member's part (the member's own included), ordered by member id; sums to `costNok`. */
  shares: z.array(z.object({ memberId: Slug, amountNok: Nok })),
  /** API path of the explanation: the reinvestment item's rule by rule, or the project. */
  explanation: z.string(),
});
export type BillLine = z.infer<typeof BillLine>;

export const BillAmounts = z.object({
  reinvestmentNok: Nok,
  projectInvestmentNok: Nok,
  projectOperatingNok: Nok,
  totalNok: Nok,
});
export type BillAmounts = z.infer<typeof BillAmounts>;

export const MemberBill = z.object({
  regionId: Slug,
  memberId: Slug,
  memberName: z.string(),
  from: Year,
  to: Year,
  asOf: IsoDate,
  /** Every year of the period, also those the member pays nothing in. */
  years: z.array(z.extend(BillAmounts, { year: Year })),
  total: BillAmounts,
  /** Ordered by year, source, then name. */
  lines: z.array(BillLine),
  /** Names of every member a line names, for showing names, not ids. */
  members: z.array(z.object({ id: Slug, name: z.string() })),
  /** Where the project lines come from: the base scenario's budget-constrained plan. */
  projects: z.object({ scenarioId: Slug }),
});
export type MemberBill = z.infer<typeof MemberBill>;
