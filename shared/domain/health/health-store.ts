import type { Page, PageRequest } from '#shared/domain/paging.ts';
import type { Incident } from '#shared/schemas/health.ts';
import type { BackupJob, BackupState } from './backup-coverage.ts';
import type { BoardEntry, BoardViewEntry, DeviceHealth } from './device-status.ts';
import type { IncidentRecord, OpenIncidentSummary } from './incidents.ts';
import type { MaintenanceWindow } from './maintenance.ts';
import type { HourlyRollup, SampleBucket } from './samples.ts';

/**
 * The ports through which the health domain reads and writes. The DynamoDB adapters live in
 * `shared/adapters/dynamodb/` (health-store.ts, incident-store.ts); the key design is written
 * down beside them in health-keys.ts and incident-keys.ts.
 */
export interface HealthStore {
  /** Every device's latest health and backup state in an environment (the board). */
  readBoard(regionId: string, environmentId: string): Promise<BoardEntry[]>;
  /** The board as the dashboard shows it: only what a row draws and the roll-up counts (see BoardHealth). */
  readBoardView(regionId: string, environmentId: string): Promise<BoardViewEntry[]>;
  /**
   * Saves devices' latest health. A device whose stored health is from a later sweep is left alone
   * (two overlapping sweeps never move a board backwards); its id is returned in `skipped`.
   * `previous` (the board the sweep read, by device id) lets a store write only what changed.
   */
  saveHealth(regionId: string, environmentId: string, health: readonly DeviceHealth[], previous?: ReadonlyMap<string, DeviceHealth>): Promise<{ skipped: string[] }>;
  /** Removes the board rows (health and backup) of devices that left the environment. */
  removeFromBoard(regionId: string, environmentId: string, deviceIds: readonly string[]): Promise<void>;

  /** Writes sample buckets and roll-ups in batches; retries what DynamoDB leaves unprocessed. */
  writeHistory(regionId: string, samples: readonly SampleBucket[], rollups: readonly HourlyRollup[]): Promise<void>;
  /** Raw samples of a device with `from <= at < to`, oldest first. */
  readSamples(regionId: string, deviceId: string, from: Date, to: Date): Promise<SampleBucket[]>;
  /** Hourly roll-ups of a device whose hour starts in `[from, to)`, oldest first. */
  readRollups(regionId: string, deviceId: string, from: Date, to: Date): Promise<HourlyRollup[]>;

  /** A device's pushed backup state with its version (for a conditional write). */
  getBackup(regionId: string, environmentId: string, deviceId: string): Promise<{ state: BackupState; version: number } | undefined>;
  /** Writes the backup state if it is still at `expectedVersion` (0: must not exist); else a VersionConflictError. */
  saveBackup(regionId: string, environmentId: string, deviceId: string, state: BackupState, expectedVersion: number): Promise<void>;
  /** Keeps each pushed job for two years (the device's backup history). */
  recordBackupJobs(regionId: string, jobs: ReadonlyArray<BackupJob & { deviceId: string }>): Promise<void>;

  getIngestKey(regionId: string, environmentId: string): Promise<IngestKeyRecord | undefined>;
  putIngestKey(regionId: string, environmentId: string, record: IngestKeyRecord): Promise<void>;
}

/** A per-environment ingest credential. Only the SHA-256 of the key is stored. */
export interface IngestKeyRecord {
  /** Hex SHA-256 of the key. */
  keyHash: string;
  /** The first characters of the key, so a person can tell which key is in use. */
  keyPrefix: string;
  createdAt: string;
  createdBy: string;
}

export interface MaintenanceStore {
  listWindows(regionId: string, environmentId: string): Promise<MaintenanceWindow[]>;
  createWindow(regionId: string, window: MaintenanceWindow): Promise<void>;
  /** False when there was no such window. */
  deleteWindow(regionId: string, environmentId: string, windowId: string): Promise<boolean>;
}

export interface IncidentStore {
  /** Open and acknowledged incidents of an environment, from a small per-incident marker. */
  listOpen(regionId: string, environmentId: string): Promise<OpenIncidentSummary[]>;
  /** Incidents newest first; with `openOnly`, open and acknowledged only. */
  list(regionId: string, environmentId: string, options: { openOnly: boolean }, page: PageRequest): Promise<Page<Incident>>;
  get(regionId: string, environmentId: string, incidentId: string): Promise<Incident | undefined>;
  create(regionId: string, incident: IncidentRecord): Promise<Incident>;
  /** Writes the incident if it is still at `expectedVersion`; else a VersionConflictError. */
  save(regionId: string, incident: IncidentRecord, expectedVersion: number): Promise<Incident>;
}
