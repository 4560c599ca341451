import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { currentAuditScope, type RecordChange } from '#shared/domain/audit/audit-scope.ts';
import { AlreadyExistsError, NotFoundError, VersionConflictError } from '#shared/domain/errors.ts';
import type { IncidentStore } from '#shared/domain/health/health-store.ts';
import { summaryOf, type IncidentRecord, type OpenIncidentSummary } from '#shared/domain/health/incidents.ts';
import type { Page, PageRequest } from '#shared/domain/paging.ts';
import type { Incident } from '#shared/schemas/health.ts';
import { transactWithAudit } from './audit-store.ts';
import { batchGet } from './batch-get.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { incidentKeys } from './incident-keys.ts';
import { queryAll } from './query-all.ts';
import { withoutLayout } from './versioned-items.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * {@link IncidentStore} on the single table (keys in incident-keys.ts). Every write puts the
 * incident conditionally on its version and, in the same transaction, puts or removes its
 * `OPEN#` marker, so the open list can never disagree with the incidents.
 */
export class DynamoDbIncidentStore implements IncidentStore {
  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
  ) {}

  async listOpen(regionId: string, environmentId: string): Promise<OpenIncidentSummary[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': incidentKeys.partition(regionId, environmentId), ':prefix': incidentKeys.openPrefix },
    });
    return items.map((item) => withoutLayout<OpenIncidentSummary>(item));
  }

  async list(regionId: string, environmentId: string, options: { openOnly: boolean }, page: PageRequest): Promise<Page<Incident>> {
    const partition = incidentKeys.partition(regionId, environmentId);
    const sortPrefix = options.openOnly ? incidentKeys.openPrefix : incidentKeys.prefix;
    const startKey = decodeCursor(page.cursor, { partitionAttribute: 'pk', partitionValue: partition, sortAttribute: 'sk', sortPrefix });
    const output = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': sortPrefix },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    let items = (output.Items ?? []).map((item) => withoutLayout<Incident>(item));
    if (options.openOnly) items = await this.fullIncidents(regionId, environmentId, items.map((marker) => marker.id));
    const nextCursor = encodeCursor(output.LastEvaluatedKey);
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }

  async get(regionId: string, environmentId: string, incidentId: string): Promise<Incident | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: incidentKeys.item(regionId, environmentId, incidentId), ConsistentRead: true }));
    return Item ? withoutLayout<Incident>(Item) : undefined;
  }

  async create(regionId: string, incident: IncidentRecord): Promise<Incident> {
    const stored: Incident = { ...incident, version: 1 };
    try {
      await this.transact(
        [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...stored, ...incidentKeys.item(regionId, incident.environmentId, incident.id), entity: 'incident' },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          this.markerWrite(regionId, incident),
        ],
        { recordType: 'incident', recordId: incident.id, after: stored },
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new AlreadyExistsError('incident', incident.id);
      throw error;
    }
    return stored;
  }

  async save(regionId: string, incident: IncidentRecord, expectedVersion: number): Promise<Incident> {
    const stored: Incident = { ...incident, version: expectedVersion + 1 };
    // Inside an audited request the entry records what changed, so read what is replaced.
    const before = currentAuditScope() ? await this.get(regionId, incident.environmentId, incident.id) : undefined;
    try {
      await this.transact(
        [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...stored, ...incidentKeys.item(regionId, incident.environmentId, incident.id), entity: 'incident' },
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion },
            },
          },
          this.markerWrite(regionId, incident),
        ],
        { recordType: 'incident', recordId: incident.id, ...(before ? { before } : {}), after: stored },
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.get(regionId, incident.environmentId, incident.id);
      if (!current) throw new NotFoundError('incident', incident.id);
      throw new VersionConflictError('incident', incident.id, current.version);
    }
    return stored;
  }

  /** The open marker follows the incident: present while open or acknowledged, gone once resolved. */
  private markerWrite(regionId: string, incident: IncidentRecord): TransactItem {
    const key = incidentKeys.openMarker(regionId, incident.environmentId, incident.id);
    if (incident.state === 'resolved') return { Delete: { TableName: this.tableName, Key: key } };
    return { Put: { TableName: this.tableName, Item: { ...summaryOf(incident), ...key, entity: 'incident-open' } } };
  }

  /** The incident's writes, with its audit entry when an audited request makes them (a sweep's are not). */
  private async transact(items: TransactItem[], change: RecordChange): Promise<void> {
    await transactWithAudit(this.doc, this.tableName, items, change);
  }

  private async fullIncidents(regionId: string, environmentId: string, ids: readonly string[]): Promise<Incident[]> {
    const keys = ids.map((id) => ({ ...incidentKeys.item(regionId, environmentId, id) }));
    const found = new Map<string, Incident>();
    for (const item of await batchGet(this.doc, this.tableName, keys)) {
      const incident = withoutLayout<Incident>(item);
      found.set(incident.id, incident);
    }
    return ids.flatMap((id) => (found.has(id) ? [found.get(id) as Incident] : []));
  }
}

/** A transaction cancelled because a condition failed (not a throttle or a conflict with another transaction). */
function isConditionFailure(error: unknown): boolean {
  return error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed');
}
