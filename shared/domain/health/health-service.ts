import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { mapWithConcurrency } from '#shared/domain/concurrency.ts';
import { NotFoundError, UnauthorizedError, ValidationError } from '#shared/domain/errors.ts';
import type { Identity } from '#shared/domain/identity.ts';
import type { Inventory } from '#shared/domain/inventory.ts';
import { timedId } from '#shared/domain/ids.ts';
import { allPages, type Page } from '#shared/domain/paging.ts';
import { retryOnConflict } from '#shared/domain/retry.ts';
import type { z } from '#shared/schemas/zod.ts';
import type {
  BackupIngestBody,
  BackupIngestReply,
  BackupResultInput,
  DeviceHistory,
  DeviceHealthView,
  EnvironmentHealth,
  HistoryQuery,
  Incident,
  IncidentCreate,
  IngestKeyReply,
  MaintenanceWindowInput,
  MaintenanceWindowView,
  RegionHealth,
} from '#shared/schemas/health.ts';
import type { BoardDevice, RegionBoard } from '#shared/schemas/board.ts';
import { backupResultIdentity, mergeBackupJobs, sameBackupJobs, type BackupJob } from './backup-coverage.ts';
import { summarizeEnvironment, type BoardEntry, type BoardHealth } from './device-status.ts';
import type { HealthStore, IncidentStore, MaintenanceStore } from './health-store.ts';
import { acknowledgeIncident, assertResolvableWithoutNote, commentOnIncident, newIncidentId, openManualIncident, resolveIncident, type IncidentRecord } from './incidents.ts';
import { activeWindowsFor, isScheduleActive, MAINTENANCE_TIME_ZONE, type MaintenanceWindow } from './maintenance.ts';
import { chooseResolution, HOURLY_RANGE_LIMIT_MS, matchesCheck, RAW_RANGE_LIMIT_MS } from './samples.ts';

/**
 * The health API's use cases: the boards, history, incidents, maintenance windows and the backup
 * ingest with its per-environment key. Each checks that the region/environment/device exists
 * (through the inventory) and then reads or writes through the health ports.
 */
export interface HealthServiceDependencies {
  inventory: Pick<Inventory, 'getRegion' | 'getEnvironment' | 'getDevice' | 'listEnvironments' | 'listDevices'>;
  health: HealthStore;
  incidents: IncidentStore;
  maintenance: MaintenanceStore;
  now?: () => Date;
}

/** Results that end this far in the future are refused (a backup server with a wrong clock). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Devices whose backup state is merged at once during an ingest. */
const BACKUP_MERGE_CONCURRENCY = 8;
const INGEST_KEY_PREFIX = 'dbi_';

type Reply<S extends z.ZodMiniType> = z.infer<S>;

export function hashIngestKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The ingest key from `authorization: Bearer <key>` or `x-ingest-key: <key>`. */
export function presentedIngestKey(headers: Record<string, string | undefined>): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  const header = headers['x-ingest-key']?.trim();
  return bearer ?? (header ? header : undefined);
}

export class HealthService {
  private readonly now: () => Date;

  constructor(private readonly deps: HealthServiceDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  // --- boards ----------------------------------------------------------------------------------

  async regionHealth(regionId: string): Promise<Reply<typeof RegionHealth>> {
    await this.deps.inventory.getRegion(regionId);
    const environments = await allPages((page) => this.deps.inventory.listEnvironments(regionId, page));
    const now = this.now();
    const summaries = await Promise.all(
      environments.map(async (environment) => {
        const [board, open] = await Promise.all([this.deps.health.readBoard(regionId, environment.id), this.deps.incidents.listOpen(regionId, environment.id)]);
        return { environmentId: environment.id, name: environment.name, ...summarizeEnvironment(board, open, now) };
      }),
    );
    return { regionId, generatedAt: now.toISOString(), environments: summaries };
  }

  async environmentHealth(regionId: string, environmentId: string): Promise<Reply<typeof EnvironmentHealth>> {
    await this.deps.inventory.getEnvironment(regionId, environmentId);
    const [board, open] = await Promise.all([this.deps.health.readBoard(regionId, environmentId), this.deps.incidents.listOpen(regionId, environmentId)]);
    const now = this.now();
    return { regionId, environmentId, generatedAt: now.toISOString(), summary: summarizeEnvironment(board, open, now), items: sortedItems(board, boardItem) };
  }

  /**
   * The region's whole board in one answer: each environment's roll-up and its devices' states.
   * The region, the environment list and then every environment's board and open incidents are
   * read at once; `timing` hears how long the reads took and how long building the answer took.
   */
  async regionBoard(regionId: string, timing?: (phase: 'read' | 'build', ms: number) => void): Promise<RegionBoard> {
    const started = performance.now();
    const [region, environments] = await Promise.all([this.deps.inventory.getRegion(regionId), allPages((page) => this.deps.inventory.listEnvironments(regionId, page))]);
    const reads = await Promise.all(
      environments.map(async (environment) => {
        const [board, open] = await Promise.all([this.deps.health.readBoardView(regionId, environment.id), this.deps.incidents.listOpen(regionId, environment.id)]);
        return { environment, board, open };
      }),
    );
    const read = performance.now();
    timing?.('read', read - started);
    const now = this.now();
    const boards = reads.map(({ environment, board, open }) => ({
      environmentId: environment.id,
      name: environment.name,
      site: environment.site,
      ...summarizeEnvironment(board, open, now),
      items: sortedItems(board, boardDevice),
    }));
    timing?.('build', performance.now() - read);
    return { region: { id: region.id, name: region.name }, generatedAt: now.toISOString(), environments: boards };
  }

  // --- history ---------------------------------------------------------------------------------

  async deviceHistory(regionId: string, deviceId: string, query: z.infer<typeof HistoryQuery>): Promise<Reply<typeof DeviceHistory>> {
    await this.deps.inventory.getDevice(regionId, deviceId);
    const now = this.now();
    const to = query.to ? new Date(query.to) : now;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 24 * 3_600_000);
    if (from >= to) throw new ValidationError('from must be before to', [{ field: 'query.from', problem: 'must be before to' }]);
    const resolution = chooseResolution(from, to, now, query.resolution);
    assertHistoryRange(from, to, resolution);
    const series = new Map<string, Array<Record<string, unknown>>>();
    const add = (check: string, point: Record<string, unknown>) => {
      if (!matchesCheck(check, query.check)) return;
      let points = series.get(check);
      if (!points) series.set(check, (points = []));
      points.push(point);
    };
    if (resolution === 'raw') {
      for (const bucket of await this.deps.health.readSamples(regionId, deviceId, from, to)) {
        for (const [check, point] of Object.entries(bucket.checks)) add(check, { at: bucket.at, ...point });
      }
    } else {
      // An hour that starts before `from` still overlaps the range: include it.
      const hourFrom = new Date(Math.floor(from.getTime() / 3_600_000) * 3_600_000);
      for (const rollup of await this.deps.health.readRollups(regionId, deviceId, hourFrom, to)) {
        for (const [check, point] of Object.entries(rollup.checks)) {
          add(check, {
            at: rollup.hour,
            status: point.worst,
            samples: point.samples,
            ...(point.min !== undefined ? { min: point.min, avg: point.avg, max: point.max } : {}),
          });
        }
      }
    }
    return {
      deviceId,
      resolution,
      from: from.toISOString(),
      to: to.toISOString(),
      series: [...series.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([check, points]) => ({ check, points })) as Reply<typeof DeviceHistory>['series'],
    };
  }

  // --- incidents -------------------------------------------------------------------------------

  async listIncidents(regionId: string, environmentId: string, query: { state: 'open' | 'all'; limit: number; cursor?: string }): Promise<Page<Incident>> {
    await this.deps.inventory.getEnvironment(regionId, environmentId);
    return this.deps.incidents.list(regionId, environmentId, { openOnly: query.state === 'open' }, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  }

  async getIncident(regionId: string, environmentId: string, incidentId: string): Promise<Incident> {
    const incident = await this.deps.incidents.get(regionId, environmentId, incidentId);
    if (!incident) throw new NotFoundError('incident', incidentId);
    return incident;
  }

  async createIncident(identity: Identity, regionId: string, environmentId: string, body: z.infer<typeof IncidentCreate>): Promise<Incident> {
    await this.deps.inventory.getEnvironment(regionId, environmentId);
    if (body.deviceId !== undefined) await this.assertDeviceInEnvironment(regionId, environmentId, body.deviceId, 'body.deviceId');
    const now = this.now();
    const windows = await this.deps.maintenance.listWindows(regionId, environmentId);
    const planned =
      body.deviceId !== undefined
        ? activeWindowsFor(windows, body.deviceId, now).length > 0
        : windows.some((window) => window.deviceIds.length === 0 && isScheduleActive(window.schedule, now));
    return this.deps.incidents.create(
      regionId,
      openManualIncident({
        id: newIncidentId(now),
        environmentId,
        ...(body.deviceId !== undefined ? { deviceId: body.deviceId } : {}),
        title: body.title,
        severity: body.severity,
        ...(body.description !== undefined ? { description: body.description } : {}),
        by: identity.subject,
        at: now.toISOString(),
        planned,
      }),
    );
  }

  acknowledgeIncident(identity: Identity, regionId: string, environmentId: string, incidentId: string, comment?: string): Promise<Incident> {
    return this.changeIncident(regionId, environmentId, incidentId, (incident, at) => acknowledgeIncident(incident, identity.subject, at, comment));
  }

  /** Resolving an incident whose device still fails needs a note (422 `resolve-note-required` otherwise). */
  async resolveIncident(identity: Identity, regionId: string, environmentId: string, incidentId: string, note?: string): Promise<Incident> {
    const { deviceId, state } = await this.getIncident(regionId, environmentId, incidentId);
    if (deviceId !== undefined && state !== 'resolved' && !note?.trim()) {
      const board = await this.deps.health.readBoard(regionId, environmentId);
      assertResolvableWithoutNote(deviceId, board.find((entry) => entry.health?.deviceId === deviceId)?.health?.status);
    }
    return this.changeIncident(regionId, environmentId, incidentId, (incident, at) => resolveIncident(incident, identity.subject, at, note));
  }

  commentOnIncident(identity: Identity, regionId: string, environmentId: string, incidentId: string, text: string): Promise<Incident> {
    return this.changeIncident(regionId, environmentId, incidentId, (incident, at) => commentOnIncident(incident, identity.subject, at, text));
  }

  /** Read, change, write at the version read; a sweep writing meanwhile makes it read again. */
  private async changeIncident(regionId: string, environmentId: string, incidentId: string, change: (incident: IncidentRecord, at: string) => IncidentRecord): Promise<Incident> {
    return retryOnConflict(async () => {
      const { version, ...incident } = await this.getIncident(regionId, environmentId, incidentId);
      return this.deps.incidents.save(regionId, change(incident, this.now().toISOString()), version);
    });
  }

  // --- maintenance windows ---------------------------------------------------------------------

  async listMaintenanceWindows(regionId: string, environmentId: string): Promise<Array<Reply<typeof MaintenanceWindowView>>> {
    await this.deps.inventory.getEnvironment(regionId, environmentId);
    const now = this.now();
    const windows = await this.deps.maintenance.listWindows(regionId, environmentId);
    return windows.map((window) => windowView(window, now));
  }

  async createMaintenanceWindow(identity: Identity, regionId: string, environmentId: string, body: MaintenanceWindowInput): Promise<Reply<typeof MaintenanceWindowView>> {
    await this.deps.inventory.getEnvironment(regionId, environmentId);
    if (body.deviceIds.length > 0) {
      const present = await this.deviceIdsOf(regionId, environmentId);
      const index = body.deviceIds.findIndex((deviceId) => !present.has(deviceId));
      if (index >= 0) throw notInEnvironment(body.deviceIds[index]!, environmentId, `body.deviceIds.${index}`);
    }
    const now = this.now();
    const window: MaintenanceWindow = {
      id: timedId('mw', now),
      environmentId,
      reason: body.reason,
      deviceIds: [...new Set(body.deviceIds)],
      schedule: body.schedule,
      timeZone: MAINTENANCE_TIME_ZONE,
      createdAt: now.toISOString(),
      createdBy: identity.subject,
    };
    await this.deps.maintenance.createWindow(regionId, window);
    return windowView(window, now);
  }

  async deleteMaintenanceWindow(regionId: string, environmentId: string, windowId: string): Promise<void> {
    await this.deps.inventory.getEnvironment(regionId, environmentId);
    if (!(await this.deps.maintenance.deleteWindow(regionId, environmentId, windowId))) throw new NotFoundError('maintenance window', windowId);
  }

  // --- backup ingest ---------------------------------------------------------------------------

  /** A new ingest key for an environment, returned once; it replaces any earlier key. */
  async createIngestKey(identity: Identity, regionId: string, environmentId: string): Promise<Reply<typeof IngestKeyReply>> {
    await this.deps.inventory.getEnvironment(regionId, environmentId);
    const key = `${INGEST_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const createdAt = this.now().toISOString();
    const keyPrefix = key.slice(0, INGEST_KEY_PREFIX.length + 6);
    await this.deps.health.putIngestKey(regionId, environmentId, { keyHash: hashIngestKey(key), keyPrefix, createdAt, createdBy: identity.subject });
    return {
      environmentId,
      key,
      keyPrefix,
      createdAt,
      usage: `POST /api/ingest/${regionId}/${environmentId}/backup-results with the header 'authorization: Bearer <key>' or 'x-ingest-key: <key>'. Keep it secret: it is shown only now.`,
    };
  }

  /**
   * Pushed backup results. The key is checked first (the route runs {@link assertIngestKey} before
   * the body is read; checking again here keeps the use case safe on its own). Results for devices
   * that are not in the environment, or that end in the future, are refused one by one. A result is
   * identified by device, job, start and end: the same result twice in a push is stored once, and
   * two different results under one identity refuse the later one. Every write is idempotent per
   * result, so a push sent again (after a timeout or a 503) changes nothing.
   */
  async ingestBackupResults(
    regionId: string,
    environmentId: string,
    presentedKey: string | undefined,
    body: z.infer<typeof BackupIngestBody>,
  ): Promise<Reply<typeof BackupIngestReply>> {
    await this.assertIngestKey(regionId, environmentId, presentedKey);
    const deviceIds = await this.deviceIdsOf(regionId, environmentId);
    const now = this.now();
    const rejected: Reply<typeof BackupIngestReply>['rejected'] = [];
    const byDevice = new Map<string, BackupJob[]>();
    const seen = new Map<string, { index: number; result: BackupResultInput }>();
    body.results.forEach((result, index) => {
      if (!deviceIds.has(result.deviceId)) {
        rejected.push({ index, deviceId: result.deviceId, problem: `no device '${result.deviceId}' in environment '${environmentId}'` });
        return;
      }
      if (Date.parse(result.end) > now.getTime() + FUTURE_TOLERANCE_MS) {
        rejected.push({ index, deviceId: result.deviceId, problem: `ends in the future (${result.end}); check the backup server's clock` });
        return;
      }
      const identity = backupResultIdentity(result);
      const earlier = seen.get(identity);
      if (earlier) {
        if (!isDeepStrictEqual(earlier.result, result)) {
          rejected.push({ index, deviceId: result.deviceId, problem: `repeats result ${earlier.index} (same device, job, start and end) with other values` });
        }
        return;
      }
      seen.set(identity, { index, result });
      const { deviceId, ...job } = result;
      const jobs = byDevice.get(deviceId) ?? [];
      jobs.push(job);
      byDevice.set(deviceId, jobs);
    });
    await this.deps.health.recordBackupJobs(
      regionId,
      [...byDevice.entries()].flatMap(([deviceId, jobs]) => jobs.map((job) => ({ ...job, deviceId }))),
    );
    await mapWithConcurrency([...byDevice], BACKUP_MERGE_CONCURRENCY, ([deviceId, jobs]) => this.mergeBackup(regionId, environmentId, deviceId, jobs, now.toISOString()));
    return { accepted: body.results.length - rejected.length, rejected };
  }

  /** 401 unless `presentedKey` is the environment's ingest key; constant time, the same whether a key exists or not. */
  async assertIngestKey(regionId: string, environmentId: string, presentedKey: string | undefined): Promise<void> {
    if (!presentedKey) throw new UnauthorizedError("send the environment's ingest key as 'authorization: Bearer <key>' or 'x-ingest-key: <key>'");
    const record = await this.deps.health.getIngestKey(regionId, environmentId);
    const presented = Buffer.from(hashIngestKey(presentedKey), 'hex');
    const expected = record ? Buffer.from(record.keyHash, 'hex') : randomBytes(presented.length);
    const matches = expected.length === presented.length && timingSafeEqual(presented, expected);
    if (!record || !matches) throw new UnauthorizedError('the ingest key is not valid for this environment');
  }

  private async mergeBackup(regionId: string, environmentId: string, deviceId: string, jobs: readonly BackupJob[], at: string): Promise<void> {
    // Two pushes for one device at once: the later one reads again.
    await retryOnConflict(async () => {
      const current = await this.deps.health.getBackup(regionId, environmentId, deviceId);
      const merged = mergeBackupJobs(current?.state, jobs, at);
      // A replayed push adds nothing: leave the record (and its version) as it is.
      if (current && sameBackupJobs(current.state, merged)) return;
      await this.deps.health.saveBackup(regionId, environmentId, deviceId, merged, current?.version ?? 0);
    });
  }

  private async deviceIdsOf(regionId: string, environmentId: string): Promise<Set<string>> {
    const devices = await allPages((page) => this.deps.inventory.listDevices(regionId, { environmentId }, page));
    return new Set(devices.map((device) => device.id));
  }

  private async assertDeviceInEnvironment(regionId: string, environmentId: string, deviceId: string, field: string): Promise<void> {
    let environmentOfDevice: string | undefined;
    try {
      environmentOfDevice = (await this.deps.inventory.getDevice(regionId, deviceId)).environmentId;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    if (environmentOfDevice !== environmentId) throw notInEnvironment(deviceId, environmentId, field);
  }
}

function notInEnvironment(deviceId: string, environmentId: string, field: string): ValidationError {
  return new ValidationError(`device '${deviceId}' is not in environment '${environmentId}'`, [{ field, problem: `no device '${deviceId}' in this environment` }]);
}

/**
 * Refuses a history range too long to answer in one response (a Lambda response is at most 6 MB):
 * raw samples over more than {@link RAW_RANGE_LIMIT_MS}, hourly roll-ups over more than
 * {@link HOURLY_RANGE_LIMIT_MS}. `auto` picks raw only within its limit, so it meets the hourly one.
 */
function assertHistoryRange(from: Date, to: Date, resolution: 'raw' | 'hourly'): void {
  const limitMs = resolution === 'raw' ? RAW_RANGE_LIMIT_MS : HOURLY_RANGE_LIMIT_MS;
  if (to.getTime() - from.getTime() <= limitMs) return;
  const limit = resolution === 'raw' ? `${limitMs / 3_600_000} hours` : `${limitMs / 86_400_000} days`;
  const problem = `${resolution} history covers at most ${limit} from 'from' to 'to'${resolution === 'raw' ? "; ask for a shorter range or resolution 'hourly'" : '; ask for a shorter range'}`;
  throw new ValidationError(`the history range is too long for ${resolution} resolution`, [
    { field: 'query.from', problem },
    { field: 'query.to', problem },
  ]);
}

/** The devices that have a board row, by kind and then name (the order the board lists them in). */
function sortedItems<E extends { health?: { kind: string; name: string } }, T>(board: readonly E[], view: (entry: E & { health: NonNullable<E['health']> }) => T): T[] {
  const shown = board.filter((entry): entry is E & { health: NonNullable<E['health']> } => entry.health !== undefined);
  return shown.sort((a, b) => (a.health.kind === b.health.kind ? a.health.name.localeCompare(b.health.name) : a.health.kind.localeCompare(b.health.kind))).map(view);
}

/** A device as the region board shows it: its state and what a row draws of each check, none of the device page's detail. */
function boardDevice({ health }: { health: BoardHealth }): BoardDevice {
  const { deviceId, name, kind, status, since, checks, flapping, inMaintenance, openIncidentId } = health;
  return {
    deviceId,
    name,
    kind,
    status,
    since,
    checks: checks.map(({ name: checkName, status: checkStatus, value, unit, message, messageCode, messageParams }) => ({
      name: checkName,
      status: checkStatus,
      ...(value !== undefined ? { value } : {}),
      ...(unit !== undefined ? { unit } : {}),
      ...(message !== undefined ? { message } : {}),
      // The board says the message in the reader's language from its code.
      ...(messageCode !== undefined ? { messageCode, messageParams } : {}),
    })),
    flapping,
    inMaintenance,
    ...(openIncidentId ? { openIncidentId } : {}),
  };
}

function boardItem(entry: BoardEntry): DeviceHealthView {
  const health = entry.health!;
  return {
    deviceId: health.deviceId,
    name: health.name,
    kind: health.kind,
    status: health.status,
    since: health.since,
    checks: health.checks.map(({ recent: _recent, extra: _extra, ...check }) => check),
    flapping: health.flapping,
    inMaintenance: health.inMaintenance,
    ...(health.openIncidentId ? { openIncidentId: health.openIncidentId } : {}),
    ...(health.observed ? { observed: health.observed } : {}),
    drift: health.drift,
    ...(entry.backup ? { backup: entry.backup } : {}),
    lastSweepAt: health.lastSweepAt,
  };
}

function windowView(window: MaintenanceWindow, now: Date): Reply<typeof MaintenanceWindowView> {
  return { ...window, activeNow: isScheduleActive(window.schedule, now) };
}
