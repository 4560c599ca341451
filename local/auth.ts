import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { ROLES, type Role } from '#shared/domain/identity.ts';

/**
 * Local stand-in for Cognito plus API Gateway's JWT authorizer: an ES256 key made on first start
 * and kept in the data folder signs tokens; the local host verifies them and hands the claims to
 * the handlers exactly as the authorizer would. Tokens carry the same claim names Cognito uses.
 */
const ISSUER = 'driftsbilde-local';
const AUDIENCE = 'driftsbilde';
const ALGORITHM = 'ES256';

export interface LocalSigningKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export async function loadOrCreateSigningKey(dataDir: string): Promise<LocalSigningKey> {
  const file = join(dataDir, 'jwt-signing-key.json');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    writeFileSync(file, JSON.stringify(await exportJWK(privateKey)), { mode: 0o600 });
  }
  const privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  const { d: _private, ...publicJwk } = privateJwk;
  return {
    privateKey: (await importJWK(privateJwk, ALGORITHM)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, ALGORITHM)) as CryptoKey,
  };
}

export interface TokenRequest {
  role: Role;
  memberId?: string;
  subject?: string;
  /** Lifetime, e.g. '12h'. */
  expiresIn?: string;
  /** `custom:regionIds`: comma-separated region ids or `*`; default `*` for admins, `kr-ikt` (the demo region) otherwise. */
  regionIds?: string;
}

export async function signToken(key: LocalSigningKey, request: TokenRequest): Promise<string> {
  if (!(ROLES as readonly string[]).includes(request.role)) throw new Error(`unknown role '${request.role}'; use one of ${ROLES.join(', ')}`);
  if (request.role === 'member' && !request.memberId) throw new Error('a member token needs --member <memberId>, e.g. --member lillesand');
  return new SignJWT({
    'cognito:groups': [request.role],
    ...(request.memberId ? { 'custom:memberId': request.memberId } : {}),
    'custom:regionIds': request.regionIds ?? (request.role === 'admin' ? '*' : 'kr-ikt'),
  })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(request.subject ?? `local-${request.role}${request.memberId ? `-${request.memberId}` : ''}`)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(key.privateKey);
}

/**
 * Verifies a bearer token and returns its claims flattened the way API Gateway's HTTP API passes
 * them to a Lambda (arrays become "[a b]" strings), or undefined when the token is not valid.
 */
export async function verifyBearer(key: LocalSigningKey, authorization: string | undefined): Promise<Record<string, string | number | boolean> | undefined> {
  const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, key.publicKey, { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALGORITHM] });
    return flattenClaims(payload);
  } catch {
    return undefined;
  }
}

function flattenClaims(payload: JWTPayload): Record<string, string | number | boolean> {
  const claims: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (Array.isArray(value)) claims[name] = `[${value.join(' ')}]`;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') claims[name] = value;
  }
  return claims;
}
