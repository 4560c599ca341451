import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { AlreadyExistsError, NotFoundError, ValidationError, VersionConflictError } from '#shared/domain/errors.ts';
import type { IncidentStore } from '#shared/domain/health/health-store.ts';
import { summaryOf, type IncidentRecord, type OpenIncidentSummary } from '#shared/domain/health/incidents.ts';
import type { Page, PageRequest } from '#shared/domain/paging.ts';
import type { Incident } from '#shared/schemas/health.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { incidentKeys } from './incident-keys.ts';

const LAYOUT = new Set(['pk', 'sk', 'entity']);
const BATCH_GET_LIMIT = 100;

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
    const summaries: OpenIncidentSummary[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': incidentKeys.partition(regionId, environmentId), ':prefix': incidentKeys.openPrefix },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of output.Items ?? []) summaries.push(strip<OpenIncidentSummary>(item));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return summaries;
  }

  async list(regionId: string, environmentId: string, options: { openOnly: boolean }, page: PageRequest): Promise<Page<Incident>> {
    const partition = incidentKeys.partition(regionId, environmentId);
    const startKey = decodeCursor(page.cursor);
    if (startKey && startKey.pk !== partition) {
      throw new ValidationError('the cursor belongs to another list', [{ field: 'query.cursor', problem: 'this cursor was issued for another list; start again without it' }]);
    }
    const output = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': options.openOnly ? incidentKeys.openPrefix : incidentKeys.prefix },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    let items = (output.Items ?? []).map((item) => strip<Incident>(item));
    if (options.openOnly) items = await this.fullIncidents(regionId, environmentId, items.map((marker) => marker.id));
    const nextCursor = encodeCursor(output.LastEvaluatedKey);
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }

  async get(regionId: string, environmentId: string, incidentId: string): Promise<Incident | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: incidentKeys.item(regionId, environmentId, incidentId), ConsistentRead: true }));
    return Item ? strip<Incident>(Item) : undefined;
  }

  async create(regionId: string, incident: IncidentRecord): Promise<Incident> {
    const stored: Incident = { ...incident, version: 1 };
    try {
      await this.transact([
        {
          Put: {
            TableName: this.tableName,
            Item: { ...stored, ...incidentKeys.item(regionId, incident.environmentId, incident.id), entity: 'incident' },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        this.markerWrite(regionId, incident),
      ]);
    } catch (error) {
      if (isConditionFailure(error)) throw new AlreadyExistsError('incident', incident.id);
      throw error;
    }
    return stored;
  }

  async save(regionId: string, incident: IncidentRecord, expectedVersion: number): Promise<Incident> {
    const stored: Incident = { ...incident, version: expectedVersion + 1 };
    try {
      await this.transact([
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
      ]);
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

  private async transact(items: TransactItem[]): Promise<void> {
    await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
  }

  private async fullIncidents(regionId: string, environmentId: string, ids: readonly string[]): Promise<Incident[]> {
    const found = new Map<string, Incident>();
    for (let start = 0; start < ids.length; start += BATCH_GET_LIMIT) {
      let keys: Array<Record<string, unknown>> = ids.slice(start, start + BATCH_GET_LIMIT).map((id) => incidentKeys.item(regionId, environmentId, id) as unknown as Record<string, unknown>);
      for (let attempt = 0; keys.length > 0 && attempt < 8; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * 2 ** attempt));
        const output = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
        for (const item of output.Responses?.[this.tableName] ?? []) {
          const incident = strip<Incident>(item);
          found.set(incident.id, incident);
        }
        keys = (output.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Array<Record<string, unknown>>;
      }
    }
    return ids.flatMap((id) => (found.has(id) ? [found.get(id) as Incident] : []));
  }
}

function strip<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !LAYOUT.has(name))) as T;
}

/** A transaction cancelled because a condition failed (not a throttle or a conflict with another transaction). */
function isConditionFailure(error: unknown): boolean {
  return error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed');
}
