import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { currentAuditScope } from '#shared/domain/audit/audit-scope.ts';
import { AlreadyExistsError, NotFoundError, VersionConflictError } from '#shared/domain/errors.ts';
import type { Page } from '#shared/domain/paging.ts';
import { AUDIT_RECORD_TYPES, type AuditRecordType } from '#shared/schemas/audit.ts';
import { cancellationOf, transactWithAudit } from './audit-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { ItemKey } from './keys.ts';

/** A filtered page stops topping up after this many requests and hands back a cursor. */
const MAX_REQUESTS_PER_PAGE = 10;

/** Attributes that belong to the table's layout, never to the entity returned to callers. */
const LAYOUT_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity', 'searchText', 'expiresAt']);

/** A stored item without the table's layout attributes (keys, index keys, `entity`, `searchText`, `expiresAt`). */
export function withoutLayout<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !LAYOUT_ATTRIBUTES.has(name))) as T;
}

export interface QuerySpec {
  indexName?: string;
  partitionAttribute: string;
  partitionValue: string;
  sortAttribute: string;
  sortPrefix: string;
  limit: number;
  cursor?: string;
  /** Extra filter applied after the key condition (counts against the page, not the key read). */
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
}

/**
 * Optimistic-locking persistence for one entity kind. Every write is one conditional request:
 * create only where nothing exists, replace and delete only at the version the caller read. A lost
 * race becomes a {@link VersionConflictError} carrying the current version.
 *
 * Each write is a TransactWriteItems holding the record's conditional write and, inside an audited
 * request, its audit entry (`audit-store.ts`): both land or neither does. To record what a replace
 * or delete changed, an audited write first reads the record (consistently); the version condition
 * then guarantees that what was read is exactly what was replaced.
 */
export class VersionedItems<T extends { id: string; version: number }> {
  /** The entity's name in the audit trail (`budget line` → `budget-line`). */
  private readonly recordType: AuditRecordType;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Entity name, used in error messages and stored as `entity`. */
    readonly entity: string,
    /** Extra attributes (index keys, search text) derived from the entity. */
    private readonly derive: (value: T) => Record<string, unknown> = () => ({}),
  ) {
    const recordType = entity.replace(/ /g, '-');
    if (!(AUDIT_RECORD_TYPES as readonly string[]).includes(recordType)) throw new Error(`'${entity}' is not a record type of the audit trail`);
    this.recordType = recordType as AuditRecordType;
  }

  async get(key: ItemKey, consistent = false): Promise<T | undefined> {
    const result = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ...(consistent ? { ConsistentRead: true } : {}) }));
    return result.Item ? this.fromItem(result.Item) : undefined;
  }

  async getOrThrow(key: ItemKey, id: string): Promise<T> {
    const found = await this.get(key);
    if (!found) throw new NotFoundError(this.entity, id);
    return found;
  }

  /** Stores a new entity at version 1; refuses if the id is taken. */
  async create(key: ItemKey, value: Omit<T, 'version'>): Promise<T> {
    const stored = { ...value, version: 1 } as T;
    try {
      await transactWithAudit(
        this.doc,
        this.tableName,
        [{ Put: { TableName: this.tableName, Item: this.toItem(key, stored), ConditionExpression: 'attribute_not_exists(pk)' } }],
        () => ({ recordType: this.recordType, recordId: value.id, after: stored }),
      );
    } catch (error) {
      // A condition that failed, or another transaction writing the same id right now.
      if (cancellationOf(error, 0)?.code?.match(/^(ConditionalCheckFailed|TransactionConflict)$/)) throw new AlreadyExistsError(this.entity, value.id);
      throw error;
    }
    return stored;
  }

  /** Replaces the entity if it is still at `expectedVersion`; returns it at the next version. */
  async replace(key: ItemKey, value: Omit<T, 'version'>, expectedVersion: number): Promise<T> {
    const stored = { ...value, version: expectedVersion + 1 } as T;
    const before = await this.auditedBefore(key, value.id, expectedVersion);
    try {
      await transactWithAudit(
        this.doc,
        this.tableName,
        [{ Put: { TableName: this.tableName, Item: this.toItem(key, stored), ...this.atVersion(expectedVersion) } }],
        () => ({ recordType: this.recordType, recordId: value.id, before, after: stored }),
      );
    } catch (error) {
      throw await this.conflictOrRethrow(error, key, value.id);
    }
    return stored;
  }

  async delete(key: ItemKey, id: string, expectedVersion: number): Promise<void> {
    const before = await this.auditedBefore(key, id, expectedVersion);
    try {
      await transactWithAudit(this.doc, this.tableName, [{ Delete: { TableName: this.tableName, Key: key, ...this.atVersion(expectedVersion) } }], () => ({
        recordType: this.recordType,
        recordId: id,
        before,
      }));
    } catch (error) {
      throw await this.conflictOrRethrow(error, key, id);
    }
  }

  /**
   * Deletes outside the audit trail: only for undoing this system's own writes that the caller
   * never saw succeed (an import's compensation).
   */
  async deleteUnaudited(key: ItemKey, id: string, expectedVersion: number): Promise<void> {
    try {
      await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key, ...this.atVersion(expectedVersion) }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw await this.conflictOrRethrow(error, key, id);
      throw error;
    }
  }

  /**
   * One page of at most `limit` items, resumable with `nextCursor`. Without a filter this is one
   * Query request (up to 1 MB). With a filter, DynamoDB counts `Limit` before filtering, so the page
   * is topped up with a few more requests for what is still missing, never more than asked for.
   */
  async queryPage(spec: QuerySpec): Promise<Page<T>> {
    let startKey: Record<string, unknown> | undefined = decodeCursor(spec.cursor, spec);
    const items: T[] = [];
    for (let request = 0; request < MAX_REQUESTS_PER_PAGE; request++) {
      const input: QueryCommandInput = {
        TableName: this.tableName,
        IndexName: spec.indexName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': spec.partitionAttribute, '#sk': spec.sortAttribute, ...spec.filter?.names },
        ExpressionAttributeValues: { ':pk': spec.partitionValue, ':prefix': spec.sortPrefix, ...spec.filter?.values },
        FilterExpression: spec.filter?.expression,
        Limit: spec.limit - items.length,
        ExclusiveStartKey: startKey,
      };
      const result = await this.doc.send(new QueryCommand(input));
      items.push(...(result.Items ?? []).map((item) => this.fromItem(item)));
      startKey = result.LastEvaluatedKey;
      if (!startKey || items.length >= spec.limit) break;
    }
    return { items, ...(startKey ? { nextCursor: encodeCursor(startKey) } : {}) };
  }

  toItem(key: ItemKey, value: T): Record<string, unknown> {
    return { ...value, ...this.derive(value), ...key, entity: this.entity };
  }

  fromItem(item: Record<string, unknown>): T {
    return withoutLayout<T>(item);
  }

  private atVersion(expectedVersion: number) {
    return {
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
  }

  /** Inside an audited request, the record as it is before the write (refusing early what the condition would refuse). */
  private async auditedBefore(key: ItemKey, id: string, expectedVersion: number): Promise<T | undefined> {
    if (!currentAuditScope()) return undefined;
    const current = await this.get(key, true);
    if (!current) throw new NotFoundError(this.entity, id);
    if (current.version !== expectedVersion) throw new VersionConflictError(this.entity, id, current.version);
    return current;
  }

  /** A refused write as the caller should hear it: not found, or a conflict naming the current version. */
  private async conflictOrRethrow(error: unknown, key: ItemKey, id: string): Promise<unknown> {
    let current: unknown;
    if (error instanceof ConditionalCheckFailedException) current = error.Item?.version?.N;
    else {
      const cancelled = cancellationOf(error, 0);
      if (cancelled?.code === 'ConditionalCheckFailed') current = (cancelled.item?.version as { N?: string } | undefined)?.N;
      else if (cancelled?.code === 'TransactionConflict') current = (await this.get(key, true))?.version;
      else return error;
    }
    if (current === undefined) return new NotFoundError(this.entity, id);
    return new VersionConflictError(this.entity, id, Number(current));
  }
}
