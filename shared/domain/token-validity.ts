import { UnauthorizedError } from './errors.ts';

/**
 * When a token is in force. API Gateway's JWT authorizer checks the signature, `iss`, `aud`, that
 * `exp` is after and `nbf` before the current time; it does not require `exp`, does not look at
 * `iat`, and puts no cap on a token's lifetime. These rules close that gap, and the handler chain
 * applies them to every authenticated call (locally and in AWS) — see README, "Token checks".
 */
export const TOKEN_RULES = {
  /** Clock difference tolerated between the issuer and us for `iat` and `nbf`. */
  clockSkewSeconds: 60,
  /** The longest a token may last, `exp − iat`. */
  maxLifetimeSeconds: 12 * 60 * 60,
} as const;

/** Stable reasons a token is refused (`details.reason` of the 401). */
export type TokenProblemReason =
  | 'missing'
  | 'malformed'
  | 'algorithm-not-allowed'
  | 'bad-signature'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'no-expiry'
  | 'expired'
  | 'no-issued-at'
  | 'issued-in-future'
  | 'not-yet-valid'
  | 'lifetime-too-long';

export interface TokenProblem {
  reason: TokenProblemReason;
  message: string;
}

type Claims = Record<string, string | number | boolean | string[]>;

/**
 * The first time rule the claims break, or undefined when the token is in force at `nowMs`.
 * API Gateway hands numeric claims to the function as strings, so "1700000000" counts as a number.
 */
export function tokenTimeProblem(claims: Claims, nowMs: number = Date.now()): TokenProblem | undefined {
  const now = nowMs / 1000;
  const { clockSkewSeconds, maxLifetimeSeconds } = TOKEN_RULES;
  const exp = secondsClaim(claims.exp);
  const iat = secondsClaim(claims.iat);
  const nbf = secondsClaim(claims.nbf);
  if (exp === undefined) return { reason: 'no-expiry', message: 'the token has no expiry (exp); sign in again for a token that expires' };
  if (exp <= now) return { reason: 'expired', message: `the token expired at ${new Date(exp * 1000).toISOString()}; sign in again` };
  if (iat === undefined) return { reason: 'no-issued-at', message: 'the token does not say when it was issued (iat)' };
  if (iat > now + clockSkewSeconds) {
    return { reason: 'issued-in-future', message: `the token says it was issued at ${new Date(iat * 1000).toISOString()}, in the future (more than ${clockSkewSeconds} s ahead)` };
  }
  if (claims.nbf !== undefined && nbf === undefined) return { reason: 'malformed', message: 'the token’s not-before time (nbf) is not a number' };
  if (nbf !== undefined && nbf > now + clockSkewSeconds) {
    return { reason: 'not-yet-valid', message: `the token is not valid before ${new Date(nbf * 1000).toISOString()}` };
  }
  if (exp - iat > maxLifetimeSeconds) {
    return { reason: 'lifetime-too-long', message: `the token lasts ${Math.round((exp - iat) / 3600)} hours; at most ${maxLifetimeSeconds / 3600} hours are accepted` };
  }
  return undefined;
}

/** Throws the 401 for a token whose times are not in force. */
export function assertTokenInForce(claims: Claims, nowMs: number = Date.now()): void {
  const problem = tokenTimeProblem(claims, nowMs);
  if (problem) throw new UnauthorizedError(problem.message, { reason: problem.reason });
}

function secondsClaim(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d{1,12}(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}
