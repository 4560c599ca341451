import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `DATA_DIR/instance.json`: where the running local system listens, written by `npm start` once
 * everything is up and removed when it stops, so that the command-line tools (`npm run plan`,
 * `npm run import`, …) find its database without being told DDB_PORT again (issue 11).
 */
export interface RunningInstance {
  pid: number;
  url: string;
  dynamoDbEndpoint: string;
  tableName: string;
  /** The lab's ports as it reports them (absent without the lab). */
  lab?: string;
}

export const INSTANCE_FILE = 'instance.json';

export function writeInstanceFile(dataDir: string, instance: RunningInstance): () => void {
  const file = join(dataDir, INSTANCE_FILE);
  writeFileSync(file, `${JSON.stringify(instance, null, 2)}\n`, { mode: 0o600 });
  return () => {
    // Only our own: a second start on the same folder may have written its own since.
    if (readRunningInstance(dataDir, { checkAlive: false })?.pid === instance.pid) rmSync(file, { force: true });
  };
}

/** The instance running on this data folder, or undefined (no file, unreadable, or its process is gone). */
export function readRunningInstance(dataDir: string, options: { checkAlive?: boolean } = {}): RunningInstance | undefined {
  let instance: RunningInstance;
  try {
    instance = JSON.parse(readFileSync(join(dataDir, INSTANCE_FILE), 'utf8')) as RunningInstance;
  } catch {
    return undefined;
  }
  if (typeof instance.dynamoDbEndpoint !== 'string' || !Number.isInteger(instance.pid)) return undefined;
  if (options.checkAlive ?? true) {
    try {
      process.kill(instance.pid, 0);
    } catch (error) {
      // EPERM: alive, but another user's; anything else: gone (a stale file after a crash).
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
    }
  }
  return instance;
}
