import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadOrCreateSigningKey, type LocalSigningKey } from '../../local/auth.ts';
import { startLocalHost, type LocalHost } from '../../local/host.ts';
import type { SignInLimits } from '../../local/sign-in.ts';
import { hashPassword, LocalUserStore, verifyPassword } from '../../local/users.ts';

// Each scrypt hash is 128 MiB and a few hundred ms of CPU by design; on a busy 2-core machine a
// test that hashes several passwords needs minutes, not the suite's default 30 s.
vi.setConfig({ testTimeout: 180_000 });

/**
 * `/local/sign-in` over real HTTP: the demo picker, the password sign-in of a real local
 * instance, JSON only, the failure limits; the users store (scrypt) and `npm run users`.
 */
const dirs: string[] = [];
const hosts: LocalHost[] = [];
let signingKey: LocalSigningKey;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'driftsbilde-sign-in-'));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  signingKey = await loadOrCreateSigningKey(tempDir());
});

afterAll(async () => {
  for (const host of hosts) await host.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function demoHost(): Promise<LocalHost> {
  const host = await startLocalHost({ port: 0, signingKey, signIn: { mode: 'demo', regionId: 'kr-ikt' } });
  hosts.push(host);
  return host;
}

async function passwordHost(users: LocalUserStore, limits?: SignInLimits): Promise<LocalHost> {
  const host = await startLocalHost({ port: 0, signingKey, signIn: { mode: 'password', users, ...(limits ? { limits } : {}) } });
  hosts.push(host);
  return host;
}

/** `contentType: null` sends none (a Uint8Array body, so fetch adds none either). */
async function signIn(host: LocalHost, body: unknown, contentType: string | null = 'application/json') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${host.url}/local/sign-in`, {
    method: 'POST',
    headers: contentType ? { 'content-type': contentType } : {},
    body: contentType ? text : new TextEncoder().encode(text),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads any JSON
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('demo sign-in (the identity picker)', () => {
  it('says it is the demo picker, and signs in as a role bound to the demo region (admin: every region)', async () => {
    const host = await demoHost();
    expect(await (await fetch(`${host.url}/local/sign-in`)).json()).toEqual({ mode: 'demo', regionId: 'kr-ikt' });
    const member = await signIn(host, { role: 'member', memberId: 'lillesand' });
    expect(member.status).toBe(200);
    expect(claimsOf(member.body.token)).toMatchObject({ 'cognito:groups': ['member'], 'custom:memberId': 'lillesand', 'custom:regionIds': 'kr-ikt' });
    expect(claimsOf((await signIn(host, { role: 'admin' })).body.token)['custom:regionIds']).toBe('*');
    const noMember = await signIn(host, { role: 'member' });
    expect(noMember.status).toBe(400);
    expect(noMember.body.error.details).toEqual([expect.objectContaining({ field: 'body.memberId' })]);
  });

  it('accepts JSON only: 415 for text/plain, a form or no content type, 400 for broken JSON', async () => {
    const host = await demoHost();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', null]) {
      const refused = await signIn(host, '{"role":"admin"}', contentType);
      expect(refused.status, String(contentType)).toBe(415);
      expect(refused.body.error.code).toBe('unsupported-media-type');
      expect(refused.body.token).toBeUndefined();
    }
    expect((await signIn(host, '{"role":', 'application/json')).status).toBe(400);
    expect((await signIn(host, { role: 'operator' }, 'application/json; charset=utf-8')).status).toBe(200);
  });
});

describe('password sign-in (npm start -- --no-demo)', () => {
  it('signs a user in with its password, as its role and regions; refuses the picker and wrong passwords', async () => {
    const users = new LocalUserStore(tempDir());
    const password = await users.add({ userName: 'Kari', role: 'operator', regionIds: ['kr-ikt'] });
    const host = await passwordHost(users);
    expect(await (await fetch(`${host.url}/local/sign-in`)).json()).toEqual({ mode: 'password' });

    const picker = await signIn(host, { role: 'admin' });
    expect(picker.status).toBe(403);
    expect(picker.body.error.code).toBe('demo-sign-in-off');
    expect((await signIn(host, JSON.stringify({ userName: 'kari', password }), 'text/plain')).status).toBe(415);
    const missing = await signIn(host, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((problem: { field: string }) => problem.field).sort()).toEqual(['body.password', 'body.userName']);

    const wrong = await signIn(host, { userName: 'kari', password: `${password}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('sign-in-failed');
    expect((await signIn(host, { userName: 'nobody', password })).status).toBe(401);

    const right = await signIn(host, { userName: 'KARI', password });
    expect(right.status).toBe(200);
    expect(claimsOf(right.body.token)).toMatchObject({ sub: 'kari', 'cognito:groups': ['operator'], 'custom:regionIds': 'kr-ikt' });
  });

  it('limits failures per user name: 429 with Retry-After, even for the right password; other names still sign in', async () => {
    const users = new LocalUserStore(tempDir());
    const kari = await users.add({ userName: 'kari', role: 'operator', regionIds: ['kr-ikt'] });
    const ola = await users.add({ userName: 'ola', role: 'budget-owner', regionIds: ['kr-ikt'] });
    const host = await passwordHost(users, { perUserName: 3, perClient: 100, windowMs: 60_000 });
    for (let attempt = 0; attempt < 3; attempt++) expect((await signIn(host, { userName: 'kari', password: 'guess' })).status).toBe(401);
    const limited = await signIn(host, { userName: 'kari', password: kari });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('too-many-attempts');
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
    expect((await signIn(host, { userName: 'ola', password: ola })).status).toBe(200);
  });

  it('limits failures per client across user names', async () => {
    const users = new LocalUserStore(tempDir());
    const kari = await users.add({ userName: 'kari', role: 'operator', regionIds: ['kr-ikt'] });
    const host = await passwordHost(users, { perUserName: 100, perClient: 3, windowMs: 60_000 });
    await Promise.all(['anne', 'bjorn', 'cato'].map(async (name) => expect((await signIn(host, { userName: name, password: 'guess' })).status).toBe(401)));
    const limited = await signIn(host, { userName: 'kari', password: kari });
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
  });
});

describe('local users', () => {
  it('hashes with scrypt: the RFC 7914 test vector verifies, salts differ, the parameters are kept in the hash', async () => {
    // RFC 7914 section 12: scrypt(P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64).
    const vector = 'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640';
    const stored = ['scrypt', 1024, 8, 16, Buffer.from('NaCl').toString('base64'), Buffer.from(vector, 'hex').toString('base64')].join('$');
    expect(await verifyPassword('password', stored)).toBe(true);
    expect(await verifyPassword('Password', stored)).toBe(false);

    const [first, second] = [await hashPassword('correct horse'), await hashPassword('correct horse')];
    expect(first).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse', second)).toBe(true);
    expect(await verifyPassword('correct horse!', first)).toBe(false);
  });

  it('keeps users in the data folder, owner-only, never the password; makes the first admin once', async () => {
    const dir = tempDir();
    const users = new LocalUserStore(dir);
    const first = await users.ensureFirstAdmin();
    expect(first?.userName).toBe('admin');
    expect(await users.ensureFirstAdmin()).toBeUndefined();
    expect(await users.verify('admin', first?.password ?? '')).toMatchObject({ userName: 'admin', role: 'admin', regionIds: '*' });
    const file = join(dir, 'users.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(first?.password);
    expect(() => users.remove('admin')).toThrow(/last admin/);
  });
});

/** `npm run users -- …` as a person runs it (the script's command), against its own data folder. */
function usersCli(dataDir: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/users-cli.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('npm run users', () => {
  it('adds, lists, resets and removes users; the printed password signs in', async () => {
    const dataDir = tempDir();
    const users = new LocalUserStore(dataDir);
    const host = await passwordHost(users);

    const added = await usersCli(dataDir, 'add', 'eva', '--role', 'member', '--member', 'lillesand', '--region', 'kr-ikt');
    expect(added.code, added.stderr).toBe(0);
    const password = added.stdout.trim().split('\n').at(-1) as string;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const signedIn = await signIn(host, { userName: 'eva', password });
    expect(claimsOf(signedIn.body.token)).toMatchObject({ sub: 'eva', 'custom:memberId': 'lillesand', 'custom:regionIds': 'kr-ikt' });

    const listed = await usersCli(dataDir, 'list');
    expect(listed.stdout).toMatch(/^eva\tmember\tlillesand\tregioner kr-ikt\tlagt til \d{2}\.\d{2}\.\d{4}$/m);
    expect(listed.stdout).not.toContain(password);

    const reset = await usersCli(dataDir, 'reset', 'eva');
    const newPassword = reset.stdout.trim().split('\n').at(-1) as string;
    expect(newPassword).not.toBe(password);
    expect((await signIn(host, { userName: 'eva', password })).status).toBe(401);
    expect((await signIn(host, { userName: 'eva', password: newPassword })).status).toBe(200);

    expect((await usersCli(dataDir, 'remove', 'eva')).code).toBe(0);
    expect((await signIn(host, { userName: 'eva', password: newPassword })).status).toBe(401);
  }, 60_000);

  it('refuses what would make a useless or over-powered user, naming the fix', async () => {
    const dataDir = tempDir();
    const noMember = await usersCli(dataDir, 'add', 'per', '--role', 'member', '--region', 'kr-ikt');
    expect(noMember.code).toBe(2);
    expect(noMember.stderr).toContain('--member');
    const noRegion = await usersCli(dataDir, 'add', 'per', '--role', 'operator');
    expect(noRegion.code).toBe(2);
    expect(noRegion.stderr).toContain('--region');
    const everyRegion = await usersCli(dataDir, 'add', 'per', '--role', 'operator', '--region', '*');
    expect(everyRegion.code).toBe(2);
    expect(everyRegion.stderr).toContain('only an admin');
    // Bokmål by default, English with --lang en.
    expect((await usersCli(dataDir, 'list')).stdout).toContain('Ingen brukere ennå');
    expect((await usersCli(dataDir, 'list', '--lang', 'en')).stdout).toContain('No users yet');
  }, 60_000);
});
