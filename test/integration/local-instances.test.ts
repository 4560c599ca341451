import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INSTANCE_FILE, readRunningInstance } from '#local/instance-file.ts';
import type { RunningLab } from '#local/lab/index.ts';
import { localSettings } from '#local/settings.ts';
import { describePorts, startLabBeside } from '#local/system.ts';
import { REPO_ROOT } from '#infra/constructs/driftsbilde-function.ts';
import { freshTable } from '../support/dynamodb.ts';

/**
 * Two local instances side by side (issue 11): ports that follow PORT, a lab that moves to free
 * ports when its range is taken, and command-line tools that find the running instance's database
 * through its data folder, without DDB_PORT and without the SDK's Node-version notice.
 */
const folders: string[] = [];
const labs: RunningLab[] = [];
afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('ports of two instances', () => {
  it('follow PORT: DynamoDB Local at PORT − 80, the lab from PORT + 8020 (8080 keeps 8000 and 16100)', () => {
    expect(localSettings({})).toMatchObject({ port: 8080, dynamoDbPort: 8000, labPort: 16100, labPortGiven: false });
    expect(localSettings({ PORT: '18080' })).toMatchObject({ port: 18080, dynamoDbPort: 18000, labPort: 26100 });
    expect(localSettings({ PORT: '28080' })).toMatchObject({ port: 28080, dynamoDbPort: 28000, labPort: 36100 });
    expect(localSettings({ PORT: '18080', DDB_PORT: '9000', LAB_PORT: '40000' })).toMatchObject({ dynamoDbPort: 9000, labPort: 40000, labPortGiven: true });
  });

  it('runs the labs of PORT=18080 and PORT=28080 side by side, on ports that do not meet', async () => {
    const lines: string[] = [];
    const a = await startLabBeside(localSettings({ PORT: '18080' }), (line) => lines.push(line));
    labs.push(a);
    const b = await startLabBeside(localSettings({ PORT: '28080' }), (line) => lines.push(line));
    labs.push(b);
    expect(a.ports.length).toBeGreaterThan(5);
    expect(a.ports.filter((port) => b.ports.includes(port))).toEqual([]);
    // Each says where it listens.
    expect(lines.filter((line) => line.startsWith('The lab listens on ') || line.includes('free ports instead'))).toHaveLength(2);
  }, 120_000);

  it('moves to free ports, and says which, when a port of its range is taken — unless LAB_PORT fixed it', async () => {
    const taken: Socket = createSocket('udp4');
    await new Promise<void>((resolve) => taken.bind(0, '127.0.0.1', resolve));
    const port = taken.address().port;
    try {
      const lines: string[] = [];
      const lab = await startLabBeside({ labPort: port, labPortGiven: false }, (line) => lines.push(line));
      labs.push(lab);
      expect(lab.ports).not.toContain(port);
      expect(lines.at(-1)).toBe(`The lab's ports from ${port} are taken (${lines.at(-1)!.match(/\((.*)\);/)![1]}); it listens on free ports instead: ${describePorts(lab.ports)}.`);
      expect(lines.at(-1)).toContain(`udp 127.0.0.1:${port}`);
      await expect(startLabBeside({ labPort: port, labPortGiven: true }, () => undefined)).rejects.toThrow(`udp 127.0.0.1:${port}`);
    } finally {
      taken.close();
    }
  }, 120_000);

  it('describes ports as ranges', () => {
    expect(describePorts([16100, 16101, 16102, 16120, 16130, 16131])).toBe('16100–16102, 16120, 16130–16131');
  });
});

describe('command-line tools find the running instance', () => {
  /** Runs a script as `npm run` would, with only what a fresh terminal has (no DDB_PORT, no SDK switches). */
  function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 120_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it('reads the database from DATA_DIR/instance.json, prints no SDK notice, and DDB_PORT still wins', async () => {
    const { endpoint, tableName } = await freshTable('cli');
    const dataDir = mkdtempSync(join(tmpdir(), 'driftsbilde-instance-'));
    folders.push(dataDir);
    // This test process stands in for the running instance (its pid is alive).
    writeFileSync(join(dataDir, INSTANCE_FILE), JSON.stringify({ pid: process.pid, url: 'http://127.0.0.1:1', dynamoDbEndpoint: endpoint, tableName }));
    expect(readRunningInstance(dataDir)?.dynamoDbEndpoint).toBe(endpoint);

    const found = await run('scripts/plan.ts', ['--region', 'no-such-region', '--from', '2020', '--to', '2021'], { DATA_DIR: dataDir });
    // It reached the table: the region is unknown there, which only the database can say.
    expect(found.stderr.trim()).toBe("region 'no-such-region' does not exist");
    expect(found.code).toBe(1);
    expect(found.stderr).not.toMatch(/Warning|NodeVersionSupport/);

    // An explicit DDB_PORT is obeyed over the file (here a closed port).
    const told = await run('scripts/plan.ts', ['--region', 'no-such-region'], { DATA_DIR: dataDir, DDB_PORT: '1' });
    expect(told.stderr).toMatch(/cannot be reached|cannot reach/);
  }, 240_000);

  it('npm run token says what it made in bokmål, in English with --lang en, and prints the token alone on stdout', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'driftsbilde-token-'));
    folders.push(dataDir);
    const nb = await run('local/token.ts', ['--role', 'member', '--member', 'lillesand'], { DATA_DIR: dataDir });
    expect(nb.code).toBe(0);
    expect(nb.stderr.trim()).toBe('Token for rollen member (medlem lillesand) i regionen kr-ikt, gyldig i 12 timer. Send den som: Authorization: Bearer <token>');
    expect(nb.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const en = await run('local/token.ts', ['--role', 'admin', '--lang', 'en'], { DATA_DIR: dataDir });
    expect(en.stderr.trim()).toBe('Token for role admin in every region, valid 12 hours. Send it as: Authorization: Bearer <token>');
    const refused = await run('local/token.ts', ['--role', 'operator', '--hours', '48'], { DATA_DIR: dataDir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^Kunne ikke lage et token: /);
  }, 120_000);

  it('ignores an instance file whose process is gone (left by a crash)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'driftsbilde-instance-'));
    folders.push(dataDir);
    writeFileSync(join(dataDir, INSTANCE_FILE), JSON.stringify({ pid: 2 ** 22 + 12_345, url: 'x', dynamoDbEndpoint: 'http://127.0.0.1:1', tableName: 't' }));
    expect(readRunningInstance(dataDir)).toBeUndefined();
    expect(readRunningInstance(dataDir, { checkAlive: false })?.tableName).toBe('t');
  });
});
