import { resolve } from 'node:path';

/** Where the local system runs; every value can be changed so two instances run side by side. */
export interface LocalSettings {
  port: number;
  dynamoDbPort: number;
  dataDir: string;
  tableName: string;
  /** First port of the lab's simulated devices (LAB_PORT; by default PORT + 8020, so 16100 beside 8080). */
  labPort: number;
  /** True when LAB_PORT was given: the lab then uses exactly it, instead of falling back to free ports when its range is taken. */
  labPortGiven: boolean;
}

export function localSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const port = portFrom(env.PORT, 8080, 'PORT');
  const labDefault = port + 8020 + 100 < 65535 ? port + 8020 : 0;
  // DynamoDB Local follows PORT too (8080 → 8000, 18080 → 18000), so a second instance needs PORT alone.
  const dynamoDbDefault = port >= 1104 ? port - 80 : 8000;
  return {
    port,
    labPort: portFrom(env.LAB_PORT, labDefault, 'LAB_PORT'),
    labPortGiven: env.LAB_PORT !== undefined && env.LAB_PORT !== '',
    dynamoDbPort: portFrom(env.DDB_PORT, dynamoDbDefault, 'DDB_PORT'),
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    tableName: env.TABLE_NAME ?? 'driftsbilde',
  };
}

function portFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number (0–65535), not '${value}'`);
  return port;
}

/**
 * The AWS SDK warns once per process, on stderr, that releases after January 2027 will need
 * Node.js 22 (we support 20.19+: package.json `engines`). A person running a local command cannot
 * act on it, so the local tools turn it off (the SDK's own switch) before they make a client.
 */
export function quietAwsSdk(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
