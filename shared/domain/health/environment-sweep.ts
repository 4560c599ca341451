import { limiter } from '#shared/domain/concurrency.ts';
import type { InventoryStore } from '#shared/domain/inventory-store.ts';
import { allPages } from '#shared/domain/paging.ts';
import { retryOnConflict } from '#shared/domain/retry.ts';
import { logger, type LogEntry } from '#shared/logger.ts';
import type { CheckDefinition } from '#shared/schemas/checks.ts';
import type { Device } from '#shared/schemas/device.ts';
import { backupResults } from './backup-coverage.ts';
import type { FlapPolicy } from './check-state.ts';
import { summarizeEnvironment, type BoardEntry, type DeviceHealth } from './device-status.ts';
import { evaluateDevice, type DeviceEvaluation } from './evaluate.ts';
import type { HealthStore, IncidentStore, MaintenanceStore } from './health-store.ts';
import {
  applyIncidentUpdate,
  canReopen,
  newIncidentId,
  openAutomaticIncident,
  reopenIncident,
  summaryOf,
  type IncidentPlan,
  type OpenIncidentSummary,
} from './incidents.ts';
import type { Incident } from '#shared/schemas/health.ts';
import { activeWindowsFor } from './maintenance.ts';
import { environmentMetrics, METRICS_NAMESPACE, type MetricsPublisher } from './metrics.ts';
import type { CheckResult, InventoryFacts, ProbeContext, ProbeOutput, SecretResolver } from './probe.ts';
import { runSweep, type SweepItem } from './sweep-runner.ts';
import { checkPlacementProblems, type SiteNetworksLike } from '#shared/domain/networks.ts';
import { hourStart, hoursToRollUp, percentile, rollupHour, sampleBucketOf, type HourlyRollup, type SampleBucket } from './samples.ts';
import { checkMessage, type CodedMessage } from '#shared/messages/health.ts';

/** Checks in flight at once in a collector's sweep, unless the deployment says otherwise. */
export const SWEEP_CONCURRENCY = 16;

/**
 * One sweep of one environment — what the collector function does per SQS message: run every
 * device's checks (through the probes' sweep runner: bounded concurrency, a hard deadline per
 * check), evaluate them (hysteresis,
 * flapping, maintenance, backup coverage, drift), carry out incident changes, write history and
 * the board, and publish the environment's metrics. Depends on ports only.
 */

/** Runs one check: the probes' `runCheck` (shared/adapters/probes/index.ts), or a fake in tests. */
export type RunCheck = (check: CheckDefinition, context: ProbeContext) => Promise<ProbeOutput>;

export interface SweepDependencies {
  inventory: Pick<InventoryStore, 'listDevices' | 'getEnvironment'>;
  health: HealthStore;
  incidents: IncidentStore;
  maintenance: MaintenanceStore;
  metrics: MetricsPublisher;
  runCheck: RunCheck;
  secrets: SecretResolver;
  now?: () => Date;
  /** Checks running at once in one environment (default 16). */
  concurrency?: number;
  /** Time after a check's own `timeoutMs` before the sweep stops waiting for it (default 1000 ms). */
  graceMs?: number;
  /** Publish DeviceCount per Kind and Status too (default true). */
  perKindStatus?: boolean;
  flapPolicy?: FlapPolicy;
  log?: (entry: LogEntry) => void;
}

export interface SweepReport {
  regionId: string;
  environmentId: string;
  sweepAt: string;
  devices: number;
  checksRun: number;
  transitions: number;
  incidentsOpened: string[];
  incidentsResolved: string[];
  /** Devices whose board row a later sweep had already written. */
  skipped: string[];
  checkLatencyP95Ms?: number;
  durationMs: number;
}

interface Probed {
  results: CheckResult[];
  facts?: InventoryFacts;
  durations: number[];
}

export class EnvironmentSweeper {
  private readonly now: () => Date;
  private readonly log: (entry: LogEntry) => void;

  constructor(private readonly deps: SweepDependencies) {
    this.now = deps.now ?? (() => new Date());
    this.log = deps.log ?? logger.log;
  }

  async sweep(regionId: string, environmentId: string): Promise<SweepReport> {
    const started = this.now();
    const sweepAt = started.toISOString();
    const [environment, devices, board, windows, open] = await Promise.all([
      this.deps.inventory.getEnvironment(regionId, environmentId),
      this.devicesOf(regionId, environmentId),
      this.deps.health.readBoard(regionId, environmentId),
      this.deps.maintenance.listWindows(regionId, environmentId),
      this.deps.incidents.listOpen(regionId, environmentId),
    ]);
    const boardById = new Map(board.map((entry) => [entry.deviceId, entry]));

    // 1. Probe every device.
    const probed = await this.probeAll({ id: environmentId, ...(environment?.siteNetworks ? { siteNetworks: environment.siteNetworks } : {}) }, devices, boardById);

    // 2. Evaluate each device.
    const evaluations = devices.map((device, index) => {
      const entry = boardById.get(device.id);
      const results = [...(probed[index]?.results ?? []), ...backupResults(device.monitoring?.backup, entry?.backup, started)];
      return evaluateDevice({
        device,
        ...(entry?.health ? { previous: entry.health } : {}),
        results,
        ...(probed[index]?.facts ? { facts: probed[index].facts } : {}),
        sweepAt,
        activeWindowIds: activeWindowsFor(windows, device.id, started).map((window) => window.id),
        ...withOpen(open.find((incident) => incident.deviceId === device.id && incident.source === 'automatic')),
        ...(this.deps.flapPolicy ? { flapPolicy: this.deps.flapPolicy } : {}),
      });
    });

    // 3. Incidents before the board: a failure here fails the message and the sweep is retried.
    const report = { opened: [] as string[], resolved: [] as string[] };
    let openNow = [...open];
    for (const evaluation of evaluations) openNow = await this.carryOutIncident(regionId, environmentId, evaluation, openNow, report);

    // 4. History: one sample bucket per device (with its status, for the plan's critical share),
    // plus roll-ups of hours that completed.
    // A device with nothing checked has nothing to keep: no empty item (and no write unit) for it.
    const samples: SampleBucket[] = evaluations
      .filter((evaluation) => evaluation.health.checks.length > 0)
      .map((evaluation) => sampleBucketOf(evaluation.health.deviceId, sweepAt, currentResults(evaluation.health), evaluation.health.status));
    const rollups = await this.rollUp(regionId, evaluations, boardById, started, limiter(this.deps.concurrency ?? SWEEP_CONCURRENCY));
    await this.deps.health.writeHistory(regionId, samples, rollups);

    // 5. The board, and rows of devices that have left the environment.
    const previousHealth = new Map(board.flatMap((entry) => (entry.health ? [[entry.deviceId, entry.health] as const] : [])));
    const { skipped } = await this.deps.health.saveHealth(regionId, environmentId, evaluations.map((evaluation) => evaluation.health), previousHealth);
    const present = new Set(devices.map((device) => device.id));
    const gone = board.filter((entry) => !present.has(entry.deviceId)).map((entry) => entry.deviceId);
    if (gone.length > 0) await this.deps.health.removeFromBoard(regionId, environmentId, gone);

    // 6. Metrics. A CloudWatch hiccup must not fail the sweep (a retry would count the checks twice).
    const durations = probed.flatMap((output) => output.durations);
    const p95 = percentile(durations, 95);
    const newBoard: BoardEntry[] = evaluations.map((evaluation) => ({
      deviceId: evaluation.health.deviceId,
      health: evaluation.health,
      ...(boardById.get(evaluation.health.deviceId)?.backup ? { backup: boardById.get(evaluation.health.deviceId)?.backup } : {}),
    }));
    const summary = summarizeEnvironment(newBoard, openNow, started);
    try {
      await this.deps.metrics.publish(
        METRICS_NAMESPACE,
        environmentMetrics(
          { regionId, environmentId, at: started, summary, ...(p95 !== undefined ? { checkLatencyP95Ms: p95 } : {}) },
          { perKindStatus: this.deps.perKindStatus ?? true },
        ),
      );
    } catch (error) {
      this.log({ level: 'error', message: 'publishing metrics failed', regionId, environmentId, error: (error as Error).message });
    }

    return {
      regionId,
      environmentId,
      sweepAt,
      devices: devices.length,
      checksRun: durations.length,
      transitions: evaluations.reduce((sum, evaluation) => sum + evaluation.transitions.length, 0),
      incidentsOpened: report.opened,
      incidentsResolved: report.resolved,
      skipped,
      ...(p95 !== undefined ? { checkLatencyP95Ms: p95 } : {}),
      durationMs: this.now().getTime() - started.getTime(),
    };
  }

  private devicesOf(regionId: string, environmentId: string): Promise<Device[]> {
    return allPages((page) => this.deps.inventory.listDevices(regionId, { environmentId }, page));
  }

  /**
   * Runs every check of every device through the probes' sweep runner (bounded concurrency, a hard
   * deadline per check) and groups the outcomes back per device.
   */
  private async probeAll(environment: { id: string; siteNetworks?: SiteNetworksLike }, devices: readonly Device[], boardById: ReadonlyMap<string, BoardEntry>): Promise<Probed[]> {
    // Re-checked right before anything is sent: a check aimed outside the environment, or naming
    // another environment's secret, is not run (a record written before the rule existed, or after
    // the environment's networks shrank, must not leak a secret). It shows as unknown, saying why.
    const refused = new Map<CheckDefinition, CodedMessage>();
    for (const device of devices) {
      for (const check of device.monitoring?.checks ?? []) {
        const problems = checkPlacementProblems(check, environment);
        if (problems.length > 0) refused.set(check, checkMessage('check.not-run', { problems: problems.map((p) => `${p.field} ${p.problem}`).join('; ') }));
      }
    }
    if (refused.size > 0) this.log({ level: 'warn', message: 'checks refused: outside their environment', environmentId: environment.id, checks: refused.size });
    const items: SweepItem[] = devices.flatMap((device) => {
      const previous = boardById.get(device.id)?.health;
      return (device.monitoring?.checks ?? []).map((check) => ({
        key: device.id,
        check,
        previous: (previous?.checks ?? [])
          .filter((state) => state.name === check.name || state.name.startsWith(`${check.name}.`))
          .map((state) => resultOf(state)),
      }));
    });
    const runCheck: RunCheck = async (check, context) => {
      const why = refused.get(check);
      if (why === undefined) return this.deps.runCheck(check, context);
      return { results: [{ name: check.name, type: check.type, status: 'unknown', ...why, observedAt: context.now().toISOString() }], durationMs: 0 };
    };
    const sweep = await runSweep({
      items,
      concurrency: this.deps.concurrency ?? SWEEP_CONCURRENCY,
      runCheck,
      context: { secrets: this.deps.secrets, now: this.now },
      graceMs: this.deps.graceMs ?? 1_000,
    });
    const byDevice = new Map<string, Probed>();
    for (const outcome of sweep.outcomes) {
      const probed = byDevice.get(outcome.key) ?? { results: [], durations: [] };
      probed.results.push(...outcome.output.results);
      probed.durations.push(outcome.output.durationMs);
      if (outcome.output.facts) probed.facts = { ...probed.facts, ...outcome.output.facts };
      byDevice.set(outcome.key, probed);
    }
    return devices.map((device) => byDevice.get(device.id) ?? { results: [], durations: [] });
  }

  private async carryOutIncident(
    regionId: string,
    environmentId: string,
    evaluation: DeviceEvaluation,
    open: OpenIncidentSummary[],
    report: { opened: string[]; resolved: string[] },
  ): Promise<OpenIncidentSummary[]> {
    const plan = evaluation.incident;
    const health = evaluation.health;
    if (plan.action === 'none') return open;
    if (plan.action === 'open') {
      const incident = (await this.reopen(regionId, environmentId, plan, health.lastSweepAt)) ??
        (await this.deps.incidents.create(regionId, openAutomaticIncident(newIncidentId(new Date(health.lastSweepAt)), environmentId, health.deviceId, health.lastSweepAt, plan)));
      health.openIncidentId = incident.id;
      delete health.lastResolvedIncident;
      report.opened.push(incident.id);
      this.log({ level: 'info', message: plan.reopenIncidentId === incident.id ? 'incident reopened' : 'incident opened', regionId, environmentId, deviceId: health.deviceId, incidentId: incident.id, planned: incident.planned });
      return [...open, summaryOf(incident)];
    }
    // An operator writing meanwhile makes it read again.
    return retryOnConflict(async () => {
      const current = await this.deps.incidents.get(regionId, environmentId, plan.incidentId);
      if (!current) {
        delete health.openIncidentId;
        return open.filter((incident) => incident.id !== plan.incidentId);
      }
      const { version, ...record } = current;
      const next = applyIncidentUpdate(record, plan, health.lastSweepAt);
      if (next !== record) await this.deps.incidents.save(regionId, next, version);
      const rest = open.filter((incident) => incident.id !== plan.incidentId);
      if (next.state === 'resolved') {
        delete health.openIncidentId;
        if (current.state !== 'resolved') {
          health.lastResolvedIncident = { id: next.id, resolvedAt: health.lastSweepAt };
          report.resolved.push(next.id);
          this.log({ level: 'info', message: 'incident resolved on recovery', regionId, environmentId, deviceId: health.deviceId, incidentId: next.id });
        }
        return rest;
      }
      return [...rest, summaryOf(next)];
    });
  }

  /** Reopens the incident the plan names if the monitor itself resolved it; undefined otherwise. */
  private async reopen(regionId: string, environmentId: string, plan: Extract<IncidentPlan, { action: 'open' }>, at: string): Promise<Incident | undefined> {
    if (!plan.reopenIncidentId) return undefined;
    const reopenId = plan.reopenIncidentId;
    return retryOnConflict(async () => {
      const current = await this.deps.incidents.get(regionId, environmentId, reopenId);
      if (!current) return undefined;
      const { version, ...record } = current;
      if (!canReopen(record)) return undefined;
      return this.deps.incidents.save(regionId, reopenIncident(record, plan, at), version);
    });
  }

  /**
   * Roll-ups of the hours that completed since a device was last rolled up. A device seen for the
   * first time has no samples before now, so it starts from the current hour without reading.
   */
  private async rollUp(
    regionId: string,
    evaluations: readonly DeviceEvaluation[],
    boardById: ReadonlyMap<string, BoardEntry>,
    now: Date,
    run: <T>(task: () => Promise<T>) => Promise<T>,
  ): Promise<HourlyRollup[]> {
    const rollups: HourlyRollup[] = [];
    await Promise.all(
      evaluations.map(async ({ health }) => {
        const previous = boardById.get(health.deviceId)?.health;
        if (!previous) {
          health.rolledUpThrough = new Date(hourStart(now).getTime() - 3_600_000).toISOString();
          return;
        }
        for (const hour of hoursToRollUp(previous.rolledUpThrough, now)) {
          const samples = await run(() => this.deps.health.readSamples(regionId, health.deviceId, hour, new Date(hour.getTime() + 3_600_000)));
          const rollup = rollupHour(health.deviceId, hour, samples);
          if (rollup) rollups.push(rollup);
          health.rolledUpThrough = hour.toISOString();
        }
      }),
    );
    return rollups;
  }
}

function withOpen(incident: OpenIncidentSummary | undefined): { openIncident?: OpenIncidentSummary } {
  return incident ? { openIncident: incident } : {};
}

/** A check state as the result it was made from (for the probes' `previous` and for samples). */
function resultOf(state: DeviceHealth['checks'][number]): CheckResult {
  return {
    name: state.name,
    type: state.type,
    status: state.rawStatus,
    observedAt: state.observedAt,
    ...(state.value !== undefined ? { value: state.value } : {}),
    ...(state.unit !== undefined ? { unit: state.unit } : {}),
    ...(state.extra !== undefined ? { extra: state.extra } : {}),
  };
}

/** This sweep's results as stored in the device's health (raw statuses: history shows what was measured). */
function currentResults(health: DeviceHealth): CheckResult[] {
  return health.checks.map(resultOf);
}
