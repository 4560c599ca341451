/**
 * Benchmark of the project portfolio (issue 8): priorities + budget-constrained plan + a scenario
 * comparison (base against "delay the top projects a year", with risk exposure) for 100, 500 and
 * 2,000 projects × 30 members over six years, through the same pure functions the API uses (no
 * database). Each size runs seven times; it prints the median (and best) of the whole, the parts'
 * medians, and the growth ratio 500 → 2,000 against the 4× more projects (linear = ×4), the
 * baseline being the 500-project run of this same process. Goal: 500 × 30 under 200 ms (wall
 * median). The process's CPU time is printed beside it: with other work on the cores, wall time
 * grows with the machine's load and CPU time much less.
 * Run alone: `npx tsx bench/portfolio.ts` (part of `npm run bench`).
 */
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { EnvelopeLine } from '#shared/domain/portfolio/envelopes.ts';
import { projectEnvelopes } from '#shared/domain/portfolio/envelopes.ts';
import { buildPortfolioPlan } from '#shared/domain/portfolio/plan.ts';
import { computePriorities, type PortfolioProject } from '#shared/domain/portfolio/priorities.ts';
import type { RiskDevice } from '#shared/domain/portfolio/risk.ts';
import { BASE_SCENARIO, compareScenarios, type PortfolioInputs, type ScenarioRef } from '#shared/domain/portfolio/scenarios.ts';
import { memberDirectory, type MemberRecord } from '#shared/domain/reinvestment/membership-on-date.ts';
import type { CostKey } from '#shared/schemas/cost-key.ts';
import { DEFAULT_CRITERIA, type ProjectStatus } from '#shared/schemas/portfolio.ts';

const SIZES = [100, 500, 2_000];
const MEMBERS = 30;
const FROM = 2025;
const TO = 2030;
const RUNS = 7;
const GOAL_MS = 200;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** 30 members; member-1 merges into member-0 in 2027 and member-2 leaves in 2029. */
function members(): MemberRecord[] {
  return Array.from({ length: MEMBERS }, (_, i) => ({
    id: `member-${i}`,
    name: `Member ${i}`,
    joinedOn: '2014-01-01',
    population: [{ from: '2014-01-01', value: 1_000 + ((i * 7_919) % 40_000) }],
    ...(i === 1 ? { mergedInto: 'member-0', mergedOn: '2027-01-01' } : {}),
    ...(i === 2 ? { leftOn: '2029-01-01' } : {}),
  }));
}

const KEYS: CostKey[] = [{ type: 'equal' }, { type: 'population' }, { type: 'fixed-plus-population', fixed: 0.3 }];
const STATUSES: ProjectStatus[] = ['assessed', 'approved', 'approved', 'in-progress', 'idea', 'done'];

function inputs(count: number): { portfolio: PortfolioInputs; risk: RiskDevice[] } {
  const next = random(count);
  const memberIds = members().map((m) => m.id);
  const projects: PortfolioProject[] = Array.from({ length: count }, (_, i) => {
    const first = FROM + Math.floor(next() * 5);
    const span = 1 + Math.floor(next() * 3);
    const participantCount = 3 + Math.floor(next() * (MEMBERS - 3));
    const offset = Math.floor(next() * MEMBERS);
    return {
      id: `p-${String(i).padStart(5, '0')}`,
      title: `Project ${i}`,
      description: '',
      proposedBy: memberIds[offset]!,
      participants: Array.from({ length: participantCount }, (_, k) => memberIds[(offset + k) % MEMBERS]!),
      category: 'bench',
      status: STATUSES[i % STATUSES.length]!,
      costs: Array.from({ length: span }, (_, k) => ({ year: first + k, investmentNok: 100_000 + Math.floor(next() * 3_000_000), operatingNok: Math.floor(next() * 200_000) })),
      ...(i % 5 === 0 ? {} : { key: KEYS[i % KEYS.length]! }),
      dependsOn: i > 10 && i % 7 === 0 ? [`p-${String(i - 7).padStart(5, '0')}`] : [],
      deviceIds: [`d-${2 * i}`, `d-${2 * i + 1}`],
      risks: [],
      ratings: i % 11 === 0 ? { benefit: 3 } : Object.fromEntries(DEFAULT_CRITERIA.map((c) => [c.id, 1 + Math.floor(next() * 5)])),
      benefits: [],
      ...(i % 97 === 0 ? { forced: 'in' as const } : i % 89 === 0 ? { forced: 'out' as const } : {}),
    };
  });
  const risk: RiskDevice[] = Array.from({ length: 2 * count }, (_, d) => {
    const shared = memberIds.slice(d % 10, (d % 10) + 6).map((memberId) => ({ memberId, fraction: 1 / 6 }));
    return {
      deviceId: `d-${d}`,
      criticality: 1 + (d % 5),
      dueYear: FROM + (d % 8) - 1,
      vendorEndOfSupport: d % 3 === 0 ? `${FROM + (d % 6)}-06-30` : null,
      fractionsByYear: new Map(Array.from({ length: TO - FROM + 1 }, (_, y) => [FROM + y, shared])),
    };
  });
  // Each member ranks a different half of the projects.
  const rankings = memberIds.map((memberId, m) => ({
    memberId,
    projectIds: projects.filter((_, i) => (i + m) % 2 === 0).map((p) => p.id).sort((a, b) => ((a.charCodeAt(3) + m) % 7) - ((b.charCodeAt(3) + m) % 7)),
  }));
  const budgetLines: EnvelopeLine[] = [
    { id: 'projects', name: 'Projects', fromYear: FROM, toYear: TO, amountNok: count * 900_000, per: 'year', kinds: [], tags: [], scope: 'projects' },
    { id: 'shared', name: 'Shared', fromYear: FROM, toYear: TO, amountNok: count * 1_200_000, per: 'total', kinds: ['server'], tags: [], scope: 'both' },
  ];
  return {
    portfolio: {
      projects,
      settings: { criteria: DEFAULT_CRITERIA, alpha: 0.5, memberWeighting: 'cost-share' },
      rankings,
      members: memberDirectory(members()),
      defaultKey: { type: 'fixed-plus-population', fixed: 0.3 },
      budgetLines,
      devices: new Map(risk.map((d) => [d.deviceId, d])),
      asOf: `${FROM}-01-01`,
    },
    risk,
  };
}

/** Delay the ten best-rated projects by a year. */
function delayScenario(portfolio: PortfolioInputs): ScenarioRef {
  const ids = portfolio.projects.slice(0, 10).map((p) => p.id);
  return { id: 'delay', overrides: { delays: ids.map((projectId) => ({ projectId, years: 1 })), envelopes: [], forced: [] } };
}

interface Timing {
  total: number;
  /** CPU time of the process over the run: less disturbed than wall time when other work shares the cores. */
  cpu: number;
  priorities: number;
  plan: number;
  compare: number;
}

function measureOnce(portfolio: PortfolioInputs, risk: RiskDevice[], scenario: ScenarioRef): Timing {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const priorities = computePriorities({ ...portfolio, year: FROM });
  const t1 = performance.now();
  buildPortfolioPlan({
    scenarioId: 'base',
    from: FROM,
    to: TO,
    projects: portfolio.projects,
    priorities,
    envelope: projectEnvelopes(portfolio.budgetLines, FROM, TO),
    members: portfolio.members,
    defaultKey: portfolio.defaultKey,
  });
  const t2 = performance.now();
  compareScenarios(portfolio, risk, BASE_SCENARIO, scenario, FROM, TO);
  const t3 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return { total: t3 - t0, cpu: (cpu.user + cpu.system) / 1000, priorities: t1 - t0, plan: t2 - t1, compare: t3 - t2 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchPortfolio(): Promise<void> {
  // Warm-up on other data of a middle size: let V8 optimise the hot paths before anything is timed.
  const warm = inputs(499);
  for (let i = 0; i < 15; i++) measureOnce(warm.portfolio, warm.risk, delayScenario(warm.portfolio));

  console.log(
    `Portfolio: priorities + plan + scenario comparison, ${MEMBERS} members (a merger, a leaver), ${FROM}–${TO}, 2 devices per project for risk ` +
      `(load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
  );
  const medians = new Map<number, number>();
  const cpuMedians = new Map<number, number>();
  for (const size of SIZES) {
    const { portfolio, risk } = inputs(size);
    const scenario = delayScenario(portfolio);
    const runs = Array.from({ length: RUNS }, () => measureOnce(portfolio, risk, scenario));
    const total = median(runs.map((r) => r.total));
    medians.set(size, total);
    const cpu = median(runs.map((r) => r.cpu));
    cpuMedians.set(size, cpu);
    const best = Math.min(...runs.map((r) => r.total));
    const goal =
      size === 500 ? `  [goal < ${GOAL_MS} ms: ${total < GOAL_MS ? 'met' : 'MISSED'} on wall time, ${cpu < GOAL_MS ? 'met' : 'MISSED'} on CPU time]` : '';
    console.log(
      `  ${size.toLocaleString('en')} projects × ${MEMBERS}: median ${total.toFixed(1)} ms (best ${best.toFixed(1)}, CPU median ${cpu.toFixed(1)}; priorities ${median(runs.map((r) => r.priorities)).toFixed(1)}, ` +
        `plan ${median(runs.map((r) => r.plan)).toFixed(1)}, compare ${median(runs.map((r) => r.compare)).toFixed(1)} ms)${goal}`,
    );
  }
  const baseline = medians.get(500)!;
  console.log(`  growth 100 → 500 projects: ×${(baseline / medians.get(100)!).toFixed(2)} for 5× (linear = ×5)`);
  console.log(`  growth 500 → 2,000 projects: ×${(medians.get(2_000)! / baseline).toFixed(2)} for 4× (linear = ×4)`);
  console.log(
    `  on CPU time: ×${(cpuMedians.get(500)! / cpuMedians.get(100)!).toFixed(2)} for 5×, ×${(cpuMedians.get(2_000)! / cpuMedians.get(500)!).toFixed(2)} for 4×`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchPortfolio();
