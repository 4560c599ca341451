import { apiGet } from '../api.ts';
import { el, replaceChildren } from '../dom.ts';
import { errorBox, whileLoading } from '../feedback.ts';
import { formatDateTime } from '../format.ts';
import { t } from '../i18n.ts';
import { checkMessageInUi, incidentTitleInUi } from '../health-text.ts';
import { regionPath, type Reference } from '../reference.ts';
import { href } from '../router.ts';
import { statusBadge } from '../status.ts';
import type { Device, DeviceHealthView, EnvironmentHealth, Incident } from '../types.ts';

/**
 * The first thing on a device's page: its status now, since when, whether it is flapping, and its
 * open incident (by title, linked to the environment's incidents). A device without checks says
 * it is not monitored rather than "unknown".
 */
export function loadEnvironmentBoard(reference: Reference, device: Device): Promise<EnvironmentHealth> {
  return apiGet<EnvironmentHealth>(`${regionPath(reference)}/environments/${encodeURIComponent(device.environmentId)}/health`);
}

export function deviceStatusSection(reference: Reference, device: Device, board: Promise<EnvironmentHealth>): HTMLElement {
  const body = el('div', { class: 'device-status-body' });
  const section = el('section', { class: 'device-status', 'aria-labelledby': 'device-status-title' }, el('h2', { id: 'device-status-title' }, t('deviceStatusTitle')), body);
  const load = async () => {
    try {
      const item = (await whileLoading(body, board)).items.find((candidate) => candidate.deviceId === device.id);
      replaceChildren(body, statusLines(reference, device, item));
    } catch (error) {
      replaceChildren(body, errorBox(error, () => {
        board = loadEnvironmentBoard(reference, device);
        void load();
      }));
    }
  };
  void load();
  return section;
}

function statusLines(reference: Reference, device: Device, item: DeviceHealthView | undefined): HTMLElement[] {
  if (!item) return [el('p', { class: 'status-line' }, statusBadge('notMonitored'), ' ', device.monitoring ? t('deviceNotSweptYet') : t('deviceNotMonitored'))];
  if (item.checks.length === 0) return [el('p', { class: 'status-line' }, statusBadge('notMonitored'), ' ', t('deviceNotMonitored'))];
  const flapping = item.checks.filter((check) => check.flapping).map((check) => check.name);
  return [
    el(
      'p',
      { class: 'status-line' },
      statusBadge(item.status),
      ' ',
      el('span', { class: 'since' }, t('deviceStatusSince', { time: formatDateTime(item.since) })),
      item.inMaintenance ? el('span', { class: 'tag' }, t('healthInMaintenance')) : null,
    ),
    flapping.length > 0 ? el('p', { class: 'flapping-note' }, statusBadge('warning', t('healthFlapping')), ' ', t('deviceFlappingChecks', { checks: flapping.join(', ') })) : null,
    openIncidentLine(reference, device, item.openIncidentId),
    checkLines(item),
  ].filter((line): line is HTMLElement => line !== null);
}

/** What each check says now, worst first, in the UI language: "snmp.uptime – oppe i 37 dager". */
function checkLines(item: DeviceHealthView): HTMLElement {
  const checks = [...item.checks].sort((a, b) => CHECK_ORDER.indexOf(a.status) - CHECK_ORDER.indexOf(b.status) || a.name.localeCompare(b.name));
  return el(
    'ul',
    { class: 'checks device-checks-now' },
    checks.map((check) => {
      const message = checkMessageInUi(check);
      return el('li', { 'data-check': check.name }, statusBadge(check.status), ' ', el('strong', {}, check.name), message ? ` – ${message}` : '');
    }),
  );
}
const CHECK_ORDER = ['critical', 'warning', 'unknown', 'ok'];

/** The incident's title is read from the API; until it arrives (or if it cannot be read) the link says "Åpent avvik". */
function openIncidentLine(reference: Reference, device: Device, incidentId: string | undefined): HTMLElement {
  if (!incidentId) return el('p', { class: 'open-incident' }, t('deviceNoOpenIncident'));
  const link = el('a', { href: `${href('incidents')}?environmentId=${encodeURIComponent(device.environmentId)}` }, t('deviceOpenIncident'));
  apiGet<Incident>(`${regionPath(reference)}/environments/${encodeURIComponent(device.environmentId)}/incidents/${encodeURIComponent(incidentId)}`)
    .then((incident) => (link.textContent = `${incidentTitleInUi(incident)} (${formatDateTime(incident.openedAt)})`))
    .catch(() => undefined);
  return el('p', { class: 'open-incident' }, el('strong', {}, `${t('deviceOpenIncident')}: `), link);
}
