import { DynamoDbBudgetLineStore } from '#shared/adapters/dynamodb/budget-line-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoDbDeviceBatchWriter } from '#shared/adapters/dynamodb/device-batch-writer.ts';
import { DynamoDbHealthSummarySource } from '#shared/adapters/dynamodb/health-summary-source.ts';
import { DynamoDbInventoryStore } from '#shared/adapters/dynamodb/inventory-store.ts';
import { DeviceImport } from '#shared/domain/device-import/import-devices.ts';
import { DriftsbildeError, ValidationError } from '#shared/domain/errors.ts';
import { ReinvestmentPlanning } from '#shared/domain/reinvestment/planning.ts';
import { localSettings } from '#local/settings.ts';

/**
 * What the command-line scripts share: they talk straight to the running local system's DynamoDB
 * (started by `npm start`), through the same use cases as the API. DDB_PORT (8000), TABLE_NAME
 * (driftsbilde) and DYNAMODB_ENDPOINT (http://127.0.0.1:$DDB_PORT) choose where.
 */
export function localServices() {
  const settings = localSettings();
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${settings.dynamoDbPort}`;
  const doc = createDocumentClient({ DYNAMODB_ENDPOINT: endpoint, AWS_REGION: process.env.AWS_REGION ?? 'eu-north-1' });
  const inventory = new DynamoDbInventoryStore(doc, settings.tableName);
  return {
    endpoint,
    tableName: settings.tableName,
    planning: new ReinvestmentPlanning({
      inventory,
      budgetLines: new DynamoDbBudgetLineStore(doc, settings.tableName),
      health: new DynamoDbHealthSummarySource(doc, settings.tableName),
    }),
    deviceImport: new DeviceImport(inventory, new DynamoDbDeviceBatchWriter(doc, settings.tableName)),
  };
}

/** Prints an error the way a person at a terminal needs it and exits non-zero. */
export function failAndExit(error: unknown, endpoint: string): never {
  if (error instanceof ValidationError && Array.isArray(error.details)) {
    console.error(error.message);
    for (const problem of error.details as Array<{ field: string; column?: string; problem: string }>) {
      console.error(`  ${problem.field}${problem.column ? ` (column "${problem.column}")` : ''}: ${problem.problem}`);
    }
  } else if (error instanceof DriftsbildeError) {
    console.error(error.message);
  } else if (error instanceof Error && /ECONNREFUSED|connect/i.test(`${error.message} ${(error as { code?: string }).code ?? ''}`)) {
    console.error(`cannot reach DynamoDB at ${endpoint}: is the local system running (npm start)? Set DDB_PORT or DYNAMODB_ENDPOINT if it runs elsewhere.`);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
}
