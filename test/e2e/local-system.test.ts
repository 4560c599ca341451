import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local.ts';
import { startSystem, tokenFor, type RunningSystem } from '../../local/system.ts';

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

async function http(sys: RunningSystem, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${sys.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local system over HTTP', () => {
  it('serves the demo region through the same handlers, with tokens from the local key', async () => {
    const sys = await start(true);
    const token = await tokenFor(sys, 'operator');
    const regions = await http(sys, 'GET', '/api/regions', token);
    expect(regions.status).toBe(200);
    expect(regions.body.items.map((r: { id: string }) => r.id)).toEqual(['kr-ikt']);
    const all = await http(sys, 'GET', '/api/regions/kr-ikt/devices?limit=1000', token);
    expect(all.body.items.length).toBeGreaterThanOrEqual(60);
    expect((await http(sys, 'GET', '/api/regions/kr-ikt/devices')).status).toBe(401);
    expect((await http(sys, 'GET', '/api/regions/kr-ikt/devices', 'not-a-jwt')).status).toBe(401);
    expect((await http(sys, 'GET', '/api/openapi.json')).body.openapi).toBe('3.1.0');
    expect((await http(sys, 'GET', '/api/nothing-here', token)).status).toBe(404);
    expect((await http(sys, 'DELETE', '/api/regions', token)).status).toBe(405);
  });

  it('keeps data across a restart and starts empty with --reset', async () => {
    let sys = system as RunningSystem;
    const token = await tokenFor(sys, 'member', 'iveland');
    const created = await http(sys, 'POST', '/api/regions/kr-ikt/devices', token, {
      id: 'srv-ivel-ny-01', name: 'Ny server Iveland', kind: 'server', environmentId: 'felles-kristiansand',
      purchaseDate: '2021-03-01', purchaseCostNok: 90000, criticality: 3, payer: { type: 'member', memberId: 'iveland' },
    });
    expect(created.status).toBe(201);
    await sys.stop();

    sys = await start(false);
    const again = await http(sys, 'GET', '/api/regions/kr-ikt/devices/srv-ivel-ny-01', await tokenFor(sys, 'operator'));
    expect(again.status).toBe(200);
    expect(again.body.name).toBe('Ny server Iveland');
    await sys.stop();

    sys = await start(true);
    expect((await http(sys, 'GET', '/api/regions/kr-ikt/devices/srv-ivel-ny-01', await tokenFor(sys, 'operator'))).status).toBe(404);
  });
});

describe('npm start as a process', () => {
  it('says which Debian package to install when Java is missing', async () => {
    // A PATH with node on it but no java (node and java may share /usr/bin, so node is linked alone).
    const binDir = mkdtempSync(join(tmpdir(), 'driftsbilde-nojava-'));
    symlinkSync(process.execPath, join(binDir, 'node'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--no-lab'], {
      env: { ...process.env, PATH: binDir, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', (exitCode) => done(exitCode)));
    expect(code).toBe(1);
    expect(output).toContain('openjdk-17-jre-headless');
  }, 60_000);

  it('prints where to go, and Ctrl-C stops everything, Java included', async () => {
    await system?.stop();
    system = undefined;
    const [port, dynamoPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--no-lab'], {
      env: { ...process.env, PORT: String(port), DDB_PORT: String(dynamoPort), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 90_000;
    while (!output.includes('Ctrl-C stops everything') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    expect(output).toContain(`http://127.0.0.1:${port}`);
    expect(output).toContain('npm run token -- --role operator');
    expect(await portIsOpen(dynamoPort)).toBe(true);

    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await portIsOpen(dynamoPort)).toBe(false);
    expect(await portIsOpen(port)).toBe(false);
  }, 120_000);
});
