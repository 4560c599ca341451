import { apiDownload, apiGet } from '../api.ts';
import { PLANNERS } from '../../../shared/domain/identity.ts';
import { dataTable, el, numberColumns, replaceChildren, uniqueId, type TableRowSpec } from '../dom.ts';
import { errorBox, whileLoading } from '../feedback.ts';
import { formatDate, formatNok, formatNumber, formatPercent } from '../format.ts';
import { sourceText } from '../audit-text.ts';
import { roundingText, stepText, warningText } from '../plan-explanation-text.ts';
import { BAR_COLOURS, referenceDash, stackedBarChart, type BarColumn, type ReferenceLine } from '../chart.ts';
import { currentLanguage, t, tCount, tOr, type MessageKey } from '../i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { DEVICE_KINDS, loadReference, regionPath, type Reference } from '../reference.ts';
import { href, navigate } from '../router.ts';
import { kindLabel } from '../status.ts';
import type { EnvelopeRow, ItemExplanation, PlanItem, PlanTotal, ReinvestmentPlan } from '../types.ts';

/**
 * Reinvesteringsplan: what is due for replacement each budget year and what each member pays. At
 * the top the period and the filters (member, environment, kind) as controls, kept in the link
 * (`#/plan?from=2018&to=2021&kind=server`); then a stacked bar chart of planned cost per year by
 * kind, member or environment with the budget envelopes drawn over it (a bar, clicked, filters the
 * tables below); then the items per year with an explanation panel beside them, the members' totals
 * and the envelopes against the plan, and the plan as CSV or Excel.
 */
const DEFAULT_FROM = 2017;
const DEFAULT_TO = 2020;

type Dimension = 'kind' | 'member' | 'environment';
const DIMENSIONS: readonly Dimension[] = ['kind', 'member', 'environment'];
const FILTER_NAMES = ['memberId', 'environmentId', 'kind'] as const;

interface PlanFilters {
  from: number;
  to: number;
  memberId?: string;
  environmentId?: string;
  kind?: string;
}

/** What the page shows of the loaded plan: the chart's split and the bar chosen. */
interface PlanState {
  by: Dimension;
  selection?: { year: number; group: string };
}

export function renderPlan(view: HTMLElement, { route, session }: ViewContext): void {
  const filters = readFilters(route.query);
  const state: PlanState = { by: readDimension(route.query.get('by')) };
  const year = Number(route.query.get('year'));
  const group = route.query.get('group');
  if (Number.isInteger(year) && group !== null) state.selection = { year, group };
  const body = el('div');
  replaceChildren(view, el('h1', {}, t('planTitle', { from: filters.from, to: filters.to })), el('p', { class: 'intro' }, t('planIntro')), body);

  const load = async () => {
    replaceChildren(body);
    try {
      const reference = await loadReference();
      const query = planQuery(filters);
      const plan = await whileLoading(body, apiGet<ReinvestmentPlan>(`${regionPath(reference)}/reinvestment-plan?${query.toString()}`));
      drawPlan(body, reference, plan, filters, state, PLANNERS.includes(session.role));
    } catch (error) {
      replaceChildren(body, errorBox(error, () => void load()));
    }
  };
  void load();
}

function yearParameter(value: string | null, fallback: number): number {
  const year = Number(value);
  return value !== null && value !== '' && Number.isInteger(year) && year >= 1990 && year <= 2100 ? year : fallback;
}

function readFilters(query: URLSearchParams): PlanFilters {
  const from = yearParameter(query.get('from'), DEFAULT_FROM);
  const filters: PlanFilters = { from, to: Math.max(from, yearParameter(query.get('to'), Math.max(from, DEFAULT_TO))) };
  for (const name of FILTER_NAMES) {
    const value = query.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

function readDimension(value: string | null): Dimension {
  return DIMENSIONS.find((dimension) => dimension === value) ?? 'kind';
}

/** The API's query for the plan (and its downloads): the period and the filters. */
function planQuery(filters: PlanFilters): URLSearchParams {
  const query = new URLSearchParams({ from: String(filters.from), to: String(filters.to) });
  for (const name of FILTER_NAMES) if (filters[name]) query.set(name, filters[name]);
  return query;
}

/** The page's link: filters, the chart's split and the chosen bar, so a view can be bookmarked. */
function pageLink(filters: PlanFilters, state: PlanState): string {
  const query = planQuery(filters);
  if (state.by !== 'kind') query.set('by', state.by);
  if (state.selection) {
    query.set('year', String(state.selection.year));
    query.set('group', state.selection.group);
  }
  return `${href('plan')}?${query.toString()}`;
}

function years(plan: ReinvestmentPlan): number[] {
  return Array.from({ length: plan.to - plan.from + 1 }, (_, index) => plan.from + index);
}

function drawPlan(body: HTMLElement, reference: Reference, plan: ReinvestmentPlan, filters: PlanFilters, state: PlanState, planner: boolean): void {
  const chartArea = el('section', { 'aria-labelledby': 'plan-chart-heading', class: 'plan-chart' });
  const itemsArea = el('div', { class: 'plan-items' });
  const panel = explanationPanel();
  const redraw = (focus?: { year: number; group: string }) => {
    // The chart's split and the chosen bar change the link in place: no reload, no new history entry.
    window.history.replaceState(null, '', pageLink(filters, state));
    replaceChildren(chartArea, chartSection(reference, plan, state, redraw));
    replaceChildren(itemsArea, selectionNote(reference, plan, state, redraw), itemSections(reference, plan, state, panel));
    if (focus) chartArea.querySelector<SVGElement>(`[data-column="${focus.year}"][data-group="${CSS.escape(focus.group)}"]`)?.focus();
  };
  replaceChildren(
    body,
    controls(reference, filters, state),
    downloads(reference, plan, filters),
    chartArea,
    el('div', { class: 'plan-layout' }, itemsArea, panel.element),
    memberTotals(reference, plan),
    envelopes(plan, planner),
  );
  redraw();
}

// --- controls -----------------------------------------------------------------------------------

function controls(reference: Reference, filters: PlanFilters, state: PlanState): HTMLFormElement {
  const yearInput = (name: 'from' | 'to', label: MessageKey) => {
    const id = uniqueId(`plan-${name}`);
    return el('div', { class: 'field' }, el('label', { for: id }, t(label)), el('input', { id, name, type: 'number', inputmode: 'numeric', min: 1990, max: 2100, step: 1, required: true, value: filters[name] }));
  };
  const select = (name: (typeof FILTER_NAMES)[number], label: MessageKey, options: Array<[string, string]>) => {
    const id = uniqueId(`plan-${name}`);
    return el(
      'div',
      { class: 'field' },
      el('label', { for: id }, t(label)),
      el('select', { id, name }, el('option', { value: '' }, t('filterAll')), options.map(([value, text]) => el('option', { value, selected: filters[name] === value }, text))),
    );
  };
  const problem = el('p', { class: 'field-error', role: 'alert', hidden: true });
  const form: HTMLFormElement = el(
    'form',
    { class: 'filters plan-controls', 'aria-label': t('planControls') },
    yearInput('from', 'planFromYear'),
    yearInput('to', 'planToYear'),
    select('memberId', 'filterMember', reference.members.map((member) => [member.id, member.name])),
    select('environmentId', 'filterEnvironment', reference.environments.map((environment) => [environment.id, environment.name])),
    select('kind', 'filterKind', DEVICE_KINDS.map((kind) => [kind, kindLabel(kind)])),
    el('div', { class: 'field buttons' }, el('button', { type: 'submit', class: 'primary' }, t('planShow')), el('a', { class: 'button', href: `${href('plan')}` }, t('planResetFilters'))),
    problem,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const from = yearParameter(String(data.get('from') ?? ''), NaN);
    const to = yearParameter(String(data.get('to') ?? ''), NaN);
    if (Number.isNaN(from) || Number.isNaN(to) || to < from) {
      problem.textContent = t('planPeriodInvalid');
      problem.hidden = false;
      return;
    }
    const next: PlanFilters = { from, to };
    for (const name of FILTER_NAMES) {
      const value = String(data.get(name) ?? '');
      if (value) next[name] = value;
    }
    navigate(pageLink(next, { by: state.by }));
  });
  return form;
}

// --- chart --------------------------------------------------------------------------------------

interface Group {
  key: string;
  label: string;
}

function groupKey(total: PlanTotal, by: Dimension): string {
  if (by === 'kind') return total.kind;
  if (by === 'member') return total.memberId ?? '';
  return total.environmentId;
}

function groupLabel(reference: Reference, by: Dimension, key: string): string {
  if (by === 'kind') return kindLabel(key);
  if (by === 'member') return key ? reference.memberName(key) : t('planUnassigned');
  return reference.environmentName(key);
}

/** The groups present in the plan: kinds in their usual order, members and environments by name, unassigned last. */
function groupsOf(reference: Reference, plan: ReinvestmentPlan, by: Dimension): Group[] {
  const keys = [...new Set(plan.totals.map((total) => groupKey(total, by)))];
  const groups = keys.map((key) => ({ key, label: groupLabel(reference, by, key) }));
  if (by === 'kind') return groups.sort((a, b) => DEVICE_KINDS.indexOf(a.key as never) - DEVICE_KINDS.indexOf(b.key as never));
  return groups.sort((a, b) => (a.key === '' ? 1 : b.key === '' ? -1 : a.label.localeCompare(b.label, 'nb')));
}

function columnsOf(plan: ReinvestmentPlan, by: Dimension): BarColumn[] {
  return years(plan).map((year) => {
    const sums = new Map<string, number>();
    for (const total of plan.totals) if (total.year === year) sums.set(groupKey(total, by), (sums.get(groupKey(total, by)) ?? 0) + total.amountNok);
    return { key: year, label: String(year), segments: [...sums].map(([group, value]) => ({ group, value })) };
  });
}

/**
 * The envelopes as lines over the bars. A line per year is drawn at its yearly amount. A line for the
 * whole period is drawn at what is left of it at the start of each year (the sum less what earlier
 * years planned), so a bar above it is exactly a cumulative overrun, never an artificial yearly one.
 */
function envelopeLines(plan: ReinvestmentPlan): Array<ReferenceLine & { per: EnvelopeRow['per']; amountNok: number }> {
  const byId = new Map<string, EnvelopeRow[]>();
  for (const row of plan.envelopes) if (row.year !== 'total') byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
  return [...byId.values()].map((rows) => {
    const first = rows[0] as EnvelopeRow;
    return {
      label: first.name,
      per: first.per,
      amountNok: first.amountNok,
      values: rows.map((row) => ({ column: row.year as number, value: row.per === 'year' ? row.amountNok : row.amountNok - (row.plannedNok - row.plannedInYearNok) })),
    };
  });
}

function chartSection(reference: Reference, plan: ReinvestmentPlan, state: PlanState, redraw: (focus?: { year: number; group: string }) => void): Node[] {
  const groups = groupsOf(reference, plan, state.by);
  const columns = columnsOf(plan, state.by);
  const lines = envelopeLines(plan);
  const byWord = t(`planByWord_${state.by}`);
  const split = el(
    'fieldset',
    { class: 'inline' },
    el('legend', {}, t('planChartBy')),
    DIMENSIONS.map((dimension) => {
      const id = uniqueId(`plan-by-${dimension}`);
      return el(
        'span',
        { class: 'choice' },
        el('input', {
          type: 'radio',
          id,
          name: 'plan-by',
          value: dimension,
          checked: state.by === dimension,
          onchange: () => {
            state.by = dimension;
            delete state.selection;
            redraw();
            document.querySelector<HTMLInputElement>(`input[name="plan-by"][value="${dimension}"]`)?.focus();
          },
        }),
        el('label', { for: id }, t(`planBy_${dimension}`)),
      );
    }),
  );
  const chart = stackedBarChart({
    title: t('planChartTitle'),
    description: t('planChartDescription', { by: byWord }),
    columns,
    groups,
    lines,
    formatValue: formatNok,
    segmentLabel: (column, group, value) => t('planSegmentLabel', { year: column.label, group: group.label, amount: formatNok(value) }),
    selected: state.selection ? { column: state.selection.year, group: state.selection.group } : undefined,
    onSelect: (year, group) => {
      const same = state.selection?.year === year && state.selection.group === group;
      if (same) delete state.selection;
      else state.selection = { year, group };
      redraw({ year, group });
    },
  });
  const legend = el(
    'ul',
    { class: 'chart-legend', 'aria-label': t('planChartLegend') },
    groups.map((group, index) => el('li', {}, svgSwatch('rect', { width: '14', height: '14', rx: '2', fill: BAR_COLOURS[index % BAR_COLOURS.length] as string }), group.label)),
    lines.map((line, index) => legendLine(line.label, line.per, line.amountNok, index)),
  );
  return [el('h2', { id: 'plan-chart-heading' }, t('planChartTitle')), split, el('figure', { class: 'chart-figure' }, chart), legend, chartTable(plan, groups, columns, lines, state.by)];
}

/** A legend entry for a budget line: its dash pattern and what it means. */
function legendLine(name: string, per: EnvelopeRow['per'], amountNok: number, index: number): HTMLElement {
  const swatch = svgSwatch('line', { x1: '0', x2: '32', y1: '7', y2: '7', 'stroke-dasharray': referenceDash(index) });
  return el('li', {}, swatch, t(per === 'year' ? 'planLegendYearLine' : 'planLegendTotalLine', { name, amount: formatNok(amountNok) }));
}

/** A small SVG for the legend: colours as attributes, since the page's CSP allows no inline styles. */
function svgSwatch(shape: 'rect' | 'line', attributes: Record<string, string>): SVGSVGElement {
  const namespace = 'http://www.w3.org/2000/svg';
  const swatch = document.createElementNS(namespace, 'svg');
  swatch.setAttribute('class', `swatch swatch-${shape}`);
  swatch.setAttribute('viewBox', shape === 'rect' ? '0 0 14 14' : '0 0 32 14');
  swatch.setAttribute('aria-hidden', 'true');
  const mark = document.createElementNS(namespace, shape);
  for (const [attribute, value] of Object.entries(attributes)) mark.setAttribute(attribute, value);
  swatch.append(mark);
  return swatch;
}

/** The chart's numbers as a table: a row per group and per budget line, a column per year. */
function chartTable(plan: ReinvestmentPlan, groups: Group[], columns: BarColumn[], lines: ReturnType<typeof envelopeLines>, by: Dimension): HTMLElement {
  const value = (column: BarColumn, group: string) => column.segments.find((segment) => segment.group === group)?.value ?? 0;
  return el(
    'details',
    { class: 'chart-table' },
    el('summary', {}, t('planChartTable')),
    dataTable(
      t('planChartTableCaption', { by: t(`planByWord_${by}`) }),
      [t(`planBy_${by}`), ...numberColumns(...years(plan).map(String))],
      [
        ...groups.map((group) => [group.label, ...columns.map((column) => formatNok(value(column, group.key)))]),
        ...lines.map((line) => ({
          attributes: { class: 'envelope-line' },
          cells: [
            t('planChartTableLine', { name: line.label }),
            ...columns.map((column) => {
              const mark = line.values.find((entry) => entry.column === column.key);
              return mark ? formatNok(mark.value) : t('none');
            }),
          ],
        })),
      ],
      { class: 'compact', scroll: true, foot: [[t('planTotal'), ...columns.map((column) => formatNok(column.segments.reduce((sum, segment) => sum + segment.value, 0)))]] },
    ),
  );
}

// --- items ----------------------------------------------------------------------------------------

function matchesSelection(item: PlanItem, state: PlanState): boolean {
  const selection = state.selection;
  if (!selection) return true;
  if (item.budgetYear !== selection.year) return false;
  if (state.by === 'kind') return item.kind === selection.group;
  if (state.by === 'environment') return item.environmentId === selection.group;
  return selection.group === '' ? item.shares.length === 0 : item.shares.some((share) => share.memberId === selection.group);
}

function selectionNote(reference: Reference, plan: ReinvestmentPlan, state: PlanState, redraw: (focus?: { year: number; group: string }) => void): HTMLElement {
  const note = el('div', { role: 'status', class: 'selection-note' });
  const selection = state.selection;
  if (!selection) return note;
  const count = plan.items.filter((item) => matchesSelection(item, state)).length;
  note.append(
    el('p', {}, t('planSelection', { year: selection.year, group: groupLabel(reference, state.by, selection.group), count: tCount('planSelectionItems', count) })),
    el('button', {
      type: 'button',
      onclick: () => {
        const focus = selection;
        delete state.selection;
        redraw(focus);
      },
    }, t('planShowAll')),
  );
  return note;
}

function itemSections(reference: Reference, plan: ReinvestmentPlan, state: PlanState, panel: ExplanationPanel): HTMLElement[] {
  const shownYears = state.selection ? [state.selection.year] : years(plan);
  return shownYears.map((year) => yearSection(reference, plan, year, plan.items.filter((item) => item.budgetYear === year && matchesSelection(item, state)), panel));
}

function yearSection(reference: Reference, plan: ReinvestmentPlan, year: number, items: PlanItem[], panel: ExplanationPanel): HTMLElement {
  const headingId = `plan-year-${year}`;
  if (items.length === 0) return el('section', { 'aria-labelledby': headingId }, el('h2', { id: headingId }, t('planYear', { year })), el('p', {}, t('planNoItems')));
  const total = items.reduce((sum, item) => sum + item.costNok, 0);
  return el(
    'section',
    { 'aria-labelledby': headingId },
    el('h2', { id: headingId }, t('planYear', { year })),
    dataTable(
      t('planYearCaption', { year }),
      [
        t('planDevice'),
        t('planKind'),
        t('planEnvironment'),
        { heading: t('planDue'), kind: 'date' },
        t('planReason'),
        { heading: t('planCost'), kind: 'number' },
        t('planShares'),
        el('span', { class: 'visually-hidden' }, t('planExplain')),
      ],
      items.map((item) => itemRow(reference, plan, item, panel)),
      { class: 'plan', scroll: true, foot: [[{ content: t('planYearTotal', { year }), colspan: 5 }, formatNok(total), { content: null, colspan: 2 }]] },
    ),
  );
}

function itemRow(reference: Reference, plan: ReinvestmentPlan, item: PlanItem, panel: ExplanationPanel): TableRowSpec {
  const explain = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': PANEL_ID, 'aria-label': t('planExplainFor', { device: item.name }) }, t('planExplain'));
  explain.addEventListener('click', () => {
    if (explain.getAttribute('aria-expanded') === 'true') {
      panel.close();
      return;
    }
    panel.open(explain, item, (box) =>
      whileLoading(box, apiGet<ItemExplanation>(`${regionPath(reference)}/reinvestment-plan/items/${encodeURIComponent(item.deviceId)}?from=${plan.from}&to=${plan.to}`)).then((explanation) =>
        explanationView(reference, item, explanation),
      ),
    );
  });
  return {
    attributes: { class: item.overdue ? 'overdue' : undefined },
    cells: [
      el('a', { href: href('inventory', item.deviceId) }, item.name),
      kindLabel(item.kind),
      reference.environmentName(item.environmentId),
      [formatDate(item.dueDate), item.overdue ? el('span', { class: 'tag warning' }, t('planOverdue')) : null],
      tOr(`reason_${item.reason}`, item.reason),
      formatNok(item.costNok),
      el(
        'ul',
        { class: 'shares' },
        item.shares.map((share) =>
          el('li', {}, t('planSharesOf', { member: reference.memberName(share.memberId), amount: formatNok(share.amountNok), percent: formatPercent(share.fraction) })),
        ),
      ),
      explain,
    ],
  };
}

// --- explanation panel ------------------------------------------------------------------------------

const PANEL_ID = 'plan-explanation';

interface ExplanationPanel {
  element: HTMLElement;
  open(trigger: HTMLButtonElement, item: PlanItem, load: (box: HTMLElement) => Promise<HTMLElement>): void;
  close(): void;
}

/**
 * The explanation of one item, beside the tables (under them on a narrow screen) and kept in view
 * while the tables scroll. Opening it moves focus to its heading; closing it returns focus to the
 * item's "Forklar" button.
 */
function explanationPanel(): ExplanationPanel {
  const content = el('div', { class: 'explanation', 'aria-live': 'polite' });
  const heading = el('h2', { id: `${PANEL_ID}-heading`, tabindex: '-1' }, t('planExplanationPanel'));
  const closeButton = el('button', { type: 'button', class: 'close', hidden: true }, t('planCloseExplanation'));
  const element = el('aside', { id: PANEL_ID, class: 'explanation-panel', 'aria-labelledby': `${PANEL_ID}-heading` }, heading, closeButton, content);
  let trigger: HTMLButtonElement | undefined;
  let opened = 0;
  const reset = () => {
    trigger?.setAttribute('aria-expanded', 'false');
    replaceChildren(content, el('p', { class: 'meta' }, t('planExplanationHint')));
    closeButton.hidden = true;
    element.classList.remove('open');
  };
  reset();
  closeButton.addEventListener('click', () => {
    const back = trigger;
    reset();
    trigger = undefined;
    if (back?.isConnected) back.focus();
  });
  return {
    element,
    open(next, _item, load) {
      trigger?.setAttribute('aria-expanded', 'false');
      trigger = next;
      next.setAttribute('aria-expanded', 'true');
      closeButton.hidden = false;
      element.classList.add('open');
      replaceChildren(content);
      const mine = ++opened;
      heading.focus({ preventScroll: window.matchMedia('(min-width: 70rem)').matches });
      load(content)
        .then((view) => {
          if (mine === opened) replaceChildren(content, view);
        })
        .catch((error: unknown) => {
          if (mine === opened) replaceChildren(content, errorBox(error));
        });
    },
    close() {
      closeButton.click();
    },
  };
}

function downloads(reference: Reference, plan: ReinvestmentPlan, filters: PlanFilters): HTMLElement {
  const status = el('span', { role: 'status', class: 'meta' });
  const button = (format: 'csv' | 'xlsx', label: string) =>
    el('button', {
      type: 'button',
      onclick: async (event: Event) => {
        const target = event.currentTarget as HTMLButtonElement;
        target.disabled = true;
        try {
          const path = `${regionPath(reference)}/reinvestment-plan?${planQuery(filters).toString()}&format=${format}&lang=${currentLanguage()}`;
          const file = await whileLoading(status, apiDownload(path));
          const fileName = file.fileName ?? `reinvesteringsplan-${plan.from}-${plan.to}.${format}`;
          saveBlob(file.blob, fileName);
          status.textContent = t('planDownloaded', { file: fileName });
        } catch (error) {
          replaceChildren(status, errorBox(error));
        } finally {
          target.disabled = false;
        }
      },
    }, label);
  // A plain link cannot carry the bearer token, so the file is fetched and handed to the browser.
  return el('div', { class: 'toolbar' }, button('csv', t('planDownloadCsv')), button('xlsx', t('planDownloadXlsx')), status);
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function explanationView(reference: Reference, item: PlanItem, explanation: ItemExplanation): HTMLElement {
  const shares = explanation.shares;
  return el(
    'div',
    {},
    el('h3', {}, t('planExplanationTitle', { device: item.name })),
    explanation.notInPlanBecause && explanation.steps.length > 0 ? el('p', {}, t('planNotInPlan', { reason: stepText(explanation, explanation.steps[explanation.steps.length - 1]!, reference) })) : null,
    el('h4', {}, t('planExplanationSteps')),
    el('ol', { class: 'steps' }, explanation.steps.map((step) => el('li', { 'data-rule': step.rule }, stepText(explanation, step, reference)))),
    shares
      ? [
          el('h4', {}, t('planExplanationShares')),
          el('p', {}, t('planExplanationOn', { date: formatDate(shares.on) })),
          dataTable(
            t('planExplanationShares'),
            [t('planMember'), { heading: t('planPopulation'), kind: 'number' }, t('planFormula'), ...numberColumns(t('planShareFraction'), t('planCost'))],
            shares.members.map((line) => [
              reference.memberName(line.memberId),
              line.population === undefined ? t('none') : formatNumber(line.population),
              el('code', {}, line.formula),
              formatPercent(line.fraction),
              formatNok(line.amountNok),
            ]),
            { class: 'compact', captionHidden: true },
          ),
          el('p', { class: 'meta' }, t('planExplanationRounding', { rounding: roundingText(shares) })),
          shares.warnings.length > 0 ? [el('h4', {}, t('planWarnings')), el('ul', {}, (shares.warningCodes ?? shares.warnings.map((warning) => ({ code: warning }))).map((warning) => el('li', {}, warningText(warning))))] : null,
        ]
      : null,
    explanation.sources && explanation.sources.length > 0
      ? [el('h4', {}, t('auditSources')), el('ul', { class: 'sources' }, explanation.sources.map((source) => el('li', {}, sourceText(source, reference))))]
      : null,
  );
}

function memberTotals(reference: Reference, plan: ReinvestmentPlan): HTMLElement {
  const planYears = years(plan);
  // `totals` holds one line per year, member, kind and environment; here they add up per member.
  const byMember = new Map<string, Map<number, number>>();
  for (const total of plan.totals) {
    const key = total.memberId ?? '';
    const perYear = byMember.get(key) ?? new Map<number, number>();
    perYear.set(total.year, (perYear.get(total.year) ?? 0) + total.amountNok);
    byMember.set(key, perYear);
  }
  // Members by name; cost nobody could be charged ('' here, null in the API) comes last.
  const rows = [...byMember.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : reference.memberName(a).localeCompare(reference.memberName(b), 'nb')));
  const sumOf = (perYear: Map<number, number>) => planYears.reduce((sum, year) => sum + (perYear.get(year) ?? 0), 0);
  const yearTotal = (year: number) => plan.totals.filter((total) => total.year === year).reduce((sum, total) => sum + total.amountNok, 0);
  return el(
    'section',
    { 'aria-labelledby': 'plan-member-totals' },
    el('h2', { id: 'plan-member-totals' }, t('planMemberTotals')),
    dataTable(
      t('planMemberTotalsCaption'),
      [t('planMember'), ...numberColumns(...planYears.map(String), t('planTotal'))],
      rows.map(([memberId, perYear]) => [
        memberId ? reference.memberName(memberId) : t('planUnassigned'),
        ...planYears.map((year) => formatNok(perYear.get(year) ?? 0)),
        el('strong', {}, formatNok(sumOf(perYear))),
      ]),
      {
        class: 'member-totals',
        scroll: true,
        foot: [[t('planTotal'), ...planYears.map((year) => formatNok(yearTotal(year))), formatNok(planYears.reduce((sum, year) => sum + yearTotal(year), 0))]],
      },
    ),
  );
}

function envelopes(plan: ReinvestmentPlan, planner: boolean): HTMLElement {
  const heading = el('h2', { id: 'plan-envelopes' }, t('planEnvelopes'));
  // Budget lines are kept on their own page; owners change them there, others read them.
  const manage = el('p', { class: 'toolbar' }, el('a', { class: 'button', href: href('budget-lines') }, t(planner ? 'planManageEnvelopes' : 'planSeeEnvelopes')));
  if (plan.envelopes.length === 0) return el('section', { 'aria-labelledby': 'plan-envelopes' }, heading, el('p', {}, t('planNoEnvelopes')), manage);
  return el(
    'section',
    { 'aria-labelledby': 'plan-envelopes' },
    heading,
    manage,
    plan.envelopes.some((row) => row.per === 'total') ? el('p', { class: 'meta' }, t('planEnvelopeCumulativeNote')) : null,
    dataTable(
      t('planEnvelopesCaption'),
      [
        t('planEnvelope'),
        t('planYearColumn'),
        t('planEnvelopeBasis'),
        ...numberColumns(t('planEnvelopeAmount'), t('planPlannedInYear'), t('planPlannedCumulative'), t('planDifference')),
        t('planStatus'),
      ],
      plan.envelopes.map((row) => envelopeRow(row)),
      { class: 'envelopes', scroll: true },
    ),
  );
}

function envelopeRow(row: EnvelopeRow): TableRowSpec {
  return {
    attributes: { class: [row.status === 'overrun' ? 'overrun' : '', row.year === 'total' ? 'envelope-total' : ''].filter(Boolean).join(' ') || undefined },
    cells: [
      row.name,
      row.year === 'total' ? t('planEnvelopeAllYears') : String(row.year),
      t(row.per === 'year' ? 'planEnvelopePerYear' : 'planEnvelopePerTotal'),
      formatNok(row.amountNok),
      formatNok(row.plannedInYearNok),
      formatNok(row.plannedNok),
      { content: formatNok(row.differenceNok), class: 'difference' },
      el('span', { class: `envelope-status envelope-${row.status}` }, tOr(`envelope_${row.status}`, row.status)),
    ],
  };
}
