import * as z from 'zod';
import { EVERYONE, OPERATORS, PLANNERS } from '#shared/domain/identity.ts';
import { BudgetLine, BudgetLineCreate, BudgetLineReplace, Year } from '#shared/schemas/budget-line.ts';
import { parseKindMap } from '#shared/domain/device-import/columns.ts';
import { DeviceKind, Slug } from '#shared/schemas/common.ts';
import { MemberBill } from '#shared/schemas/member-bill.ts';
import { ItemExplanation, ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import { PageQuery, RegionPath, pageOf } from './common.ts';
import type { RouteContract } from './contract.ts';

/** `from`/`to` are budget years; without them the plan is this year and the next three. */
const PlanPeriodQuery = {
  from: z.coerce.number().pipe(Year).optional().describe('first budget year (default: this year)'),
  to: z.coerce.number().pipe(Year).optional().describe('last budget year (default: from + 3)'),
};

const PlanQuery = z
  .object({
    ...PlanPeriodQuery,
    memberId: Slug.optional().describe('only items this member has a share in, and its totals'),
    environmentId: Slug.optional(),
    kind: DeviceKind.optional(),
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
    lang: z.enum(['en', 'nb']).default('en').describe('nb: Norwegian headers, decimal comma, dd.mm.yyyy'),
    view: z.enum(['items', 'shares', 'totals', 'envelopes']).default('items').describe('which table a CSV holds (XLSX holds all)'),
  })
  .strict();

const ExplainPath = RegionPath.extend({ deviceId: Slug });
const MemberPath = RegionPath.extend({ memberId: Slug });
const MemberCostsQuery = z
  .object({
    ...PlanPeriodQuery,
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
    lang: z.enum(['en', 'nb']).default('en').describe('nb: Norwegian headers, decimal comma, dd.mm.yyyy'),
    view: z.enum(['lines', 'years']).default('lines').describe('which table a CSV holds (XLSX holds both)'),
  })
  .strict();
const ExplainQuery = z.object(PlanPeriodQuery).strict();
const BudgetLinePath = RegionPath.extend({ budgetLineId: Slug });
/** DELETE carries its version in If-Match or `?version=`. */
const DeleteQuery = z.object({ version: z.coerce.number().int().positive().optional() }).strict();
const TrueFalse = z.enum(['true', 'false']).default('false').transform((value) => value === 'true');
const ImportQuery = z
  .object({
    dryRun: TrueFalse.describe('check the whole file and report the counts; write nothing'),
    mapKind: z
      .string()
      .max(2000)
      .optional()
      .transform((text, context) => {
        const parsed = parseKindMap(text === undefined ? [] : [text]);
        if (!parsed.ok) {
          context.addIssue({ code: 'custom', message: parsed.problem });
          return z.NEVER;
        }
        return parsed.map;
      })
      .describe("NetBox role / Snipe-IT category → kind, e.g. `Hypervisor=server;Core=router`"),
    skipUnknownKinds: TrueFalse.describe('skip (and report) rows whose kind is not tracked, such as PDUs, patch panels or cooling'),
  })
  .strict();
const ImportResult = z.object({
  written: z.number().int().describe('created + updated'),
  created: z.number().int(),
  updated: z.number().int().describe('devices matched by id (asset tag) or serial'),
  skipped: z.object({ count: z.number().int(), rows: z.array(z.number().int()) }),
  format: z.enum(['driftsbilde', 'netbox', 'snipe-it']),
  dryRun: z.boolean(),
  summary: z.object({ code: z.enum(['import-summary', 'import-summary-dry-run']), params: z.record(z.string(), z.union([z.string(), z.number()])), message: z.string() }),
});

/** Reinvestment plan, budget lines and inventory import (issue 4). */
export const PLANNING_ROUTES = [
  {
    method: 'GET',
    path: '/api/regions/{regionId}/reinvestment-plan',
    functionName: 'get-reinvestment-plan',
    summary: 'The reinvestment plan: what is due when, what it costs and who pays which share; as JSON, CSV or XLSX',
    allow: EVERYONE,
    params: RegionPath,
    query: PlanQuery,
    response: ReinvestmentPlan,
  },
  {
    method: 'GET',
    path: '/api/regions/{regionId}/reinvestment-plan/items/{deviceId}',
    functionName: 'explain-reinvestment-item',
    summary: 'Why a device is planned when it is, at that cost, with these shares: every rule with its value',
    allow: EVERYONE,
    params: ExplainPath,
    query: ExplainQuery,
    response: ItemExplanation,
  },
  {
    method: 'GET',
    path: '/api/regions/{regionId}/members/{memberId}/costs',
    functionName: 'get-member-costs',
    summary:
      "A member's bill: per year its shares of the reinvestment plan and of the planned projects' investment and operating cost, line by line with every paying member's part and a link to each line's explanation; as JSON, CSV or XLSX. Every member may read every member's bill",
    allow: EVERYONE,
    params: MemberPath,
    query: MemberCostsQuery,
    response: MemberBill,
  },
  {
    method: 'GET',
    path: '/api/regions/{regionId}/budget-lines',
    functionName: 'list-budget-lines',
    summary: 'List budget lines (money set aside, by year or in total, for device kinds or tags)',
    allow: EVERYONE,
    params: RegionPath,
    query: PageQuery,
    response: pageOf(BudgetLine),
  },
  {
    method: 'POST',
    path: '/api/regions/{regionId}/budget-lines',
    functionName: 'create-budget-line',
    statuses: [409],
    summary: 'Add a budget line',
    allow: PLANNERS,
    params: RegionPath,
    body: BudgetLineCreate,
    successStatus: 201,
    response: BudgetLine,
  },
  {
    method: 'GET',
    path: '/api/regions/{regionId}/budget-lines/{budgetLineId}',
    functionName: 'get-budget-line',
    summary: 'Get a budget line',
    allow: EVERYONE,
    params: BudgetLinePath,
    response: BudgetLine,
  },
  {
    method: 'PUT',
    path: '/api/regions/{regionId}/budget-lines/{budgetLineId}',
    functionName: 'update-budget-line',
    statuses: [409],
    summary: 'Replace a budget line',
    allow: PLANNERS,
    params: BudgetLinePath,
    body: BudgetLineReplace,
    response: BudgetLine,
  },
  {
    method: 'DELETE',
    path: '/api/regions/{regionId}/budget-lines/{budgetLineId}',
    functionName: 'delete-budget-line',
    statuses: [409],
    summary: 'Remove a budget line',
    allow: PLANNERS,
    params: BudgetLinePath,
    query: DeleteQuery,
    successStatus: 204,
  },
  {
    method: 'POST',
    path: '/api/regions/{regionId}/devices/import',
    functionName: 'import-devices',
    statuses: [409],
    summary:
      'Import devices from CSV (own columns, NetBox or Snipe-IT export), all or nothing: any bad row → 400 listing each row and field. Rows matching a device by id (asset tag) or serial update it. Bodies over 256 KiB: use `npm run import`',
    allow: OPERATORS,
    params: RegionPath,
    query: ImportQuery,
    body: z.string().min(1),
    bodyType: 'text/csv',
    tooLargeHint: { advice: 'import larger files with the command line, which has no size limit', cli: 'npm run import -- file.csv --region <regionId>' },
    successStatus: 201,
    response: ImportResult,
  },
] as const satisfies readonly RouteContract[];
