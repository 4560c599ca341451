import { apiGet } from '../api.ts';
import { el, replaceChildren } from '../dom.ts';
import { errorBox, whileLoading } from '../feedback.ts';
import { formatDateTime, formatNumber } from '../format.ts';
import { t, tCount } from '../i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { loadReference, regionPath, type Reference } from '../reference.ts';
import { href } from '../router.ts';
import { STATUSES_WORST_FIRST, kindLabel, statusBadge, statusLabel } from '../status.ts';
import type { CheckView, DeviceHealthView, EnvironmentHealth, EnvironmentSummary, RegionHealth } from '../types.ts';

/**
 * Driftsbilde, the health board: one card per operating environment with its devices per status
 * and per kind, open incidents and the oldest backup; a card can be opened to list its devices
 * and their checks. It refreshes itself every 30 seconds while it is shown.
 */
const REFRESH_MS = 30_000;

type RegionEnvironment = RegionHealth['environments'][number];

export function renderHealth(view: HTMLElement, _context: ViewContext): () => void {
  /** Environments whose device list is open; kept across refreshes. */
  const expanded = new Set<string>();
  const details = new Map<string, EnvironmentHealth>();
  const updated = el('p', { class: 'meta' });
  const problems = el('div');
  const board = el('div', { class: 'board' });
  let reference: Reference | undefined;
  let firstLoad = true;

  replaceChildren(
    view,
    el('h1', {}, t('healthTitle')),
    el('p', { class: 'intro' }, t('healthIntro')),
    el(
      'div',
      { class: 'toolbar' },
      updated,
      el('button', { type: 'button', onclick: () => void refresh() }, t('healthRefresh')),
      el('a', { href: href('vegg') }, t('healthWallLink')),
    ),
    problems,
    board,
  );

  async function refresh(): Promise<void> {
    try {
      const work = (async () => {
        reference ??= await loadReference();
        const base = regionPath(reference);
        const region = await apiGet<RegionHealth>(`${base}/health`);
        // The open cards are refreshed too, so their device lists never go stale.
        await Promise.all([...expanded].map(async (environmentId) => details.set(environmentId, await fetchEnvironment(base, environmentId))));
        return region;
      })();
      const region = firstLoad ? await whileLoading(board, work) : await quietly(board, work);
      firstLoad = false;
      replaceChildren(problems);
      updated.textContent = t('healthUpdated', { time: formatDateTime(region.generatedAt) });
      drawBoard(region);
    } catch (error) {
      replaceChildren(problems, errorBox(error, () => void refresh()));
    }
  }

  function drawBoard(region: RegionHealth): void {
    // Keep keyboard focus on the same toggle across a redraw.
    const focusedToggle = (document.activeElement as HTMLElement | null)?.dataset?.environmentToggle;
    replaceChildren(board, region.environments.map((environment) => environmentCard(environment)));
    if (focusedToggle) board.querySelector<HTMLElement>(`[data-environment-toggle="${CSS.escape(focusedToggle)}"]`)?.focus();
  }

  function environmentCard(environment: RegionEnvironment): HTMLElement {
    const headingId = `environment-${environment.environmentId}`;
    const devicesId = `${headingId}-devices`;
    const isOpen = expanded.has(environment.environmentId);
    const devices = el('div', { id: devicesId, hidden: !isOpen });
    const detail = details.get(environment.environmentId);
    if (isOpen && detail) replaceChildren(devices, deviceTable(environment.name, detail.items));

    const toggle = el(
      'button',
      { type: 'button', 'aria-expanded': String(isOpen), 'aria-controls': devicesId, 'data-environment-toggle': environment.environmentId },
      isOpen ? t('healthHideDevices') : t('healthShowDevices'),
    );
    toggle.addEventListener('click', async () => {
      // An open card takes the board's whole width, so its device table has room.
      const card = toggle.closest('section');
      if (expanded.delete(environment.environmentId)) {
        card?.classList.remove('expanded');
        devices.hidden = true;
        toggle.setAttribute('aria-expanded', 'false');
        toggle.textContent = t('healthShowDevices');
        return;
      }
      expanded.add(environment.environmentId);
      card?.classList.add('expanded');
      devices.hidden = false;
      toggle.setAttribute('aria-expanded', 'true');
      toggle.textContent = t('healthHideDevices');
      try {
        const loaded = await whileLoading(devices, fetchEnvironment(regionPath(reference as Reference), environment.environmentId));
        details.set(environment.environmentId, loaded);
        replaceChildren(devices, deviceTable(environment.name, loaded.items));
      } catch (error) {
        replaceChildren(devices, errorBox(error));
      }
    });

    return el(
      'section',
      { class: `card environment worst-${worstStatus(environment)}${isOpen ? ' expanded' : ''}`, 'aria-labelledby': headingId },
      el('h2', { id: headingId }, environment.name),
      el(
        'p',
        { class: 'meta' },
        tCount('healthDeviceCount', environment.devices),
        ' · ',
        tCount('healthNotMonitoredCount', environment.notMonitored),
        ' · ',
        environment.lastSweepAt ? t('healthLastSweep', { time: formatDateTime(environment.lastSweepAt) }) : t('healthNeverSwept'),
      ),
      el('h3', {}, t('healthDevicesByStatus')),
      el(
        'ul',
        { class: 'status-counts' },
        STATUSES_WORST_FIRST.map((status) => el('li', {}, statusBadge(status), el('strong', { class: 'count' }, String(environment.byStatus[status])))),
        // Devices without checks are their own tile: not "unknown", but not watched at all.
        el('li', { class: 'not-monitored' }, statusBadge('notMonitored'), el('strong', { class: 'count' }, String(environment.notMonitored))),
      ),
      environment.flapping > 0 ? el('p', { class: 'flapping-note' }, statusBadge('warning', tCount('healthFlappingCount', environment.flapping))) : null,
      el(
        'dl',
        { class: 'key-figures' },
        el('dt', {}, t('healthOpenIncidents')),
        el(
          'dd',
          {},
          el('a', { href: `${href('incidents')}?environmentId=${encodeURIComponent(environment.environmentId)}` }, String(environment.openIncidents)),
          environment.openPlannedIncidents > 0 ? ` (${t('healthPlannedIncidents', { count: environment.openPlannedIncidents })})` : '',
        ),
        el('dt', {}, t('healthWorstBackup')),
        el('dd', {}, backupText(environment.backup)),
      ),
      kindTable(environment),
      toggle,
      devices,
    );
  }

  void refresh();
  const timer = window.setInterval(() => void refresh(), REFRESH_MS);
  return () => window.clearInterval(timer);
}

function fetchEnvironment(base: string, environmentId: string): Promise<EnvironmentHealth> {
  return apiGet<EnvironmentHealth>(`${base}/environments/${encodeURIComponent(environmentId)}/health`);
}

/** A background refresh: aria-busy while it runs, but no spinner that would make the board jump. */
async function quietly<T>(region: HTMLElement, work: Promise<T>): Promise<T> {
  region.setAttribute('aria-busy', 'true');
  try {
    return await work;
  } finally {
    region.removeAttribute('aria-busy');
  }
}

function worstStatus(environment: RegionEnvironment): string {
  return STATUSES_WORST_FIRST.find((status) => environment.byStatus[status] > 0) ?? 'unknown';
}

function backupText(backup: EnvironmentSummary['backup']): string {
  if (backup.required === 0) return t('healthBackupNotRequired');
  const parts: string[] = [];
  if (backup.worstAgeHours !== null) parts.push(t('healthBackupHours', { hours: formatNumber(backup.worstAgeHours) }));
  if (backup.neverBackedUp > 0) parts.push(t('healthBackupNever', { count: backup.neverBackedUp }));
  parts.push(backup.missing > 0 ? t('healthBackupMissing', { missing: backup.missing, required: backup.required }) : t('healthBackupAllFresh', { required: backup.required }));
  return parts.join(' · ');
}

function kindTable(environment: RegionEnvironment): HTMLElement | null {
  // Before the first sweep nothing is counted yet; the "not checked yet" line says so.
  if (Object.keys(environment.byKind).length === 0) return null;
  const kinds = Object.entries(environment.byKind).sort(([a], [b]) => kindLabel(a).localeCompare(kindLabel(b), 'nb'));
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, t('healthKind')),
    el('th', { scope: 'col', class: 'number' }, t('healthCount')),
    STATUSES_WORST_FIRST.map((status) => el('th', { scope: 'col', class: 'number' }, statusLabel(status))),
  );
  const rows = kinds.map(([kind, counts]) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, kindLabel(kind)),
      el('td', { class: 'number' }, String(counts.total)),
      // Non-zero problem counts stand out in bold as well as colour.
      STATUSES_WORST_FIRST.map((status) => el('td', { class: `number${counts[status] > 0 && status !== 'ok' ? ` emphasis-${status}` : ''}` }, String(counts[status]))),
    ),
  );
  return el(
    'div',
    { class: 'table-scroll' },
    el('table', { class: 'data compact kinds' }, el('caption', {}, t('healthDevicesByKind')), el('thead', {}, head), el('tbody', {}, rows)),
  );
}

function deviceTable(environmentName: string, items: DeviceHealthView[]): HTMLElement {
  if (items.length === 0) return el('p', {}, t('healthNoDevices'));
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'data' },
      el('caption', {}, t('healthEnvironmentTable', { environment: environmentName })),
      el(
        'thead',
        {},
        el('tr', {}, [t('healthDevice'), t('healthKind'), t('healthStatus'), t('healthSince'), t('healthChecks')].map((heading) => el('th', { scope: 'col' }, heading))),
      ),
      el(
        'tbody',
        {},
        items.map((item) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, el('a', { href: href('inventory', item.deviceId) }, item.name)),
            el('td', {}, kindLabel(item.kind)),
            el(
              'td',
              {},
              statusBadge(item.status),
              item.inMaintenance ? el('span', { class: 'tag' }, t('healthInMaintenance')) : null,
              item.flapping ? el('span', { class: 'tag' }, t('healthFlapping')) : null,
            ),
            el('td', { class: 'date' }, formatDateTime(item.since)),
            el('td', {}, el('ul', { class: 'checks' }, item.checks.map((check) => el('li', {}, statusBadge(check.status), ' ', checkText(check))))),
          ),
        ),
      ),
    ),
  );
}

function checkText(check: CheckView): string {
  // Uptime in words of the UI language ("snmp.uptime: oppe i 37 dager"), not the probe's English.
  if (/(^|\.)uptime$/.test(check.name) && check.unit === 's' && typeof check.value === 'number') return t('healthCheckValue', { name: check.name, value: uptimeText(check.value) });
  const value = check.value === undefined ? '' : `${typeof check.value === 'number' ? formatNumber(check.value) : check.value}${check.unit ? ` ${check.unit}` : ''}`;
  const text = value ? t('healthCheckValue', { name: check.name, value }) : check.name;
  return check.message ? `${text} – ${check.message}` : text;
}

/** `3196800` s → "oppe i 37 dager" / "up 37 days". */
export function uptimeText(seconds: number): string {
  if (seconds < 120) return t('uptimeSeconds', { count: Math.round(seconds) });
  if (seconds < 2 * 3600) return t('uptimeMinutes', { count: Math.round(seconds / 60) });
  if (seconds < 48 * 3600) return t('uptimeHours', { count: Math.round(seconds / 3600) });
  return tCount('uptimeDays', Math.round(seconds / 86400));
}
