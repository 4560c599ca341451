import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/** Baseline of the bundle benchmark: the DynamoDB document client and nothing of ours. */
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }));
export const handler = async (event: { key: { pk: string; sk: string } }) => documentClient.send(new GetCommand({ TableName: 'baseline', Key: event.key }));
