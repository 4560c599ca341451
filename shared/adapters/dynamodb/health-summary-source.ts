import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '#shared/domain/concurrency.ts';
import { incidentIdPrefix } from '#shared/domain/health/incidents.ts';
import {
  criticalTime,
  healthSummaryOf,
  healthWindows,
  incidentCounts,
  type CriticalTime,
  type IncidentFacts,
  type TimeWindow,
} from '#shared/domain/health/plan-health.ts';
import type { HealthScope, HealthSummary, HealthSummarySource } from '#shared/domain/reinvestment/health-summary.ts';
import { ROLLUP_CRITICAL, ROLLUP_SWEEPS, rollupDeviceOf } from './health-rollups.ts';
import { sampleKeys } from './health-keys.ts';
import { incidentKeys } from './incident-keys.ts';
import { queryAll } from './query-all.ts';

/** Queries in flight at once (default): below the SDK's 50 sockets, so other reads still get through. */
const DEFAULT_CONCURRENCY = 32;

export interface DynamoDbHealthSummarySourceOptions {
  /** Queries in flight at once (default 32). */
  concurrency?: number;
  /** Called once per Query request sent (each page counts), for tests and the benchmark. */
  onQuery?: (what: 'rollups' | 'incidents') => void;
}

/**
 * {@link HealthSummarySource} on the single table: the reinvestment plan's health figures, read
 * from the hourly roll-ups and the incidents the monitor keeps (the counting is in
 * `shared/domain/health/plan-health.ts`). No Scan, no index.
 *
 * Requests for a plan over D devices (the whole-plan path asks only about devices rule 4 can move,
 * i.e. not yet due this year; an explanation about its one device) in a region with E environments:
 * - incidents: one Query per environment on the key range of ids opened in the 365 days
 *   (`INCIDENT#inc-{from} … INCIDENT#inc-{to}`: ids begin with their opening time), projected to
 *   the three attributes counted, plus a page per further MB of that year's incidents. Every
 *   environment of the region is read, so a device's incidents still count after it moves.
 * - critical share: one Query per device on its hourly partition over the 90 days (at most 2 160
 *   roll-ups), projected to `sk, sw, cr`. Roll-ups are keyed by device (history follows a device
 *   that moves), so this read is per device, not per environment. A roll-up is ≈ 140 B plus ≈ 45 B
 *   per check, so 90 days are 0.3 MB (1 check) to 1.2 MB (11 checks): one or two 1 MB pages. An
 *   unmonitored device answers one empty page.
 * So E + D requests (+ extra pages), at most `concurrency` in flight, none at all when D = 0.
 * Read units follow item size, not the projection: ≈ 40 (1 check) to 160 (11 checks) eventually
 * consistent units per monitored device, 0.5 per unmonitored one, plus a year of incidents per
 * environment — for 1 000 monitored devices ≈ 0.1–0.16 M read units per plan. The projection keeps
 * what travels small (≈ 50 B per roll-up).
 */
export class DynamoDbHealthSummarySource implements HealthSummarySource {
  private readonly concurrency: number;

  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
    private readonly options: DynamoDbHealthSummarySourceOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  }

  async summariesFor(regionId: string, asOf: string, scope: HealthScope): Promise<ReadonlyMap<string, HealthSummary>> {
    const deviceIds = [...new Set(scope.devices.map((device) => device.id))];
    if (deviceIds.length === 0) return new Map();
    const windows = healthWindows(asOf);
    const environmentIds = [...new Set([...scope.environmentIds, ...scope.devices.map((device) => device.environmentId)])];
    // With one device (an explanation) DynamoDB filters the incidents; for a plan the domain does.
    const only = deviceIds.length === 1 ? deviceIds[0] : undefined;

    const tasks: Array<() => Promise<void>> = [];
    const incidents: IncidentFacts[] = [];
    const critical = new Map<string, CriticalTime>();
    for (const environmentId of environmentIds) {
      tasks.push(async () => void incidents.push(...(await this.incidentsOf(regionId, environmentId, windows.incidents, only))));
    }
    for (const deviceId of deviceIds) {
      tasks.push(async () => void critical.set(deviceId, await this.criticalTimeOf(regionId, deviceId, windows.critical)));
    }
    await mapWithConcurrency(tasks, this.concurrency, (task) => task());

    const counts = incidentCounts(incidents, windows.incidents, new Set(deviceIds));
    const summaries = new Map<string, HealthSummary>();
    for (const deviceId of deviceIds) {
      const summary = healthSummaryOf(critical.get(deviceId) ?? { observedSweeps: 0, criticalSweeps: 0 }, counts.get(deviceId) ?? 0);
      if (summary) summaries.set(deviceId, summary);
    }
    return summaries;
  }

  /** The device's roll-ups whose hour starts in the window, as counts. */
  private async criticalTimeOf(regionId: string, deviceId: string, window: TimeWindow): Promise<CriticalTime> {
    const items = await this.queryAll('rollups', {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ProjectionExpression: '#sk, #sweeps, #critical',
      ExpressionAttributeNames: { '#sk': 'sk', '#sweeps': ROLLUP_SWEEPS, '#critical': ROLLUP_CRITICAL },
      ExpressionAttributeValues: { ':pk': sampleKeys.hourly(regionId, deviceId), ':from': window.from.toISOString(), ':to': window.to.toISOString() },
    });
    return criticalTime(
      items.flatMap((item) => {
        const device = rollupDeviceOf(item);
        return device ? [{ hour: String(item.sk), device }] : [];
      }),
      window,
    );
  }

  /** Incidents of an environment opened in the window (a key range: ids start with their opening time). */
  private async incidentsOf(regionId: string, environmentId: string, window: TimeWindow, deviceId: string | undefined): Promise<IncidentFacts[]> {
    const items = await this.queryAll('incidents', {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      // Ids opened at `to` or later sort after `INCIDENT#inc-{to}` (it is their prefix), so BETWEEN is [from, to).
      FilterExpression: deviceId === undefined ? 'attribute_exists(#device)' : '#device = :device',
      ProjectionExpression: '#device, #openedAt, #planned',
      ExpressionAttributeNames: { '#device': 'deviceId', '#openedAt': 'openedAt', '#planned': 'planned' },
      ExpressionAttributeValues: {
        ':pk': incidentKeys.partition(regionId, environmentId),
        ':from': `${incidentKeys.prefix}${incidentIdPrefix(window.from)}`,
        ':to': `${incidentKeys.prefix}${incidentIdPrefix(window.to)}`,
        ...(deviceId === undefined ? {} : { ':device': deviceId }),
      },
    });
    return items.map((item) => ({ deviceId: String(item.deviceId), openedAt: String(item.openedAt), planned: item.planned === true }));
  }

  private queryAll(what: 'rollups' | 'incidents', input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Array<Record<string, unknown>>> {
    const onQuery = this.options.onQuery;
    return queryAll(this.doc, { TableName: this.tableName, ...input }, onQuery && (() => onQuery(what)));
  }
}
