import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditListQuery, AuditStore } from '#shared/domain/audit/audit-log.ts';
import { currentAuditScope, type RecordChange } from '#shared/domain/audit/audit-scope.ts';
import { visibleToMembers } from '#shared/domain/audit/visibility.ts';
import { timedIdPrefix } from '#shared/domain/ids.ts';
import type { Page } from '#shared/domain/paging.ts';
import type { AuditEntry, AuditRecordType } from '#shared/schemas/audit.ts';
import { AUDIT_SORT_PREFIX, auditKeys } from './audit-keys.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { queryAll } from './query-all.ts';
import { withoutLayout } from './versioned-items.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A filtered page stops topping up after this many requests and hands back a cursor. */
const MAX_REQUESTS_PER_PAGE = 10;
/** Marks entries members see part of, so their reads filter in DynamoDB. */
const MEMBER_VISIBLE = 'mv';

/** The two items of an entry (region trail and record trail), each put only where nothing is. */
export function auditPuts(tableName: string, entry: AuditEntry): TransactItem[] {
  return auditKeys.items(entry.regionId, entry.recordType, entry.recordId, entry.id).map((key) => ({
    Put: {
      TableName: tableName,
      Item: { ...entry, ...key, entity: 'audit-entry', ...(visibleToMembers(entry) ? { [MEMBER_VISIBLE]: true } : {}) },
      // An entry is never overwritten, not even by a colliding id.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }));
}

/**
 * Sends a record's writes as one transaction together with the audit entry of `change`, when a
 * write is being audited (see {@link currentAuditScope}); without a scope, the writes alone. So a
 * refused write leaves no entry and an acknowledged write always has one. The record's own items
 * come first, so `CancellationReasons[i]` lines up with `writes[i]`.
 */
export async function transactWithAudit(doc: Pick<DynamoDBDocumentClient, 'send'>, tableName: string, writes: TransactItem[], change: RecordChange | (() => RecordChange)): Promise<void> {
  const scope = currentAuditScope();
  const entry = scope?.entryFor(typeof change === 'function' ? change() : change);
  const items = [...writes, ...(entry ? auditPuts(tableName, entry) : [])];
  if (items.length === 0) return;
  await doc.send(new TransactWriteCommand({ TransactItems: items }));
  if (entry) scope?.committed(entry);
}

/** The reason DynamoDB gave for cancelling the transaction's `index`-th write, if it cancelled one. */
export function cancellationOf(error: unknown, index: number): { code?: string; item?: Record<string, unknown> } | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reason = error.CancellationReasons?.[index];
  return reason ? { code: reason.Code, item: reason.Item as Record<string, unknown> | undefined } : undefined;
}

/**
 * Appends an entry on its own, for a write that is not one transaction: the summary of a backup
 * push after its results are stored, the summary of an import after its transactions. Does
 * nothing outside an audited write.
 */
export async function appendAuditEntry(doc: Pick<DynamoDBDocumentClient, 'send'>, tableName: string, change: RecordChange): Promise<void> {
  await transactWithAudit(doc, tableName, [], change);
}

/** {@link AuditStore} on the single table (keys in audit-keys.ts). */
export class DynamoDbAuditStore implements AuditStore {
  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
  ) {}

  async list(regionId: string, query: AuditListQuery): Promise<Page<AuditEntry>> {
    const partition =
      query.recordType !== undefined && query.recordId !== undefined
        ? auditKeys.recordTrail(regionId, query.recordType, query.recordId)
        : auditKeys.regionTrail(regionId);
    const filters: string[] = [];
    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    if (query.membersOnly) {
      filters.push(`#mv = :true`);
      names['#mv'] = MEMBER_VISIBLE;
      values[':true'] = true;
    }
    if (query.recordType !== undefined && query.recordId === undefined) {
      filters.push('#recordType = :recordType');
      names['#recordType'] = 'recordType';
      values[':recordType'] = query.recordType;
    }
    let startKey = decodeCursor(query.cursor, { partitionAttribute: 'pk', partitionValue: partition, sortAttribute: 'sk', sortPrefix: AUDIT_SORT_PREFIX });
    const items: AuditEntry[] = [];
    for (let request = 0; request < MAX_REQUESTS_PER_PAGE; request++) {
      const output = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': partition, ...sortRange(query), ...values },
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names, FilterExpression: filters.join(' AND ') } : {}),
          ScanIndexForward: false,
          Limit: query.limit - items.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(output.Items ?? []).map(entryOf));
      startKey = output.LastEvaluatedKey;
      if (!startKey || items.length >= query.limit) break;
    }
    const nextCursor = encodeCursor(startKey);
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }

  async forRecord(regionId: string, recordType: AuditRecordType, recordId: string): Promise<AuditEntry[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': auditKeys.recordTrail(regionId, recordType, recordId), ':prefix': AUDIT_SORT_PREFIX },
      ScanIndexForward: false,
    });
    return items.map(entryOf);
  }
}

function entryOf(item: Record<string, unknown>): AuditEntry {
  const { [MEMBER_VISIBLE]: _mv, ...entry } = withoutLayout<AuditEntry & { mv?: boolean }>(item);
  return entry;
}

/** Sort keys of entries at or after `from` and before `to` (ids start with their instant). */
function sortRange(query: Pick<AuditListQuery, 'from' | 'to'>): Record<string, string> {
  const from = query.from ? auditKeys.sort(timedIdPrefix('aud', query.from)) : AUDIT_SORT_PREFIX;
  // Ids made before `to` sort before its prefix; "~" sorts after every id character.
  const to = query.to ? auditKeys.sort(timedIdPrefix('aud', new Date(query.to.getTime() - 1))) + '~' : `${AUDIT_SORT_PREFIX}~`;
  return { ':from': from, ':to': to };
}
