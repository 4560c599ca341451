import { mapWithConcurrency } from '#shared/domain/concurrency.ts';
import { BACKUP_COVERAGE_RESULT } from '#shared/domain/health/backup-coverage.ts';
import type { InventoryStore } from '#shared/domain/inventory-store.ts';
import { allPages } from '#shared/domain/paging.ts';
import type { EnvironmentHistory, SweepRecord } from '#shared/domain/portfolio/benefits.ts';
import type { EnvironmentHistorySource } from '#shared/domain/portfolio-service/portfolio.ts';
import type { DynamoDbRollupReader } from './health-rollups.ts';
import type { DynamoDbIncidentStore } from './incident-store.ts';

/** Devices whose roll-ups are read at once. */
const READ_CONCURRENCY = 8;

/**
 * An environment's monitoring history as the benefit measures read it, from what the monitor
 * stores: the devices' hourly roll-ups (kept two years, so a 90-day baseline and the months after a
 * project are there; raw samples are kept only 30 days) and the environment's incidents.
 *
 * A roll-up hour is one sweep record: a device that was swept that hour is ok when none of the
 * hour's sweeps found it critical. So availability is the share of hours in which every device of
 * criticality ≥ 4 that was watched was never critical — the per-sweep figure at hourly resolution.
 * Backup coverage likewise: a device whose backup is required has the sweep's backup-coverage result
 * in its roll-up, covered for the hour when none of the hour's sweeps found the backup missing.
 */
export class DynamoDbEnvironmentHistorySource implements EnvironmentHistorySource {
  constructor(
    private readonly inventory: Pick<InventoryStore, 'listDevices'>,
    private readonly health: Pick<DynamoDbRollupReader, 'readRollups'>,
    private readonly incidents: Pick<DynamoDbIncidentStore, 'list'>,
  ) {}

  async historyOf(regionId: string, environmentId: string, fromDay: string, toDay: string): Promise<EnvironmentHistory> {
    const from = new Date(`${fromDay}T00:00:00.000Z`);
    const to = new Date(`${toDay}T00:00:00.000Z`);
    const [devices, incidents] = await Promise.all([
      allPages((page) => this.inventory.listDevices(regionId, { environmentId }, page)),
      allPages((page) => this.incidents.list(regionId, environmentId, { openOnly: false }, page)),
    ]);
    const rollups = await mapWithConcurrency(devices, READ_CONCURRENCY, async (device) => ({ device, rollups: await this.health.readRollups(regionId, device.id, from, to) }));
    const byHour = new Map<string, SweepRecord['devices'][number][]>();
    for (const { device, rollups: hours } of rollups) {
      for (const hour of hours) {
        if (!hour.device || hour.device.sweeps === 0) continue;
        const devicesOfHour = byHour.get(hour.hour) ?? [];
        const backup = hour.checks[BACKUP_COVERAGE_RESULT];
        devicesOfHour.push({
          criticality: device.criticality,
          ok: hour.device.critical === 0,
          ...(backup ? { backup: backup.worst === 'ok' ? ('covered' as const) : ('missing' as const) } : {}),
        });
        byHour.set(hour.hour, devicesOfHour);
      }
    }
    const sweeps = [...byHour.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([at, swept]) => ({ at, devices: swept }));
    const incidentsOpenedAt = incidents.map((incident) => incident.openedAt).filter((at) => at >= from.toISOString() && at < to.toISOString());
    return { sweeps, incidentsOpenedAt };
  }
}
