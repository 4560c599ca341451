import * as z from '#shared/schemas/zod.ts';
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
  from: z.optional(z.pipe(z.coerce.number(), Year)).check(z.describe('first budget year (default: this year)')),
  to: z.optional(z.pipe(z.coerce.number(), Year)).check(z.describe('last budget year (default: from + 3)')),
};

const PlanQuery = z.strictObject({
  ...PlanPeriodQuery,
  memberId: z.optional(Slug).check(z.describe('only items this member has a share in, and its totals')),
  environmentId: z.optional(Slug),
  kind: z.optional(DeviceKind),
  format: z._default(z.enum(['json', 'csv', 'xlsx']), 'json'),
  lang: z._default(z.enum(['en', 'nb']), 'en').check(z.describe('nb: Norwegian headers, decimal comma, dd.mm.yyyy')),
  view: z._default(z.enum(['items', 'shares', 'totals', 'envelopes']), 'items').check(z.describe('which table a CSV holds (XLSX holds all)')),
});

const ExplainPath = z.extend(RegionPath, { deviceId: Slug });
const MemberPath = z.extend(RegionPath, { memberId: Slug });
const MemberCostsQuery = z.strictObject({
  ...PlanPeriodQuery,
  format: z._default(z.enum(['json', 'csv', 'xlsx']), 'json'),
  lang: z._default(z.enum(['en', 'nb']), 'en').check(z.describe('nb: Norwegian headers, decimal comma, dd.mm.yyyy')),
  view: z._default(z.enum(['lines', 'years']), 'lines').check(z.describe('which table a CSV holds (XLSX holds both)')),
});
const ExplainQuery = z.strictObject(PlanPeriodQuery);
const BudgetLinePath = z.extend(RegionPath, { budgetLineId: Slug });
/** DELETE carries its version in If-Match or `?version=`. */
const DeleteQuery = z.strictObject({ version: z.optional(z.coerce.number().check(z.int(), z.positive())) });
const TrueFalse = z.pipe(
  z._default(z.enum(['true', 'false']), 'false'),
  z.transform((value) => value === 'true'),
);
const ImportQuery = z.strictObject({
  dryRun: TrueFalse.check(z.describe('check the whole file and report the counts; write nothing')),
  mapKind: z
    .pipe(
      z.optional(z.string().check(z.maxLength(2000))),
      z.transform((text, payload) => {
        const parsed = parseKindMap(text === undefined ? [] : [text]);
        if (!parsed.ok) {
          payload.issues.push({ code: 'custom', message: parsed.problem, input: text });
          return z.NEVER;
        }
        return parsed.map;
      }),
    )
    .check(z.describe('NetBox role / Snipe-IT category → kind, e.g. `Hypervisor=server;Core=router`')),
  skipUnknownKinds: TrueFalse.check(z.describe('skip (and report) rows whose kind is not tracked, such as PDUs, patch panels or cooling')),
});
const ImportResult = z.object({
  written: z.int().check(z.describe('created + updated')),
  created: z.int(),
  updated: z.int().check(z.describe('devices matched by id (asset tag) or serial')),
  skipped: z.object({ count: z.int(), rows: z.array(z.int()) }),
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
    body: z.string().check(z.minLength(1)),
    bodyType: 'text/csv',
    tooLargeHint: { advice: 'import larger files with the command line, which has no size limit', cli: 'npm run import -- file.csv --region <regionId>' },
    successStatus: 201,
    response: ImportResult,
  },
] as const satisfies readonly RouteContract[];
