import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '#shared/domain/errors.ts';
import { assertTokenInForce, TOKEN_RULES, tokenTimeProblem } from '#shared/domain/token-validity.ts';

/** The time rules the handler chain applies after API Gateway's authorizer, with claims as API Gateway passes them (numbers as strings). */
const NOW_MS = Date.UTC(2026, 10, 27, 12, 0, 0);
const now = NOW_MS / 1000;
const reason = (claims: Record<string, string | number>) => tokenTimeProblem(claims, NOW_MS)?.reason;

describe('token validity', () => {
  it('accepts a token in force, numbers or numeric strings', () => {
    expect(reason({ iat: now - 60, exp: now + 3600 })).toBeUndefined();
    expect(reason({ iat: String(now - 60), exp: String(now + 3600), nbf: String(now - 60) })).toBeUndefined();
  });

  it('refuses a missing or non-numeric exp, and an expired token', () => {
    expect(reason({ iat: now })).toBe('no-expiry');
    expect(reason({ iat: now, exp: 'tomorrow' })).toBe('no-expiry');
    expect(reason({ iat: now - 7200, exp: now })).toBe('expired');
  });

  it('allows 60 s of clock skew for iat and nbf, not more', () => {
    const skew = TOKEN_RULES.clockSkewSeconds;
    expect(reason({ iat: now + skew, exp: now + 3600 })).toBeUndefined();
    expect(reason({ iat: now + skew + 1, exp: now + 3600 })).toBe('issued-in-future');
    expect(reason({ iat: now, nbf: now + skew, exp: now + 3600 })).toBeUndefined();
    expect(reason({ iat: now, nbf: now + skew + 1, exp: now + 3600 })).toBe('not-yet-valid');
    expect(reason({ iat: now, nbf: 'soon', exp: now + 3600 })).toBe('malformed');
    expect(reason({ exp: now + 3600 })).toBe('no-issued-at');
  });

  it('caps a token’s lifetime (exp − iat) at 12 hours', () => {
    expect(reason({ iat: now, exp: now + 12 * 3600 })).toBeUndefined();
    expect(reason({ iat: now, exp: now + 12 * 3600 + 1 })).toBe('lifetime-too-long');
    expect(reason({ iat: now - 11 * 3600, exp: now + 2 * 3600 })).toBe('lifetime-too-long');
  });

  it('throws the API’s 401 with the reason in details', () => {
    try {
      assertTokenInForce({ iat: now }, NOW_MS);
      expect.fail('a token without exp was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as UnauthorizedError).statusCode).toBe(401);
      expect((error as UnauthorizedError).details).toEqual({ reason: 'no-expiry' });
    }
  });
});
