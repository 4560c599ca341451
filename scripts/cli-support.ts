import { DriftsbildeError, ValidationError } from '#shared/domain/errors.ts';
import { readRunningInstance } from '#local/instance-file.ts';
import { localSettings, quietAwsSdk } from '#local/settings.ts';

/**
 * What the command-line scripts share: they talk straight to the running local system's DynamoDB
 * (started by `npm start`), through the same use cases as the API. Where: DYNAMODB_ENDPOINT, else
 * DDB_PORT, else the instance running on DATA_DIR (it writes its endpoint to `instance.json` there),
 * else the default port; TABLE_NAME likewise. The services are
 * the Lambdas' own (functions/commons), which read their configuration at module scope, so the
 * environment is set before they are imported, as local/system.ts does before the host imports
 * the handlers.
 */
export async function localServices() {
  const settings = localSettings();
  const running = process.env.DDB_PORT ? undefined : readRunningInstance(settings.dataDir);
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? running?.dynamoDbEndpoint ?? `http://127.0.0.1:${settings.dynamoDbPort}`;
  const tableName = process.env.TABLE_NAME ?? running?.tableName ?? settings.tableName;
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = endpoint;
  quietAwsSdk();
  const [{ planning }, { deviceImport }] = await Promise.all([import('#functions/commons/planning-services.ts'), import('#functions/commons/device-import-services.ts')]);
  return { endpoint, tableName, planning, deviceImport };
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
    console.error(`cannot reach DynamoDB at ${endpoint}: is the local system running (npm start)? With another DATA_DIR, set it here too (its instance.json names the database); or set DDB_PORT or DYNAMODB_ENDPOINT.`);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
}
