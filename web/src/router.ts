import type { Role } from '../../shared/domain/identity.ts';
import type { Session } from './session.ts';

/**
 * Hash routing: `#/inventory/fw-kris-01?x=y`. The hash keeps the server simple (every path serves
 * the same page) and makes each view, filters included, a link that can be bookmarked or shared.
 */
export interface Route {
  /** Path segments after `#/`: `['inventory', 'fw-kris-01']`. */
  segments: string[];
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = window.location.hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = hash.split('?');
  return { segments: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

/** A link target for a view: `href('inventory', 'fw-kris-01')` → `#/inventory/fw-kris-01`. */
export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

/** Changes the hash, so the view follows; with `replace` the back button skips the old one. */
export function navigate(target: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', target);
  else window.location.hash = target;
  if (options.replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** Where each role starts: what that role most often comes for. */
export function homeFor(session: Session): string {
  const homes: Record<Role, string> = { operator: 'health', admin: 'health', member: 'inventory', 'budget-owner': 'plan' };
  return href(homes[session.role]);
}
