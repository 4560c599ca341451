import * as z from 'zod';
import { Threshold } from './checks.ts';
import { DeviceKind, isYearWithin, MAX_YEAR, MIN_YEAR, Slug, Version } from './common.ts';
import { fieldText } from '#shared/messages/errors.ts';

/**
 * Schemas of the health area (issue 3): the health board, history, incidents (avvik), maintenance
 * windows and pushed backup results. Request schemas normalise times to ISO UTC; response schemas
 * describe what the API answers and feed the OpenAPI document.
 */

/** An ISO 8601 instant with `Z` or an offset; stored and answered as ISO UTC (`…Z`). */
export const InstantInput = z.iso
  .datetime({ offset: true })
  .refine((value) => isYearWithin(value, MIN_YEAR, MAX_YEAR), fieldText('field-year-between', { min: String(MIN_YEAR), max: String(MAX_YEAR) }))
  .transform((value) => new Date(value).toISOString());
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
  value: z.union([z.number(), z.string()]).optional(),
  unit: z.string().optional(),
  thresholds: Threshold.optional(),
  observedAt: Instant,
  /** In English, for API clients; `messageCode` + `messageParams` say it in any language. */
  message: z.string().optional(),
  messageCode: z.string().optional(),
  messageParams: MessageParamsSchema.optional(),
  /** When `status` last changed. */
  since: Instant,
  /** Failures / passes in a row so far (hysteresis counters). */
  failStreak: z.number().int(),
  passStreak: z.number().int(),
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
  firmware: z.string().optional(),
  serial: z.string().optional(),
  description: z.string().optional(),
  os: z.string().optional(),
  hostname: z.string().optional(),
  vendor: z.string().optional(),
  model: z.string().optional(),
  observedAt: Instant,
});

export const BackupResultValue = z.enum(['success', 'warning', 'failed']);

export const BackupJobView = z.object({
  job: z.string(),
  system: z.string().optional(),
  result: BackupResultValue,
  start: Instant,
  end: Instant,
  bytes: z.number().optional(),
  message: z.string().optional(),
});

export const BackupView = z.object({
  lastSuccessAt: Instant.optional(),
  lastJob: BackupJobView.optional(),
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
  openIncidentId: z.string().optional(),
  observed: ObservedFacts.optional(),
  drift: z.array(DriftEntry),
  backup: BackupView.optional(),
  lastSweepAt: Instant,
});

const StatusCounts = z.object({ ok: z.number().int(), warning: z.number().int(), critical: z.number().int(), unknown: z.number().int() });

export const EnvironmentSummary = z.object({
  /** Monitored devices: those with at least one check. Only these are counted per status and kind. */
  devices: z.number().int(),
  /** Devices without any check: not monitored, so neither ok nor unknown. */
  notMonitored: z.number().int(),
  /** Monitored devices with a flapping check. */
  flapping: z.number().int(),
  byStatus: StatusCounts,
  byKind: z.record(z.string(), StatusCounts.extend({ total: z.number().int() })),
  backup: z.object({
    /** Devices marked as needing backup. */
    required: z.number().int(),
    /** Of those, devices without a successful backup inside their RPO (never backed up included). */
    missing: z.number().int(),
    /** Of those, devices that have never reported a successful backup: the worst case. */
    neverBackedUp: z.number().int(),
    /** Age of the oldest last-successful backup among required devices that have one. */
    worstAgeHours: z.number().nullable(),
    /** The worst device: one never backed up if any, else the one with the oldest backup. */
    worstDeviceId: z.string().nullable(),
  }),
  openIncidents: z.number().int(),
  /** Open incidents that started inside a maintenance window: shown, never alerted. */
  openPlannedIncidents: z.number().int(),
  lastSweepAt: Instant.nullable(),
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
  environments: z.array(EnvironmentSummary.extend({ environmentId: Slug, name: z.string() })),
});

// --- history -----------------------------------------------------------------------------------

export const HistoryQuery = z
  .object({
    /** A check (`snmp`) with its parts (`snmp.cpu`, …), or one part. All checks when absent. */
    check: z.string().min(1).max(200).optional(),
    /** Default: 24 hours before `to`. */
    from: InstantInput.optional(),
    /** Default: now. */
    to: InstantInput.optional(),
    /**
     * `auto` picks raw samples for short recent ranges and hourly roll-ups otherwise. Raw covers at
     * most 48 hours and hourly at most 400 days; a longer range is refused (400).
     */
    resolution: z.enum(['auto', 'raw', 'hourly']).default('auto'),
  })
  .strict();

export const RawPoint = z.object({ at: Instant, status: CheckStatusSchema, value: z.number().optional() });
export const HourlyPoint = z.object({
  at: Instant,
  /** Worst status seen in the hour. */
  status: CheckStatusSchema,
  min: z.number().optional(),
  avg: z.number().optional(),
  max: z.number().optional(),
  /** Samples in the hour. */
  samples: z.number().int(),
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
  by: z.string().optional(),
  /** In English (or as a person wrote it); `textCode` + `textParams` say the monitor's entries in any language. */
  text: z.string(),
  textCode: z.string().optional(),
  textParams: MessageParamsSchema.optional(),
  /** The checks an entry names, each with its message at the time (rendered into the entry's `{details}`). */
  details: z
    .array(z.object({ check: z.string(), message: z.string().optional(), messageCode: z.string().optional(), messageParams: MessageParamsSchema.optional() }))
    .optional(),
});

export const Incident = z.object({
  id: Slug,
  environmentId: Slug,
  deviceId: Slug.optional(),
  /** In English for automatic incidents (`titleCode` + `titleParams` in any language), as written for manual ones. */
  title: z.string(),
  titleCode: z.string().optional(),
  titleParams: MessageParamsSchema.optional(),
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
  acknowledgedAt: Instant.optional(),
  acknowledgedBy: z.string().optional(),
  resolvedAt: Instant.optional(),
  resolvedBy: z.string().optional(),
  timeline: z.array(TimelineEntry),
  version: Version,
});

const Text = z.string().trim().min(1).max(2000);

export const IncidentCreate = z
  .object({
    title: z.string().trim().min(1).max(200),
    deviceId: Slug.optional(),
    severity: z.enum(['critical', 'warning']).default('critical'),
    description: Text.optional(),
  })
  .strict();

export const IncidentListQuery = z
  .object({
    /** `open` lists open and acknowledged incidents. */
    state: z.enum(['open', 'all']).default('all'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

export const IncidentAcknowledge = z.object({ comment: Text.optional() }).strict();
export const IncidentResolve = z.object({ note: Text.optional() }).strict();
export const IncidentComment = z.object({ text: Text }).strict();

// --- maintenance windows -----------------------------------------------------------------------

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, fieldText('field-local-time'));

export const OneOffSchedule = z.object({ type: z.literal('one-off'), start: InstantInput, end: InstantInput }).strict();
/**
 * Every week on `days`, from `start` to `end` in Europe/Oslo wall-clock time. An `end` at or before
 * `start` runs past midnight into the next day (`sat 22:00–02:00`).
 */
export const WeeklySchedule = z
  .object({
    type: z.literal('weekly'),
    days: z.array(Weekday).min(1).max(7),
    start: LocalTime,
    end: LocalTime,
    validFrom: InstantInput.optional(),
    validUntil: InstantInput.optional(),
  })
  .strict();
export const MaintenanceSchedule = z.discriminatedUnion('type', [OneOffSchedule, WeeklySchedule]);

export const MaintenanceWindowInput = z
  .object({
    reason: z.string().trim().min(1).max(500),
    /** Devices it covers; empty covers the whole environment. */
    deviceIds: z.array(Slug).max(200).default([]),
    schedule: MaintenanceSchedule,
  })
  .strict()
  .superRefine((input, context) => {
    const schedule = input.schedule;
    if (schedule.type === 'one-off' && schedule.end <= schedule.start) {
      context.addIssue({ code: 'custom', path: ['schedule', 'end'], message: fieldText('field-after-start') });
    }
    if (schedule.type === 'weekly' && schedule.validFrom && schedule.validUntil && schedule.validUntil <= schedule.validFrom) {
      context.addIssue({ code: 'custom', path: ['schedule', 'validUntil'], message: fieldText('field-after-valid-from') });
    }
  });

export const MaintenanceWindowView = z.object({
  id: Slug,
  environmentId: Slug,
  reason: z.string(),
  deviceIds: z.array(Slug),
  schedule: z.union([
    z.object({ type: z.literal('one-off'), start: Instant, end: Instant }),
    z.object({ type: z.literal('weekly'), days: z.array(Weekday), start: z.string(), end: z.string(), validFrom: Instant.optional(), validUntil: Instant.optional() }),
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
  .object({
    /** The device that was backed up (its id in Driftsbilde). */
    deviceId: Slug,
    /** The job's name in the backup system. */
    job: z.string().trim().min(1).max(200),
    /** Which system reports: `veeam`, `commvault`, `restic-script`… */
    system: z.string().trim().min(1).max(50).optional(),
    /** `warning` means the job finished with a usable restore point (Veeam's "Warning"). */
    result: BackupResultValue,
    start: InstantInput,
    end: InstantInput,
    bytes: z.number().int().nonnegative().max(1e16).optional(),
    message: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((value) => value.end >= value.start, { message: fieldText('field-end-before-start'), path: ['end'] });

export const BackupIngestBody = z.object({ results: z.array(BackupResultInput).min(1).max(500) }).strict();

export const BackupIngestReply = z.object({
  accepted: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), deviceId: z.string(), problem: z.string() })),
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
