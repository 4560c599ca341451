import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportSPKI, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, loadOrCreateSigningKey, signToken, type LocalSigningKey } from '../../local/auth.ts';
import { startLocalHost, type LocalHost } from '../../local/host.ts';
import { freshTable } from '../support/dynamodb.ts';

/**
 * Every way a bearer token can be wrong, sent through the local host (the stand-in for API
 * Gateway's JWT authorizer) to a real handler: each is 401 in the API's error shape with a reason,
 * and the one valid token is 200. Tokens are made with jose or by hand, never with the verifier.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'driftsbilde-tokens-'));
let host: LocalHost;
let key: LocalSigningKey;
let privateJwk: JWK;
const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);
const CLAIMS = { 'cognito:groups': ['operator'], 'custom:regionIds': 'kr-ikt' };

beforeAll(async () => {
  const table = await freshTable('tokens');
  process.env.TABLE_NAME = table.tableName;
  process.env.DYNAMODB_ENDPOINT = table.endpoint;
  process.env.AWS_REGION = 'eu-north-1';
  key = await loadOrCreateSigningKey(dataDir);
  privateJwk = JSON.parse(readFileSync(join(dataDir, 'jwt-signing-key.json'), 'utf8')) as JWK;
  host = await startLocalHost({ port: 0, signingKey: key, signIn: { mode: 'demo', regionId: 'kr-ikt' } });
});

afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A token with exactly these times and issuer/audience, signed by `signer` (our key unless said). */
function token(times: { iat?: number; exp?: number; nbf?: number }, options: { iss?: string; aud?: string; signer?: CryptoKey } = {}): Promise<string> {
  const jwt = new SignJWT(CLAIMS).setProtectedHeader({ alg: 'ES256' }).setSubject('suite').setIssuer(options.iss ?? ISSUER).setAudience(options.aud ?? AUDIENCE);
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  if (times.nbf !== undefined) jwt.setNotBefore(times.nbf);
  return jwt.sign(options.signer ?? key.privateKey);
}

const base64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT signed with HMAC-SHA256 by hand, the secret being the bytes of our public key. */
function hs256(secret: string): string {
  const signingInput = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ ...CLAIMS, sub: 'suite', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + HOUR })}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

async function callWith(authorization: string | undefined) {
  const response = await fetch(`${host.url}/api/regions`, { headers: authorization === undefined ? {} : { authorization } });
  return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string; details?: { reason: string } } }, wwwAuthenticate: response.headers.get('www-authenticate') };
}

describe('the token suite', () => {
  const refused: Array<[string, () => Promise<string | undefined>, string]> = [
    ['no token at all', async () => undefined, 'missing'],
    ['a token that is not a JWT', async () => 'Bearer not-a-jwt', 'malformed'],
    ['alg: none', async () => `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...CLAIMS, sub: 'suite', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + HOUR })}.`, 'algorithm-not-allowed'],
    [
      'a tampered payload (member made admin, signature kept)',
      async () => {
        const [header, payload, signature] = (await token({ iat: now(), exp: now() + HOUR })).split('.');
        const changed = { ...JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8')), 'cognito:groups': ['admin'], 'custom:regionIds': '*' };
        return `Bearer ${header}.${base64url(changed)}.${signature}`;
      },
      'bad-signature',
    ],
    ['a foreign key', async () => `Bearer ${await token({ iat: now(), exp: now() + HOUR }, { signer: (await generateKeyPair('ES256')).privateKey })}`, 'bad-signature'],
    ['HS256 keyed with our public key (JWK)', async () => `Bearer ${hs256(JSON.stringify({ kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x, y: privateJwk.y }))}`, 'algorithm-not-allowed'],
    ['HS256 keyed with our public key (PEM)', async () => `Bearer ${hs256(await exportSPKI(key.publicKey))}`, 'algorithm-not-allowed'],
    ['expired', async () => `Bearer ${await token({ iat: now() - 2 * HOUR, exp: now() - 10 * 60 })}`, 'expired'],
    ['no exp', async () => `Bearer ${await token({ iat: now() })}`, 'no-expiry'],
    ['no iat', async () => `Bearer ${await token({ exp: now() + HOUR })}`, 'no-issued-at'],
    ['iat 5 minutes in the future', async () => `Bearer ${await token({ iat: now() + 300, exp: now() + HOUR })}`, 'issued-in-future'],
    ['nbf 5 minutes in the future', async () => `Bearer ${await token({ iat: now(), nbf: now() + 300, exp: now() + HOUR })}`, 'not-yet-valid'],
    ['lasting 13 hours', async () => `Bearer ${await token({ iat: now(), exp: now() + 13 * HOUR })}`, 'lifetime-too-long'],
    ['lasting 10 years', async () => `Bearer ${await token({ iat: now(), exp: now() + 10 * 365 * 24 * HOUR })}`, 'lifetime-too-long'],
    ['the wrong issuer', async () => `Bearer ${await token({ iat: now(), exp: now() + HOUR }, { iss: 'https://cognito-idp.eu-north-1.amazonaws.com/someone-else' })}`, 'wrong-issuer'],
    ['the wrong audience', async () => `Bearer ${await token({ iat: now(), exp: now() + HOUR }, { aud: 'another-app' })}`, 'wrong-audience'],
  ];

  for (const [what, make, reason] of refused) {
    it(`refuses ${what}: 401, reason ${reason}`, async () => {
      const result = await callWith(await make());
      expect(result.status).toBe(401);
      expect(result.body.error?.code).toBe('unauthorized');
      expect(result.body.error?.details?.reason).toBe(reason);
      expect(result.body.error?.message).toMatch(/\w{4,}/);
    });
  }

  it('answers a refusal at the gateway with the www-authenticate header API Gateway sends', async () => {
    const result = await callWith(`Bearer ${await token({ iat: now() - 2 * HOUR, exp: now() - 60 })}`);
    expect(result.wwwAuthenticate).toMatch(/^Bearer error="invalid_token", error_description=".*expired/);
  });

  it('accepts a valid token (200), and the edges the rules allow: 12 hours exactly, iat and nbf 30 s ahead', async () => {
    expect((await callWith(`Bearer ${await signToken(key, { role: 'operator', regionIds: ['kr-ikt'] })}`)).status).toBe(200);
    expect((await callWith(`Bearer ${await token({ iat: now(), exp: now() + 12 * HOUR })}`)).status).toBe(200);
    expect((await callWith(`Bearer ${await token({ iat: now() + 30, nbf: now() + 30, exp: now() + HOUR })}`)).status).toBe(200);
  });
});

describe('minting', () => {
  it('puts custom:regionIds in every token and refuses what the API would not honour', async () => {
    const payload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload(await signToken(key, { role: 'member', memberId: 'lillesand', regionIds: ['kr-ikt'] }))['custom:regionIds']).toBe('kr-ikt');
    expect(payload(await signToken(key, { role: 'operator', regionIds: ['kr-ikt', 'agder-ikt'] }))['custom:regionIds']).toBe('kr-ikt,agder-ikt');
    const admin = payload(await signToken(key, { role: 'admin', regionIds: '*' }));
    expect(admin['custom:regionIds']).toBe('*');
    expect((admin.exp as number) - (admin.iat as number)).toBe(12 * HOUR);
    await expect(signToken(key, { role: 'operator', regionIds: '*' })).rejects.toThrow(/only an admin/);
    await expect(signToken(key, { role: 'operator', regionIds: [] })).rejects.toThrow(/at least one region/);
    await expect(signToken(key, { role: 'operator', regionIds: ['a,b'] })).rejects.toThrow(/not a region id/);
    await expect(signToken(key, { role: 'operator', regionIds: ['kr-ikt'], lifetimeHours: 13 })).rejects.toThrow(/at most 12 hours/);
  });
});
