import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROLES, type Role } from '#shared/domain/identity.ts';
import { regionIdsClaim } from './auth.ts';

/**
 * The users of a real local instance (`npm start -- --no-demo`), kept in the data folder
 * (`users.json`, readable by its owner only) beside the signing key. Passwords are stored only as
 * scrypt hashes (node:crypto; salted, compared in constant time) and are never chosen by hand: the
 * add and reset commands generate one and print it once. Managed with `npm run users`.
 */
export interface LocalUser {
  userName: string;
  role: Role;
  memberId?: string;
  /** The `custom:regionIds` claim of this user's tokens: comma-separated region ids, or `*` (admins). */
  regionIds: string;
  /** `scrypt$N$r$p$salt$hash`, salt and hash base64. */
  passwordHash: string;
  createdAt: string;
}

export type PublicUser = Omit<LocalUser, 'passwordHash'>;

/**
 * scrypt cost: OWASP's Password Storage Cheat Sheet minimum (N = 2^17, r = 8, p = 1: 128 MiB and
 * a few hundred milliseconds per guess). The parameters are stored in each hash, so raising them
 * later leaves old hashes verifiable.
 */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const USER_NAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

function derive(password: string, salt: Buffer, options: { N: number; r: number; p: number }, keyLength = KEY_LENGTH): Promise<Buffer> {
  const scryptOptions: ScryptOptions = { ...options, maxmem: 256 * options.N * options.r };
  return new Promise((done, fail) => scrypt(password.normalize('NFC'), salt, keyLength, scryptOptions, (error, key) => (error ? fail(error) : done(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** True when `password` matches the stored hash; the comparison takes the same time wherever they differ. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length === 0) return false;
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) }, expected.length);
  return timingSafeEqual(actual, expected);
}

/** A fresh password of 24 URL-safe characters (144 random bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Hashed once, so an unknown user name costs the same scrypt as a known one (no user-name probing by timing). */
let decoyHash: Promise<string> | undefined;

export class LocalUserStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'users.json');
  }

  /** Read on every call, so `npm run users` takes effect on a running instance. */
  private read(): LocalUser[] {
    if (!existsSync(this.file)) return [];
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as { users?: LocalUser[] };
    return parsed.users ?? [];
  }

  /** Written to a temporary file and renamed over the old one, so a reader never sees half a file. */
  private write(users: LocalUser[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  list(): PublicUser[] {
    return this.read().map(({ passwordHash: _hash, ...user }) => user);
  }

  /** Adds a user with a generated password and returns that password (shown once, never stored). */
  async add(request: { userName: string; role: Role; memberId?: string; regionIds: readonly string[] | '*' }): Promise<string> {
    const userName = request.userName.trim().toLowerCase();
    if (!USER_NAME.test(userName)) throw new Error(`'${request.userName}' is not a user name: 2–64 of a–z, 0–9, '.', '_', '-', starting with a letter or digit`);
    if (!(ROLES as readonly string[]).includes(request.role)) throw new Error(`unknown role '${request.role}'; use one of ${ROLES.join(', ')}`);
    if (request.role === 'member' && !request.memberId) throw new Error('a member user acts for one municipality: add --member <memberId>, e.g. --member lillesand');
    const regionIds = regionIdsClaim(request.role, request.regionIds);
    const users = this.read();
    if (users.some((user) => user.userName === userName)) throw new Error(`user '${userName}' exists already; use reset to give it a new password`);
    const password = generatePassword();
    users.push({
      userName,
      role: request.role,
      ...(request.role === 'member' ? { memberId: request.memberId } : {}),
      regionIds,
      passwordHash: await hashPassword(password),
      createdAt: new Date().toISOString(),
    });
    this.write(users);
    return password;
  }

  /** Removes a user; the last admin stays, so the instance can always be administered. */
  remove(userName: string): void {
    const users = this.read();
    const user = users.find((candidate) => candidate.userName === userName.toLowerCase());
    if (!user) throw new Error(`no user '${userName}'; see npm run users -- list`);
    if (user.role === 'admin' && users.filter((candidate) => candidate.role === 'admin').length === 1) {
      throw new Error(`'${user.userName}' is the last admin; add another admin first`);
    }
    this.write(users.filter((candidate) => candidate !== user));
  }

  /** Gives a user a new generated password and returns it (shown once). */
  async reset(userName: string): Promise<string> {
    const users = this.read();
    const user = users.find((candidate) => candidate.userName === userName.toLowerCase());
    if (!user) throw new Error(`no user '${userName}'; see npm run users -- list`);
    const password = generatePassword();
    user.passwordHash = await hashPassword(password);
    this.write(users);
    return password;
  }

  /** The user when the password is right; otherwise undefined, after the same work either way. */
  async verify(userName: string, password: string): Promise<PublicUser | undefined> {
    const user = this.read().find((candidate) => candidate.userName === userName.trim().toLowerCase());
    decoyHash ??= hashPassword(generatePassword());
    const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
    if (!user || !matches) return undefined;
    const { passwordHash: _hash, ...publicUser } = user;
    return publicUser;
  }

  /**
   * On the first start of a real instance (no users yet) creates the user `admin` and returns its
   * password, to be printed once; otherwise undefined.
   */
  async ensureFirstAdmin(): Promise<{ userName: string; password: string } | undefined> {
    if (this.read().length > 0) return undefined;
    const password = await this.add({ userName: 'admin', role: 'admin', regionIds: '*' });
    return { userName: 'admin', password };
  }
}
