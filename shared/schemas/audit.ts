import * as z from '#shared/schemas/zod.ts';
import { IsoDate, Slug } from './common.ts';
import { fieldText } from '#shared/messages/errors.ts';

/**
 * The audit trail's shapes (issue 7): one entry per write, appended with the change itself and
 * never edited. `before`/`after` hold only the fields that changed, with secrets redacted.
 */
export const AUDIT_RECORD_TYPES = [
  'region',
  'member',
  'environment',
  'device',
  'device-import',
  'budget-line',
  'incident',
  'maintenance-window',
  'ingest-key',
  'backup-push',
  // The project portfolio (issue 8): a project's history is its trail.
  'project',
  'ranking',
  'scenario',
  'portfolio-settings',
] as const;
export const AuditRecordType = z.enum(AUDIT_RECORD_TYPES);
export type AuditRecordType = z.infer<typeof AuditRecordType>;

/** Who made a change: the token's subject, the role the write was allowed by, and the member it acted for. */
export const AuditActor = z.object({
  subject: z.string(),
  /** `system` for loads that run outside the API (the demo data at start, the import CLI). */
  role: z.string(),
  memberId: z.optional(Slug),
});
export type AuditActor = z.infer<typeof AuditActor>;

/** One field as it was and as it became; a side is absent when the field did not exist there. */
export const AuditFieldChange = z.object({
  field: z.string(),
  before: z.optional(z.unknown()),
  after: z.optional(z.unknown()),
});
export type AuditFieldChange = z.infer<typeof AuditFieldChange>;

export const AuditEntry = z.object({
  id: z.string().check(z.describe('`aud-YYYYMMDDtHHMMSSmmm-xxxxxx`: sorts by time')),
  regionId: Slug,
  at: z.string().check(z.describe('ISO instant of the write')),
  actor: AuditActor,
  /** The route as the contract names it, `PUT /api/regions/{regionId}/members/{memberId}`, or the system load's name. */
  route: z.string(),
  recordType: AuditRecordType,
  recordId: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  changes: z.array(AuditFieldChange),
  reason: z.optional(z.string()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** An ISO instant, or a date meaning its start (UTC). */
const InstantOrDate = z.union([z.iso.datetime({ offset: true }), IsoDate]);

export const AuditQuery = z
  .strictObject({
    recordType: z.optional(AuditRecordType),
    recordId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))).check(z.describe('with recordType: that record’s entries only')),
    from: z.optional(InstantOrDate).check(z.describe('entries at or after this instant')),
    to: z.optional(InstantOrDate).check(z.describe('entries before this instant')),
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 100),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  })
  .check(
    z.refine((query) => query.recordId === undefined || query.recordType !== undefined, { message: fieldText('field-record-type-needed'), path: ['recordType'] }),
    z.refine((query) => query.from === undefined || query.to === undefined || Date.parse(query.from) < Date.parse(query.to), {
      message: fieldText('field-from-before-to'),
      path: ['to'],
    }),
  );
export type AuditQuery = z.infer<typeof AuditQuery>;

/**
 * A figure the plan's explanation used, with the audit entry that put it there: "Kristiansand's
 * population 111 458 from 30.11.2019, entered by demo-import on 27.11.2026". `code` names the
 * sentence (the dashboard words it in bokmål or English), `params` fill it.
 */
export const AuditSourceCode = z.enum([
  'audit.source.population',
  'audit.source.membership',
  'audit.source.merger',
  'audit.source.serves',
  'audit.source.environment-key',
  'audit.source.purchase-cost',
  'audit.source.replacement-cost',
  'audit.source.purchase-date',
  'audit.source.lifetime',
  'audit.source.end-of-support',
  'audit.source.payer',
  'audit.source.price-index',
  'audit.source.region-lifetimes',
]);
export type AuditSourceCode = z.infer<typeof AuditSourceCode>;

export const AuditSource = z.object({
  code: AuditSourceCode,
  recordType: AuditRecordType,
  recordId: z.string(),
  field: z.string(),
  value: z.unknown(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The entry that set the figure; absent when no entry is kept (written before the audit trail existed). */
  entry: z.optional(z.object({ id: z.string(), at: z.string(), actor: AuditActor, reason: z.optional(z.string()) })),
});
export type AuditSource = z.infer<typeof AuditSource>;
