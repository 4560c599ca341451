import type { DeviceKind } from '#shared/schemas/common.ts';
import type { DriftEntry, EnvironmentSummary, ObservedFacts } from '#shared/schemas/health.ts';
import { backupAgeHours, type BackupState } from './backup-coverage.ts';
import type { CheckState } from './check-state.ts';
import type { OpenIncidentSummary } from './incidents.ts';
import { STATUS_SEVERITY, type CheckStatus } from './probe.ts';

/**
 * A device's latest health, as kept in one item per device so that an environment's board is one
 * Query. Written by each sweep; the backup state beside it is written by the backup ingest.
 */
export interface DeviceHealth {
  deviceId: string;
  name: string;
  kind: DeviceKind;
  environmentId: string;
  /** Worst of the checks' (hysteresis) statuses; unknown when nothing is checked. */
  status: CheckStatus;
  /** When `status` last changed. */
  since: string;
  checks: CheckState[];
  /** Some check is flapping. */
  flapping: boolean;
  inMaintenance: boolean;
  maintenanceWindowIds: string[];
  /** The open automatic incident of this device, if any. */
  openIncidentId?: string;
  /** The last automatic incident the monitor resolved on recovery: reopened if the device fails again soon. */
  lastResolvedIncident?: { id: string; resolvedAt: string };
  observed?: ObservedFacts;
  drift: DriftEntry[];
  lastSweepAt: string;
  /** Start (ISO) of the last hour whose samples were rolled up; the next roll-up starts after it. */
  rolledUpThrough?: string;
}

/** One row of an environment's board: the latest health and the pushed backup state, either may be missing. */
export interface BoardEntry {
  deviceId: string;
  health?: DeviceHealth;
  backup?: BackupState;
}

/** What of a device's health the board draws and counts (the region board reads only these). */
export type BoardHealth = Pick<DeviceHealth, 'deviceId' | 'name' | 'kind' | 'status' | 'since' | 'checks' | 'flapping' | 'inMaintenance' | 'openIncidentId' | 'lastSweepAt'>;

/** A board row as the board view reads it: the health it shows and the backup's last success. */
export interface BoardViewEntry {
  deviceId: string;
  health?: BoardHealth;
  backup?: Pick<BackupState, 'lastSuccessAt'>;
}

/** Worst status first (critical > warning > unknown > ok); unknown when there is nothing to judge. */
export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  if (statuses.length === 0) return 'unknown';
  return statuses.reduce((worst, status) => (STATUS_SEVERITY[status] > STATUS_SEVERITY[worst] ? status : worst));
}

const zeroCounts = () => ({ ok: 0, warning: 0, critical: 0, unknown: 0 });

/**
 * An environment's roll-up from its board and open incidents: monitored devices per status and per
 * kind (devices without checks counted apart as not monitored), flapping devices,
 * backup coverage with the worst backup age, and open incidents (planned ones apart).
 */
export function summarizeEnvironment(board: readonly BoardViewEntry[], openIncidents: readonly OpenIncidentSummary[], now: Date): EnvironmentSummary {
  const byStatus = zeroCounts();
  const byKind: EnvironmentSummary['byKind'] = {};
  const backup: EnvironmentSummary['backup'] = { required: 0, missing: 0, neverBackedUp: 0, worstAgeHours: null, worstDeviceId: null };
  let worstNever = false;
  let lastSweepAt: string | null = null;
  let devices = 0;
  let notMonitored = 0;
  let flapping = 0;
  for (const entry of board) {
    const health = entry.health;
    if (!health) continue; // pushed backups for a device no sweep has seen yet
    if (lastSweepAt === null || health.lastSweepAt > lastSweepAt) lastSweepAt = health.lastSweepAt;
    // A device with nothing checked is not "unknown": it is not monitored, and counted apart.
    if (health.checks.length === 0) {
      notMonitored++;
      continue;
    }
    devices++;
    if (health.flapping) flapping++;
    byStatus[health.status]++;
    const kind = (byKind[health.kind] ??= { total: 0, ...zeroCounts() });
    kind.total++;
    kind[health.status]++;

    const coverage = health.checks.find((check) => check.type === 'backup-coverage');
    if (!coverage) continue;
    backup.required++;
    if (coverage.rawStatus === 'critical') backup.missing++;
    const age = backupAgeHours(entry.backup, now);
    if (age === undefined) {
      backup.neverBackedUp++;
      if (!worstNever) {
        worstNever = true;
        backup.worstDeviceId = health.deviceId;
      }
      continue;
    }
    const rounded = Math.round(age * 10) / 10;
    if (backup.worstAgeHours === null || rounded > backup.worstAgeHours) {
      backup.worstAgeHours = rounded;
      if (!worstNever) backup.worstDeviceId = health.deviceId;
    }
  }
  return {
    devices,
    notMonitored,
    flapping,
    byStatus,
    byKind,
    backup,
    openIncidents: openIncidents.filter((incident) => !incident.planned).length,
    openPlannedIncidents: openIncidents.filter((incident) => incident.planned).length,
    lastSweepAt,
  };
}
