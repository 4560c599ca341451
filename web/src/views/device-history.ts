import { apiGet } from '../api.ts';
import { lineChart, type ChartPoint } from '../chart.ts';
import { dataTable, el, numberColumns, replaceChildren, uniqueId, type TableCell } from '../dom.ts';
import { errorBox, messageBox, whileLoading } from '../feedback.ts';
import { formatDate, formatDateTime, formatNumber } from '../format.ts';
import { t, type MessageKey } from '../i18n.ts';
import { regionPath, type Reference } from '../reference.ts';
import { statusBadge, statusLabel } from '../status.ts';
import type { CheckView, Device, DeviceHealthView, DeviceHistory, DriftEntry, EnvironmentHealth, HistoryPoint } from '../types.ts';

/**
 * The health part of a device's page: what the device itself reports against what is registered
 * (drift in firmware and serial), and the history of one check over a chosen range as a small
 * chart with the numbers in a table beside it. Which checks there are comes from the environment's
 * health board (the checks the last sweep ran), so only checks with history are offered.
 */
const HOUR = 3_600_000;
const RANGES = [
  { id: '24h', label: 'historyRange24h', ms: 24 * HOUR },
  { id: '7d', label: 'historyRange7d', ms: 7 * 24 * HOUR },
  { id: '90d', label: 'historyRange90d', ms: 90 * 24 * HOUR },
] as const satisfies ReadonlyArray<{ id: string; label: MessageKey; ms: number }>;
type RangeId = (typeof RANGES)[number]['id'];

/** Tables longer than this are summed up per hour (raw samples) or per day (hourly roll-ups). */
const MAX_TABLE_ROWS = 200;

/** `board`: the environment's health when the page has already asked for it (one request, not two). */
export function deviceHealthPanel(reference: Reference, device: Device, board?: Promise<EnvironmentHealth>): HTMLElement {
  const container = el('div', { class: 'device-health' });
  let pending = board;
  const load = async () => {
    replaceChildren(container);
    try {
      const loaded = pending ?? apiGet<EnvironmentHealth>(`${regionPath(reference)}/environments/${encodeURIComponent(device.environmentId)}/health`);
      pending = undefined; // "Prøv igjen" asks again
      const board = await whileLoading(container, loaded);
      const item = board.items.find((candidate) => candidate.deviceId === device.id);
      replaceChildren(container, driftSection(device, item), historySection(reference, device, item));
    } catch (error) {
      replaceChildren(container, el('h2', {}, t('historyTitle')), errorBox(error, () => void load()));
    }
  };
  void load();
  return container;
}

// --- drift -------------------------------------------------------------------------------------

function driftSection(device: Device, item: DeviceHealthView | undefined): HTMLElement | null {
  if (!item?.observed && (item?.drift.length ?? 0) === 0) return null;
  const headingId = uniqueId('drift');
  const heading = el('h2', { id: headingId }, t('driftTitle'));
  if (!item || item.drift.length === 0) {
    return el(
      'section',
      { 'aria-labelledby': headingId },
      heading,
      messageBox('success', t('driftNone', { time: formatDateTime(item?.observed?.observedAt) })),
      observedFacts(item),
    );
  }
  return el(
    'section',
    { 'aria-labelledby': headingId },
    heading,
    messageBox('warning', el('p', {}, t('driftFound', { device: device.name })), el('p', {}, t('driftWhatToDo'))),
    dataTable(
      t('driftCaption'),
      [t('driftField'), t('driftRegistered'), t('driftObserved'), { heading: t('driftObservedAt'), kind: 'date' }],
      item.drift.map((entry) => driftRow(entry)),
      { class: 'compact drift', scroll: true },
    ),
    observedFacts(item),
  );
}

function driftRow(entry: DriftEntry): TableCell[] {
  return [
    t(entry.field === 'firmware' ? 'fieldFirmware' : 'fieldSerial'),
    entry.kind === 'unregistered' || entry.registered === '' ? el('em', {}, t('driftNotRegistered')) : entry.registered,
    el('strong', {}, entry.observed),
    formatDateTime(entry.observedAt),
  ];
}

function observedFacts(item: DeviceHealthView | undefined): HTMLElement | null {
  const observed = item?.observed;
  if (!observed) return null;
  const facts: Array<[MessageKey, string | undefined]> = [
    ['fieldVendor', observed.vendor],
    ['fieldModel', observed.model],
    ['fieldFirmware', observed.firmware],
    ['fieldSerial', observed.serial],
    ['observedHostname', observed.hostname],
    ['observedOs', observed.os],
    ['observedDescription', observed.description],
  ];
  const shown = facts.filter((fact): fact is [MessageKey, string] => Boolean(fact[1]));
  if (shown.length === 0) return null;
  return el(
    'details',
    { class: 'observed' },
    el('summary', {}, t('observedTitle', { time: formatDateTime(observed.observedAt) })),
    el('dl', { class: 'facts' }, shown.map(([key, value]) => [el('dt', {}, t(key)), el('dd', {}, value)])),
  );
}

// --- history -----------------------------------------------------------------------------------

function historySection(reference: Reference, device: Device, item: DeviceHealthView | undefined): HTMLElement {
  const headingId = uniqueId('history');
  const section = el('section', { class: 'history', 'aria-labelledby': headingId }, el('h2', { id: headingId }, t('historyTitle')));
  // The board's checks are the ones with history; before the first sweep, the configured ones.
  const checks: Array<Pick<CheckView, 'name'> & Partial<CheckView>> = item?.checks.length
    ? item.checks
    : (device.monitoring?.checks ?? []).map((check) => ({ name: check.name }));
  if (checks.length === 0) {
    section.append(messageBox('info', device.monitoring ? t('historyNotSwept') : t('historyNotMonitored')));
    return section;
  }
  if (!item) section.append(messageBox('info', t('historyNotSwept')));

  const checkId = uniqueId('history-check');
  const checkSelect = el(
    'select',
    { id: checkId, name: 'check' },
    checks.map((check) => el('option', { value: check.name }, check.status ? `${check.name} (${statusLabel(check.status)})` : check.name)),
  );
  // A check with numbers makes a chart; start with the first that has one, uptime last (a line that
  // only ever climbs says little; CPU, latency or storage say more).
  const numeric = checks.filter((check) => typeof check.value === 'number');
  const firstWithNumber = numeric.find((check) => !/(^|\.)uptime$/.test(check.name)) ?? numeric[0];
  if (firstWithNumber) checkSelect.value = firstWithNumber.name;
  const rangeChoices = RANGES.map((range) => {
    const id = uniqueId(`history-range-${range.id}`);
    return el('span', { class: 'choice' }, el('input', { type: 'radio', name: 'range', id, value: range.id, checked: range.id === '24h' }), el('label', { for: id }, t(range.label)));
  });
  const results = el('div', { class: 'history-results', 'aria-live': 'polite' });
  const form = el(
    'form',
    { class: 'toolbar filters-inline history-form', onsubmit: (event: Event) => (event.preventDefault(), void show()) },
    el('div', { class: 'field' }, el('label', { for: checkId }, t('historyCheck')), checkSelect),
    el('fieldset', { class: 'inline' }, el('legend', {}, t('historyRange')), rangeChoices),
    el('button', { type: 'submit', class: 'primary' }, t('historyShow')),
  );
  section.append(form, results);

  let request = 0;
  /** Whether the person opened the table: kept when another check or range is shown. */
  const tableState = { open: false };
  async function show(): Promise<void> {
    const mine = ++request;
    const check = checkSelect.value;
    const rangeId = (new FormData(form).get('range') ?? '24h') as RangeId;
    const range = RANGES.find((candidate) => candidate.id === rangeId) ?? RANGES[0];
    const to = new Date();
    const from = new Date(to.getTime() - range.ms);
    const query = new URLSearchParams({ check, from: from.toISOString(), to: to.toISOString() });
    replaceChildren(results);
    try {
      const history = await whileLoading(results, apiGet<DeviceHistory>(`${regionPath(reference)}/devices/${encodeURIComponent(device.id)}/history?${query.toString()}`));
      if (mine !== request) return; // a later choice is on its way
      const unitOf = (name: string) => checks.find((candidate) => candidate.name === name)?.unit;
      replaceChildren(
        results,
        history.series.length === 0 || history.series.every((series) => series.points.length === 0)
          ? messageBox('info', t('historyNoData', { check, range: t(range.label) }))
          : history.series.map((series) => seriesView(series.check, series.points, history, t(range.label), unitOf(series.check), tableState)),
      );
    } catch (error) {
      if (mine === request) replaceChildren(results, errorBox(error, () => void show()));
    }
  }
  void show();
  return section;
}

function isHourly(point: HistoryPoint): point is Extract<HistoryPoint, { samples: number }> {
  return 'samples' in point;
}

function seriesView(check: string, points: HistoryPoint[], history: DeviceHistory, rangeLabel: string, unit: string | undefined, tableState: { open: boolean }): HTMLElement {
  const hourly = history.resolution === 'hourly';
  const from = Date.parse(history.from);
  const to = Date.parse(history.to);
  const chartPoints: ChartPoint[] = points.flatMap((point): ChartPoint[] => {
    const value = isHourly(point) ? point.avg : point.value;
    if (value === undefined) return [];
    return [{ at: Date.parse(point.at), value, ...(isHourly(point) && point.min !== undefined && point.max !== undefined ? { min: point.min, max: point.max } : {}) }];
  });
  const headingId = uniqueId('series');
  const withUnit = (value: number | undefined) => (value === undefined ? t('none') : `${formatNumber(value)}${unit ? ` ${unit}` : ''}`);

  let chart: Node;
  if (chartPoints.length === 0) {
    chart = messageBox('info', t('historyStatusOnly', { check }));
  } else {
    const lows = chartPoints.map((point) => point.min ?? point.value);
    const highs = chartPoints.map((point) => point.max ?? point.value);
    const last = chartPoints[chartPoints.length - 1] as ChartPoint;
    const description = t('historyChartDescription', {
      from: formatDateTime(history.from),
      to: formatDateTime(history.to),
      min: withUnit(Math.min(...lows)),
      max: withUnit(Math.max(...highs)),
      last: withUnit(last.value),
      lastAt: formatDateTime(new Date(last.at).toISOString()),
    });
    const longRange = to - from > 2 * 24 * HOUR;
    chart = el(
      'figure',
      { class: 'chart-figure' },
      lineChart({
        title: t('historyChartTitle', { check, range: rangeLabel }),
        description,
        points: chartPoints,
        from,
        to,
        unit,
        timeLabel: (at) => (longRange ? formatDate(new Date(at).toISOString()).slice(0, 5) : formatDateTime(new Date(at).toISOString()).slice(11)),
      }),
      el(
        'figcaption',
        {},
        description,
        hourly ? el('span', { class: 'legend' }, el('span', { class: 'legend-band', 'aria-hidden': 'true' }), t('historyLegendBand'), el('span', { class: 'legend-line', 'aria-hidden': 'true' }), t('historyLegendAverage')) : null,
      ),
    );
  }

  return el(
    'section',
    { class: 'series', 'aria-labelledby': headingId },
    el('h3', { id: headingId }, unit ? `${check} (${unit})` : check),
    el('p', { class: 'meta' }, t(hourly ? 'historyHourly' : 'historyRaw', { count: points.length })),
    chart,
    historyTable(check, points, hourly, unit, tableState),
  );
}

interface TableRow {
  at: string;
  status: string;
  min?: number;
  avg?: number;
  max?: number;
  samples: number;
}

/** The numbers behind the chart, in a table that opens on demand; long ranges are summed up. */
function historyTable(check: string, points: HistoryPoint[], hourly: boolean, unit: string | undefined, state: { open: boolean }): HTMLElement {
  const rows: TableRow[] = points.map((point) =>
    isHourly(point)
      ? { at: point.at, status: point.status, min: point.min, avg: point.avg, max: point.max, samples: point.samples }
      : { at: point.at, status: point.status, min: point.value, avg: point.value, max: point.value, samples: 1 },
  );
  const grouping: 'none' | 'hour' | 'day' = rows.length <= MAX_TABLE_ROWS ? 'none' : hourly ? 'day' : 'hour';
  const shown = grouping === 'none' ? rows : groupRows(rows, grouping);
  const number = (value: number | undefined) => (value === undefined ? t('none') : formatNumber(value));
  const caption = t(grouping === 'day' ? 'historyTablePerDay' : grouping === 'hour' ? 'historyTablePerHour' : 'historyTableCaption', { check, unit: unit ? ` (${unit})` : '' });
  const simple = !hourly && grouping === 'none';
  const timeText = (at: string) => (grouping === 'day' ? formatDate(at) : formatDateTime(at));
  const details = el(
    'details',
    { class: 'history-table', open: state.open },
    el('summary', {}, t('historyShowTable', { count: shown.length })),
    dataTable(
      caption,
      [
        { heading: t(grouping === 'day' ? 'historyDay' : 'historyTime'), kind: 'date' },
        t(simple ? 'historyStatus' : 'historyWorstStatus'),
        ...(simple ? numberColumns(t('historyValue')) : numberColumns(t('historyMin'), t('historyAverage'), t('historyMax'), t('historySamples'))),
      ],
      [...shown].reverse().map((row) => [
        timeText(row.at),
        statusBadge(row.status),
        ...(simple ? [number(row.avg)] : [number(row.min), number(row.avg), number(row.max), String(row.samples)]),
      ]),
      { class: 'compact', scroll: true },
    ),
  );
  details.addEventListener('toggle', () => (state.open = details.open));
  return details;
}

const SEVERITY: Record<string, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };

/** Rows summed up per local hour or day: the worst status, the lowest and highest, the weighted average. */
function groupRows(rows: TableRow[], by: 'hour' | 'day'): TableRow[] {
  const groups = new Map<string, TableRow & { weighted: number; valued: number }>();
  for (const row of rows) {
    const at = new Date(row.at);
    if (by === 'day') at.setHours(0, 0, 0, 0);
    else at.setMinutes(0, 0, 0);
    const key = at.toISOString();
    const group = groups.get(key) ?? { at: key, status: row.status, samples: 0, weighted: 0, valued: 0 };
    if ((SEVERITY[row.status] ?? 1) > (SEVERITY[group.status] ?? 1)) group.status = row.status;
    group.samples += row.samples;
    if (row.min !== undefined) group.min = group.min === undefined ? row.min : Math.min(group.min, row.min);
    if (row.max !== undefined) group.max = group.max === undefined ? row.max : Math.max(group.max, row.max);
    if (row.avg !== undefined) {
      group.weighted += row.avg * row.samples;
      group.valued += row.samples;
      group.avg = group.weighted / group.valued;
    }
    groups.set(key, group);
  }
  return [...groups.values()].map(({ weighted: _weighted, valued: _valued, ...row }) => row);
}
