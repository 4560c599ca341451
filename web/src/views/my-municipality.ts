import { apiDownload, apiGet } from '../api.ts';
import { el, replaceChildren, uniqueId } from '../dom.ts';
import { errorBox, whileLoading } from '../feedback.ts';
import { formatNok } from '../format.ts';
import { currentLanguage, t } from '../i18n.ts';
import { loadReference, regionPath, type Reference } from '../reference.ts';
import { href, navigate } from '../router.ts';
import type { ViewContext } from '../view-context.ts';
import { yearParameter } from './portfolio-common.ts';
import type { BillLine, BillSource, MemberBill } from './portfolio-types.ts';

/**
 * Min kommune (`#/my-municipality?member=lillesand&from=2017&to=2020`): what one member pays per
 * year — its shares of the reinvestments and of the projects in the base plan — line by line, with
 * everyone's part of each line and a link to where it is explained, and the bill as CSV or Excel.
 * A member sees its own municipality; the other roles choose one.
 */
const DEFAULT_FROM = 2017;
const DEFAULT_TO = 2020;
const SOURCES: readonly BillSource[] = ['reinvestment', 'project-investment', 'project-operating'];
const SOURCE_LABEL = { reinvestment: 'myReinvestment', 'project-investment': 'myProjectInvestment', 'project-operating': 'myProjectOperating' } as const;
const AMOUNT_OF = { reinvestment: 'reinvestmentNok', 'project-investment': 'projectInvestmentNok', 'project-operating': 'projectOperatingNok' } as const;

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
      const path = `${regionPath(reference)}/members/${encodeURIComponent(memberId)}/costs?from=${from}&to=${to}`;
      const bill = await whileLoading(body, apiGet<MemberBill>(path));
      drawBill(body, reference, bill, path);
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

function drawBill(body: HTMLElement, reference: Reference, bill: MemberBill, path: string): void {
  const names = new Map(bill.members.map((member) => [member.id, member.name]));
  const nameOf = (memberId: string) => names.get(memberId) ?? reference.memberName(memberId);
  replaceChildren(
    body,
    downloads(path, bill),
    // First the whole period at a glance, then each year line by line.
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'data compact my-summary' },
        el('caption', {}, t('mySummaryCaption')),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('scenariosYear')), SOURCES.map((source) => el('th', { scope: 'col', class: 'number' }, t(SOURCE_LABEL[source]))), el('th', { scope: 'col', class: 'number' }, t('projectTotal')))),
        el(
          'tbody',
          {},
          bill.years.map((year) =>
            el(
              'tr',
              { 'data-year': year.year },
              el('th', { scope: 'row' }, el('a', { href: `#my-year-${year.year}`, onclick: (event: Event) => jumpTo(event, `my-year-${year.year}`) }, String(year.year))),
              SOURCES.map((source) => el('td', { class: 'number' }, formatNok(year[AMOUNT_OF[source]]))),
              el('td', { class: 'number' }, el('strong', {}, formatNok(year.totalNok))),
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
            SOURCES.map((source) => el('td', { class: 'number' }, formatNok(bill.total[AMOUNT_OF[source]]))),
            el('td', { class: 'number' }, formatNok(bill.total.totalNok)),
          ),
        ),
      ),
    ),
    bill.years.map((year) => yearSection(bill, year.year, year.totalNok, nameOf)),
  );
}

function yearSection(bill: MemberBill, year: number, totalNok: number, nameOf: (memberId: string) => string): HTMLElement {
  const lines = bill.lines.filter((line) => line.year === year && line.amountNok !== 0);
  const headingId = `my-year-${year}`;
  return el(
    'section',
    { 'aria-labelledby': headingId, class: 'my-year' },
    el('h2', { id: headingId, tabindex: '-1' }, t('myYear', { year })),
    lines.length === 0
      ? el('p', {}, t('myNoCosts'))
      : el(
          'div',
          { class: 'table-scroll' },
          el(
            'table',
            { class: 'data compact my-lines' },
            el('caption', {}, t('myYearCaption', { member: bill.memberName, year })),
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                el('th', { scope: 'col' }, t('myWhat')),
                el('th', { scope: 'col' }, t('portfolioCategory')),
                el('th', { scope: 'col', class: 'number' }, t('myWholeCost')),
                el('th', { scope: 'col', class: 'number' }, t('myAmount')),
                el('th', { scope: 'col' }, t('myShares')),
                el('th', { scope: 'col' }, t('myExplanation')),
              ),
            ),
            el('tbody', {}, lines.map((line) => lineRow(line, nameOf))),
            el('tfoot', {}, el('tr', {}, el('th', { scope: 'row', colspan: 3 }, t('myTotal', { year })), el('td', { class: 'number' }, formatNok(totalNok)), el('td', { colspan: 2 }))),
          ),
        ),
  );
}

function lineRow(line: BillLine, nameOf: (memberId: string) => string): HTMLTableRowElement {
  const reinvestment = line.source === 'reinvestment';
  // The API names the explanation by its API path; the dashboard shows it where people read it:
  // a device's due item in the reinvestment plan of that year ("Forklar"), a project on its page.
  const target = reinvestment ? `${href('plan')}?from=${line.year}&to=${line.year}` : href('project', line.refId);
  return el(
    'tr',
    { 'data-source': line.source },
    el('th', { scope: 'row' }, el('a', { href: reinvestment ? href('inventory', line.refId) : href('project', line.refId) }, line.name)),
    el('td', {}, t(SOURCE_LABEL[line.source])),
    el('td', { class: 'number' }, formatNok(line.costNok)),
    el('td', { class: 'number' }, el('strong', {}, formatNok(line.amountNok))),
    el('td', {}, el('ul', { class: 'shares' }, line.shares.map((share) => el('li', {}, `${nameOf(share.memberId)}: ${formatNok(share.amountNok)}`)))),
    el('td', {}, el('a', { href: target, 'aria-label': t('myExplainFor', { what: line.name }) }, t('myExplain'))),
  );
}

/** The bill as CSV or Excel in the UI language (fetched with the token, then handed to the browser). */
function downloads(path: string, bill: MemberBill): HTMLElement {
  const status = el('span', { role: 'status', class: 'meta' });
  const button = (format: 'csv' | 'xlsx', label: string) =>
    el(
      'button',
      {
        type: 'button',
        onclick: async (event: Event) => {
          const target = event.currentTarget as HTMLButtonElement;
          target.disabled = true;
          try {
            const file = await whileLoading(status, apiDownload(`${path}&format=${format}&lang=${currentLanguage()}`));
            const fileName = file.fileName ?? `${bill.memberId}-${bill.from}-${bill.to}.${format}`;
            const url = URL.createObjectURL(file.blob);
            const link = el('a', { href: url, download: fileName, hidden: true });
            document.body.append(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(url), 10_000);
            status.textContent = t('myDownloaded', { file: fileName });
          } catch (error) {
            replaceChildren(status, errorBox(error));
          } finally {
            target.disabled = false;
          }
        },
      },
      label,
    );
  return el('div', { class: 'toolbar' }, button('csv', t('myDownloadCsv')), button('xlsx', t('myDownloadXlsx')), status);
}

/** The hash holds the route, so an in-page jump moves focus and scroll itself. */
function jumpTo(event: Event, id: string): void {
  event.preventDefault();
  const target = document.getElementById(id);
  target?.scrollIntoView({ block: 'start' });
  target?.focus({ preventScroll: true });
}
