import { ApiError, apiGet, apiSend } from '../api.ts';
import { niceTicks } from '../chart.ts';
import { dataTable, el, numberColumns, replaceChildren, uniqueId } from '../dom.ts';
import { describeError, errorBox, liveRegion, messageBox, whileLoading, whileSaving } from '../feedback.ts';
import { formatDate, formatDateTime, formatNok, formatNumber } from '../format.ts';
import { t, tOr } from '../i18n.ts';
import { loadReference, regionPath, type Reference } from '../reference.ts';
import { href } from '../router.ts';
import type { Session } from '../session.ts';
import { kindLabel, roleLabel } from '../status.ts';
import type { Device, ReinvestmentPlan } from '../types.ts';
import type { ViewContext } from '../view-context.ts';
import {
  categoryLabel,
  criterionLabel,
  formatScore,
  projectLink,
  projectPath,
  projectStatusLabel,
  projectStatusTag,
  projectTitles,
  readAllProjects,
  readPriorities,
  readSettings,
} from './portfolio-common.ts';
import { benefitsEditor, ownIdeaEditor, urgencyEditor } from './project-edit.ts';
import { transitionsFor } from '../../../shared/domain/portfolio/status.ts';
import type { BenefitStatus, HistoryEntry, PortfolioSettings, PriorityItem, Project, ProjectBenefits, ProjectStatus } from './portfolio-types.ts';

/**
 * Prosjekt (`#/project/<id>`): every field of a project, the status changes the signed-in role may
 * make (and only those), the decision log, the linked devices with their due dates, the risks,
 * and the benefits with a chart of the measured values against baseline and target.
 */
export function renderProject(view: HTMLElement, { session, route }: ViewContext): void {
  const projectId = route.segments[1];
  const load = async () => {
    replaceChildren(view, backLink());
    if (!projectId) return void view.append(messageBox('error', t('projectNotFound')));
    try {
      const reference = await loadReference();
      const [project, projects, settings, priorities] = await whileLoading(
        view,
        Promise.all([
          apiGet<Project>(projectPath(reference, projectId)),
          readAllProjects(reference),
          readSettings(reference),
          readPriorities(reference).catch(() => ({ items: [] })),
        ]),
      );
      const priority = priorities.items.find((item) => item.projectId === project.id);
      showProject(view, { session, reference, project, projects, settings, priority, reload: () => void load() });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && error.code !== 'no-such-route') view.append(messageBox('error', t('projectNotFound')));
      else view.append(errorBox(error, () => void load()));
    }
  };
  void load();
}

function backLink(): HTMLElement {
  return el('p', { class: 'back' }, el('a', { href: href('portfolio') }, `← ${t('projectBack')}`));
}

interface ProjectPage {
  session: Session;
  reference: Reference;
  project: Project;
  projects: Project[];
  settings: PortfolioSettings;
  priority: PriorityItem | undefined;
  reload: () => void;
}

function showProject(view: HTMLElement, page: ProjectPage): void {
  const { reference, project, priority } = page;
  const historySlot = el('section', { 'aria-labelledby': 'project-history' });
  const devicesSlot = el('section', { 'aria-labelledby': 'project-devices' });
  const benefitsSlot = el('section', { 'aria-labelledby': 'project-benefits' });
  replaceChildren(
    view,
    backLink(),
    el('h1', {}, project.title),
    el(
      'p',
      { class: 'meta' },
      projectStatusTag(project.status),
      ' ',
      priority ? t('projectScoreLine', { score: formatScore(priority.score), support: formatScore(priority.support), priority: formatScore(priority.priority) }) : null,
    ),
    transitionsSection(page),
    ownIdeaEditor(page.session, reference, project, page.reload),
    facts(page),
    costs(project),
    ratings(project, page.settings, priority),
    urgencyEditor(page.session, reference, project, page.reload),
    devicesSlot,
    risks(project),
    benefitsSlot,
    benefitsEditor(page.session, reference, project, page.reload),
    historySlot,
  );
  void loadDevices(devicesSlot, reference, project);
  void loadBenefits(benefitsSlot, reference, project);
  void loadHistory(historySlot, reference, project);
}

function facts(page: ProjectPage): HTMLElement {
  const { reference, project } = page;
  const title = projectTitles(page.projects);
  const fact = (label: string, ...value: Array<Node | string | null>) => [el('dt', {}, label), el('dd', {}, ...value)];
  return el(
    'section',
    { 'aria-labelledby': 'project-facts' },
    el('h2', { id: 'project-facts' }, t('projectFacts')),
    el(
      'dl',
      { class: 'facts' },
      fact(t('projectDescription'), project.description || t('none')),
      fact(t('projectStatus'), projectStatusLabel(project.status)),
      fact(t('projectCategory'), categoryLabel(project.category)),
      fact(t('projectProposedBy'), reference.memberName(project.proposedBy)),
      fact(t('projectParticipants'), project.participants.map((memberId) => reference.memberName(memberId)).join(', ') || t('none')),
      fact(t('projectKey'), project.key ? keyText(project.key) : t('projectKeyDefault')),
      fact(
        t('projectDependsOn'),
        project.dependsOn.length === 0
          ? t('projectDependsOnNone')
          : el('ul', { class: 'plain' }, project.dependsOn.map((id) => el('li', {}, projectLink(id, title(id))))),
      ),
      fact(t('projectForced'), project.forced ? t(project.forced === 'in' ? 'projectForced_in' : 'projectForced_out') : t('projectNotForced')),
      fact(t('projectVersion'), String(project.version)),
    ),
  );
}

/** A cost key as words: `etter folketall`, `avtalte prosenter`. */
function keyText(key: unknown): string {
  const kind = typeof key === 'object' && key !== null && 'kind' in key ? String((key as { kind: unknown }).kind) : String(key);
  return tOr(`costKey_${kind}`, kind);
}

function costs(project: Project): HTMLElement {
  const heading = el('h2', { id: 'project-costs' }, t('projectCosts'));
  if (project.costs.length === 0) return el('section', { 'aria-labelledby': 'project-costs' }, heading, el('p', {}, t('projectNoCosts')));
  const rows = [...project.costs].sort((a, b) => a.year - b.year);
  const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return el(
    'section',
    { 'aria-labelledby': 'project-costs' },
    heading,
    dataTable(
      t('projectCostsCaption'),
      [t('projectYear'), ...numberColumns(t('projectInvestment'), t('projectOperating'))],
      rows.map((row) => [String(row.year), formatNok(row.investmentNok), formatNok(row.operatingNok)]),
      { class: 'compact project-costs', foot: [[t('projectTotal'), formatNok(sum((row) => row.investmentNok)), formatNok(sum((row) => row.operatingNok))]] },
    ),
  );
}

function ratings(project: Project, settings: PortfolioSettings, priority: PriorityItem | undefined): HTMLElement {
  const urgency = priority?.urgency;
  return el(
    'section',
    { 'aria-labelledby': 'project-ratings' },
    el('h2', { id: 'project-ratings' }, t('projectRatings')),
    dataTable(
      t('projectRatingsCaption'),
      [t('projectCriterion'), ...numberColumns(t('projectWeight'), t('projectRating'))],
      settings.criteria.map((criterion) => {
        // Urgency may be derived from the linked devices or overridden; the priorities say which.
        const isUrgency = criterion.id === 'urgency' && urgency !== undefined && urgency.source !== 'rating';
        const rating = isUrgency && urgency.rating !== null ? urgency.rating : project.ratings[criterion.id];
        return [
          [criterionLabel(criterion), criterion.lowerIsBetter ? el('span', { class: 'meta' }, ` (${t('projectLowerIsBetter')})`) : null],
          formatNumber(criterion.weight),
          [
            rating === undefined ? el('span', { class: 'tag warning' }, t('projectRatingMissing')) : String(rating),
            isUrgency && urgency.source === 'derived' ? el('span', { class: 'meta' }, ` (${t('projectRatingDerived')})`) : null,
            isUrgency && urgency.source === 'override' ? el('span', { class: 'meta' }, ` (${t('projectRatingOverridden', { reason: urgency.reason ?? t('none') })})`) : null,
          ],
        ];
      }),
      { class: 'compact project-ratings' },
    ),
  );
}

/** The statuses this role may move the project to now; with a reason, as the decision log wants. */
function transitionsSection(page: ProjectPage): HTMLElement {
  const { session, project, reference } = page;
  // The domain's own status machine and role rules: what this role may move the project to now.
  const allowed = transitionsFor({ roles: [session.role] }, project.status);
  const heading = el('h2', { id: 'project-transitions' }, t('projectTransitions'));
  if (allowed.length === 0) return el('section', { 'aria-labelledby': 'project-transitions' }, heading, el('p', {}, t('projectNoTransitions')));
  const reasonId = uniqueId('transition-reason');
  const hintId = `${reasonId}-hint`;
  const errorId = `${reasonId}-error`;
  const reason = el('textarea', { id: reasonId, name: 'reason', rows: 2, 'aria-describedby': `${hintId} ${errorId}` });
  const reasonError = el('p', { id: errorId, class: 'field-error', hidden: true });
  const reasonField = el('div', { class: 'field' }, el('label', { for: reasonId }, t('projectTransitionReason')), el('p', { id: hintId, class: 'hint' }, t('projectTransitionReasonHint')), reason, reasonError);
  const feedback = liveRegion();
  const form = el('form', { class: 'transition-form' }, reasonField);
  const buttons = allowed.map((to) => {
    const button = el('button', { type: 'submit', class: 'primary', value: to }, t('projectTransitionTo', { status: projectStatusLabel(to) }));
    button.addEventListener('click', (event) => {
      event.preventDefault();
      void change(to, button);
    });
    return button;
  });
  form.append(el('div', { class: 'buttons' }, buttons));
  form.addEventListener('submit', (event) => event.preventDefault());

  async function change(to: ProjectStatus, button: HTMLButtonElement): Promise<void> {
    reasonError.hidden = true;
    reasonField.classList.remove('invalid');
    reason.removeAttribute('aria-invalid');
    if (!reason.value.trim()) {
      reasonError.textContent = t('projectTransitionReasonMissing');
      reasonError.hidden = false;
      reasonField.classList.add('invalid');
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return;
    }
    try {
      await whileSaving(button, () => apiSend('POST', `${projectPath(reference, project.id)}/transitions`, { to, reason: reason.value.trim() }));
      sessionStorage.setItem('driftsbilde.projectNotice', t('projectTransitionDone', { status: projectStatusLabel(to) }));
      page.reload();
    } catch (error) {
      replaceChildren(feedback, messageBox('error', transitionFailure(error, to)));
    }
  }

  // A status change reloads the page; its confirmation is carried over and shown once.
  const notice = sessionStorage.getItem('driftsbilde.projectNotice');
  sessionStorage.removeItem('driftsbilde.projectNotice');
  if (notice) feedback.append(messageBox('success', notice));
  return el(
    'section',
    { 'aria-labelledby': 'project-transitions' },
    heading,
    el('p', {}, t('projectTransitionsIntro', { status: projectStatusLabel(project.status) })),
    form,
    feedback,
  );
}

/** A refused change names the statuses allowed from here (the API's 409 lists them). */
function transitionFailure(error: unknown, to: ProjectStatus): string {
  if (error instanceof ApiError && error.status === 409) {
    const details = error.details as { allowed?: unknown } | undefined;
    const allowed = Array.isArray(details?.allowed) ? (details.allowed as string[]) : [];
    if (allowed.length > 0 || error.code.includes('transition')) {
      return t('projectTransitionRefused', { status: projectStatusLabel(to), allowed: allowed.map(projectStatusLabel).join(', ') || t('none') });
    }
  }
  return describeError(error);
}

/** Linked devices with their due date from the reinvestment plan over the project's years. */
async function loadDevices(slot: HTMLElement, reference: Reference, project: Project): Promise<void> {
  const heading = el('h2', { id: 'project-devices' }, t('projectDevices'));
  replaceChildren(slot, heading);
  if (project.deviceIds.length === 0) return void slot.append(el('p', {}, t('projectNoDevices')));
  try {
    const years = project.costs.map((cost) => cost.year);
    const from = Math.min(...years, new Date().getFullYear()) - 5;
    const to = Math.max(...years, from) + 5;
    const [devices, plan] = await whileLoading(
      slot,
      Promise.all([
        Promise.all(project.deviceIds.map((id) => apiGet<Device>(`${regionPath(reference)}/devices/${encodeURIComponent(id)}`).catch(() => undefined))),
        apiGet<ReinvestmentPlan>(`${regionPath(reference)}/reinvestment-plan?from=${from}&to=${to}`).catch(() => undefined),
      ]),
    );
    const due = new Map<string, string>();
    for (const item of plan?.items ?? []) if (!due.has(item.deviceId)) due.set(item.deviceId, item.dueDate);
    slot.append(
      dataTable(
        t('projectDevicesCaption'),
        [t('projectDevice'), t('projectDeviceKind'), { heading: t('projectDeviceDue'), kind: 'date' }, { heading: t('projectDeviceEndOfSupport'), kind: 'date' }],
        project.deviceIds.map((id, index) => {
          const device = devices[index];
          return [
            el('a', { href: href('inventory', id) }, device?.name ?? id),
            device ? kindLabel(device.kind) : t('none'),
            due.has(id) ? formatDate(due.get(id)) : el('span', { class: 'meta' }, t('projectDueUnknown')),
            device?.vendorEndOfSupport ? formatDate(device.vendorEndOfSupport) : t('none'),
          ];
        }),
        { class: 'compact project-devices' },
      ),
    );
  } catch (error) {
    slot.append(errorBox(error, () => void loadDevices(slot, reference, project)));
  }
}

function risks(project: Project): HTMLElement {
  const heading = el('h2', { id: 'project-risks' }, t('projectRisks'));
  if (project.risks.length === 0) return el('section', { 'aria-labelledby': 'project-risks' }, heading, el('p', {}, t('projectNoRisks')));
  const sorted = [...project.risks].sort((a, b) => b.probability * b.impact - a.probability * a.impact);
  return el(
    'section',
    { 'aria-labelledby': 'project-risks' },
    heading,
    dataTable(
      t('projectRisksCaption'),
      [t('projectRisk'), ...numberColumns(t('projectProbability'), t('projectImpact'), t('projectExposure'))],
      sorted.map((risk) => [risk.description, String(risk.probability), String(risk.impact), String(risk.probability * risk.impact)]),
      { class: 'compact project-risks' },
    ),
  );
}

async function loadBenefits(slot: HTMLElement, reference: Reference, project: Project): Promise<void> {
  replaceChildren(slot, el('h2', { id: 'project-benefits' }, t('projectBenefits')));
  try {
    const answer = await whileLoading(slot, apiGet<ProjectBenefits>(`${projectPath(reference, project.id)}/benefits`));
    if (answer.items.length === 0) return void slot.append(el('p', {}, t('projectNoBenefits')));
    slot.append(...answer.items.map((benefit) => benefitView(reference, benefit)));
  } catch (error) {
    slot.append(errorBox(error, () => void loadBenefits(slot, reference, project)));
  }
}

function measureText(reference: Reference, benefit: BenefitStatus): string {
  const measure = benefit.measure;
  const what = tOr(`measure_${measure.type}`, measure.type);
  if (measure.type === 'entered') return measure.unit ? `${what} (${measure.unit})` : what;
  return `${what}, ${reference.environmentName(measure.environmentId)}`;
}

function benefitView(reference: Reference, benefit: BenefitStatus): HTMLElement {
  const values = [...benefit.values].sort((a, b) => a.date.localeCompare(b.date));
  const latest = benefit.latest ?? undefined;
  const baseline = benefit.baseline ?? undefined;
  const show = (value: number | undefined | null) => (value === undefined || value === null ? t('none') : formatNumber(value));
  return el(
    'article',
    { class: 'benefit card' },
    el('h3', {}, benefit.description),
    el(
      'p',
      { class: 'meta' },
      t('projectBenefitOwner', { member: reference.memberName(benefit.ownerMemberId) }),
      ' · ',
      t('projectBenefitMeasure', { measure: measureText(reference, benefit) }),
      ' · ',
      t('projectBenefitTargetBy', { target: formatNumber(benefit.target), date: formatDate(benefit.targetDate) }),
    ),
    el(
      'dl',
      { class: 'key-figures' },
      el('div', {}, el('dt', {}, t('projectBenefitBaseline')), el('dd', {}, show(baseline))),
      el('div', {}, el('dt', {}, t('projectBenefitTarget')), el('dd', {}, show(benefit.target))),
      el('div', {}, el('dt', {}, t('projectBenefitLatest')), el('dd', {}, latest ? `${show(latest.value)} (${formatDate(latest.date)})` : t('none'))),
    ),
    el(
      'p',
      { class: 'benefit-status' },
      benefit.met === null ? t('projectBenefitNoValues') : el('span', { class: `tag ${benefit.met ? 'met' : 'warning'}` }, benefit.met ? `✓ ${t('projectBenefitMet')}` : t('projectBenefitNotMet')),
    ),
    benefit.notes.length > 0 ? el('ul', { class: 'plain meta' }, benefit.notes.map((note) => el('li', {}, tOr(`benefitNote_${note.code}`, note.code)))) : null,
    values.length === 0 ? null : [benefitChart(benefit, values, baseline, latest), benefitTable(values)],
  );
}

const SVG = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

let nextChart = 0;

/**
 * The measured values as a line, with the baseline (dashed) and the target (dotted) across the
 * chart, as chart.ts draws its charts: an SVG image with title and description; the numbers are
 * in the table below it.
 */
function benefitChart(benefit: BenefitStatus, values: Array<{ date: string; value: number }>, baseline: number | undefined, latest: { value: number } | undefined): HTMLElement {
  nextChart += 1;
  const [width, height] = [640, 200];
  const margin = { top: 12, right: 16, bottom: 28, left: 56 };
  const all = [...values.map((point) => point.value), benefit.target, ...(baseline === undefined ? [] : [baseline])];
  const ticks = niceTicks(Math.min(...all), Math.max(...all));
  const low = ticks[0] ?? 0;
  const high = ticks[ticks.length - 1] ?? 1;
  const times = values.map((point) => Date.parse(point.date));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const x = (at: number) => Math.round((margin.left + (last === first ? plotWidth / 2 : ((at - first) / (last - first)) * plotWidth)) * 10) / 10;
  const y = (value: number) => Math.round((margin.top + plotHeight - ((value - low) / (high - low || 1)) * plotHeight) * 10) / 10;
  const titleId = `benefit-chart-${nextChart}-title`;
  const descriptionId = `benefit-chart-${nextChart}-description`;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart benefit-chart', role: 'img', 'aria-labelledby': `${titleId} ${descriptionId}` });
  chart.append(
    svg('title', { id: titleId }, t('projectBenefitChartTitle', { benefit: benefit.description })),
    svg(
      'desc',
      { id: descriptionId },
      t('projectBenefitChartDescription', { baseline: baseline === undefined ? t('none') : formatNumber(baseline), target: formatNumber(benefit.target), count: values.length, latest: latest ? formatNumber(latest.value) : t('none') }),
    ),
  );
  const grid = svg('g', { class: 'chart-grid', 'aria-hidden': 'true' });
  for (const tick of ticks) grid.append(svg('line', { x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick) }), svg('text', { x: margin.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, formatNumber(tick)));
  grid.append(
    svg('text', { x: margin.left, y: height - 8, 'text-anchor': 'start' }, formatDate(new Date(first).toISOString().slice(0, 10))),
    svg('text', { x: width - margin.right, y: height - 8, 'text-anchor': 'end' }, formatDate(new Date(last).toISOString().slice(0, 10))),
  );
  chart.append(grid);
  const reference = (value: number, kind: string) => svg('line', { class: `benefit-${kind}`, x1: margin.left, x2: width - margin.right, y1: y(value), y2: y(value) });
  if (baseline !== undefined) chart.append(reference(baseline, 'baseline'));
  chart.append(reference(benefit.target, 'target'));
  const points = values.map((point) => `${x(Date.parse(point.date))},${y(point.value)}`);
  if (points.length > 1) chart.append(svg('polyline', { class: 'chart-line', points: points.join(' ') }));
  for (const point of values) chart.append(svg('circle', { class: 'chart-dot', cx: x(Date.parse(point.date)), cy: y(point.value), r: 3 }));
  return el(
    'figure',
    { class: 'chart-figure' },
    chart,
    el(
      'figcaption',
      { class: 'legend portfolio-legend' },
      el('span', { class: 'legend-key key-values' }, t('projectBenefitLegendValues')),
      baseline === undefined ? null : el('span', { class: 'legend-key key-baseline' }, t('projectBenefitLegendBaseline')),
      el('span', { class: 'legend-key key-target' }, t('projectBenefitLegendTarget')),
    ),
  );
}

function benefitTable(values: Array<{ date: string; value: number }>): HTMLElement {
  return el(
    'details',
    { class: 'history-table' },
    el('summary', {}, t('projectBenefitValues')),
    dataTable(
      t('projectBenefitValues'),
      [{ heading: t('projectBenefitDate'), kind: 'date' }, { heading: t('projectBenefitValue'), kind: 'number' }],
      values.map((point) => [formatDate(point.date), formatNumber(point.value)]),
      { class: 'compact', captionHidden: true, rowHeader: null },
    ),
  );
}

async function loadHistory(slot: HTMLElement, reference: Reference, project: Project): Promise<void> {
  replaceChildren(slot, el('h2', { id: 'project-history' }, t('projectHistory')));
  try {
    const answer = await whileLoading(slot, apiGet<{ items: HistoryEntry[] }>(`${projectPath(reference, project.id)}/history`));
    if (answer.items.length === 0) return void slot.append(el('p', {}, t('projectHistoryNone')));
    slot.append(
      dataTable(
        t('projectHistoryCaption'),
        [{ heading: t('projectHistoryWhen'), kind: 'date' }, t('projectHistoryWho'), t('projectHistoryWhat'), t('projectHistoryWhy')],
        answer.items.map((entry) => [formatDateTime(entry.at), whoText(reference, entry), whatText(entry), entry.reason ?? t('none')]),
        { class: 'compact project-history', rowHeader: null },
      ),
    );
  } catch (error) {
    slot.append(errorBox(error, () => void loadHistory(slot, reference, project)));
  }
}

/** "Budsjetteier (ola)", "Kommune (Lillesand kommune)": the role and, for a member, its name. */
function whoText(reference: Reference, entry: HistoryEntry): string {
  const role = roleLabel(entry.actor.role);
  return entry.actor.memberId ? `${role} (${reference.memberName(entry.actor.memberId)})` : `${role} (${entry.actor.subject})`;
}

function whatText(entry: HistoryEntry): string {
  if (entry.transition) return t('projectHistoryTransition', { from: projectStatusLabel(entry.transition.from), to: projectStatusLabel(entry.transition.to) });
  if (entry.action === 'create') return t('projectHistoryCreated');
  const fields = entry.changes.map((change) => change.field).filter((field) => field !== 'version' && field !== 'status');
  return t('projectHistoryChanged', { fields: [...new Set(fields)].map((field) => tOr(`projectField_${field}`, field)).join(', ') || t('none') });
}
