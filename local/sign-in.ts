import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from '#shared/schemas/zod.ts';
import { DriftsbildeError, UnsupportedMediaTypeError, ValidationError } from '#shared/domain/errors.ts';
import { ROLES } from '#shared/domain/identity.ts';
import { errorResponse, jsonResponse } from '#shared/http/responses.ts';
import { parseOrThrow } from '#shared/schemas/validate.ts';
import { signToken, type LocalSigningKey } from './auth.ts';
import { FailureLimiter } from './rate-limit.ts';
import type { LocalUserStore } from './users.ts';

/**
 * LOCAL ONLY — the stand-in for Cognito's hosted UI at `/local/sign-in` (never deployed to AWS).
 * `GET` says which form to show; `POST` (JSON only) answers `{ token }`.
 * - `demo`: the identity picker, `{ "role": "operator" }` or `{ "role": "member", "memberId": "lillesand" }`.
 *   Only when the store holds the demo region and `npm start` runs in demo mode: anyone who reaches
 *   the port may be anyone, which is what a demo is for.
 * - `password`: a real local instance (`npm start -- --no-demo`): `{ "userName", "password" }` of a
 *   user made with `npm run users`; failures are limited per user name and per client (429).
 */
export type SignInMode = { mode: 'demo'; regionId: string } | { mode: 'password'; users: LocalUserStore; limits?: SignInLimits };

export interface SignInLimits {
  /** Failed sign-ins per user name within `windowMs` before that name must wait. */
  perUserName: number;
  /** Failed sign-ins per client address within `windowMs` before that client must wait. */
  perClient: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perUserName: 5, perClient: 10, windowMs: 15 * 60_000 };

export const LOCAL_SIGN_IN_PATH = '/local/sign-in';

export interface SignInRequest {
  method: string;
  contentType: string | undefined;
  body: Buffer | 'too-large';
  /** The caller's address, for the per-client limit. */
  client: string;
}

/** What the demo picker accepts; unknown fields are ignored, as a form might send more. */
const DemoSignInBody = z
  .object({
    role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
    memberId: z.optional(z.string()),
  })
  .check(z.refine((body) => body.role !== 'member' || Boolean(body.memberId), { path: ['memberId'], error: 'a member signs in for one municipality, e.g. lillesand' }));

const PasswordSignInBody = z.object({
  userName: z.string({ error: 'is required' }).check(z.minLength(1, { error: 'is required' }), z.maxLength(64)),
  password: z.string({ error: 'is required' }).check(z.minLength(1, { error: 'is required' }), z.maxLength(1024)),
});

export function localSignIn(signingKey: LocalSigningKey, mode: SignInMode): (request: SignInRequest) => Promise<APIGatewayProxyStructuredResultV2> {
  const limits = mode.mode === 'password' ? (mode.limits ?? DEFAULT_SIGN_IN_LIMITS) : DEFAULT_SIGN_IN_LIMITS;
  const perUserName = new FailureLimiter(limits.perUserName, limits.windowMs);
  const perClient = new FailureLimiter(limits.perClient, limits.windowMs);

  async function passwordSignIn(users: LocalUserStore, value: unknown, client: string): Promise<APIGatewayProxyStructuredResultV2> {
    if (typeof value === 'object' && value !== null && 'role' in value && !('userName' in value)) {
      throw new DriftsbildeError(403, 'demo-sign-in-off', 'this instance runs without demo mode: sign in with a user name and password', { mode: 'password' });
    }
    const { userName, password } = parseOrThrow(PasswordSignInBody, value, 'body');
    const nameKey = userName.trim().toLowerCase();
    const wait = Math.max(perUserName.retryAfterSeconds(nameKey), perClient.retryAfterSeconds(client));
    if (wait > 0) {
      const error = new DriftsbildeError(429, 'too-many-attempts', `too many failed sign-ins; try again in ${wait} seconds`, { retryAfterSeconds: wait });
      return withHeader(errorResponse(error), 'retry-after', String(wait));
    }
    const user = await users.verify(userName, password);
    if (!user) {
      perUserName.recordFailure(nameKey);
      perClient.recordFailure(client);
      throw new DriftsbildeError(401, 'sign-in-failed', 'the user name or the password is wrong');
    }
    perUserName.forget(nameKey);
    const token = await signToken(signingKey, {
      role: user.role,
      ...(user.memberId ? { memberId: user.memberId } : {}),
      regionIds: user.regionIds === '*' ? '*' : user.regionIds.split(','),
      subject: user.userName,
    });
    return jsonResponse(200, { token });
  }

  async function demoSignIn(regionId: string, value: unknown): Promise<APIGatewayProxyStructuredResultV2> {
    const { role, memberId } = parseOrThrow(DemoSignInBody, value, 'body');
    const token = await signToken(signingKey, { role, ...(role === 'member' ? { memberId } : {}), regionIds: role === 'admin' ? '*' : [regionId] });
    return jsonResponse(200, { token });
  }

  return async function signIn(request) {
    try {
      if (request.method === 'GET') return jsonResponse(200, mode.mode === 'demo' ? { mode: 'demo', regionId: mode.regionId } : { mode: 'password' });
      if (request.method !== 'POST') {
        return jsonResponse(405, { error: { code: 'method-not-allowed', message: `use POST (or GET for the sign-in mode) on ${LOCAL_SIGN_IN_PATH}` } });
      }
      const contentType = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase();
      if (contentType !== 'application/json') throw new UnsupportedMediaTypeError('application/json');
      if (request.body === 'too-large') return jsonResponse(413, { error: { code: 'payload-too-large', message: 'a sign-in is a few bytes of JSON' } });
      let value: unknown;
      try {
        value = JSON.parse(request.body.toString('utf8'));
      } catch {
        throw new ValidationError('the body is not valid JSON', [{ field: 'body', problem: 'is not valid JSON' }]);
      }
      return mode.mode === 'demo' ? await demoSignIn(mode.regionId, value) : await passwordSignIn(mode.users, value, request.client);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

function withHeader(result: APIGatewayProxyStructuredResultV2, name: string, value: string): APIGatewayProxyStructuredResultV2 {
  return { ...result, headers: { ...result.headers, [name]: value } };
}
