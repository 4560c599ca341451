import type { AuditEntry, AuditQuery, AuditRecordType } from '#shared/schemas/audit.ts';
import type { Identity } from '../identity.ts';
import { requireRegion } from '../inventory.ts';
import type { InventoryStore } from '../inventory-store.ts';
import type { Page } from '../paging.ts';
import { auditEntryFor, readsWholeAuditTrail } from './visibility.ts';

export interface AuditListQuery {
  recordType?: AuditRecordType;
  recordId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
  /** Only entries members see part of (filtered in the key read). */
  membersOnly: boolean;
}

/** The port through which the audit trail is read. It is written only beside the records it describes (see audit-scope.ts). */
export interface AuditStore {
  /** One page, newest first. */
  list(regionId: string, query: AuditListQuery): Promise<Page<AuditEntry>>;
  /** Every entry of one record, newest first. */
  forRecord(regionId: string, recordType: AuditRecordType, recordId: string): Promise<AuditEntry[]>;
}

/** Reading the audit trail: newest first, as much of it as the caller's role may see. */
export class AuditLog {
  constructor(
    private readonly store: AuditStore,
    private readonly inventory: Pick<InventoryStore, 'getRegion'>,
  ) {}

  async list(identity: Identity, regionId: string, query: AuditQuery): Promise<Page<AuditEntry>> {
    await requireRegion(this.inventory, regionId);
    const page = await this.store.list(regionId, {
      ...(query.recordType !== undefined ? { recordType: query.recordType } : {}),
      ...(query.recordId !== undefined ? { recordId: query.recordId } : {}),
      ...(query.from !== undefined ? { from: new Date(query.from) } : {}),
      ...(query.to !== undefined ? { to: new Date(query.to) } : {}),
      limit: query.limit,
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      membersOnly: !readsWholeAuditTrail(identity),
    });
    return { ...page, items: page.items.flatMap((entry) => auditEntryFor(identity, entry) ?? []) };
  }
}
