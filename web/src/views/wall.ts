import { apiGet } from '../api.ts';
import { el, replaceChildren } from '../dom.ts';
import { errorBox } from '../feedback.ts';
import { formatDateTime } from '../format.ts';
import { t, tCount } from '../i18n.ts';
import { checkMessageInUi } from '../health-text.ts';
import type { ViewContext } from '../view-context.ts';
import { regionIdFor } from '../reference.ts';
import { href } from '../router.ts';
import { STATUSES_WORST_FIRST, statusBadge } from '../status.ts';
import type { BoardDevice, BoardEnvironment, RegionBoard } from '../types.ts';

/**
 * The wall display (`#/vegg`): for a screen across the room. No menu, large type, and only what is
 * not OK: devices that are critical, warning, unknown or flapping, worst first, per environment,
 * with the open incidents. Devices without checks are not shown (they are not monitored, so not a
 * problem the room can act on). Refreshes itself every 30 seconds like the board.
 */
const REFRESH_MS = 30_000;
const SEVERITY = new Map<string, number>(STATUSES_WORST_FIRST.map((status, index) => [status, index]));

export function renderWall(view: HTMLElement, context: ViewContext): () => void {
  document.body.classList.add('wall-mode');
  const updated = el('p', { class: 'meta' });
  const problems = el('div', { class: 'wall-problems', 'aria-live': 'polite' });
  const fullScreen = el('button', { type: 'button', onclick: () => void document.documentElement.requestFullscreen?.().catch(() => undefined) }, t('wallFullScreen'));
  replaceChildren(
    view,
    el('div', { class: 'wall-head' }, el('h1', {}, t('wallTitle')), updated, el('div', { class: 'wall-tools' }, fullScreen, el('a', { href: href('health') }, t('wallLeave')))),
    problems,
  );

  async function refresh(): Promise<void> {
    try {
      // The region board holds every environment's devices: one request, however many are troubled.
      const board = await apiGet<RegionBoard>(`/api/regions/${encodeURIComponent(await regionIdFor(context.session))}/board`);
      updated.textContent = t('healthUpdated', { time: formatDateTime(board.generatedAt) });
      const sections = board.environments.map((environment) => environmentProblems(environment)).filter((section) => section !== null);
      if (sections.length > 0) replaceChildren(problems, sections);
      else {
        const monitored = board.environments.reduce((sum, environment) => sum + environment.devices, 0);
        replaceChildren(problems, el('div', { class: 'wall-all-ok' }, statusBadge('ok', t('wallAllOk')), el('p', {}, tCount('wallAllOkDetail', monitored))));
      }
    } catch (error) {
      replaceChildren(problems, errorBox(error, () => void refresh()));
    }
  }

  void refresh();
  const timer = window.setInterval(() => void refresh(), REFRESH_MS);
  return () => {
    window.clearInterval(timer);
    document.body.classList.remove('wall-mode');
  };
}

function environmentProblems(environment: BoardEnvironment): HTMLElement | null {
  const devices = environment.items
    .filter((item) => item.checks.length > 0 && (item.status !== 'ok' || item.flapping))
    .sort((a, b) => (SEVERITY.get(a.status) ?? 9) - (SEVERITY.get(b.status) ?? 9) || a.name.localeCompare(b.name, 'nb'));
  if (devices.length === 0 && environment.openIncidents === 0) return null;
  const headingId = `wall-${environment.environmentId}`;
  return el(
    'section',
    { class: 'wall-environment', 'aria-labelledby': headingId },
    el('h2', { id: headingId }, environment.name, environment.openIncidents > 0 ? el('span', { class: 'wall-incidents' }, tCount('wallOpenIncidents', environment.openIncidents)) : null),
    el('ul', { class: 'wall-devices' }, devices.map((item) => deviceLine(item))),
  );
}

function deviceLine(item: BoardDevice): HTMLElement {
  return el(
    'li',
    { class: `wall-device worst-${item.status}` },
    statusBadge(item.status),
    el('span', { class: 'wall-device-name' }, item.name),
    item.flapping ? el('span', { class: 'tag' }, t('healthFlapping')) : null,
    item.inMaintenance ? el('span', { class: 'tag' }, t('healthInMaintenance')) : null,
    el('span', { class: 'since' }, t('deviceStatusSince', { time: formatDateTime(item.since) })),
    wallReasons(item),
  );
}

/** Why the device is on the wall: its checks that are not ok, each with its message in the UI language. */
function wallReasons(item: BoardDevice): HTMLElement | null {
  const failing = item.checks.filter((check) => check.status !== 'ok');
  if (failing.length === 0) return null;
  return el(
    'ul',
    { class: 'wall-reasons' },
    failing.map((check) => {
      const message = checkMessageInUi(check);
      return el('li', {}, message ? `${check.name}: ${message}` : check.name);
    }),
  );
}
