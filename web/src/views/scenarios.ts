import { apiGet } from '../api.ts';
import { niceTicks } from '../chart.ts';
import { dataTable, el, numberColumns, replaceChildren, uniqueId } from '../dom.ts';
import { errorBox, whileLoading } from '../feedback.ts';
import { formatNok, formatNumber } from '../format.ts';
import { t, tOr, type MessageKey } from '../i18n.ts';
import { loadReference, regionPath, type Reference } from '../reference.ts';
import { href, navigate } from '../router.ts';
import type { ViewContext } from '../view-context.ts';
import { projectLink, projectTitles, readAllProjects, signedNok, signedNumber, yearParameter, yearRange } from './portfolio-common.ts';
import { BASE_SCENARIO_ID, type CodedReason, type CompareRow, type PortfolioPlan, type Project, type Scenario, type ScenarioComparison, type ScenarioSide } from './portfolio-types.ts';

/**
 * Plan og scenarier (`#/scenarios?from=2018&to=2021&scenario=base&a=base&b=delay-firewall`): the
 * budget-constrained project plan of one scenario (envelope against planned investment per year
 * as a bar chart and a table, the projects in and out with the reason), and two scenarios side by
 * side: cost and risk exposure per year and per member, the differences marked.
 */
const DEFAULT_FROM = 2017;
const DEFAULT_TO = 2020;

export function renderScenarios(view: HTMLElement, { route }: ViewContext): void {
  const from = yearParameter(route.query.get('from'), DEFAULT_FROM);
  const to = Math.max(from, yearParameter(route.query.get('to'), DEFAULT_TO));
  const scenarioId = route.query.get('scenario') ?? BASE_SCENARIO_ID;
  const a = route.query.get('a') ?? BASE_SCENARIO_ID;
  const b = route.query.get('b');
  const controls = el('div');
  const planSlot = el('section', { 'aria-labelledby': 'scenario-plan-title' });
  const compareSlot = el('section', { 'aria-labelledby': 'scenario-compare-title', class: 'scenario-compare' });
  replaceChildren(view, el('h1', {}, t('scenariosTitle', { from, to })), el('p', { class: 'intro' }, t('scenariosIntro')), controls, planSlot, compareSlot);

  const load = async () => {
    replaceChildren(planSlot);
    try {
      const reference = await loadReference();
      const [scenarios, projects] = await whileLoading(planSlot, Promise.all([readScenarios(reference), readAllProjects(reference)]));
      const name = scenarioNamer(scenarios);
      const state = { from, to, scenarioId, a, b: b ?? scenarios.find((scenario) => scenario.id !== a)?.id ?? a };
      replaceChildren(controls, planControls(state, scenarios, name));
      const plan = await whileLoading(planSlot, apiGet<PortfolioPlan>(`${regionPath(reference)}/portfolio/plan?from=${from}&to=${to}&scenario=${encodeURIComponent(scenarioId)}`));
      drawPlan(planSlot, plan, projectTitles(projects), name(scenarioId));
      void loadComparison(compareSlot, reference, state, scenarios, projects);
    } catch (error) {
      replaceChildren(planSlot, errorBox(error, () => void load()));
    }
  };
  void load();
}

interface State {
  from: number;
  to: number;
  scenarioId: string;
  a: string;
  b: string;
}

async function readScenarios(reference: Reference): Promise<Scenario[]> {
  const answer = await apiGet<{ items: Scenario[] }>(`${regionPath(reference)}/scenarios`);
  // The base plan need not be stored; it is always offered, first.
  const stored = answer.items.filter((scenario) => scenario.id !== BASE_SCENARIO_ID);
  const base = answer.items.find((scenario) => scenario.id === BASE_SCENARIO_ID);
  return [base ?? { id: BASE_SCENARIO_ID, name: t('scenariosBase'), overrides: { delays: [], envelopes: [], forced: [] }, version: 0 }, ...stored];
}

/** The base plan by its word in the UI language; others by the name their owner gave. */
function scenarioNamer(scenarios: readonly Scenario[]): (id: string) => string {
  return (id) => (id === BASE_SCENARIO_ID ? t('scenariosBase') : (scenarios.find((scenario) => scenario.id === id)?.name ?? id));
}

function link(state: State): string {
  const query = new URLSearchParams({ from: String(state.from), to: String(state.to), scenario: state.scenarioId, a: state.a, b: state.b });
  return `${href('scenarios')}?${query.toString()}`;
}

function select(label: string, name: string, options: Array<{ value: string; text: string }>, selected: string): { field: HTMLElement; control: HTMLSelectElement } {
  const id = uniqueId(`scenarios-${name}`);
  const control = el('select', { id, name }, options.map((option) => el('option', { value: option.value, selected: option.value === selected }, option.text)));
  return { field: el('div', { class: 'field' }, el('label', { for: id }, label), control), control };
}

/** Years and the scenario whose plan is shown; the choice is kept in the link. */
function planControls(state: State, scenarios: readonly Scenario[], name: (id: string) => string): HTMLElement {
  const years = yearRange(2015, 2030).map((year) => ({ value: String(year), text: String(year) }));
  const fromField = select(t('scenariosFrom'), 'from', years, String(state.from));
  const toField = select(t('scenariosTo'), 'to', years, String(state.to));
  const scenarioField = select(t('scenariosScenario'), 'scenario', scenarios.map((scenario) => ({ value: scenario.id, text: name(scenario.id) })), state.scenarioId);
  const form = el(
    'form',
    { class: 'toolbar filters-inline', 'aria-label': t('scenariosYears') },
    fromField.field,
    toField.field,
    scenarioField.field,
    el('div', { class: 'field buttons' }, el('button', { type: 'submit' }, t('scenariosShow'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const from = Number(fromField.control.value);
    navigate(link({ ...state, from, to: Math.max(from, Number(toField.control.value)), scenarioId: scenarioField.control.value }));
  });
  return form;
}

function drawPlan(slot: HTMLElement, plan: PortfolioPlan, title: (id: string) => string, scenarioName: string): void {
  replaceChildren(
    slot,
    el('h2', { id: 'scenario-plan-title' }, `${t('scenariosScenario')}: ${scenarioName}`),
    envelopeChart(plan),
    yearsTable(plan),
    el('h3', {}, t('scenariosIncluded')),
    plan.included.length === 0
      ? el('p', {}, t('scenariosNoneIncluded'))
      : dataTable(
          t('scenariosIncludedCaption'),
          [t('portfolioProject'), t('scenariosYearsOfCost'), { heading: t('scenariosInvestment'), kind: 'number' }, t('scenariosReason')],
          plan.included.map((included) => ({
            attributes: { 'data-project': included.projectId },
            cells: [
              projectLink(included.projectId, title(included.projectId)),
              included.costs.map((cost) => cost.year).join(', ') || t('none'),
              formatNok(included.investmentNok),
              included.flags.length === 0 ? t('none') : included.flags.map((flag) => el('span', { class: 'tag warning' }, reasonText(flag, title))),
            ],
          })),
          { class: 'compact scenario-included' },
        ),
    el('h3', {}, t('scenariosExcluded')),
    plan.excluded.length === 0
      ? el('p', {}, t('scenariosNoneExcluded'))
      : dataTable(
          t('scenariosExcludedCaption'),
          [t('portfolioProject'), t('scenariosReason')],
          plan.excluded.map((excluded) => ({
            attributes: { 'data-project': excluded.projectId },
            cells: [projectLink(excluded.projectId, title(excluded.projectId)), reasonText(excluded.reason, title)],
          })),
          { class: 'compact scenario-excluded' },
        ),
  );
}

/** The API's stable codes with parameters, in words: amounts as NOK, project ids as titles. */
export function reasonText(reason: CodedReason, title: (id: string) => string): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(reason.params)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'number' && /Nok$/.test(name)) params[name] = formatNok(value);
    else if (typeof value === 'string' && /(^p|P)rojectId$|^dependencyId$/.test(name)) params[name] = title(value);
    else params[name] = typeof value === 'number' ? value : String(value);
  }
  const key = `reason_${reason.code}`;
  return tOr(key, '') ? t(key as MessageKey, params) : t('reason_unknown', { code: reason.code });
}

const SVG = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * Two bars per year, as chart.ts draws its charts (an SVG image with title and description, the
 * numbers in the table beside it): the envelope, and the planned investment — marked and hatched
 * when it is over the envelope, so the overrun does not rest on colour alone.
 */
function envelopeChart(plan: PortfolioPlan): HTMLElement {
  const [width, height] = [720, 240];
  const margin = { top: 12, right: 16, bottom: 28, left: 96 };
  const ticks = niceTicks(0, Math.max(1, ...plan.years.flatMap((year) => [year.envelopeNok, year.plannedNok])));
  const high = ticks[ticks.length - 1] ?? 1;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const y = (value: number) => Math.round((margin.top + plotHeight - (value / high) * plotHeight) * 10) / 10;
  const slot = plotWidth / Math.max(1, plan.years.length);
  const bar = Math.min(48, slot / 3);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart bar-chart', role: 'img', 'aria-labelledby': 'envelope-chart-title envelope-chart-description' });
  chart.append(svg('title', { id: 'envelope-chart-title' }, t('scenariosEnvelopeChartTitle')), svg('desc', { id: 'envelope-chart-description' }, t('scenariosEnvelopeChartDescription')));
  const defs = svg('defs');
  const pattern = svg('pattern', { id: 'overrun-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  pattern.append(svg('rect', { width: 6, height: 6, class: 'bar-over' }), svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'bar-hatch' }));
  defs.append(pattern);
  chart.append(defs);
  const grid = svg('g', { class: 'chart-grid', 'aria-hidden': 'true' });
  for (const tick of ticks) grid.append(svg('line', { x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick) }), svg('text', { x: margin.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, formatNok(tick)));
  chart.append(grid);
  plan.years.forEach((year, index) => {
    const centre = margin.left + slot * index + slot / 2;
    const over = year.plannedNok > year.envelopeNok;
    chart.append(
      svg('rect', { class: 'bar-envelope', x: centre - bar - 2, y: y(year.envelopeNok), width: bar, height: Math.max(0, y(0) - y(year.envelopeNok)) }),
      svg('rect', { class: over ? 'bar-planned over' : 'bar-planned', x: centre + 2, y: y(year.plannedNok), width: bar, height: Math.max(0, y(0) - y(year.plannedNok)) }),
      svg('text', { x: centre, y: height - 8, 'text-anchor': 'middle', class: 'chart-label', 'aria-hidden': 'true' }, String(year.year)),
    );
  });
  return el(
    'figure',
    { class: 'chart-figure' },
    chart,
    el('figcaption', { class: 'legend portfolio-legend' }, el('span', { class: 'legend-key key-envelope' }, t('scenariosLegendEnvelope')), el('span', { class: 'legend-key key-planned' }, t('scenariosLegendPlanned'))),
  );
}

function yearsTable(plan: PortfolioPlan): HTMLElement {
  return dataTable(
    t('scenariosYearsCaption'),
    [t('scenariosYear'), ...numberColumns(t('scenariosEnvelope'), t('scenariosPlanned'), t('scenariosDifference'))],
    plan.years.map((year) => ({
      attributes: { class: year.differenceNok < 0 ? 'overrun' : undefined },
      cells: [String(year.year), formatNok(year.envelopeNok), formatNok(year.plannedNok), signedNok(year.differenceNok)],
    })),
    { class: 'compact scenario-years', scroll: true },
  );
}

async function loadComparison(slot: HTMLElement, reference: Reference, state: State, scenarios: readonly Scenario[], projects: readonly Project[]): Promise<void> {
  const name = scenarioNamer(scenarios);
  const options = scenarios.map((scenario) => ({ value: scenario.id, text: name(scenario.id) }));
  const aField = select(t('scenariosA'), 'a', options, state.a);
  const bField = select(t('scenariosB'), 'b', options, state.b);
  const form = el('form', { class: 'toolbar filters-inline', 'aria-label': t('scenariosCompare') }, aField.field, bField.field, el('div', { class: 'field buttons' }, el('button', { type: 'submit' }, t('scenariosCompareButton'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(link({ ...state, a: aField.control.value, b: bField.control.value }));
  });
  const result = el('div', { 'aria-live': 'polite' });
  replaceChildren(slot, el('h2', { id: 'scenario-compare-title' }, t('scenariosCompare')), el('p', { class: 'intro' }, t('scenariosCompareIntro')), form, result);
  if (state.a === state.b) return void result.append(el('p', {}, t('scenariosSame')));
  try {
    const comparison = await whileLoading(
      result,
      apiGet<ScenarioComparison>(`${regionPath(reference)}/scenarios/compare?a=${encodeURIComponent(state.a)}&b=${encodeURIComponent(state.b)}&from=${state.from}&to=${state.to}`),
    );
    drawComparison(result, reference, comparison, name, projectTitles(projects), scenarios);
  } catch (error) {
    replaceChildren(result, errorBox(error, () => void loadComparison(slot, reference, state, scenarios, projects)));
  }
}

function drawComparison(slot: HTMLElement, reference: Reference, comparison: ScenarioComparison, name: (id: string) => string, title: (id: string) => string, scenarios: readonly Scenario[]): void {
  const [a, b] = [name(comparison.a), name(comparison.b)];
  const total = (pick: (side: ScenarioSide) => number) => comparison.years.reduce((sum, row) => sum + pick(row.difference), 0);
  const costDifference = total((side) => side.totalNok);
  const riskDifference = total((side) => side.riskExposure);
  const members = [...new Set(comparison.members.map((row) => row.memberId ?? ''))].sort((x, y) => reference.memberName(x).localeCompare(reference.memberName(y), 'nb'));
  replaceChildren(
    slot,
    el('div', { class: 'scenario-sides' }, [comparison.a, comparison.b].map((id, index) => scenarioCard(id, index === 0 ? t('scenariosA') : t('scenariosB'), name, title, scenarios))),
    el(
      'p',
      { class: `scenario-summary${costDifference !== 0 || riskDifference !== 0 ? ' differs' : ''}` },
      costDifference === 0 && riskDifference === 0 ? t('scenariosNoDifference') : t('scenariosDifferenceSummary', { a, b, cost: signedNok(costDifference), risk: signedNumber(riskDifference) }),
    ),
    compareTable(t('scenariosCompareYearCaption', { a, b }), a, b, comparison.years, (row) => String(row.year), 'compare-years'),
    members.map((memberId) =>
      compareTable(
        t('scenariosCompareMemberCaption', { member: reference.memberName(memberId), a, b }),
        a,
        b,
        comparison.members.filter((row) => (row.memberId ?? '') === memberId),
        (row) => String(row.year),
        'compare-member',
        memberId,
      ),
    ),
  );
}

/** The scenario's name and its overrides in words ("Utsett «Bytte hovedbrannmurer» 1 år"). */
function scenarioCard(id: string, label: string, name: (id: string) => string, title: (id: string) => string, scenarios: readonly Scenario[]): HTMLElement {
  const scenario = scenarios.find((candidate) => candidate.id === id);
  const overrides = scenario?.overrides;
  const lines = overrides
    ? [
        ...overrides.delays.map((delay) => t('override_delay', { project: title(delay.projectId), years: delay.years })),
        ...overrides.envelopes.map((envelope) => t('override_envelope', { year: envelope.year, amount: formatNok(envelope.amountNok) })),
        ...overrides.forced.map((forced) => t('override_force', { project: title(forced.projectId), forced: forced.forced === 'none' ? t('projectNotForced') : t(forced.forced === 'in' ? 'projectForced_in' : 'projectForced_out') })),
        ...(overrides.alpha === undefined ? [] : [t('override_alpha', { alpha: formatNumber(overrides.alpha) })]),
        ...(overrides.memberWeighting === undefined ? [] : [t('override_memberWeighting', { weighting: t(`weighting_${overrides.memberWeighting}`) })]),
      ]
    : [];
  return el(
    'div',
    { class: 'card scenario-side' },
    el('h3', {}, `${label}: ${name(id)}`),
    scenario?.description ? el('p', {}, scenario.description) : null,
    lines.length > 0 ? [el('h4', {}, t('scenariosOverrides')), el('ul', {}, lines.map((line) => el('li', {}, line)))] : null,
  );
}

/**
 * Cost and risk exposure in A and B and the difference (B − A); a row that differs is marked, and
 * its difference cells say in words which way it goes, so colour is not the only sign.
 */
function compareTable(caption: string, a: string, b: string, rows: readonly CompareRow[], label: (row: CompareRow) => string, className: string, memberId?: string): HTMLElement {
  return dataTable(
    caption,
    [{ heading: t('scenariosYear'), attributes: { rowspan: 2 } }, ...numberColumns(a, b, t('scenariosDiffers'), a, b, t('scenariosDiffers'))],
    rows.map((row) => {
      const differs = row.difference.totalNok !== 0 || row.difference.riskExposure !== 0;
      return {
        attributes: { class: differs ? 'differs' : undefined, 'data-year': row.year },
        cells: [
          label(row),
          formatNok(row.a.totalNok),
          formatNok(row.b.totalNok),
          differenceCell(signedNok(row.difference.totalNok), row.difference.totalNok, 'scenariosMoreCost', 'scenariosLessCost'),
          formatNumber(row.a.riskExposure),
          formatNumber(row.b.riskExposure),
          differenceCell(signedNumber(row.difference.riskExposure), row.difference.riskExposure, 'scenariosMoreRisk', 'scenariosLessRisk'),
        ],
      };
    }),
    {
      class: `compact ${className}`,
      attributes: { 'data-member': memberId },
      groupHeadings: [el('th', { scope: 'colgroup', colspan: 3 }, t('scenariosCost')), el('th', { scope: 'colgroup', colspan: 3 }, t('scenariosRisk'))],
      scroll: true,
    },
  );
}

function differenceCell(text: string, value: number, more: MessageKey, less: MessageKey): HTMLElement {
  if (value === 0) return el('td', { class: 'number difference' }, text);
  return el('td', { class: `number difference ${value > 0 ? 'worse' : 'better'}` }, el('strong', {}, text), el('span', { class: 'meta' }, ` (${t(value > 0 ? more : less)})`));
}
