import { apiGet } from '../api.ts';
import { el, replaceChildren, uniqueId } from '../dom.ts';
import { errorBox, whileLoading } from '../feedback.ts';
import { formatNok } from '../format.ts';
import { t } from '../i18n.ts';
import { loadReference, regionPath, type Reference } from '../reference.ts';
import { href, navigate } from '../router.ts';
import type { ReinvestmentPlan } from '../types.ts';
import type { ViewContext } from '../view-context.ts';
import { projectTitles, readAllProjects, yearParameter, yearRange } from './portfolio-common.ts';
import type { PortfolioPlan } from './portfolio-types.ts';

/**
 * Min kommune (`#/my-municipality?member=lillesand&from=2018&to=2021`): what one member pays per
 * year — its shares of the reinvestments and of the projects in the plan — each line linking to
 * where it is explained. A member sees its own municipality; the other roles choose one.
 */
const DEFAULT_FROM = 2017;
const DEFAULT_TO = 2020;

export function renderMyMunicipality(view: HTMLElement, { session, route }: ViewContext): void {
  const from = yearParameter(route.query.get('from'), DEFAULT_FROM);
  const to = Math.max(from, yearParameter(route.query.get('to'), DEFAULT_TO));
  const heading = el('h1', {}, t('myTitleChoose'));
  const controls = el('div');
  const body = el('div');
  replaceChildren(view, heading, el('p', { class: 'intro' }, t('myIntro')), controls, body);

  const load = async () => {
    replaceChildren(body);
    try {
      const reference = await whileLoading(body, loadReference());
      // A member's own municipality is fixed by its sign-in; others pick one (kept in the link).
      const memberId = session.role === 'member' && session.memberId ? session.memberId : (route.query.get('member') ?? reference.members[0]?.id);
      replaceChildren(controls, session.role === 'member' ? null : memberChoice(reference, memberId, from, to));
      if (!memberId) return replaceChildren(body, el('p', {}, t('myNotMember')));
      heading.textContent = t('myTitle', { member: reference.memberName(memberId), from, to });
      const bill = await whileLoading(body, readBill(reference, memberId, from, to));
      drawBill(body, reference, memberId, bill);
    } catch (error) {
      replaceChildren(body, errorBox(error, () => void load()));
    }
  };
  void load();
}

function memberChoice(reference: Reference, memberId: string | undefined, from: number, to: number): HTMLElement {
  const id = uniqueId('my-member');
  const members = [...reference.members].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  const control = el('select', { id, name: 'member' }, members.map((member) => el('option', { value: member.id, selected: member.id === memberId }, member.name)));
  const form = el(
    'form',
    { class: 'toolbar filters-inline', 'aria-label': t('myChooseMember') },
    el('div', { class: 'field' }, el('label', { for: id }, t('myChooseMember')), control),
    el('div', { class: 'field buttons' }, el('button', { type: 'submit' }, t('myShow'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(`${href('my-municipality')}?${new URLSearchParams({ member: control.value, from: String(from), to: String(to) }).toString()}`);
  });
  return form;
}

/** One line of the bill: what it is, the amount, and where it is explained. */
interface BillLine {
  kind: 'reinvestment' | 'project-investment' | 'project-operating';
  what: string;
  amountNok: number;
  explanation: string;
}

interface Bill {
  years: Array<{ year: number; lines: BillLine[] }>;
}

/**
 * The member's bill from the reinvestment plan (its shares of each device due) and the project
 * plan of the base scenario (its shares per year), each line linking to its explanation.
 */
async function readBill(reference: Reference, memberId: string, from: number, to: number): Promise<Bill> {
  const base = regionPath(reference);
  const [reinvestment, plan, projects] = await Promise.all([
    apiGet<ReinvestmentPlan>(`${base}/reinvestment-plan?from=${from}&to=${to}`),
    apiGet<PortfolioPlan>(`${base}/portfolio/plan?from=${from}&to=${to}&scenario=base`),
    readAllProjects(reference),
  ]);
  const title = projectTitles(projects);
  const planLink = (year: number) => `${href('plan')}?from=${year}&to=${year}`;
  const projectsLink = (year: number) => `${href('scenarios')}?from=${from}&to=${to}&scenario=base`;
  return {
    years: yearRange(from, to).map((year) => {
      const lines: BillLine[] = [];
      for (const item of reinvestment.items.filter((candidate) => candidate.budgetYear === year)) {
        const share = item.shares.find((candidate) => candidate.memberId === memberId);
        if (share && share.amountNok !== 0) lines.push({ kind: 'reinvestment', what: item.name, amountNok: share.amountNok, explanation: planLink(year) });
      }
      const shares = plan.shares.filter((share) => share.year === year && share.memberId === memberId);
      const investment = shares.reduce((sum, share) => sum + share.investmentNok, 0);
      const operating = shares.reduce((sum, share) => sum + share.operatingNok, 0);
      const inPlan = plan.included.filter((included) => included.costs.some((cost) => cost.year === year)).map((included) => title(included.projectId));
      const projectWhat = (label: string) => (inPlan.length > 0 ? `${label}: ${inPlan.join(', ')}` : label);
      if (investment !== 0) lines.push({ kind: 'project-investment', what: projectWhat(t('myProjectInvestment')), amountNok: investment, explanation: projectsLink(year) });
      if (operating !== 0) lines.push({ kind: 'project-operating', what: projectWhat(t('myProjectOperating')), amountNok: operating, explanation: projectsLink(year) });
      return { year, lines };
    }),
  };
}

const KIND_LABEL = { reinvestment: 'myReinvestment', 'project-investment': 'myProjectInvestment', 'project-operating': 'myProjectOperating' } as const;

function drawBill(body: HTMLElement, reference: Reference, memberId: string, bill: Bill): void {
  const member = reference.memberName(memberId);
  const sumOf = (lines: readonly BillLine[], kind?: BillLine['kind']) => lines.filter((line) => !kind || line.kind === kind).reduce((sum, line) => sum + line.amountNok, 0);
  const all = bill.years.flatMap((year) => year.lines);
  replaceChildren(
    body,
    // First the whole period at a glance, then each year line by line.
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'data compact my-summary' },
        el('caption', {}, t('mySummaryCaption')),
        el(
          'thead',
          {},
          el('tr', {}, el('th', { scope: 'col' }, t('scenariosYear')), (['reinvestment', 'project-investment', 'project-operating'] as const).map((kind) => el('th', { scope: 'col', class: 'number' }, t(KIND_LABEL[kind]))), el('th', { scope: 'col', class: 'number' }, t('projectTotal'))),
        ),
        el(
          'tbody',
          {},
          bill.years.map(({ year, lines }) =>
            el(
              'tr',
              { 'data-year': year },
              el('th', { scope: 'row' }, el('a', { href: `#year-${year}`, onclick: (event: Event) => jumpTo(event, `my-year-${year}`) }, String(year))),
              (['reinvestment', 'project-investment', 'project-operating'] as const).map((kind) => el('td', { class: 'number' }, formatNok(sumOf(lines, kind)))),
              el('td', { class: 'number' }, el('strong', {}, formatNok(sumOf(lines)))),
            ),
          ),
        ),
        el(
          'tfoot',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, t('myPeriodTotal')),
            (['reinvestment', 'project-investment', 'project-operating'] as const).map((kind) => el('td', { class: 'number' }, formatNok(sumOf(all, kind)))),
            el('td', { class: 'number' }, formatNok(sumOf(all))),
          ),
        ),
      ),
    ),
    bill.years.map(({ year, lines }) =>
      el(
        'section',
        { 'aria-labelledby': `my-year-${year}`, class: 'my-year' },
        el('h2', { id: `my-year-${year}`, tabindex: '-1' }, t('myYear', { year })),
        lines.length === 0
          ? el('p', {}, t('myNoCosts'))
          : el(
              'table',
              { class: 'data compact my-lines' },
              el('caption', {}, t('myYearCaption', { member, year })),
              el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('myWhat')), el('th', { scope: 'col' }, t('portfolioCategory')), el('th', { scope: 'col', class: 'number' }, t('myAmount')), el('th', { scope: 'col' }, t('myExplanation')))),
              el(
                'tbody',
                {},
                lines.map((line) =>
                  el(
                    'tr',
                    {},
                    el('th', { scope: 'row' }, line.what),
                    el('td', {}, t(KIND_LABEL[line.kind])),
                    el('td', { class: 'number' }, formatNok(line.amountNok)),
                    el('td', {}, el('a', { href: line.explanation, 'aria-label': t('myExplainFor', { what: line.what }) }, t('myExplain'))),
                  ),
                ),
              ),
              el('tfoot', {}, el('tr', {}, el('th', { scope: 'row', colspan: 2 }, t('myTotal', { year })), el('td', { class: 'number' }, formatNok(sumOf(lines))), el('td', {}))),
            ),
      ),
    ),
  );
}

/** The hash holds the route, so an in-page jump moves focus and scroll itself. */
function jumpTo(event: Event, id: string): void {
  event.preventDefault();
  const target = document.getElementById(id);
  target?.scrollIntoView({ block: 'start' });
  target?.focus({ preventScroll: true });
}
