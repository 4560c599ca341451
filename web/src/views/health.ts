import { apiGet } from '../api.ts';
import { el, replaceChildren } from '../dom.ts';
import { errorBox, whileLoading } from '../feedback.ts';
import { formatDateTime, formatNumber } from '../format.ts';
import { t, tCount } from '../i18n.ts';
import { checkMessageInUi } from '../health-text.ts';
import type { ViewContext } from '../view-context.ts';
import { regionIdFor } from '../reference.ts';
import { href } from '../router.ts';
import { STATUSES_WORST_FIRST, kindLabel, statusBadge, statusLabel } from '../status.ts';
import type { BoardCheck, BoardDevice, BoardEnvironment, EnvironmentSummary, RegionBoard } from '../types.ts';

/**
 * Driftsbilde, the health board: one card per operating environment with its devices per status
 * and per kind, open incidents and the oldest backup; a card can be opened to list its devices
 * and their checks. It refreshes itself every 30 seconds while it is shown.
 *
 * Built for a region of 1,000 devices: the whole board comes in one request (the region board),
 * opening a card asks for nothing more, and a refresh changes only what changed — cards and rows
 * are kept, keyed by environment and device, so focus and scroll stay where they were — while long
 * device lists are drawn in slices that leave the page free to answer between them.
 */
const REFRESH_MS = 30_000;
/** Which cards are open, kept across reloads so an operator comes back to the lists they watch. */
const OPEN_CARDS_KEY = 'driftsbilde.board.open';
/** Rows drawn before the first pause: about a screenful, so the list appears at once. */
const FIRST_SCREEN_ROWS = 40;
/** How long one slice of drawing may hold the main thread before it yields (a long task is 50 ms). */
const SLICE_MS = 12;

interface Card {
  section: HTMLElement;
  summary: HTMLElement;
  summaryKey: string;
  toggle: HTMLButtonElement;
  devices: HTMLElement;
  table?: DeviceTable;
}

interface DeviceTable {
  tbody: HTMLTableSectionElement;
  rows: Map<string, { key: string; row: HTMLTableRowElement }>;
  /** Bumped by every draw; a slice that finds a newer draw started stops. */
  generation: number;
}

export function renderHealth(view: HTMLElement, context: ViewContext): () => void {
  /** Environments whose device list is open; kept across refreshes and reloads. */
  const expanded = new Set<string>(rememberedOpenCards());
  const rows = rowFactory();
  const cards = new Map<string, Card>();
  const updated = el('p', { class: 'meta' });
  const problems = el('div');
  const board = el('div', { class: 'board' });
  let latest: RegionBoard | undefined;
  let firstLoad = true;
  let refreshing = false;

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
    // A refresh asked for while one runs would only fetch the same board again.
    if (refreshing) return;
    refreshing = true;
    try {
      const work = (async () => {
        return apiGet<RegionBoard>(`/api/regions/${encodeURIComponent(await regionIdFor(context.session))}/board`);
      })();
      const answer = firstLoad ? await whileLoading(board, work) : await quietly(board, work);
      firstLoad = false;
      replaceChildren(problems);
      updated.textContent = t('healthUpdated', { time: formatDateTime(answer.generatedAt) });
      await drawBoard(answer);
    } catch (error) {
      replaceChildren(problems, errorBox(error, () => void refresh()));
    } finally {
      refreshing = false;
    }
  }

  async function drawBoard(answer: RegionBoard): Promise<void> {
    latest = answer;
    const shown = new Set<string>();
    let before: ChildNode | null = board.firstChild;
    for (const environment of answer.environments) {
      shown.add(environment.environmentId);
      const card = cards.get(environment.environmentId) ?? newCard(environment);
      cards.set(environment.environmentId, card);
      updateSummary(card, environment);
      if (card.section !== before) board.insertBefore(card.section, before);
      before = card.section.nextSibling;
    }
    for (const [environmentId, card] of cards) {
      if (shown.has(environmentId)) continue;
      card.section.remove();
      cards.delete(environmentId);
      expanded.delete(environmentId);
    }
    if (cards.size > 0) rememberOpenCards(expanded);
    await Promise.all(answer.environments.filter((environment) => expanded.has(environment.environmentId)).map((environment) => drawDevices(cards.get(environment.environmentId) as Card, environment, rows)));
  }

  function newCard(environment: BoardEnvironment): Card {
    const devicesId = `environment-${environment.environmentId}-devices`;
    const devices = el('div', { id: devicesId, hidden: true });
    const toggle = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': devicesId, 'data-environment-toggle': environment.environmentId }, t('healthShowDevices'));
    const summary = el('div');
    const section = el('section', { class: 'card environment', 'aria-labelledby': `environment-${environment.environmentId}` }, summary, toggle, devices);
    const card: Card = { section, summary, summaryKey: '', toggle, devices };
    toggle.addEventListener('click', () => {
      setOpen(card, environment.environmentId, !expanded.has(environment.environmentId));
      rememberOpenCards(expanded);
      // The board already holds every device: opening a card asks the API for nothing.
      const current = latest?.environments.find((candidate) => candidate.environmentId === environment.environmentId);
      if (expanded.has(environment.environmentId) && current) void drawDevices(card, current, rows);
    });
    if (expanded.has(environment.environmentId)) setOpen(card, environment.environmentId, true);
    return card;
  }

  function setOpen(card: Card, environmentId: string, open: boolean): void {
    if (open) expanded.add(environmentId);
    else expanded.delete(environmentId);
    // An open card takes the board's whole width, so its device table has room.
    card.section.classList.toggle('expanded', open);
    card.devices.hidden = !open;
    card.toggle.setAttribute('aria-expanded', String(open));
    card.toggle.textContent = open ? t('healthHideDevices') : t('healthShowDevices');
  }

  void refresh();
  const timer = window.setInterval(() => void refresh(), REFRESH_MS);
  return () => window.clearInterval(timer);
}

/** Redraws a card's figures only when they changed, keeping focus on the incidents link if it had it. */
function updateSummary(card: Card, environment: BoardEnvironment): void {
  const { items: _items, ...figures } = environment;
  const key = JSON.stringify(figures);
  if (key === card.summaryKey) return;
  const hadFocus = card.summary.contains(document.activeElement);
  card.summaryKey = key;
  card.section.className = `card environment worst-${worstStatus(environment)}${card.devices.hidden ? '' : ' expanded'}`;
  replaceChildren(card.summary, summaryOf(environment));
  if (hadFocus) card.summary.querySelector<HTMLElement>('a')?.focus();
}

function summaryOf(environment: BoardEnvironment): HTMLElement[] {
  return [
    el('h2', { id: `environment-${environment.environmentId}` }, environment.name),
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
  ].filter((part): part is HTMLElement => part !== null);
}

/**
 * Brings an open card's device table up to date: new rows for new devices, a new row for a
 * device whose state changed, nothing for the rest; rows in the board's order. Work is split into
 * slices of SLICE_MS, so 1,000 rows never make one long task. A first draw builds its rows off
 * the page and adds them at two moments only (the first screenful, then the rest): rows added
 * slice by slice would have the browser lay out the growing table after every slice.
 */
async function drawDevices(card: Card, environment: BoardEnvironment, rows: RowFactory): Promise<void> {
  if (environment.items.length === 0) {
    card.table = undefined;
    replaceChildren(card.devices, el('p', {}, t('healthNoDevices')));
    return;
  }
  if (!card.table) {
    const tbody = el('tbody');
    card.table = { tbody, rows: new Map(), generation: 0 };
    replaceChildren(card.devices, deviceTableFrame(environment.name, tbody));
  }
  const table = card.table;
  const generation = ++table.generation;
  if (table.rows.size === 0) {
    let pending = document.createDocumentFragment();
    let sliceStart = performance.now();
    for (const [index, item] of environment.items.entries()) {
      if (index === FIRST_SCREEN_ROWS || performance.now() - sliceStart > SLICE_MS) {
        if (index === FIRST_SCREEN_ROWS) {
          table.tbody.append(pending);
          pending = document.createDocumentFragment();
        }
        await yieldToPage();
        if (table.generation !== generation || card.table !== table) return;
        sliceStart = performance.now();
      }
      const row = rows.make(item);
      table.rows.set(item.deviceId, { key: rowKey(item), row });
      pending.append(row);
    }
    table.tbody.append(pending);
    return;
  }
  let sliceStart = performance.now();
  for (const [index, item] of environment.items.entries()) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToPage();
      if (table.generation !== generation || card.table !== table) return;
      sliceStart = performance.now();
    }
    const key = rowKey(item);
    let known = table.rows.get(item.deviceId);
    if (known?.key !== key) {
      const row = rows.make(item);
      if (known) {
        const hadFocus = known.row.contains(document.activeElement);
        known.row.replaceWith(row);
        if (hadFocus) row.querySelector<HTMLElement>('a')?.focus();
      }
      known = { key, row };
      table.rows.set(item.deviceId, known);
    }
    const expected = table.tbody.children[index];
    if (expected !== known.row) table.tbody.insertBefore(known.row, expected ?? null);
  }
  const present = new Set(environment.items.map((item) => item.deviceId));
  for (const [deviceId, { row }] of table.rows) {
    if (present.has(deviceId)) continue;
    row.remove();
    table.rows.delete(deviceId);
  }
}

function rememberedOpenCards(): string[] {
  try {
    const stored = JSON.parse(localStorage.getItem(OPEN_CARDS_KEY) ?? '[]') as unknown;
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function rememberOpenCards(open: ReadonlySet<string>): void {
  try {
    localStorage.setItem(OPEN_CARDS_KEY, JSON.stringify([...open]));
  } catch {
    // Storage refused (private mode, full): the cards still open, just not after a reload.
  }
}

/** What a device's row shows: a sweep that changes none of it (a new `observedAt`, say) leaves the row alone. */
function rowKey(item: BoardDevice): string {
  const checks = item.checks.map((check) => [check.status, check.name, check.value, check.unit, check.message]);
  return JSON.stringify([item.name, item.kind, item.status, item.since, item.inMaintenance, item.flapping, checks]);
}

/** Lets the page handle input and paint before the next slice (scheduler.yield where Chromium has it). */
function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
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

function worstStatus(environment: EnvironmentSummary): string {
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

function kindTable(environment: EnvironmentSummary): HTMLElement | null {
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

function deviceTableFrame(environmentName: string, tbody: HTMLTableSectionElement): HTMLElement {
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'data devices' },
      el('caption', {}, t('healthEnvironmentTable', { environment: environmentName })),
      el('colgroup', {}, ['device', 'kind', 'status', 'since', 'checks'].map((column) => el('col', { class: column }))),
      el(
        'thead',
        {},
        el('tr', {}, [t('healthDevice'), t('healthKind'), t('healthStatus'), t('healthSince'), t('healthChecks')].map((heading) => el('th', { scope: 'col' }, heading))),
      ),
      tbody,
    ),
  );
}

type RowFactory = ReturnType<typeof rowFactory>;

/**
 * Device rows cloned from one built row, with badges and labels made once per status and kind:
 * a thousand rows cost a thousand clones and text fills, not the DOM calls and dictionary
 * look-ups of each part of each row.
 */
function rowFactory() {
  const prototype = el(
    'tr',
    {},
    el('th', { scope: 'row' }, el('a', {})),
    el('td', {}),
    el('td', {}),
    el('td', { class: 'date' }),
    el('td', {}, el('ul', { class: 'checks' })),
  );
  const badges = new Map<string, HTMLElement>();
  const badge = (status: string) => {
    let made = badges.get(status);
    if (!made) badges.set(status, (made = statusBadge(status)));
    return made.cloneNode(true);
  };
  const kinds = new Map<string, string>();
  const maintenanceTag = el('span', { class: 'tag' }, t('healthInMaintenance'));
  const flappingTag = el('span', { class: 'tag' }, t('healthFlapping'));
  return {
    make(item: BoardDevice): HTMLTableRowElement {
      const row = prototype.cloneNode(true) as HTMLTableRowElement;
      row.dataset.deviceId = item.deviceId;
      const [nameCell, kindCell, statusCell, sinceCell, checksCell] = row.children as unknown as [HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement];
      const link = nameCell.firstChild as HTMLAnchorElement;
      link.href = href('inventory', item.deviceId);
      link.textContent = item.name;
      let kind = kinds.get(item.kind);
      if (kind === undefined) kinds.set(item.kind, (kind = kindLabel(item.kind)));
      kindCell.textContent = kind;
      statusCell.append(badge(item.status));
      if (item.inMaintenance) statusCell.append(maintenanceTag.cloneNode(true));
      if (item.flapping) statusCell.append(flappingTag.cloneNode(true));
      sinceCell.textContent = formatDateTime(item.since);
      const list = checksCell.firstChild as HTMLUListElement;
      for (const check of item.checks) {
        const line = document.createElement('li');
        line.append(badge(check.status), ` ${checkText(check)}`);
        list.append(line);
      }
      return row;
    },
  };
}

function checkText(check: BoardCheck): string {
  // The probe's coded message in the UI language (old rows: its English as stored).
  const message = checkMessageInUi(check);
  // Uptime in words of the UI language ("snmp.uptime: oppe i 37 dager"), not a count of seconds.
  if (/(^|\.)uptime$/.test(check.name) && check.unit === 's' && typeof check.value === 'number') {
    return t('healthCheckValue', { name: check.name, value: check.messageCode && message ? message : uptimeText(check.value) });
  }
  const value = check.value === undefined ? '' : `${typeof check.value === 'number' ? formatNumber(check.value) : check.value}${check.unit ? ` ${check.unit}` : ''}`;
  const text = value ? t('healthCheckValue', { name: check.name, value }) : check.name;
  return message ? `${text} – ${message}` : text;
}

/** `3196800` s → "oppe i 37 dager" / "up 37 days". */
export function uptimeText(seconds: number): string {
  if (seconds < 120) return t('uptimeSeconds', { count: Math.round(seconds) });
  if (seconds < 2 * 3600) return t('uptimeMinutes', { count: Math.round(seconds / 60) });
  if (seconds < 48 * 3600) return t('uptimeHours', { count: Math.round(seconds / 3600) });
  return tCount('uptimeDays', Math.round(seconds / 86400));
}
