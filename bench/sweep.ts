/**
 * Sweep benchmark: starts the built-in lab, then runs a sweep of 1,000 checks against it (the
 * lab's SNMP v2c/v3, node_exporter and HTTPS targets, repeated) with bounded concurrency, and
 * prints how long it took against the 60 s sweep interval. Goal: under 30 s on the 2-core
 * machine, so a sweep never overlaps the next one even with slow devices in the mix.
 *
 * Two sweeps run: the first cold, the second with the first one's results as `previous` (as in
 * production: CPU is then measured from counters, and reboots are looked for). The baseline,
 * measured in the same run, is the same mix run one check at a time (100 checks, scaled up):
 * the ratio says what the bounded concurrency buys.
 * The lab runs in this same process, so its work counts against the collectors' time: the
 * figure is pessimistic compared with collectors probing real devices.
 *
 *   npx tsx bench/sweep.ts            (or import { benchSweep } from './sweep.ts')
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { DataFolderSecrets } from '#shared/adapters/secrets/data-folder-secrets.ts';
import type { CheckResult } from '#shared/domain/health/probe.ts';
import { runSweep, type SweepItem, type SweepReport } from '#shared/domain/health/sweep-runner.ts';
import { startLab } from '../local/lab/index.ts';

export const SWEEP_CHECKS = 1000;
export const SWEEP_CONCURRENCY = 64;
export const SWEEP_INTERVAL_MS = 60_000;
export const SWEEP_GOAL_MS = 30_000;

export async function benchSweep(): Promise<void> {
  const lab = await startLab({ basePort: 0 });
  try {
    const definitions = Object.entries(lab.targets).flatMap(([deviceId, monitoring]) => monitoring.checks.map((check) => ({ deviceId, check })));
    const items: SweepItem[] = Array.from({ length: SWEEP_CHECKS }, (_, i) => {
      const { deviceId, check } = definitions[i % definitions.length]!;
      return { key: `${deviceId}#${Math.floor(i / definitions.length)}`, check };
    });
    // The collectors' own local resolver, fed the way local/lab-link.ts feeds it: a file per secret.
    const secrets = new DataFolderSecrets(mkdtempSync(join(tmpdir(), 'driftsbilde-bench-secrets-')));
    for (const [ref, value] of Object.entries(lab.secrets)) secrets.put(ref, value);
    const context = { secrets, now: () => new Date() };

    const mix = countBy(items.map((item) => item.check.type));
    console.log(`sweep benchmark: ${SWEEP_CHECKS} checks (${Object.entries(mix).map(([t, n]) => `${n} ${t}`).join(', ')}), concurrency ${SWEEP_CONCURRENCY}, ${definitions.length} distinct lab targets`);

    const baselineItems = items.slice(0, 100);
    const baseline = await runSweep({ items: baselineItems, concurrency: 1, runCheck, context });
    const sequentialMs = (baseline.totalMs / baselineItems.length) * items.length;
    console.log(`baseline: one at a time, ${(baseline.totalMs / baselineItems.length).toFixed(1)} ms per check → ${(sequentialMs / 1000).toFixed(1)} s for ${items.length}`);

    const cold = await runSweep({ items, concurrency: SWEEP_CONCURRENCY, runCheck, context });
    print('sweep 1 (cold)', cold);
    const previousByKey = new Map<string, CheckResult[]>(cold.outcomes.map((o) => [o.key, o.output.results]));
    const warm = await runSweep({
      items: items.map((item) => ({ ...item, previous: previousByKey.get(item.key) ?? [] })),
      concurrency: SWEEP_CONCURRENCY,
      runCheck,
      context,
    });
    print('sweep 2 (with previous results)', warm);
    const worst = Math.max(cold.totalMs, warm.totalMs);
    console.log(`ratio: the slowest concurrent sweep is ${(sequentialMs / worst).toFixed(1)}× faster than one at a time`);
    console.log(
      worst < SWEEP_GOAL_MS
        ? `PASS: slowest sweep ${(worst / 1000).toFixed(1)} s is under the ${SWEEP_GOAL_MS / 1000} s goal`
        : `FAIL: slowest sweep ${(worst / 1000).toFixed(1)} s is over the ${SWEEP_GOAL_MS / 1000} s goal`,
    );
    if (worst >= SWEEP_GOAL_MS) process.exitCode = 1;
  } finally {
    await lab.stop();
  }
}

function print(title: string, report: SweepReport): void {
  const statuses = countBy(report.outcomes.flatMap((o) => o.output.results.map((r) => r.status)));
  const timeouts = report.outcomes.filter((o) => o.output.results.some((r) => /no (SNMP |HTTP )?(answer|response) within/.test(r.message ?? ''))).length;
  const seconds = report.totalMs / 1000;
  console.log(
    `${title}: ${seconds.toFixed(2)} s for ${report.outcomes.length} checks = ${((100 * report.totalMs) / SWEEP_INTERVAL_MS).toFixed(1)} % of the ${SWEEP_INTERVAL_MS / 1000} s interval` +
      ` (${(report.outcomes.length / seconds).toFixed(0)} checks/s); per check p50 ${report.durations.p50.toFixed(0)} ms, p95 ${report.durations.p95.toFixed(0)} ms, max ${report.durations.max.toFixed(0)} ms;` +
      ` results ${Object.entries(statuses).map(([s, n]) => `${s} ${n}`).join(', ')}; timed out ${timeouts}`,
  );
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchSweep();
}
