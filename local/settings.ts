import { resolve } from 'node:path';

/** Where the local system runs; every value can be changed so two instances run side by side. */
export interface LocalSettings {
  port: number;
  dynamoDbPort: number;
  dataDir: string;
  tableName: string;
  /** First port of the lab's simulated devices (LAB_PORT; by default PORT + 8020, so 16100 beside 8080). */
  labPort: number;
}

export function localSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const port = portFrom(env.PORT, 8080, 'PORT');
  const labDefault = port + 8020 + 100 < 65535 ? port + 8020 : 0;
  return {
    port,
    labPort: portFrom(env.LAB_PORT, labDefault, 'LAB_PORT'),
    dynamoDbPort: portFrom(env.DDB_PORT, 8000, 'DDB_PORT'),
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
