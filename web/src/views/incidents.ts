import { ApiError, apiGet, apiSend } from '../api.ts';
import { OPERATORS } from '../../../shared/domain/identity.ts';
import { el, replaceChildren, uniqueId } from '../dom.ts';
import { describeError, errorBox, liveRegion, messageBox, whileLoading } from '../feedback.ts';
import { formatDateTime } from '../format.ts';
import { t, tOr, type MessageKey } from '../i18n.ts';
import { incidentTitleInUi, timelineEntryInUi } from '../health-text.ts';
import type { ViewContext } from '../view-context.ts';
import { loadReference, regionPath, type Reference } from '../reference.ts';
import { href, navigate } from '../router.ts';
import type { Session } from '../session.ts';
import { statusBadge, statusLabel } from '../status.ts';
import type { Device, Environment, EnvironmentHealth, Incident, Page } from '../types.ts';

/**
 * Avvik: incidents opened by monitoring (or by a person), listed per operating environment (the
 * API keeps them per environment), newest first. Operators acknowledge one when they take it,
 * comment on it, and resolve it when it is fixed; other roles see the list.
 * `#/incidents?state=all&environmentId=…` shows resolved ones too, or one environment.
 */
const PAGE_SIZE = 50;
// Only the roles the API lets act on incidents (the shared domain's OPERATORS) get buttons.

type Action = 'acknowledge' | 'resolve' | 'comment';
type StateFilter = 'open' | 'all';

export function renderIncidents(view: HTMLElement, { route, session }: ViewContext): void {
  const state: StateFilter = route.query.get('state') === 'all' ? 'all' : 'open';
  const deviceNames = new DeviceNames();
  const onlyEnvironment = route.query.get('environmentId') ?? '';
  const feedback = liveRegion();
  const sections = el('div');
  replaceChildren(view, el('h1', {}, t('incidentsTitle')), el('p', { class: 'intro' }, t('incidentsIntro')), feedback, sections);

  const load = async () => {
    replaceChildren(sections);
    try {
      const reference = await whileLoading(sections, loadReference());
      feedback.before(filters(reference, state, onlyEnvironment));
      if (!OPERATORS.includes(session.role)) feedback.before(messageBox('info', t('incidentsReadOnly')));
      const shown = reference.environments.filter((environment) => !onlyEnvironment || environment.id === onlyEnvironment);
      replaceChildren(sections, shown.map((environment) => environmentSection(reference, session, environment, state, { feedback, deviceNames })));
    } catch (error) {
      replaceChildren(sections, errorBox(error, () => void load()));
    }
  };
  void load();
}

/** The filters apply on "Filtrer" (not on each change), so arrow keys never reload the page. */
function filters(reference: Reference, state: StateFilter, environmentId: string): HTMLElement {
  const apply = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const query = new URLSearchParams();
    if (data.get('state') === 'all') query.set('state', 'all');
    const environment = String(data.get('environmentId') ?? '');
    if (environment) query.set('environmentId', environment);
    navigate(`${href('incidents')}${query.size > 0 ? `?${query.toString()}` : ''}`);
  };
  const choice = (value: StateFilter, label: MessageKey) => {
    const id = uniqueId(`incident-state-${value}`);
    return el('span', { class: 'choice' }, el('input', { type: 'radio', name: 'state', id, value, checked: state === value }), el('label', { for: id }, t(label)));
  };
  const environmentSelectId = uniqueId('incident-environment');
  return el(
    'form',
    { class: 'toolbar filters-inline', role: 'search', 'aria-label': t('filters'), onsubmit: apply },
    el('fieldset', { class: 'inline' }, el('legend', {}, t('incidentsFilterState')), choice('open', 'incidentsOpen'), choice('all', 'incidentsAll')),
    el(
      'div',
      { class: 'field' },
      el('label', { for: environmentSelectId }, t('incidentsEnvironment')),
      el(
        'select',
        { id: environmentSelectId, name: 'environmentId' },
        el('option', { value: '' }, t('incidentsAllEnvironments')),
        reference.environments.map((environment) => el('option', { value: environment.id, selected: environment.id === environmentId }, environment.name)),
      ),
    ),
    el('button', { type: 'submit', class: 'primary' }, t('filterApply')),
  );
}

function incidentsPath(reference: Reference, environmentId: string): string {
  return `${regionPath(reference)}/environments/${encodeURIComponent(environmentId)}/incidents`;
}

/** One environment's incidents: its own table, its own "Vis flere". */
function environmentSection(reference: Reference, session: Session, environment: Environment, state: StateFilter, shared: Omit<RowHooks, 'reload'>): HTMLElement {
  const headingId = uniqueId('incidents-heading');
  const content = el('div');
  const section = el('section', { 'aria-labelledby': headingId }, el('h2', { id: headingId }, environment.name), content);
  const fetchPage = (cursor?: string) => {
    const query = new URLSearchParams({ state, limit: String(PAGE_SIZE) });
    if (cursor) query.set('cursor', cursor);
    return apiGet<Page<Incident>>(`${incidentsPath(reference, environment.id)}?${query.toString()}`);
  };

  const load = async () => {
    replaceChildren(content);
    try {
      const first = await whileLoading(content, fetchPage());
      if (first.items.length === 0) return replaceChildren(content, el('p', {}, t('incidentsNoneIn', { environment: environment.name })));
      const actor = OPERATORS.includes(session.role);
      const body = el('tbody');
      const count = el('p', { class: 'count', role: 'status' });
      const more = el('button', { type: 'button', class: 'more' }, t('showMore'));
      let cursor = first.nextCursor;
      const hooks: RowHooks = { ...shared, reload: () => void load() };
      const add = (incidents: Incident[]) => {
        body.append(...incidents.map((incident) => incidentRow(reference, actor, incident, hooks)));
        count.textContent = t('incidentsShowing', { count: body.rows.length });
        more.hidden = !cursor;
      };
      more.addEventListener('click', async () => {
        more.disabled = true;
        try {
          const page = await whileLoading(content, fetchPage(cursor));
          cursor = page.nextCursor;
          add(page.items);
        } catch (error) {
          content.append(errorBox(error));
        } finally {
          more.disabled = false;
        }
      });
      const headings = [t('incidentsOpened'), t('incidentsDevice'), t('incidentsSeverity'), t('incidentsState'), t('incidentsSummary'), actor ? t('incidentsActions') : null];
      replaceChildren(
        content,
        el(
          'div',
          { class: 'table-scroll' },
          el(
            'table',
            { class: 'data' },
            el('caption', { class: 'visually-hidden' }, t('incidentsCaptionFor', { environment: environment.name })),
            el('thead', {}, el('tr', {}, headings.filter((heading) => heading !== null).map((heading) => el('th', { scope: 'col' }, heading)))),
            body,
          ),
        ),
        count,
        more,
      );
      add(first.items);
    } catch (error) {
      replaceChildren(content, errorBox(error, () => void load()));
    }
  };
  void load();
  return section;
}

interface RowHooks {
  /** Where the outcome of an action is told. */
  feedback: HTMLElement;
  /** Reads the environment's incidents again after an action changed one. */
  reload: () => void;
  deviceNames: DeviceNames;
}

/**
 * Incidents name their device by id; people know it by name. Names are read once per device
 * while the view is open (a handful of incidents, so a handful of reads), and shown when they come.
 */
class DeviceNames {
  private readonly names = new Map<string, Promise<string>>();

  link(reference: Reference, deviceId: string): HTMLAnchorElement {
    const link = el('a', { href: href('inventory', deviceId) }, deviceId);
    // A device that cannot be read (deleted since) keeps showing its id.
    this.nameOf(reference, deviceId).then((text) => (link.textContent = text)).catch(() => undefined);
    return link;
  }

  nameOf(reference: Reference, deviceId: string): Promise<string> {
    let name = this.names.get(deviceId);
    if (!name) {
      name = apiGet<Device>(`${regionPath(reference)}/devices/${encodeURIComponent(deviceId)}`).then((device) => device.name);
      this.names.set(deviceId, name);
    }
    return name;
  }
}

function incidentRow(reference: Reference, actor: boolean, incident: Incident, hooks: RowHooks): HTMLTableRowElement {
  const where = incident.deviceId ? hooks.deviceNames.link(reference, incident.deviceId) : t('incidentEnvironmentWide');
  return el(
    'tr',
    { class: `incident-${incident.state}` },
    el('td', { class: 'date' }, formatDateTime(incident.openedAt)),
    el('th', { scope: 'row' }, where),
    el('td', {}, statusBadge(incident.severity)),
    el('td', {}, tOr(`incidentState_${incident.state}`, incident.state), incident.planned ? el('span', { class: 'tag' }, t('incidentPlanned')) : null),
    el(
      'td',
      {},
      el('strong', {}, incidentTitle(reference, incident, hooks)),
      incident.checks.length > 0 ? el('div', { class: 'meta' }, incident.checks.join(', ')) : null,
      el(
        'details',
        {},
        el('summary', {}, t('incidentTimeline', { count: incident.timeline.length })),
        el(
          'ol',
          { class: 'timeline' },
          incident.timeline.map((entry) => el('li', {}, el('span', { class: 'meta' }, formatDateTime(entry.at)), ' ', timelineText(incident, entry))),
        ),
      ),
    ),
    actor ? el('td', {}, actions(reference, incident, hooks)) : null,
  );
}

function actions(reference: Reference, incident: Incident, hooks: RowHooks): HTMLElement {
  const commentId = uniqueId(`incident-comment-${incident.id}`);
  const commentText = el('textarea', { id: commentId, rows: 2, maxlength: 2000 });
  const commentForm = el(
    'form',
    { class: 'comment-form', hidden: true, onsubmit: (event: Event) => (event.preventDefault(), void act('comment')) },
    el('label', { for: commentId }, t('incidentCommentLabel', { title: incidentTitleInUi(incident) })),
    commentText,
    el('button', { type: 'submit' }, t('incidentCommentSend')),
  );
  const buttons: HTMLButtonElement[] = [];
  const button = (label: MessageKey, onclick: () => void) => {
    const created = el('button', { type: 'button', onclick }, t(label));
    buttons.push(created);
    return created;
  };
  const done: Record<Action, MessageKey> = { acknowledge: 'incidentAcknowledged', resolve: 'incidentResolved', comment: 'incidentCommented' };

  // Resolving an incident whose device still fails asks for a note and warns: the next sweep that
  // still finds it failing opens a new incident.
  const noteId = uniqueId(`incident-note-${incident.id}`);
  const noteText = el('textarea', { id: noteId, rows: 2, maxlength: 2000, required: true, 'aria-describedby': `${noteId}-warning` });
  const resolveWarning = el('p', { id: `${noteId}-warning` });
  const resolveForm = el(
    'form',
    { class: 'comment-form resolve-form', hidden: true, novalidate: true, onsubmit: (event: Event) => (event.preventDefault(), void resolveWithNote()) },
    el('div', { class: 'message warning', role: 'alert' }, resolveWarning),
    el('label', { for: noteId }, t('incidentResolveNote')),
    noteText,
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'danger' }, t('incidentResolveAnyway')), el('button', { type: 'button', onclick: () => (resolveForm.hidden = true) }, t('cancel'))),
  );

  async function resolve(): Promise<void> {
    if (incident.deviceId) {
      for (const each of buttons) each.disabled = true;
      const status = await deviceStatus(reference, incident.environmentId, incident.deviceId).catch(() => undefined);
      for (const each of buttons) each.disabled = false;
      if (status === 'critical' || status === 'warning') {
        const device = await hooks.deviceNames.nameOf(reference, incident.deviceId).catch(() => incident.deviceId as string);
        resolveWarning.textContent = t('incidentStillFailing', { device, status: statusLabel(status).toLowerCase() });
        resolveForm.hidden = false;
        noteText.focus();
        return;
      }
    }
    await act('resolve');
  }

  async function resolveWithNote(): Promise<void> {
    if (noteText.value.trim() === '') {
      replaceChildren(hooks.feedback, messageBox('error', t('incidentResolveNoteEmpty')));
      noteText.focus();
      return;
    }
    await act('resolve', noteText.value.trim());
  }

  async function act(action: Action, note?: string): Promise<void> {
    const text = commentText.value.trim();
    if (action === 'comment' && text === '') {
      replaceChildren(hooks.feedback, messageBox('error', t('incidentCommentEmpty')));
      commentText.focus();
      return;
    }
    for (const each of buttons) each.disabled = true;
    try {
      const base = `${incidentsPath(reference, incident.environmentId)}/${encodeURIComponent(incident.id)}`;
      if (action === 'comment') await apiSend<Incident>('POST', `${base}/comments`, { text });
      else await apiSend<Incident>('POST', `${base}/${action}`, note ? { note } : {});
      replaceChildren(hooks.feedback, messageBox('success', t(note ? 'incidentResolvedStillFailing' : done[action])));
      hooks.reload();
    } catch (error) {
      for (const each of buttons) each.disabled = false;
      // The device failed again since the page looked: the API asks for the note itself.
      if (error instanceof ApiError && error.code === 'resolve-note-required') {
        resolveWarning.textContent = describeError(error);
        resolveForm.hidden = false;
        noteText.focus();
        return;
      }
      replaceChildren(hooks.feedback, errorBox(error));
    }
  }

  return el(
    'div',
    { class: 'actions' },
    incident.state === 'open' ? button('incidentAcknowledge', () => void act('acknowledge')) : null,
    incident.state !== 'resolved' ? button('incidentResolve', () => void resolve()) : null,
    button('incidentComment', () => {
      commentForm.hidden = !commentForm.hidden;
      if (!commentForm.hidden) commentText.focus();
    }),
    commentForm,
    resolveForm,
  );
}

/**
 * An automatic incident's title is built by the monitor in English (`Brannmur 1: ping critical`);
 * it is said again here from its parts (the device's name and the checks). A title a person wrote
 * is shown as written.
 */
function incidentTitle(reference: Reference, incident: Incident, hooks: RowHooks): HTMLElement | string {
  // A coded title carries the device's name: said in the UI language as it is.
  if (incident.titleCode) return incidentTitleInUi(incident);
  if (incident.source !== 'automatic' || !incident.deviceId) return incident.title;
  const title = el('span', {}, t('incidentAutomaticTitle', { device: incident.deviceId, checks: incident.checks.join(', ') }));
  hooks.deviceNames
    .nameOf(reference, incident.deviceId)
    .then((device) => (title.textContent = t('incidentAutomaticTitle', { device, checks: incident.checks.join(', ') })))
    .catch(() => undefined);
  return title;
}

type TimelineEntry = Incident['timeline'][number];

/**
 * A timeline entry in the UI language: what happened and who did it ("Kvittert av kari", "Løst av
 * overvåkingen"), then what a person wrote. The monitor's own English detail (check messages) is
 * for API clients; here its entries name the checks of the incident instead.
 */
function timelineText(incident: Incident, entry: TimelineEntry): string {
  // The monitor's coded entries ("Løst av overvåkingen: …", "Kvittert av kari") are whole sentences.
  if (entry.textCode) return timelineEntryInUi(entry);
  const what = entry.by ? t(`timelineBy_${entry.type}` as MessageKey, { by: entry.by }) : t(`timelineMonitor_${entry.type}` as MessageKey, { checks: incident.checks.join(', ') });
  // What a person wrote follows; the text the API writes when they wrote nothing ("acknowledged by kari") does not.
  const written = entry.by && entry.text && entry.text !== `${entry.type} by ${entry.by}` ? entry.text : undefined;
  return written ? `${what}: ${written}` : what;
}

/** The device's status on its environment's board now (undefined when the board has no row for it). */
async function deviceStatus(reference: Reference, environmentId: string, deviceId: string): Promise<string | undefined> {
  const board = await apiGet<EnvironmentHealth>(`${regionPath(reference)}/environments/${encodeURIComponent(environmentId)}/health`);
  return board.items.find((item) => item.deviceId === deviceId)?.status;
}
