import type { AuditRecordType } from '#shared/schemas/audit.ts';
import { itemKey, partitionKey, sortPrefix, type ItemKey } from './entities.ts';

/**
 * Keys of the audit trail, registry entries `audit-entry` and `audit-entry-of-record` in
 * entities.ts. No index, no TTL (entries are kept at least 10 years), no Scan.
 *
 * Each entry is written as two items in the same transaction as the record it describes: one in
 * the region's trail and one in the record's own trail, so "who set Kristiansand's population"
 * is one small Query instead of a filtered read of years of trail (and no new index is needed on
 * existing tables). Entry ids start with their instant (`aud-20261127t143000123-3fa9c1`), so sort
 * order is time. `mv` marks entries members see part of (`shared/domain/audit/visibility.ts`).
 */
export const AUDIT_SORT_PREFIX = sortPrefix('audit-entry');

export const auditKeys = {
  regionTrail: (regionId: string) => partitionKey('audit-entry', { regionId }),
  recordTrail: (regionId: string, recordType: AuditRecordType, recordId: string) => partitionKey('audit-entry-of-record', { regionId, recordType, recordId }),
  sort: (entryId: string) => `${AUDIT_SORT_PREFIX}${entryId}`,
  items: (regionId: string, recordType: AuditRecordType, recordId: string, entryId: string): [ItemKey, ItemKey] => [
    itemKey('audit-entry', { regionId, entryId }),
    itemKey('audit-entry-of-record', { regionId, recordType, recordId, entryId }),
  ],
};
