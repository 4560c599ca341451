import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { ROLES, type Role } from '#shared/domain/identity.ts';
import { TOKEN_RULES, type TokenProblem } from '#shared/domain/token-validity.ts';

/**
 * Local stand-in for Cognito plus API Gateway's JWT authorizer: an ES256 key made on first start
 * and kept in the data folder signs tokens; the local host verifies them and hands the claims to
 * the handlers exactly as the authorizer would. Tokens carry the same claim names Cognito uses.
 */
export const ISSUER = 'driftsbilde-local';
export const AUDIENCE = 'driftsbilde';
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
  /** The regions the token may act in (claim `custom:regionIds`); `*` (every region) for admins only. */
  regionIds: readonly string[] | '*';
  subject?: string;
  /** Lifetime in hours, at most 12 (the API refuses longer-lived tokens). */
  lifetimeHours?: number;
}

const REGION_ID = /^[a-z0-9][a-z0-9-]*$/;

/** The `custom:regionIds` claim: comma-separated region ids, or `*`. Refuses what the API could not honour. */
export function regionIdsClaim(role: Role, regionIds: readonly string[] | '*'): string {
  if (regionIds === '*') {
    if (role !== 'admin') throw new Error(`only an admin token may name every region (*); give the ${role} token its region, e.g. --region kr-ikt`);
    return '*';
  }
  if (regionIds.length === 0) throw new Error('a token needs at least one region, e.g. --region kr-ikt');
  const bad = regionIds.find((id) => !REGION_ID.test(id));
  if (bad !== undefined) throw new Error(`'${bad}' is not a region id (lower-case letters, digits and dashes)`);
  return regionIds.join(',');
}

export async function signToken(key: LocalSigningKey, request: TokenRequest): Promise<string> {
  if (!(ROLES as readonly string[]).includes(request.role)) throw new Error(`unknown role '${request.role}'; use one of ${ROLES.join(', ')}`);
  if (request.role === 'member' && !request.memberId) throw new Error('a member token needs --member <memberId>, e.g. --member lillesand');
  const hours = request.lifetimeHours ?? MAX_LIFETIME_HOURS;
  if (!(hours > 0 && hours <= MAX_LIFETIME_HOURS)) throw new Error(`a token lasts more than 0 and at most ${MAX_LIFETIME_HOURS} hours, not ${hours}`);
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({
    'cognito:groups': [request.role],
    ...(request.memberId ? { 'custom:memberId': request.memberId } : {}),
    'custom:regionIds': regionIdsClaim(request.role, request.regionIds),
  })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(request.subject ?? `local-${request.role}${request.memberId ? `-${request.memberId}` : ''}`)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + Math.round(hours * 3600))
    .sign(key.privateKey);
}

const MAX_LIFETIME_HOURS = TOKEN_RULES.maxLifetimeSeconds / 3600;

export type BearerCheck = { ok: true; claims: Record<string, string | number | boolean> } | { ok: false; problem: TokenProblem };

/**
 * Verifies a bearer token the way API Gateway's JWT authorizer does (signature with our key and
 * algorithm only, `iss`, `aud`, `exp`, `nbf`), and returns its claims flattened the way the HTTP
 * API passes them to a Lambda (arrays become "[a b]" strings) — or why it was refused. The time
 * rules the authorizer does not apply (`exp` required, `iat`, lifetime) are the handler chain's,
 * as in AWS (`shared/domain/token-validity.ts`).
 */
export async function verifyBearer(key: LocalSigningKey, authorization: string | undefined): Promise<BearerCheck> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) return { ok: false, problem: { reason: 'missing', message: 'send a bearer token: Authorization: Bearer <token>' } };
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [ALGORITHM],
      clockTolerance: TOKEN_RULES.clockSkewSeconds,
    });
    return { ok: true, claims: flattenClaims(payload) };
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  }
}

/** jose's error codes, in the words of our error model. */
function problemOf(error: unknown): TokenProblem {
  const code = (error as { code?: string }).code;
  const claim = (error as { claim?: string }).claim;
  switch (code) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return { reason: 'algorithm-not-allowed', message: `the token is not signed with ${ALGORITHM}, the only algorithm accepted` };
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { reason: 'bad-signature', message: 'the token’s signature does not match: it was changed, or signed by another key' };
    case 'ERR_JWT_EXPIRED':
      return { reason: 'expired', message: 'the token has expired; sign in again' };
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'iss') return { reason: 'wrong-issuer', message: `the token was not issued by ${ISSUER}` };
      if (claim === 'aud') return { reason: 'wrong-audience', message: `the token is not meant for ${AUDIENCE}` };
      if (claim === 'nbf') return { reason: 'not-yet-valid', message: 'the token is not valid yet (nbf is in the future)' };
      return { reason: 'malformed', message: `the token’s ${claim ?? 'claims'} are not valid` };
    default:
      return { reason: 'malformed', message: 'the bearer token is not a signed JWT' };
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
