import * as z from '#shared/schemas/zod.ts';
import { DeviceKind, Name, Nok, Slug, Version } from './common.ts';
import { fieldText } from '#shared/messages/errors.ts';

/** A budget year; plans and budget lines are whole calendar years. */
export const Year = z.int().check(z.gte(1990), z.lte(2100));

export const BudgetLineScope = z.enum(['reinvestment', 'projects', 'both']);
export type BudgetLineScope = z.infer<typeof BudgetLineScope>;

const Tag = z.string().check(z.trim(), z.minLength(1), z.maxLength(50));

const budgetLineShape = {
  id: Slug,
  name: Name,
  /** First and last budget year the money is set aside for (both included). */
  fromYear: Year,
  toYear: Year,
  amountNok: Nok,
  /** `year`: amountNok is available every year; `total`: amountNok is for all the years together. */
  per: z.enum(['year', 'total']),
  /** Device kinds the line pays for (e.g. firewall, router, server, backup). */
  kinds: z._default(z.array(DeviceKind).check(z.maxLength(7)), []),
  /** Device tags the line pays for (e.g. `datarom`); a tag match is more specific than a kind match. */
  tags: z._default(z.array(Tag).check(z.maxLength(50)), []),
  /** What the money is for: the reinvestment plan, the project portfolio (issue 8), or both; absent = reinvestment. */
  scope: z.optional(BudgetLineScope),
};

type BudgetLineShape = { fromYear: number; toYear: number; kinds: readonly string[]; tags: readonly string[]; scope?: BudgetLineScope | undefined };

/** Rules that span fields, applied to every schema that builds a budget line. */
function budgetLineRules(line: BudgetLineShape, ctx: z.core.$RefinementCtx): void {
  if (line.toYear < line.fromYear) ctx.addIssue({ code: 'custom', path: ['toYear'], message: fieldText('field-to-year-before-from-year') });
  // Money only for projects pays for no device kind.
  if (line.scope !== 'projects' && line.kinds.length === 0 && line.tags.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['kinds'], message: fieldText('field-kinds-or-tags') });
  }
}

/**
 * Money set aside by the budget owners, e.g. "ICT capacity and security 2017–2020: 8 MNOK for main
 * firewalls, main routers, servers and backup". The reinvestment plan compares its items with it.
 */
export const BudgetLineInput = z.strictObject(budgetLineShape).check(z.superRefine(budgetLineRules));
/** Body of a create: the id may be left out and is then made from the name. */
export const BudgetLineCreate = z.strictObject({ ...budgetLineShape, id: z.optional(Slug) }).check(z.superRefine(budgetLineRules));
/** Body of a replace: the line, optionally echoing its id, with the version read. */
export const BudgetLineReplace = z.strictObject({ ...budgetLineShape, id: z.optional(Slug), version: z.optional(Version) }).check(z.superRefine(budgetLineRules));

export const BudgetLine = z.strictObject({ ...budgetLineShape, version: Version });
export type BudgetLineInput = z.input<typeof BudgetLineInput>;
export type BudgetLine = z.infer<typeof BudgetLine>;

/** A region's budget lines as one document (data/demo/budget-lines.json). */
export const BudgetLineBundle = z.strictObject({
  description: z.optional(z.string()),
  regionId: Slug,
  budgetLines: z.array(BudgetLineInput),
});
export type BudgetLineBundle = z.infer<typeof BudgetLineBundle>;
