/**
 * The plan's XLSX export (issue 10, "Cold starts"): our own SpreadsheetML writer against the exceljs
 * writer it replaced (bench/baselines/exceljs-xlsx.ts), both writing the same four sheets of a
 * 20,000-device plan (items with a column per paying member, shares, totals, budget lines), in the
 * same run. Prints the median of RUNS writes each, the file sizes, and the time ratio (exceljs / ours).
 * Run alone: `npx tsx bench/xlsx.ts` (part of `npm run bench`).
 */
import { pathToFileURL } from 'node:url';
import { planViews, type PlanNames } from '#shared/adapters/export/plan-views.ts';
import { viewsXlsx } from '#shared/adapters/export/xlsx.ts';
import { DEVICE_KINDS } from '#shared/schemas/common.ts';
import type { EnvelopeRow, PlanItem, ReinvestmentPlan } from '#shared/schemas/reinvestment-plan.ts';
import { exceljsViewsXlsx } from './baselines/exceljs-xlsx.ts';

const DEVICES = 20_000;
const RUNS = 3;
const MEMBERS = ['kristiansand', 'songdalen', 'sogne', 'lillesand', 'birkenes', 'iveland'];
const ENVIRONMENTS = ['felles-kristiansand', 'lillesand-datapark', 'birkenes-datapark'];

/** A plan of `devices` items over 2025–2034: each shared by one to three members, whole NOK summing to its cost. */
export function syntheticPlan(devices: number): { plan: ReinvestmentPlan; names: PlanNames } {
  const items: PlanItem[] = Array.from({ length: devices }, (_, index) => {
    const costNok = 10_000 + ((index * 7_919) % 490_000);
    const payers = MEMBERS.slice(index % 4, (index % 4) + 1 + (index % 3));
    const each = Math.floor(costNok / payers.length);
    const shares = payers.map((memberId, at) => ({ memberId, fraction: 1 / payers.length, amountNok: at === 0 ? costNok - each * (payers.length - 1) : each }));
    const budgetYear = 2025 + (index % 10);
    return {
      deviceId: `dev-${index}`,
      name: `Enhet ${index}`,
      kind: DEVICE_KINDS[index % DEVICE_KINDS.length]!,
      environmentId: ENVIRONMENTS[index % ENVIRONMENTS.length]!,
      dueDate: `${budgetYear}-0${1 + (index % 9)}-15`,
      reason: 'lifetime',
      budgetYear,
      overdue: false,
      costNok,
      shares,
      ...(index % 2 === 0 ? { budgetLineId: 'reinvestering' } : {}),
    };
  });
  const envelopes: EnvelopeRow[] = Array.from({ length: 11 }, (_, index) => ({
    id: 'reinvestering', name: 'Reinvestering', year: index < 10 ? 2025 + index : 'total', per: 'year',
    amountNok: 1_000_000, plannedNok: 900_000, plannedInYearNok: 900_000, differenceNok: 100_000, status: 'headroom',
  }));
  const totals = items.slice(0, 500).map((item) => ({ year: item.budgetYear, memberId: item.shares[0]!.memberId, kind: item.kind, environmentId: item.environmentId, amountNok: item.costNok }));
  const names: PlanNames = {
    members: Object.fromEntries(MEMBERS.map((id) => [id, `${id[0]!.toUpperCase()}${id.slice(1)} kommune`])),
    environments: Object.fromEntries(ENVIRONMENTS.map((id) => [id, `Driftsmiljø ${id}`])),
  };
  return { plan: { regionId: 'bench', from: 2025, to: 2034, asOf: '2025-01-01', items, totals, envelopes }, names };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed(write: () => Buffer | Promise<Buffer>): Promise<{ ms: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    bytes = (await write()).length;
    times.push(performance.now() - started);
  }
  return { ms: median(times), bytes };
}

export async function benchXlsx(): Promise<void> {
  const { plan, names } = syntheticPlan(DEVICES);
  const views = planViews(plan, 'nb', names);
  const options = { lang: 'nb' as const, created: plan.asOf };
  // One untimed write each first: module loading and JIT warm-up are not what is compared.
  await exceljsViewsXlsx(views, options);
  viewsXlsx(views, options);
  const baseline = await timed(() => exceljsViewsXlsx(views, options));
  const ours = await timed(() => viewsXlsx(views, options));
  console.log(`XLSX of a ${DEVICES.toLocaleString('en')}-device plan (${views.map((view) => view.rows.length).join(' + ')} rows, median of ${RUNS}):`);
  console.log(`  exceljs (baseline)  ${baseline.ms.toFixed(0).padStart(6)} ms  ${(baseline.bytes / 1024).toFixed(0)} KiB`);
  console.log(`  our writer          ${ours.ms.toFixed(0).padStart(6)} ms  ${(ours.bytes / 1024).toFixed(0)} KiB`);
  console.log(`  ratio: ours is ${(baseline.ms / ours.ms).toFixed(1)}× faster (exceljs / ours)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchXlsx();
