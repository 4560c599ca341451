import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { planCsv } from '#shared/adapters/export/csv.ts';
import { exportFileName, type ViewName } from '#shared/adapters/export/plan-views.ts';
import type { Lang } from '#shared/adapters/export/views.ts';
import { planXlsx } from '#shared/adapters/export/xlsx.ts';
import { DeviceKind } from '#shared/schemas/common.ts';
import type { ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import { failAndExit, localServices } from './cli-support.ts';
import { langOf } from '#shared/messages/render.ts';

const USAGE = `Reinvestment plan from the running local system.

  npm run plan -- --region kr-ikt --from 2017 --to 2020 [--format table|csv|xlsx] [--out file]
                  [--lang nb|en] [--view items|shares|totals|envelopes] [--member id] [--environment id] [--kind kind]

Without --format a readable table goes to the terminal. CSV goes to --out or the terminal;
XLSX goes to --out, or to reinvestment-plan-<region>-<from>-<to>.xlsx.`;

const { values } = parseArgs({
  options: {
    region: { type: 'string', default: 'kr-ikt' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string', default: 'table' },
    out: { type: 'string' },
    lang: { type: 'string', default: langOf(process.env.DRIFTSBILDE_LANG) },
    view: { type: 'string', default: 'items' },
    member: { type: 'string' },
    environment: { type: 'string' },
    kind: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const format = values.format;
if (!['table', 'csv', 'xlsx'].includes(format)) usageError(`--format must be table, csv or xlsx, not '${format}'`);
const lang = values.lang as Lang;
if (!['en', 'nb'].includes(lang)) usageError(`--lang must be en or nb, not '${values.lang}'`);
const view = values.view as ViewName;
if (!['items', 'shares', 'totals', 'envelopes'].includes(view)) usageError(`--view must be items, shares, totals or envelopes`);
const year = (text: string | undefined, name: string) => {
  if (text === undefined) return undefined;
  if (!/^\d{4}$/.test(text)) usageError(`--${name} must be a year, not '${text}'`);
  return Number(text);
};
const kind = values.kind === undefined ? undefined : DeviceKind.safeParse(values.kind);
if (kind && !kind.success) usageError(`--kind must be one of ${DeviceKind.options.join(', ')}`);

const services = await localServices();
try {
  const { plan, names } = await services.planning.planWithNames(values.region, { from: year(values.from, 'from'), to: year(values.to, 'to') }, {
    ...(values.member ? { memberId: values.member } : {}),
    ...(values.environment ? { environmentId: values.environment } : {}),
    ...(kind?.success ? { kind: kind.data } : {}),
  });
  if (format === 'table') console.log(planTable(plan));
  else if (format === 'csv') {
    const csv = planCsv(plan, { lang, view, names });
    if (values.out) {
      writeFileSync(values.out, csv);
      console.error(`wrote ${values.out}`);
    } else process.stdout.write(csv);
  } else {
    const file = values.out ?? exportFileName(plan, lang, 'xlsx');
    writeFileSync(file, planXlsx(plan, { lang, names }));
    console.error(`wrote ${file}`);
  }
} catch (error) {
  failAndExit(error, services.endpoint);
}

/** The plan as columns for a terminal: items by year, then the budget lines. */
function planTable(plan: ReinvestmentPlan): string {
  const nok = (value: number) => value.toLocaleString('nb-NO').replace(/\u00a0/g, ' ');
  const lines = [`Reinvestment plan ${plan.regionId} ${plan.from}–${plan.to} (as of ${plan.asOf})`, ''];
  const rows = plan.items.map((item) => [
    String(item.budgetYear),
    item.deviceId,
    item.kind,
    `${item.dueDate}${item.overdue ? ' overdue' : ''}`,
    item.reason,
    nok(item.costNok),
    item.shares.map((share) => `${share.memberId} ${nok(share.amountNok)}`).join(', '),
  ]);
  lines.push(...columns([['year', 'device', 'kind', 'due', 'reason', 'cost NOK', 'shares'], ...rows], [5]));
  const byYear = new Map<number, number>();
  for (const item of plan.items) byYear.set(item.budgetYear, (byYear.get(item.budgetYear) ?? 0) + item.costNok);
  lines.push('', ...[...byYear].map(([y, sum]) => `${y}: ${nok(sum)} NOK`));
  if (plan.envelopes.length > 0) {
    lines.push('', 'Budget lines', ...columns([['line', 'year', 'set aside', 'planned', 'difference', ''], ...plan.envelopes.map((row) => [row.id, String(row.year), nok(row.amountNok), nok(row.plannedNok), nok(row.differenceNok), row.status])], [2, 3, 4]));
  }
  return lines.join('\n');
}

function columns(rows: string[][], rightAligned: number[]): string[] {
  const widths = rows[0]!.map((_, index) => Math.max(...rows.map((row) => (row[index] ?? '').length)));
  return rows.map((row) => row.map((cell, index) => (rightAligned.includes(index) ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!))).join('  ').trimEnd());
}
