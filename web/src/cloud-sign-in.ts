import { saveToken, type Session } from './session.ts';

/**
 * CLOUD sign-in: Cognito's managed login with the authorization-code flow and PKCE (S256). The
 * dashboard learns where to go from `/config.json`, which the web stack writes at deploy time;
 * without that file (locally) the local sign-in screen is used instead.
 *
 * 1. `startCloudSignIn` keeps a random verifier and state in sessionStorage and sends the browser
 *    to `<domain>/oauth2/authorize` with the verifier's SHA-256 challenge.
 * 2. Cognito sends it back to `redirectUri?code=…&state=…`; `completeCloudSignIn` checks the state,
 *    trades the code and verifier for tokens at `<domain>/oauth2/token`, keeps the ID token (it
 *    carries `cognito:groups`, `custom:memberId` and `custom:regionIds`, which the API reads) and
 *    removes the code from the address bar.
 * No implicit flow: tokens never travel in a URL. No refresh token is kept: when the ID token
 * expires (1 hour) the dashboard says "Logg inn på nytt" and the managed login, whose own session
 * cookie is still valid, usually signs the person straight back in.
 */
export interface CloudConfig {
  signIn: 'cognito';
  cognito: { domain: string; clientId: string; redirectUri: string; logoutUri: string };
}

const PENDING_KEY = 'driftsbilde.pkce';

/** `/config.json` when it says `signIn: cognito`; undefined locally (no file, or another mode). */
export async function loadCloudConfig(): Promise<CloudConfig | undefined> {
  try {
    const response = await fetch('/config.json', { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) return undefined;
    const body = (await response.json()) as Partial<CloudConfig>;
    const cognito = body.cognito;
    if (body.signIn !== 'cognito' || !cognito) return undefined;
    for (const field of ['domain', 'clientId', 'redirectUri', 'logoutUri'] as const) {
      if (typeof cognito[field] !== 'string' || cognito[field].length === 0) throw new Error(`config.json: cognito.${field} is missing`);
    }
    return { signIn: 'cognito', cognito };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('config.json')) throw error;
    return undefined;
  }
}

export async function startCloudSignIn(config: CloudConfig): Promise<void> {
  const verifier = randomText(64);
  const state = randomText(32);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo: location.hash }));
  const url = new URL('/oauth2/authorize', config.cognito.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.cognito.clientId,
    redirect_uri: config.cognito.redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge_method: 'S256',
    code_challenge: await challengeOf(verifier),
  }).toString();
  location.assign(url.toString());
}

/**
 * On return from the managed login: the session, or undefined when this page load is not a
 * sign-in return. Throws when the return is not the one this tab started (state mismatch) or the
 * token exchange fails.
 */
export async function completeCloudSignIn(config: CloudConfig): Promise<{ session: Session; returnTo: string } | undefined> {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  const error = query.get('error');
  if (!code && !error) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `${location.pathname}${pending?.returnTo ?? ''}`);
  if (error) throw new Error(query.get('error_description') ?? error);
  if (!pending || query.get('state') !== pending.state) throw new Error('the sign-in answer does not belong to this tab; sign in again');
  const response = await fetch(new URL('/oauth2/token', config.cognito.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.cognito.clientId,
      code: code!,
      redirect_uri: config.cognito.redirectUri,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`Cognito answered ${response.status} to the token exchange`);
  const tokens = (await response.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error('Cognito sent no ID token');
  return { session: saveToken(tokens.id_token), returnTo: pending.returnTo };
}

/** Ends the managed login's own session too, then comes back to the dashboard. */
export function cloudSignOut(config: CloudConfig): void {
  const url = new URL('/logout', config.cognito.domain);
  url.search = new URLSearchParams({ client_id: config.cognito.clientId, logout_uri: config.cognito.logoutUri }).toString();
  location.assign(url.toString());
}

function randomText(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challengeOf(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
