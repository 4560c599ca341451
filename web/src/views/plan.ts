import { apiDownload, apiGet } from '../api.ts';
import { PLANNERS } from '../../../shared/domain/identity.ts';
import { el, replaceChildren } from '../dom.ts';
import { errorBox, whileLoading } from '../feedback.ts';
import { formatDate, formatNok, formatNumber, formatPercent } from '../format.ts';
import { sourceText } from '../audit-text.ts';
import { currentLanguage, t, tOr } from '../i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { loadReference, regionPath, type Reference } from '../reference.ts';
import { href } from '../router.ts';
import { kindLabel } from '../status.ts';
import type { EnvelopeRow, ItemExplanation, PlanItem, ReinvestmentPlan } from '../types.ts';

/**
 * Reinvesteringsplan 2017–2020: what is due for replacement each budget year and what each
 * member pays, the budget envelopes against the plan, an explanation of any line ("Forklar"),
 * and the plan as CSV or Excel. `#/plan?from=2018&to=2021` shows other years.
 */
const DEFAULT_FROM = 2017;
const DEFAULT_TO = 2020;

/** The roles the API lets change budget lines; others get a link to read them. */

export function renderPlan(view: HTMLElement, { route, session }: ViewContext): void {
  const from = yearParameter(route.query.get('from'), DEFAULT_FROM);
  const to = Math.max(from, yearParameter(route.query.get('to'), DEFAULT_TO));
  const body = el('div');
  replaceChildren(view, el('h1', {}, t('planTitle', { from, to })), el('p', { class: 'intro' }, t('planIntro')), body);

  const load = async () => {
    replaceChildren(body);
    try {
      const reference = await loadReference();
      const plan = await whileLoading(body, apiGet<ReinvestmentPlan>(`${regionPath(reference)}/reinvestment-plan?from=${from}&to=${to}`));
      drawPlan(body, reference, plan, PLANNERS.includes(session.role));
    } catch (error) {
      replaceChildren(body, errorBox(error, () => void load()));
    }
  };
  void load();
}

function yearParameter(value: string | null, fallback: number): number {
  const year = Number(value);
  return Number.isInteger(year) && year >= 1990 && year <= 2100 ? year : fallback;
}

function years(plan: ReinvestmentPlan): number[] {
  return Array.from({ length: plan.to - plan.from + 1 }, (_, index) => plan.from + index);
}

function drawPlan(body: HTMLElement, reference: Reference, plan: ReinvestmentPlan, planner: boolean): void {
  replaceChildren(
    body,
    downloads(reference, plan),
    years(plan).map((year) => yearSection(reference, plan, year)),
    memberTotals(reference, plan),
    envelopes(plan, planner),
  );
}

function downloads(reference: Reference, plan: ReinvestmentPlan): HTMLElement {
  const status = el('span', { role: 'status', class: 'meta' });
  const button = (format: 'csv' | 'xlsx', label: string) =>
    el('button', {
      type: 'button',
      onclick: async (event: Event) => {
        const target = event.currentTarget as HTMLButtonElement;
        target.disabled = true;
        try {
          const path = `${regionPath(reference)}/reinvestment-plan?from=${plan.from}&to=${plan.to}&format=${format}&lang=${currentLanguage()}`;
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

function yearSection(reference: Reference, plan: ReinvestmentPlan, year: number): HTMLElement {
  const items = plan.items.filter((item) => item.budgetYear === year);
  const headingId = `plan-year-${year}`;
  if (items.length === 0) return el('section', { 'aria-labelledby': headingId }, el('h2', { id: headingId }, t('planYear', { year })), el('p', {}, t('planNoItems')));
  const total = items.reduce((sum, item) => sum + item.costNok, 0);
  return el(
    'section',
    { 'aria-labelledby': headingId },
    el('h2', { id: headingId }, t('planYear', { year })),
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'data plan' },
        el('caption', {}, t('planYearCaption', { year })),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            [t('planDevice'), t('planKind'), t('planEnvironment'), t('planDue'), t('planReason')].map((heading) => el('th', { scope: 'col' }, heading)),
            el('th', { scope: 'col', class: 'number' }, t('planCost')),
            el('th', { scope: 'col' }, t('planShares')),
            el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, t('planExplain'))),
          ),
        ),
        el('tbody', {}, items.map((item) => itemRow(reference, plan, item))),
        el('tfoot', {}, el('tr', {}, el('th', { scope: 'row', colspan: 5 }, t('planYearTotal', { year })), el('td', { class: 'number' }, formatNok(total)), el('td', { colspan: 2 }))),
      ),
    ),
  );
}

function itemRow(reference: Reference, plan: ReinvestmentPlan, item: PlanItem): HTMLTableRowElement[] {
  const explanationId = `explain-${item.budgetYear}-${item.deviceId}`;
  const explanationCell = el('td', { colspan: 8 }, el('div', { id: explanationId, class: 'explanation', 'aria-live': 'polite' }));
  const explanationRow = el('tr', { class: 'explanation-row', hidden: true }, explanationCell);
  const explain = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': explanationId, 'aria-label': t('planExplainFor', { device: item.name }) }, t('planExplain'));
  explain.addEventListener('click', async () => {
    const open = explanationRow.hidden;
    explanationRow.hidden = !open;
    explain.setAttribute('aria-expanded', String(open));
    if (!open) return;
    const box = explanationCell.firstElementChild as HTMLElement;
    replaceChildren(box);
    try {
      const explanation = await whileLoading(
        box,
        apiGet<ItemExplanation>(`${regionPath(reference)}/reinvestment-plan/items/${encodeURIComponent(item.deviceId)}?from=${plan.from}&to=${plan.to}`),
      );
      replaceChildren(box, explanationView(reference, item, explanation));
    } catch (error) {
      replaceChildren(box, errorBox(error));
    }
  });

  const row = el(
    'tr',
    { class: item.overdue ? 'overdue' : undefined },
    el('th', { scope: 'row' }, el('a', { href: href('inventory', item.deviceId) }, item.name)),
    el('td', {}, kindLabel(item.kind)),
    el('td', {}, reference.environmentName(item.environmentId)),
    el('td', { class: 'date' }, formatDate(item.dueDate), item.overdue ? el('span', { class: 'tag warning' }, t('planOverdue')) : null),
    el('td', {}, tOr(`reason_${item.reason}`, item.reason)),
    el('td', { class: 'number' }, formatNok(item.costNok)),
    el(
      'td',
      {},
      el(
        'ul',
        { class: 'shares' },
        item.shares.map((share) =>
          el('li', {}, t('planSharesOf', { member: reference.memberName(share.memberId), amount: formatNok(share.amountNok), percent: formatPercent(share.fraction) })),
        ),
      ),
    ),
    el('td', {}, explain),
  );
  return [row, explanationRow];
}

function explanationView(reference: Reference, item: PlanItem, explanation: ItemExplanation): HTMLElement {
  const shares = explanation.shares;
  return el(
    'div',
    {},
    el('h3', {}, t('planExplanationTitle', { device: item.name })),
    explanation.notInPlanBecause ? el('p', {}, t('planNotInPlan', { reason: explanation.notInPlanBecause })) : null,
    el('h4', {}, t('planExplanationSteps')),
    el('ol', { class: 'steps' }, explanation.steps.map((step) => el('li', {}, step.explanation))),
    shares
      ? [
          el('h4', {}, t('planExplanationShares')),
          el('p', {}, t('planExplanationOn', { date: formatDate(shares.on) })),
          el(
            'table',
            { class: 'data compact' },
            el('caption', { class: 'visually-hidden' }, t('planExplanationShares')),
            el('thead', {}, el('tr', {}, [t('planMember'), t('planPopulation'), t('planFormula'), t('planShareFraction'), t('planCost')].map((heading) => el('th', { scope: 'col' }, heading)))),
            el(
              'tbody',
              {},
              shares.members.map((line) =>
                el(
                  'tr',
                  {},
                  el('th', { scope: 'row' }, reference.memberName(line.memberId)),
                  el('td', { class: 'number' }, line.population === undefined ? t('none') : formatNumber(line.population)),
                  el('td', {}, el('code', {}, line.formula)),
                  el('td', { class: 'number' }, formatPercent(line.fraction)),
                  el('td', { class: 'number' }, formatNok(line.amountNok)),
                ),
              ),
            ),
          ),
          el('p', { class: 'meta' }, t('planExplanationRounding', { rounding: shares.rounding })),
          shares.warnings.length > 0 ? [el('h4', {}, t('planWarnings')), el('ul', {}, shares.warnings.map((warning) => el('li', {}, warning)))] : null,
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
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'data member-totals' },
        el('caption', {}, t('planMemberTotalsCaption')),
        el(
          'thead',
          {},
          el('tr', {}, el('th', { scope: 'col' }, t('planMember')), planYears.map((year) => el('th', { scope: 'col', class: 'number' }, String(year))), el('th', { scope: 'col', class: 'number' }, t('planTotal'))),
        ),
        el(
          'tbody',
          {},
          rows.map(([memberId, perYear]) =>
            el(
              'tr',
              {},
              el('th', { scope: 'row' }, memberId ? reference.memberName(memberId) : t('planUnassigned')),
              planYears.map((year) => el('td', { class: 'number' }, formatNok(perYear.get(year) ?? 0))),
              el('td', { class: 'number' }, el('strong', {}, formatNok(sumOf(perYear)))),
            ),
          ),
        ),
        el(
          'tfoot',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, t('planTotal')),
            planYears.map((year) => el('td', { class: 'number' }, formatNok(yearTotal(year)))),
            el('td', { class: 'number' }, formatNok(planYears.reduce((sum, year) => sum + yearTotal(year), 0))),
          ),
        ),
      ),
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
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'data' },
        el('caption', {}, t('planEnvelopesCaption')),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, t('planEnvelope')),
            el('th', { scope: 'col' }, t('planYearColumn')),
            [t('planEnvelopeAmount'), t('planPlanned'), t('planDifference')].map((text) => el('th', { scope: 'col', class: 'number' }, text)),
            el('th', { scope: 'col' }, t('planStatus')),
          ),
        ),
        el('tbody', {}, plan.envelopes.map((row) => envelopeRow(row))),
      ),
    ),
  );
}

function envelopeRow(row: EnvelopeRow): HTMLTableRowElement {
  return el(
    'tr',
    { class: row.status === 'overrun' ? 'overrun' : undefined },
    el('th', { scope: 'row' }, row.name),
    el('td', {}, row.year === 'total' ? t('planEnvelopeAllYears') : String(row.year)),
    el('td', { class: 'number' }, formatNok(row.amountNok)),
    el('td', { class: 'number' }, formatNok(row.plannedNok)),
    el('td', { class: 'number' }, formatNok(row.differenceNok)),
    el('td', {}, el('span', { class: `envelope-status envelope-${row.status}` }, tOr(`envelope_${row.status}`, row.status))),
  );
}
