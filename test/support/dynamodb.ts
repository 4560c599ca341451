import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamodb/client.ts';
import { ensureTable } from '#shared/adapters/dynamodb/create-table.ts';

/**
 * A fresh table in the run's DynamoDB Local. Refuses any endpoint that is not on loopback so a
 * test can never write to a real AWS account.
 */
export async function freshTable(prefix = 'test') {
  const endpoint = inject('dynamoDbEndpoint');
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(endpoint)) throw new Error(`tests run only against DynamoDB Local, not ${endpoint}`);
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  const client = new DynamoDBClient({ endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, tableName);
  const doc = createDocumentClient({ DYNAMODB_ENDPOINT: endpoint, AWS_REGION: 'eu-north-1' });
  return { endpoint, tableName, client, doc };
}
