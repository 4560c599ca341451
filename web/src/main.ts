import { localSignInMode, SIGNED_OUT_EVENT, type SignInMode } from './api.ts';
import { cloudSignOut, completeCloudSignIn, loadCloudConfig, type CloudConfig } from './cloud-sign-in.ts';
import { el, replaceChildren } from './dom.ts';
import { currentLanguage, setLanguage, t, type MessageKey } from './i18n.ts';
import { forgetReference, loadReference } from './reference.ts';
import { currentRoute, homeFor, href, navigate } from './router.ts';
import { currentSession, signOut, type Session } from './session.ts';
import { roleLabel } from './status.ts';
import { renderAudit } from './views/audit.ts';
import { renderBudgetLines } from './views/budget-lines.ts';
import { renderDeviceDetail } from './views/device-detail.ts';
import { renderHealth } from './views/health.ts';
import { renderImport } from './views/import.ts';
import { renderIncidents } from './views/incidents.ts';
import { renderInventory } from './views/inventory.ts';
import { renderMaintenance } from './views/maintenance.ts';
import { renderPlan } from './views/plan.ts';
import { renderMyMunicipality } from './views/my-municipality.ts';
import { renderPortfolio } from './views/portfolio.ts';
import { renderProject } from './views/project.ts';
import { renderScenarios } from './views/scenarios.ts';
import { renderCloudSignIn } from './views/cloud-sign-in.ts';
import { renderSignIn } from './views/sign-in.ts';
import { renderWall } from './views/wall.ts';
import type { View, ViewContext } from './view-context.ts';

/**
 * The dashboard's entry: draws the page frame (header, menu, language switch) and
 * the view the hash names. Views draw into a fresh element each time, so an answer that arrives
 * after the user has moved on lands in a detached element instead of the new view.
 */

const NAVIGATION: Array<{ segment: string; label: MessageKey; view: View }> = [
  { segment: 'health', label: 'navHealth', view: renderHealth },
  { segment: 'incidents', label: 'navIncidents', view: renderIncidents },
  { segment: 'maintenance', label: 'navMaintenance', view: renderMaintenance },
  { segment: 'inventory', label: 'navInventory', view: renderInventory },
  { segment: 'plan', label: 'navPlan', view: renderPlan },
  { segment: 'portfolio', label: 'navPortfolio', view: renderPortfolio },
  { segment: 'scenarios', label: 'navScenarios', view: renderScenarios },
  { segment: 'my-municipality', label: 'navMyMunicipality', view: renderMyMunicipality },
  { segment: 'audit', label: 'navAudit', view: renderAudit },
];

/** Pages reached from another page rather than the menu; the menu marks the page they belong to. */
const SUBPAGES: Array<{ segment: string; parent: string; view: View }> = [
  { segment: 'budget-lines', parent: 'plan', view: renderBudgetLines },
  { segment: 'import', parent: 'inventory', view: renderImport },
  { segment: 'vegg', parent: 'health', view: renderWall },
  { segment: 'project', parent: 'portfolio', view: renderProject },
];

const app = document.getElementById('app') as HTMLElement;
let stopCurrentView: (() => void) | undefined;
let signInNotice: string | undefined;
/** Which local sign-in the host offers (asked once at start); DEMO shows in the header in demo mode. */
let signInMode: SignInMode | undefined;
/** Set in AWS (from /config.json): sign-in goes through Cognito's managed login. */
let cloudConfig: CloudConfig | undefined;
let cloudSignInError: string | undefined;
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

function render(): void {
  stopCurrentView?.();
  stopCurrentView = undefined;
  document.documentElement.lang = currentLanguage();
  document.title = t('appTitle');

  const session = currentSession();
  const main = el('main', { id: 'content', tabindex: '-1' });
  replaceChildren(app, skipLink(), header(session), main);

  clearTimeout(expiryTimer);
  if (!session) {
    if (cloudConfig) {
      renderCloudSignIn(main, { config: cloudConfig, ...(signInNotice ? { notice: signInNotice } : {}), ...(cloudSignInError ? { error: cloudSignInError } : {}) });
      return;
    }
    renderSignIn(main, {
      notice: signInNotice,
      mode: signInMode,
      onSignedIn: (signedIn) => {
        signInNotice = undefined;
        // Back to where the person was going (a bookmark, or the page the session expired on).
        if (currentRoute().segments.length > 0) render();
        else navigate(homeFor(signedIn), { replace: true });
      },
    });
    return;
  }

  // When the token runs out the page says so at once ("Logg inn på nytt"), not at the next click.
  expiryTimer = setTimeout(() => window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT)), Math.max(0, session.expiresAt * 1000 - Date.now()));
  const route = currentRoute();
  const [first, second] = route.segments;
  if (first === undefined) return navigate(homeFor(session), { replace: true });
  const view = el('div', { class: 'view' });
  main.append(view);
  const context: ViewContext = { session, route };
  if (first === 'inventory' && second !== undefined) stopCurrentView = renderDeviceDetail(view, context, second) ?? undefined;
  else {
    const entry = NAVIGATION.find((candidate) => candidate.segment === first) ?? SUBPAGES.find((candidate) => candidate.segment === first);
    if (entry) stopCurrentView = entry.view(view, context) ?? undefined;
    else replaceChildren(view, el('h1', {}, t('appTitle')), el('p', {}, t('notFoundPage')));
  }
}

function skipLink(): HTMLElement {
  return el('a', { class: 'skip-link', href: '#content', onclick: skipToContent }, t('skipToContent'));
}

function skipToContent(event: Event): void {
  // The hash holds the route, so the skip link moves focus itself instead of changing the hash.
  event.preventDefault();
  document.getElementById('content')?.focus();
}

function header(session: Session | undefined): HTMLElement {
  const first = currentRoute().segments[0];
  const active = SUBPAGES.find((page) => page.segment === first)?.parent ?? first;
  const userLine = el('span', { class: 'who' }, session ? t('signedInAs', { role: roleLabel(session.role) }) : '');
  if (session?.memberId) {
    // The municipality's name comes from the reference data; until it arrives, its id shows.
    userLine.textContent = t('signedInAsMember', { role: roleLabel(session.role), member: session.memberId });
    loadReference()
      .then((reference) => (userLine.textContent = t('signedInAsMember', { role: roleLabel(session.role), member: reference.memberName(session.memberId) })))
      .catch(() => undefined);
  }
  return el(
    'header',
    { class: 'top' },
    el(
      'div',
      { class: 'brand' },
      el('span', { class: 'app-title' }, t('appTitle')),
      signInMode?.mode === 'demo' ? el('span', { class: 'demo-badge', title: t('demoBadgeTitle') }, t('demoBadge')) : null,
      el('span', { class: 'subtitle' }, t('appSubtitle')),
    ),
    session
      ? el(
          'nav',
          { 'aria-label': t('mainNavigation') },
          el(
            'ul',
            {},
            NAVIGATION.map(({ segment, label }) =>
              el('li', {}, el('a', { href: href(segment), 'aria-current': active === segment ? 'page' : undefined }, t(label))),
            ),
          ),
        )
      : null,
    el(
      'div',
      { class: 'tools' },
      userLine,
      el(
        'button',
        { type: 'button', class: 'language', lang: currentLanguage() === 'nb' ? 'en' : 'nb', title: t('languageSwitchLabel'), onclick: toggleLanguage },
        t('languageSwitch'),
      ),
      session ? el('button', { type: 'button', onclick: signOutNow }, t('signOut')) : null,
    ),
  );
}

function toggleLanguage(): void {
  setLanguage(currentLanguage() === 'nb' ? 'en' : 'nb');
  render();
}

function signOutNow(): void {
  signOut();
  forgetReference();
  if (cloudConfig) return cloudSignOut(cloudConfig);
  navigate('#/', { replace: true });
}

window.addEventListener('hashchange', () => {
  render();
  document.getElementById('content')?.focus({ preventScroll: true });
});
window.addEventListener(SIGNED_OUT_EVENT, () => {
  signOut();
  forgetReference();
  signInNotice = t('sessionExpired');
  render();
});
setLanguage(currentLanguage());
void start();

/** In AWS, finish a return from the managed login before the first render; locally, ask which sign-in the host offers. */
async function start(): Promise<void> {
  try {
    cloudConfig = await loadCloudConfig();
    const completed = cloudConfig ? await completeCloudSignIn(cloudConfig) : undefined;
    if (completed && currentRoute().segments.length === 0) navigate(homeFor(completed.session), { replace: true });
    if (!cloudConfig) signInMode = await localSignInMode();
  } catch (error) {
    cloudSignInError = error instanceof Error ? error.message : String(error);
  }
  render();
}
