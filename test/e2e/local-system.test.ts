import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local.ts';
import { startSystem, type RunningSystem } from '../../local/system.ts';
import { apiCall } from './browser-support.ts';

/** The local system as a newcomer runs it: real DynamoDB Local on disk, the host over real HTTP. */
const dataDir = mkdtempSync(join(tmpdir(), 'driftsbilde-e2e-'));
let system: RunningSystem | undefined;

let ports: { PORT: string; DDB_PORT: string } | undefined;

/** Starts on the same ports each time, as a restart does (handler modules keep their configuration). */
async function start(reset = false): Promise<RunningSystem> {
  ports ??= { PORT: String(await freePort()), DDB_PORT: String(await freePort()) };
  const env = { ...process.env, ...ports, DATA_DIR: dataDir };
  system = await startSystem({ env, reset, lab: false });
  return system;
}

/** Stops the running system (if any); afterAll then has nothing left to stop. */
async function stop(): Promise<void> {
  const running = system;
  system = undefined;
  await running?.stop();
}

/** The system `beforeAll` started, or a clear failure if it is not running. */
function running(): RunningSystem {
  if (!system) throw new Error('the local system is not running: beforeAll did not start it, or an earlier step stopped it');
  return system;
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

/**
 * `npm start` as a child process, in its own process group so that whatever it started (Java
 * included) can be stopped even if the test fails before it stops the child itself.
 */
const children: ChildProcess[] = [];
function npmStart(env: NodeJS.ProcessEnv): ChildProcess & { output(): string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--no-lab'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

/** Ctrl-C for a child still running, then SIGKILL for anything left in its process group. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGINT');
    const timer = setTimeout(() => killGroup(child), 10_000);
    await exited;
    clearTimeout(timer);
  }
  killGroup(child);
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left in the group.
  }
}

afterAll(async () => {
  for (const child of children) await stopChild(child);
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local system over HTTP', () => {
  // One system for both tests, reset to the demo region; the second restarts it on the same ports.
  beforeAll(async () => {
    await start(true);
  });

  it('serves the demo region through the same handlers, with tokens from the local key', async () => {
    const sys = running();
    expect(sys.demo).toBe(true); // a fresh store in the default mode: the demo region and its picker
    const regions = await apiCall(sys, 'GET', '/api/regions', { role: 'operator' });
    expect(regions.status).toBe(200);
    expect(regions.body.items.map((r: { id: string }) => r.id)).toEqual(['kr-ikt']);
    const all = await apiCall(sys, 'GET', '/api/regions/kr-ikt/devices?limit=1000', { role: 'operator' });
    expect(all.body.items.length).toBeGreaterThanOrEqual(60);
    expect((await apiCall(sys, 'GET', '/api/regions/kr-ikt/devices')).status).toBe(401);
    expect((await apiCall(sys, 'GET', '/api/regions/kr-ikt/devices', { token: 'not-a-jwt' })).status).toBe(401);
    expect((await apiCall(sys, 'GET', '/api/openapi.json')).body.openapi).toBe('3.1.0');
    expect((await apiCall(sys, 'GET', '/api/nothing-here', { role: 'operator' })).status).toBe(404);
    expect((await apiCall(sys, 'DELETE', '/api/regions', { role: 'operator' })).status).toBe(405);
  });

  it('keeps data across a restart and starts empty with --reset', async () => {
    let sys = running();
    const created = await apiCall(sys, 'POST', '/api/regions/kr-ikt/devices', {
      role: 'member',
      memberId: 'iveland',
      body: {
        id: 'srv-ivel-ny-01', name: 'Ny server Iveland', kind: 'server', environmentId: 'felles-kristiansand',
        purchaseDate: '2021-03-01', purchaseCostNok: 90000, criticality: 3, payer: { type: 'member', memberId: 'iveland' },
      },
    });
    expect(created.status).toBe(201);
    await stop();

    sys = await start(false);
    const again = await apiCall(sys, 'GET', '/api/regions/kr-ikt/devices/srv-ivel-ny-01', { role: 'operator' });
    expect(again.status).toBe(200);
    expect(again.body.name).toBe('Ny server Iveland');
    await stop();

    sys = await start(true);
    expect((await apiCall(sys, 'GET', '/api/regions/kr-ikt/devices/srv-ivel-ny-01', { role: 'operator' })).status).toBe(404);
  }, 360_000); // three starts of the whole system, each with DynamoDB Local and a dashboard build (minutes on a busy machine)
});

describe('npm start as a process', () => {
  it('says which Debian package to install when Java is missing', async () => {
    // A PATH with node on it but no java (node and java may share /usr/bin, so node is linked alone).
    const binDir = mkdtempSync(join(tmpdir(), 'driftsbilde-nojava-'));
    symlinkSync(process.execPath, join(binDir, 'node'));
    try {
      const child = npmStart({ ...process.env, PATH: binDir, DATA_DIR: dataDir });
      const code = await new Promise<number | null>((done) => child.once('exit', (exitCode) => done(exitCode)));
      expect(code).toBe(1);
      expect(child.output()).toContain('openjdk-17-jre-headless');
    } finally {
      rmSync(binDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('prints where to go, and Ctrl-C stops everything, Java included', async () => {
    await stop(); // the same data directory: one DynamoDB Local on it at a time
    const [port, dynamoPort] = [await freePort(), await freePort()];
    const child = npmStart({ ...process.env, PORT: String(port), DDB_PORT: String(dynamoPort), DATA_DIR: dataDir });
    const deadline = Date.now() + 180_000;
    while (!child.output().includes('Ctrl-C stops everything') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    expect(child.output()).toContain(`http://127.0.0.1:${port}`);
    expect(child.output()).toContain('npm run token -- --role operator');
    expect(await portIsOpen(dynamoPort)).toBe(true);

    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await portIsOpen(dynamoPort)).toBe(false);
    expect(await portIsOpen(port)).toBe(false);
  }, 240_000);
});
