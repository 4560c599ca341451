import {
  CreateTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type UpdateTimeToLiveCommandInput,
} from '@aws-sdk/client-dynamodb';
import { keyAttributeNames, TABLE_DEFINITION, type TableDefinition } from './table-definition.ts';

/**
 * The CreateTable request for the shared definition. Pure, so the CDK tests can check that the
 * synthesized table and the local one are the same table.
 */
export function createTableInput(tableName: string, definition: TableDefinition = TABLE_DEFINITION): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributeNames(definition).map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: definition.partitionKey, KeyType: 'HASH' },
      { AttributeName: definition.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/** The UpdateTimeToLive request that follows CreateTable (DynamoDB cannot set TTL on create). */
export function timeToLiveInput(tableName: string, definition: TableDefinition = TABLE_DEFINITION): UpdateTimeToLiveCommandInput {
  return {
    TableName: tableName,
    TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
  };
}

/**
 * Creates the table from the shared definition where it does not exist yet (local bootstrap and
 * tests; in AWS the CDK data stack creates it from the same definition). Returns true if created.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, definition: TableDefinition = TABLE_DEFINITION): Promise<boolean> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName, definition)));
  } catch (error) {
    if (error instanceof ResourceInUseException) return false;
    throw error;
  }
  await client.send(new UpdateTimeToLiveCommand(timeToLiveInput(tableName, definition)));
  return true;
}
