import { apiGet } from '../api.ts';
import { OPERATORS } from '../../../shared/domain/identity.ts';
import { el, replaceChildren, uniqueId } from '../dom.ts';
import { errorBox, whileLoading } from '../feedback.ts';
import { formatDate } from '../format.ts';
import { t } from '../i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { DEVICE_KINDS, loadReference, regionPath, type Reference } from '../reference.ts';
import { href, navigate } from '../router.ts';
import { kindLabel } from '../status.ts';
import type { Device, Page } from '../types.ts';

/**
 * Inventar: every device, filtered by environment, kind, paying member and free text. The filters
 * live in the hash (`#/inventory?kind=firewall`) so a filtered list is a link. They apply on
 * "Filtrer", not on every change, so keyboard users can move through a list without reloading
 * the page at each step (WCAG 3.2.2). The API pages with a cursor; "Vis flere" adds the next page.
 */
const PAGE_SIZE = 25;
const FILTER_NAMES = ['environmentId', 'kind', 'memberId', 'q'] as const;

/** The roles the API lets import devices from CSV. */

export function renderInventory(view: HTMLElement, { route, session }: ViewContext): void {
  const filters = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = route.query.get(name)?.trim();
    if (value) filters.set(name, value);
  }
  const results = el('section', { class: 'results', 'aria-labelledby': 'inventory-caption' });
  replaceChildren(
    view,
    el('h1', {}, t('inventoryTitle')),
    el('p', { class: 'intro' }, t('inventoryIntro')),
    OPERATORS.includes(session.role) ? el('p', { class: 'toolbar' }, el('a', { class: 'button', href: href('import') }, t('inventoryImport'))) : null,
    results,
  );

  const load = async () => {
    replaceChildren(results);
    try {
      const [reference, page] = await whileLoading(results, Promise.all([loadReference(), fetchPage(filters)]));
      results.before(filterForm(reference, filters));
      showResults(results, reference, filters, page);
    } catch (error) {
      replaceChildren(results, errorBox(error, () => void load()));
    }
  };
  void load();
}

async function fetchPage(filters: URLSearchParams, cursor?: string): Promise<Page<Device>> {
  const reference = await loadReference();
  const query = new URLSearchParams(filters);
  query.set('limit', String(PAGE_SIZE));
  if (cursor) query.set('cursor', cursor);
  return apiGet<Page<Device>>(`${regionPath(reference)}/devices?${query.toString()}`);
}

function filterForm(reference: Reference, filters: URLSearchParams): HTMLFormElement {
  const select = (name: string, label: string, options: Array<[string, string]>) => {
    const id = uniqueId(`filter-${name}`);
    return el(
      'div',
      { class: 'field' },
      el('label', { for: id }, label),
      el(
        'select',
        { id, name },
        el('option', { value: '' }, t('filterAll')),
        options.map(([value, text]) => el('option', { value, selected: filters.get(name) === value }, text)),
      ),
    );
  };
  const textId = uniqueId('filter-q');
  const form: HTMLFormElement = el(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('filters'), onsubmit: applyFilters },
    select('environmentId', t('filterEnvironment'), reference.environments.map((environment) => [environment.id, environment.name])),
    select('kind', t('filterKind'), DEVICE_KINDS.map((kind) => [kind, kindLabel(kind)])),
    select('memberId', t('filterMember'), reference.members.map((member) => [member.id, member.name])),
    el(
      'div',
      { class: 'field' },
      el('label', { for: textId }, t('filterText')),
      el('input', { id: textId, name: 'q', type: 'search', value: filters.get('q') ?? '', maxlength: 100, 'aria-describedby': `${textId}-hint` }),
      el('p', { class: 'hint', id: `${textId}-hint` }, t('filterTextHint')),
    ),
    el(
      'div',
      { class: 'field buttons' },
      el('button', { type: 'submit', class: 'primary' }, t('filterApply')),
      el('a', { class: 'button', href: href('inventory') }, t('filterReset')),
    ),
  );
  return form;
}

function applyFilters(event: Event): void {
  event.preventDefault();
  const data = new FormData(event.target as HTMLFormElement);
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = String(data.get(name) ?? '').trim();
    if (value) query.set(name, value);
  }
  const target = `${href('inventory')}${query.size > 0 ? `?${query.toString()}` : ''}`;
  navigate(target);
}

function showResults(results: HTMLElement, reference: Reference, filters: URLSearchParams, first: Page<Device>): void {
  if (first.items.length === 0) {
    replaceChildren(results, el('p', { id: 'inventory-caption', role: 'status' }, t('inventoryNone')));
    return;
  }
  const body = el('tbody');
  const status = el('p', { class: 'count', role: 'status' });
  const more = el('button', { type: 'button', class: 'more' }, t('showMore'));
  let shown = 0;
  let cursor = first.nextCursor;

  const add = (devices: Device[]) => {
    body.append(...devices.map((device) => deviceRow(reference, device)));
    shown += devices.length;
    status.textContent = cursor ? t('inventoryShowingMore', { count: shown }) : t('inventoryShowing', { count: shown });
    more.hidden = !cursor;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const page = await whileLoading(results, fetchPage(filters, cursor));
      const firstNewRow = body.rows.length;
      cursor = page.nextCursor;
      add(page.items);
      // Keyboard and screen-reader users continue where the new rows begin.
      body.rows[firstNewRow]?.querySelector('a')?.focus();
    } catch (error) {
      results.append(errorBox(error));
    } finally {
      more.disabled = false;
    }
  });

  const table = el(
    'table',
    { class: 'data' },
    el('caption', { id: 'inventory-caption' }, t('inventoryCaption')),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        [t('colName'), t('colKind'), t('colEnvironment'), t('colVendorModel'), t('colFirmware'), t('colPurchased'), t('colEndOfSupport'), t('colPayer')].map((heading) =>
          el('th', { scope: 'col' }, heading),
        ),
      ),
    ),
    body,
  );
  replaceChildren(results, el('div', { class: 'table-scroll' }, table), status, more);
  add(first.items);
}

function deviceRow(reference: Reference, device: Device): HTMLTableRowElement {
  return el(
    'tr',
    {},
    el('th', { scope: 'row' }, el('a', { href: href('inventory', device.id) }, device.name)),
    el('td', {}, kindLabel(device.kind)),
    el('td', {}, reference.environmentName(device.environmentId)),
    el('td', {}, [device.vendor, device.model].filter(Boolean).join(' ')),
    el('td', {}, device.firmware),
    el('td', { class: 'date' }, formatDate(device.purchaseDate)),
    el('td', { class: 'date' }, endOfSupportText(device.vendorEndOfSupport)),
    el('td', {}, device.payer.type === 'member' ? reference.memberName(device.payer.memberId) : t('payerShared')),
  );
}

export function endOfSupportText(value: Device['vendorEndOfSupport']): string {
  if (value === 'announced-unknown') return t('endOfSupportAnnounced');
  return value ? formatDate(value) : t('none');
}
