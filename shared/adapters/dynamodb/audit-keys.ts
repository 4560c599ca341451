import type { AuditRecordType } from '#shared/schemas/audit.ts';
import type { ItemKey } from './keys.ts';

/**
 * Keys of the audit trail, with the access patterns they serve. No index, no TTL (entries are kept
 * at least 10 years), no Scan.
 *
 * | access pattern                                   | operation | key                                                                  |
 * |--------------------------------------------------|-----------|----------------------------------------------------------------------|
 * | a region's trail, newest first, in [from, to)     | Query ↓   | pk = REGION#{r}#AUDIT, sk BETWEEN AUDIT#aud-{from} AND AUDIT#aud-{to} |
 * | … as members see it                               | same, FilterExpression `mv = true` (topped up to the page size)      |
 * | one record's trail, newest first (and the plan's sources) | Query ↓ | pk = REGION#{r}#AUDIT#{recordType}#{recordId}, same sk         |
 *
 * Each entry is written as two items in the same transaction as the record it describes: one in
 * the region's trail and one in the record's own trail, so "who set Kristiansand's population"
 * is one small Query instead of a filtered read of years of trail (and no new index is needed on
 * existing tables). Entry ids start with their instant (`aud-20261127t143000123-3fa9c1`), so sort
 * order is time. `mv` marks entries members see part of (`shared/domain/audit/visibility.ts`).
 */
export const AUDIT_SORT_PREFIX = 'AUDIT#';

export const auditKeys = {
  regionTrail: (regionId: string) => `REGION#${regionId}#AUDIT`,
  recordTrail: (regionId: string, recordType: AuditRecordType, recordId: string) => `REGION#${regionId}#AUDIT#${recordType}#${recordId}`,
  sort: (entryId: string) => `${AUDIT_SORT_PREFIX}${entryId}`,
  items: (regionId: string, recordType: AuditRecordType, recordId: string, entryId: string): [ItemKey, ItemKey] => [
    { pk: auditKeys.regionTrail(regionId), sk: auditKeys.sort(entryId) },
    { pk: auditKeys.recordTrail(regionId, recordType, recordId), sk: auditKeys.sort(entryId) },
  ],
};
