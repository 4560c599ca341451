import type { TestProject } from 'vitest/node';
import { freePort, startDynamoDbLocal, type RunningDynamoDb } from '../../local/dynamodb-local.ts';

/**
 * One in-memory DynamoDB Local for the whole run, on a free port. Every test file creates its
 * own table (see `dynamodb.ts`), so files never see each other's data.
 */
let dynamo: RunningDynamoDb | undefined;

export async function setup(project: TestProject): Promise<void> {
  dynamo = await startDynamoDbLocal({ port: await freePort() });
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
}

export async function teardown(): Promise<void> {
  await dynamo?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}
