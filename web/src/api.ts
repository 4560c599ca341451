import { currentSession, saveToken, signOut, type Session } from './session.ts';
import type { Role } from '../../shared/domain/identity.ts';

/**
 * The dashboard's only way to the API. Every call carries the bearer token; every failure becomes
 * an ApiError with the API's `{ error: { code, message, details } }` so views can say what to do.
 */
export interface FieldProblem {
  field: string;
  problem: string;
  /** A stable code the UI renders in its language (`field-too-long`, `target-outside-environment`). */
  code?: string;
  params?: Record<string, string | number | boolean | null>;
}

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the API could not be reached at all. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The field problems of a validation error (`body.firmware` → problem), or none. */
  get fieldProblems(): FieldProblem[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (detail): detail is FieldProblem => typeof detail === 'object' && detail !== null && typeof detail.field === 'string' && typeof detail.problem === 'string',
    );
  }
}

/** Fired when the API says the token is no longer good, so the app can show the sign-in screen. */
export const SIGNED_OUT_EVENT = 'driftsbilde:signed-out';

export interface RequestOptions {
  /**
   * A token to send instead of the signed-in session's (the sign-in screen's short look-up
   * token). A 401 for it does not sign the session out.
   */
  token?: string;
}

export async function apiGet<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request('GET', path, undefined, options)).json() as Promise<T>;
}

export async function apiSend<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await request(method, path, body);
  return (response.status === 204 ? undefined : response.json()) as Promise<T>;
}

/** Sends a text body as it is (a CSV file for the import), with its media type. */
export async function apiSendText<T>(method: 'POST' | 'PUT', path: string, text: string, contentType: string): Promise<T> {
  const response = await request(method, path, new TextBody(text, contentType));
  return (response.status === 204 ? undefined : response.json()) as Promise<T>;
}

/** A file answer (CSV, XLSX) as a blob with the file name the API suggests. */
export async function apiDownload(path: string): Promise<{ blob: Blob; fileName: string | undefined }> {
  const response = await request('GET', path);
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  return { blob: await response.blob(), fileName: fileName ? decodeURIComponent(fileName) : undefined };
}

/** A body sent as it is rather than as JSON. */
class TextBody {
  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {}
}

async function request(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<Response> {
  const token = options.token ?? currentSession()?.token;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const raw = body instanceof TextBody ? body : undefined;
  if (body !== undefined) headers['content-type'] = raw ? raw.contentType : 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : raw ? raw.text : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  if (response.ok) return response;
  const failure = await errorFrom(response);
  if (failure.status === 401 && options.token === undefined) {
    signOut();
    window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT));
  }
  throw failure;
}

async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    return new ApiError(response.status, body.error?.code ?? 'unknown', body.error?.message ?? response.statusText, body.error?.details);
  } catch {
    return new ApiError(response.status, 'unknown', response.statusText);
  }
}

/**
 * LOCAL ONLY: which sign-in the local host offers — the demo identity picker, or user name and
 * password (a real local instance, `npm start -- --no-demo`). Undefined when there is no local
 * sign-in to ask (in AWS, Cognito's hosted UI signs people in).
 */
export type SignInMode = { mode: 'demo'; regionId: string } | { mode: 'password' };

export async function localSignInMode(): Promise<SignInMode | undefined> {
  try {
    const response = await fetch('/local/sign-in', { headers: { accept: 'application/json' } });
    return response.ok ? ((await response.json()) as SignInMode) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * LOCAL ONLY: signs in with a user name and password of a real local instance. Not through
 * `request`: a wrong password's 401 is an answer to show on the form, not a session that ended.
 */
export async function passwordSignIn(userName: string, password: string): Promise<Session> {
  let response: Response;
  try {
    response = await fetch('/local/sign-in', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password }),
    });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw await errorFrom(response);
  return saveToken(((await response.json()) as { token: string }).token);
}

/**
 * LOCAL ONLY: signs in through the local host's stand-in for Cognito's hosted UI
 * (`POST /local/sign-in`, demo mode). In AWS, Cognito's hosted UI hands the dashboard its token instead.
 */
export async function localSignIn(role: Role, memberId?: string): Promise<Session> {
  return saveToken(await localToken({ role, ...(memberId ? { memberId } : {}) }));
}

/**
 * LOCAL ONLY: a token used just to read the member list for the sign-in screen's municipality
 * choice, before anyone is signed in. Never stored. (With Cognito the municipality is an attribute
 * of the user, so the real sign-in needs no list.)
 */
export async function localLookupToken(): Promise<string> {
  return localToken({ role: 'budget-owner' });
}

/** LOCAL ONLY: a token from the local stand-in for Cognito, for a role (and member). */
async function localToken(who: { role: Role; memberId?: string }): Promise<string> {
  return (await apiSend<{ token: string }>('POST', '/local/sign-in', who)).token;
}
