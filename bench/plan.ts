/**
 * Benchmark of the reinvestment plan computation (issue 4): 10,000 and 100,000 devices over ten
 * budget years, through the same pure `computePlan` the API uses (no database: this measures the
 * rules, the share splits, the totals and the envelopes). For each size it prints the best and
 * the median time of five runs (the best is least disturbed by other work on the machine), the heap
 * the finished plan holds, and the process's peak RSS so far (sizes run smallest first, so that is
 * the peak for the size just run); then the growth ratio from 10k to 100k (10 = linear). Goal: 100,000 devices under 2 s, growth close to linear.
 * Run alone: `npx tsx bench/plan.ts` (part of `npm run bench`).
 */
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BudgetLineRecord } from '#shared/domain/reinvestment/envelopes.ts';
import type { HealthSummary } from '#shared/domain/reinvestment/health-summary.ts';
import type { EnvironmentRecord, MemberRecord } from '#shared/domain/reinvestment/membership-on-date.ts';
import { computePlan, type PlanDevice, type PlanInput } from '#shared/domain/reinvestment/plan.ts';
import type { CostKey } from '#shared/schemas/cost-key.ts';
import { DEVICE_KINDS } from '#shared/schemas/common.ts';

const SIZES = [10_000, 100_000];
const FROM = 2025;
const TO = 2034;
/** Runs per size; the best is the figure least disturbed by other work on the machine. */
const RUNS = 5;

/** A deterministic pseudo-random sequence, so every run plans the same inventory. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A region like KR-IKT, with a merger and a member leaving inside the ten years. */
function region(): Omit<PlanInput, 'devices' | 'fromYear' | 'toYear' | 'asOf'> {
  const members: MemberRecord[] = [
    { id: 'kristiansand', name: 'Kristiansand', joinedOn: '2014-01-01', population: [{ from: '2014-01-01', value: 90_000 }, { from: '2028-01-01', value: 120_000 }] },
    { id: 'songdalen', name: 'Songdalen', joinedOn: '2014-01-01', mergedInto: 'kristiansand', mergedOn: '2028-01-01', population: [{ from: '2014-01-01', value: 7_000 }] },
    { id: 'sogne', name: 'Søgne', joinedOn: '2014-01-01', mergedInto: 'kristiansand', mergedOn: '2028-01-01', population: [{ from: '2014-01-01', value: 11_000 }] },
    { id: 'lillesand', name: 'Lillesand', joinedOn: '2014-01-01', population: [{ from: '2014-01-01', value: 11_000 }] },
    { id: 'birkenes', name: 'Birkenes', joinedOn: '2014-01-01', leftOn: '2031-01-01', population: [{ from: '2014-01-01', value: 5_000 }] },
    { id: 'iveland', name: 'Iveland', joinedOn: '2014-01-01', population: [{ from: '2014-01-01', value: 1_300 }] },
  ];
  const keys: CostKey[] = [
    { type: 'equal' },
    { type: 'population' },
    { type: 'fixed-plus-population', fixed: 0.3 },
    { type: 'custom', shares: { kristiansand: 50, songdalen: 10, sogne: 10, lillesand: 15, birkenes: 10, iveland: 5 } },
  ];
  const environments: EnvironmentRecord[] = Array.from({ length: 20 }, (_, index) => ({
    id: `env-${index}`,
    name: `Environment ${index}`,
    site: 'Bench',
    key: keys[index % keys.length]!,
    serves: members.filter((_, m) => (index + m) % 3 !== 0).map((member) => ({ memberId: member.id, from: '2014-01-01' })),
  }));
  const budgetLines: BudgetLineRecord[] = [
    { id: 'capacity', name: 'Capacity and security', fromYear: FROM, toYear: TO, amountNok: 400_000_000, per: 'total', kinds: ['firewall', 'router', 'server', 'backup'], tags: [] },
    { id: 'upgrade', name: 'Upgrade and reinvestment', fromYear: FROM, toYear: TO, amountNok: 30_000_000, per: 'year', kinds: ['platform'], tags: ['datarom'] },
    { id: 'network', name: 'Network', fromYear: FROM, toYear: FROM + 4, amountNok: 20_000_000, per: 'year', kinds: ['switch'], tags: [] },
  ];
  return { region: { id: 'bench', priceIndex: 0.025, lifetimes: { server: 6 }, defaultKey: { type: 'population' } }, members, environments, budgetLines };
}

function devices(count: number): PlanDevice[] {
  const next = random(count);
  const members = ['kristiansand', 'songdalen', 'sogne', 'lillesand', 'birkenes', 'iveland'];
  return Array.from({ length: count }, (_, index) => {
    const year = 2012 + Math.floor(next() * 20);
    const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
    const roll = next();
    return {
      id: `dev-${index}`,
      name: `Device ${index}`,
      kind: DEVICE_KINDS[index % DEVICE_KINDS.length]!,
      environmentId: `env-${index % 20}`,
      purchaseDate: `${year}-${month}-${day}`,
      purchaseCostNok: 20_000 + Math.floor(next() * 2_000_000),
      ...(roll < 0.1 ? { replacementCostNok: 50_000 + Math.floor(next() * 1_000_000) } : {}),
      ...(roll > 0.9 ? { expectedLifetimeYears: 3 + Math.floor(next() * 8) } : {}),
      vendorEndOfSupport: roll < 0.3 ? `${year + 3 + Math.floor(next() * 6)}-06-30` : roll < 0.5 ? 'announced-unknown' : null,
      payer:
        roll < 0.35
          ? { type: 'member', memberId: members[index % members.length]! }
          : roll > 0.98
            ? { type: 'shared', key: { type: 'fixed-plus-population', fixed: Math.round(next() * 10) / 10 } }
            : { type: 'shared' },
      tags: index % 50 === 0 ? ['datarom'] : [],
    } satisfies PlanDevice;
  });
}

function health(count: number): Map<string, HealthSummary> {
  const map = new Map<string, HealthSummary>();
  for (let index = 0; index < count; index += 100) map.set(`dev-${index}`, { criticalFractionLast90Days: (index % 300) / 1000, incidentsLast365Days: index % 5 });
  return map;
}

/** `gc()` without a command-line flag, so `npx tsx bench/plan.ts` works as is. */
function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * One timed run. In its own function so that the plan dies with the frame: a plan kept in a
 * loop's variables would be counted in the next run's baseline.
 */
function measureOnce(input: PlanInput, gc: () => void): { ms: number; retainedBytes: number; items: number } {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const computation = computePlan(input);
  const ms = performance.now() - started;
  gc();
  // Measured while the plan is still referenced: what answering with it costs in memory.
  const retainedBytes = process.memoryUsage().heapUsed - heapBefore;
  return { ms, retainedBytes, items: computation.plan.items.length };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function benchPlan(): Promise<void> {
  const gc = garbageCollector();
  const base = region();
  // Warm-up: let V8 optimise the hot path before anything is timed.
  computePlan({ ...base, devices: devices(2_000), fromYear: FROM, toYear: TO, asOf: `${FROM}-01-01` });

  console.log(`Reinvestment plan: ${FROM}–${TO} (${TO - FROM + 1} years), 6 members with a merger and a leaver, 20 environments, 4 key types`);
  const timings: number[] = [];
  for (const size of SIZES) {
    const input: PlanInput = { ...base, devices: devices(size), health: health(size), fromYear: FROM, toYear: TO, asOf: `${FROM}-01-01` };
    const times: number[] = [];
    let retained = 0;
    let items = 0;
    for (let run = 0; run < RUNS; run++) {
      const measured = measureOnce(input, gc);
      times.push(measured.ms);
      retained = measured.retainedBytes;
      items = measured.items;
    }
    const sorted = [...times].sort((a, b) => a - b);
    const best = sorted[0]!;
    const median = sorted[Math.floor(RUNS / 2)]!;
    timings.push(best);
    const peakRss = process.resourceUsage().maxRSS * 1024;
    console.log(
      `  ${size.toLocaleString('en')} devices: ${best.toFixed(0)} ms best of ${RUNS} (median ${median.toFixed(0)} ms; ${((best / size) * 1000).toFixed(2)} µs/device), ` +
        `${items.toLocaleString('en')} items planned, plan holds ${mb(retained)} of heap, process peak RSS ${mb(peakRss)}` +
        `${size === 100_000 ? (best < 2_000 ? '  [goal < 2 s: met]' : '  [goal < 2 s: MISSED]') : ''}`,
    );
  }
  const growth = timings[1]! / timings[0]!;
  console.log(`  growth 10k → 100k devices: ×${growth.toFixed(2)} for 10× the devices (linear = ×10)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchPlan();
