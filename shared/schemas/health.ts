import * as z from '#shared/schemas/zod.ts';
import { Threshold } from './checks.ts';
import { DeviceKind, isYearWithin, MAX_YEAR, MIN_YEAR, Slug, Version } from './common.ts';
import { fieldText } from '#shared/messages/errors.ts';

/**
 * Schemas of the health area (issue 3): the health board, history, incidents (avvik), maintenance
 * windows and pushed backup results. Request schemas normalise times to ISO UTC; response schemas
 * describe what the API answers and feed the OpenAPI document.
 */

/** An ISO 8601 instant with `Z` or an offset; stored and answered as ISO UTC (`…Z`). */
export const InstantInput = z.pipe(
  z.iso
    .datetime({ offset: true })
    .check(z.refine((value) => isYearWithin(value, MIN_YEAR, MAX_YEAR), fieldText('field-year-between', { min: String(MIN_YEAR), max: String(MAX_YEAR) }))),
  z.transform((value) => new Date(value).toISOString()),
);
/** An ISO UTC instant as the API answers it. */
export const Instant = z.string();

/**
 * Parameters of a coded text (`shared/messages/health.ts`): raw values, rendered by the reader's
 * language. Every coded field is optional, so rows stored before the codes still parse (their
 * English text is shown as it is).
 */
export const MessageParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const CHECK_STATUSES = ['ok', 'warning', 'critical', 'unknown'] as const;
export const CheckStatusSchema = z.enum(CHECK_STATUSES);

// --- health board ------------------------------------------------------------------------------

export const CheckView = z.object({
  name: z.string(),
  type: z.string(),
  /** Status after hysteresis: what the board shows and what alerts on. */
  status: CheckStatusSchema,
  /** Status of the last measurement, before hysteresis. */
  rawStatus: CheckStatusSchema,
  value: z.optional(z.union([z.number(), z.string()])),
  unit: z.optional(z.string()),
  thresholds: z.optional(Threshold),
  observedAt: Instant,
  /** In English, for API clients; `messageCode` + `messageParams` say it in any language. */
  message: z.optional(z.string()),
  messageCode: z.optional(z.string()),
  messageParams: z.optional(MessageParamsSchema),
  /** When `status` last changed. */
  since: Instant,
  /** Failures / passes in a row so far (hysteresis counters). */
  failStreak: z.int(),
  passStreak: z.int(),
  /** Changes often: shown, not alerted on each change. */
  flapping: z.boolean(),
});

export const DriftEntry = z.object({
  field: z.enum(['firmware', 'serial']),
  /** `mismatch`: the device reports something else than registered; `unregistered`: nothing is registered. */
  kind: z.enum(['mismatch', 'unregistered']),
  registered: z.string(),
  observed: z.string(),
  observedAt: Instant,
});

export const ObservedFacts = z.object({
  firmware: z.optional(z.string()),
  serial: z.optional(z.string()),
  description: z.optional(z.string()),
  os: z.optional(z.string()),
  hostname: z.optional(z.string()),
  vendor: z.optional(z.string()),
  model: z.optional(z.string()),
  observedAt: Instant,
});

export const BackupResultValue = z.enum(['success', 'warning', 'failed']);

export const BackupJobView = z.object({
  job: z.string(),
  system: z.optional(z.string()),
  result: BackupResultValue,
  start: Instant,
  end: Instant,
  bytes: z.optional(z.number()),
  message: z.optional(z.string()),
});

export const BackupView = z.object({
  lastSuccessAt: z.optional(Instant),
  lastJob: z.optional(BackupJobView),
  recent: z.array(BackupJobView),
  updatedAt: Instant,
});

export const DeviceHealthView = z.object({
  deviceId: Slug,
  name: z.string(),
  kind: DeviceKind,
  /** Worst of the checks; unknown when nothing is checked. */
  status: CheckStatusSchema,
  since: Instant,
  checks: z.array(CheckView),
  flapping: z.boolean(),
  inMaintenance: z.boolean(),
  openIncidentId: z.optional(z.string()),
  observed: z.optional(ObservedFacts),
  drift: z.array(DriftEntry),
  backup: z.optional(BackupView),
  lastSweepAt: Instant,
});

const StatusCounts = z.object({ ok: z.int(), warning: z.int(), critical: z.int(), unknown: z.int() });

export const EnvironmentSummary = z.object({
  /** Monitored devices: those with at least one check. Only these are counted per status and kind. */
  devices: z.int(),
  /** Devices without any check: not monitored, so neither ok nor unknown. */
  notMonitored: z.int(),
  /** Monitored devices with a flapping check. */
  flapping: z.int(),
  byStatus: StatusCounts,
  byKind: z.record(z.string(), z.extend(StatusCounts, { total: z.int() })),
  backup: z.object({
    /** Devices marked as needing backup. */
    required: z.int(),
    /** Of those, devices without a successful backup inside their RPO (never backed up included). */
    missing: z.int(),
    /** Of those, devices that have never reported a successful backup: the worst case. */
    neverBackedUp: z.int(),
    /** Age of the oldest last-successful backup among required devices that have one. */
    worstAgeHours: z.nullable(z.number()),
    /** The worst device: one never backed up if any, else the one with the oldest backup. */
    worstDeviceId: z.nullable(z.string()),
  }),
  openIncidents: z.int(),
  /** Open incidents that started inside a maintenance window: shown, never alerted. */
  openPlannedIncidents: z.int(),
  lastSweepAt: z.nullable(Instant),
});

export const EnvironmentHealth = z.object({
  regionId: Slug,
  environmentId: Slug,
  generatedAt: Instant,
  summary: EnvironmentSummary,
  items: z.array(DeviceHealthView),
});

export const RegionHealth = z.object({
  regionId: Slug,
  generatedAt: Instant,
  environments: z.array(z.extend(EnvironmentSummary, { environmentId: Slug, name: z.string() })),
});

// --- history -----------------------------------------------------------------------------------

export const HistoryQuery = z.strictObject({
  /** A check (`snmp`) with its parts (`snmp.cpu`, …), or one part. All checks when absent. */
  check: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** Default: 24 hours before `to`. */
  from: z.optional(InstantInput),
  /** Default: now. */
  to: z.optional(InstantInput),
  /**
   * `auto` picks raw samples for short recent ranges and hourly roll-ups otherwise. Raw covers at
   * most 48 hours and hourly at most 400 days; a longer range is refused (400).
   */
  resolution: z._default(z.enum(['auto', 'raw', 'hourly']), 'auto'),
});

export const RawPoint = z.object({ at: Instant, status: CheckStatusSchema, value: z.optional(z.number()) });
export const HourlyPoint = z.object({
  at: Instant,
  /** Worst status seen in the hour. */
  status: CheckStatusSchema,
  min: z.optional(z.number()),
  avg: z.optional(z.number()),
  max: z.optional(z.number()),
  /** Samples in the hour. */
  samples: z.int(),
});

export const DeviceHistory = z.object({
  deviceId: Slug,
  resolution: z.enum(['raw', 'hourly']),
  from: Instant,
  to: Instant,
  series: z.array(z.object({ check: z.string(), points: z.array(z.union([RawPoint, HourlyPoint])) })),
});

// --- incidents ---------------------------------------------------------------------------------

export const IncidentState = z.enum(['open', 'acknowledged', 'resolved']);
export const TIMELINE_TYPES = [
  'opened',
  'reopened',
  'check-critical',
  'check-recovered',
  'flapping-started',
  'flapping-stopped',
  'maintenance-started',
  'maintenance-ended',
  'acknowledged',
  'comment',
  'resolved',
] as const;

export const TimelineEntry = z.object({
  at: Instant,
  type: z.enum(TIMELINE_TYPES),
  /** Who did it; absent for what the monitor itself noted. */
  by: z.optional(z.string()),
  /** In English (or as a person wrote it); `textCode` + `textParams` say the monitor's entries in any language. */
  text: z.string(),
  textCode: z.optional(z.string()),
  textParams: z.optional(MessageParamsSchema),
  /** The checks an entry names, each with its message at the time (rendered into the entry's `{details}`). */
  details: z.optional(
    z.array(z.object({ check: z.string(), message: z.optional(z.string()), messageCode: z.optional(z.string()), messageParams: z.optional(MessageParamsSchema) })),
  ),
});

export const Incident = z.object({
  id: Slug,
  environmentId: Slug,
  deviceId: z.optional(Slug),
  /** In English for automatic incidents (`titleCode` + `titleParams` in any language), as written for manual ones. */
  title: z.string(),
  titleCode: z.optional(z.string()),
  titleParams: z.optional(MessageParamsSchema),
  state: IncidentState,
  /** `automatic`: opened by a check going critical, resolved by its recovery. `manual`: opened by a person. */
  source: z.enum(['automatic', 'manual']),
  severity: z.enum(['critical', 'warning']),
  /** Inside a maintenance window: shown, never alerted. */
  planned: z.boolean(),
  flapping: z.boolean(),
  /** Checks that were critical in this incident. */
  checks: z.array(z.string()),
  openedAt: Instant,
  acknowledgedAt: z.optional(Instant),
  acknowledgedBy: z.optional(z.string()),
  resolvedAt: z.optional(Instant),
  resolvedBy: z.optional(z.string()),
  timeline: z.array(TimelineEntry),
  version: Version,
});

const Text = z.string().check(z.trim(), z.minLength(1), z.maxLength(2000));

export const IncidentCreate = z.strictObject({
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  deviceId: z.optional(Slug),
  severity: z._default(z.enum(['critical', 'warning']), 'critical'),
  description: z.optional(Text),
});

export const IncidentListQuery = z.strictObject({
  /** `open` lists open and acknowledged incidents. */
  state: z._default(z.enum(['open', 'all']), 'all'),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

export const IncidentAcknowledge = z.strictObject({ comment: z.optional(Text) });
export const IncidentResolve = z.strictObject({ note: z.optional(Text) });
export const IncidentComment = z.strictObject({ text: Text });

// --- maintenance windows -----------------------------------------------------------------------

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;
const LocalTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, fieldText('field-local-time')));

export const OneOffSchedule = z.strictObject({ type: z.literal('one-off'), start: InstantInput, end: InstantInput });
/**
 * Every week on `days`, from `start` to `end` in Europe/Oslo wall-clock time. An `end` at or before
 * `start` runs past midnight into the next day (`sat 22:00–02:00`).
 */
export const WeeklySchedule = z.strictObject({
  type: z.literal('weekly'),
  days: z.array(Weekday).check(z.minLength(1), z.maxLength(7)),
  start: LocalTime,
  end: LocalTime,
  validFrom: z.optional(InstantInput),
  validUntil: z.optional(InstantInput),
});
export const MaintenanceSchedule = z.discriminatedUnion('type', [OneOffSchedule, WeeklySchedule]);

export const MaintenanceWindowInput = z
  .strictObject({
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
    /** Devices it covers; empty covers the whole environment. */
    deviceIds: z._default(z.array(Slug).check(z.maxLength(200)), []),
    schedule: MaintenanceSchedule,
  })
  .check(
    z.superRefine((input, context) => {
      const schedule = input.schedule;
      if (schedule.type === 'one-off' && schedule.end <= schedule.start) {
        context.addIssue({ code: 'custom', path: ['schedule', 'end'], message: fieldText('field-after-start') });
      }
      if (schedule.type === 'weekly' && schedule.validFrom && schedule.validUntil && schedule.validUntil <= schedule.validFrom) {
        context.addIssue({ code: 'custom', path: ['schedule', 'validUntil'], message: fieldText('field-after-valid-from') });
      }
    }),
  );

export const MaintenanceWindowView = z.object({
  id: Slug,
  environmentId: Slug,
  reason: z.string(),
  deviceIds: z.array(Slug),
  schedule: z.union([
    z.object({ type: z.literal('one-off'), start: Instant, end: Instant }),
    z.object({ type: z.literal('weekly'), days: z.array(Weekday), start: z.string(), end: z.string(), validFrom: z.optional(Instant), validUntil: z.optional(Instant) }),
  ]),
  /** Weekly times are wall-clock times in this zone. */
  timeZone: z.literal('Europe/Oslo'),
  createdAt: Instant,
  createdBy: z.string(),
  /** Whether the window is in force at the time of the answer. */
  activeNow: z.boolean(),
});

// --- backup ingest -----------------------------------------------------------------------------

export const BackupResultInput = z
  .strictObject({
    /** The device that was backed up (its id in Driftsbilde). */
    deviceId: Slug,
    /** The job's name in the backup system. */
    job: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    /** Which system reports: `veeam`, `commvault`, `restic-script`… */
    system: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(50))),
    /** `warning` means the job finished with a usable restore point (Veeam's "Warning"). */
    result: BackupResultValue,
    start: InstantInput,
    end: InstantInput,
    bytes: z.optional(z.int().check(z.nonnegative(), z.lte(1e16))),
    message: z.optional(z.string().check(z.trim(), z.maxLength(500))),
  })
  .check(z.refine((value) => value.end >= value.start, { message: fieldText('field-end-before-start'), path: ['end'] }));

export const BackupIngestBody = z.strictObject({ results: z.array(BackupResultInput).check(z.minLength(1), z.maxLength(500)) });

export const BackupIngestReply = z.object({
  accepted: z.int(),
  rejected: z.array(z.object({ index: z.int(), deviceId: z.string(), problem: z.string() })),
});

export const IngestKeyReply = z.object({
  environmentId: Slug,
  /** Shown once; only its hash is stored. Creating a new key replaces the old one. */
  key: z.string(),
  keyPrefix: z.string(),
  createdAt: Instant,
  usage: z.string(),
});

export type CheckView = z.infer<typeof CheckView>;
export type DriftEntry = z.infer<typeof DriftEntry>;
export type ObservedFacts = z.infer<typeof ObservedFacts>;
export type BackupJobView = z.infer<typeof BackupJobView>;
export type BackupView = z.infer<typeof BackupView>;
export type DeviceHealthView = z.infer<typeof DeviceHealthView>;
export type EnvironmentSummary = z.infer<typeof EnvironmentSummary>;
export type Incident = z.infer<typeof Incident>;
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export type MaintenanceWindowInput = z.infer<typeof MaintenanceWindowInput>;
export type MaintenanceSchedule = z.infer<typeof MaintenanceSchedule>;
export type BackupResultInput = z.infer<typeof BackupResultInput>;
