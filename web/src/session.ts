import { ROLES, type Role } from '../../shared/domain/identity.ts';

/**
 * Who is signed in. The token lives in sessionStorage: it is gone when the tab closes, and other
 * tabs sign in on their own. The claims are read (not verified) only to decide what to show; the
 * API verifies the token on every call and is the one that says yes or no.
 */
const TOKEN_KEY = 'driftsbilde.token';

export interface Session {
  token: string;
  role: Role;
  /** Set for a municipality's IT contact: the member it acts for. */
  memberId?: string;
  /** Seconds since the epoch. */
  expiresAt: number;
  /** The regions the token may act in (`custom:regionIds`); absent for every region (`*`) or an older token. */
  regionIds?: string[];
}

export function currentSession(): Session | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return undefined;
  const session = sessionFromToken(token);
  if (!session || session.expiresAt * 1000 <= Date.now()) {
    signOut();
    return undefined;
  }
  return session;
}

export function saveToken(token: string): Session {
  const session = sessionFromToken(token);
  if (!session) throw new Error('the sign-in answered with a token the dashboard cannot read');
  sessionStorage.setItem(TOKEN_KEY, token);
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Cognito's claim names: `cognito:groups` holds the role, `custom:memberId` the municipality. */
function sessionFromToken(token: string): Session | undefined {
  try {
    const payload = JSON.parse(base64UrlDecode(token.split('.')[1] ?? '')) as Record<string, unknown>;
    const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as unknown[]) : [];
    const role = ROLES.find((candidate) => groups.includes(candidate));
    if (!role || typeof payload.exp !== 'number') return undefined;
    const memberId = typeof payload['custom:memberId'] === 'string' ? payload['custom:memberId'] : undefined;
    const regions = typeof payload['custom:regionIds'] === 'string' && payload['custom:regionIds'] !== '*' ? payload['custom:regionIds'].split(',').filter(Boolean) : [];
    return { token, role, expiresAt: payload.exp, ...(memberId ? { memberId } : {}), ...(regions.length > 0 ? { regionIds: regions } : {}) };
  } catch {
    return undefined;
  }
}

function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
