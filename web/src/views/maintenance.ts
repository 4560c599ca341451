import { ApiError, apiGet, apiSend } from '../api.ts';
import { OPERATORS } from '../../../shared/domain/identity.ts';
import { dataTable, el, replaceChildren, uniqueId, type TableRowSpec } from '../dom.ts';
import { confirmDelete, describeError, errorBox, liveRegion, messageBox, whileLoading, whileSaving } from '../feedback.ts';
import { formatOsloDate, formatOsloDateTime, formatTimeOfDay, osloToInstant, parseDate, parseOsloDateTime, parseTimeOfDay } from '../format.ts';
import { t, type MessageKey } from '../i18n.ts';
import { statusBadge } from '../status.ts';
import type { ViewContext } from '../view-context.ts';
import { loadReference, regionPath, type Reference } from '../reference.ts';
import { href, navigate } from '../router.ts';
import type { Session } from '../session.ts';
import type { Device, Environment, MaintenanceWindow, MaintenanceWindowRequest, Page } from '../types.ts';
import { choiceGroup, fieldErrors, labelledField, type FieldSlot } from '../form-fields.ts';

/**
 * Vedlikeholdsvinduer: planned maintenance per operating environment. While a window is in force
 * the monitor goes on collecting, but incidents opened then are marked planned and do not alert.
 * Operators and admins add one-off windows (start and end) or weekly ones (days, a start time and
 * how long), for chosen devices or the whole environment, and remove them; others read the list.
 * Every time here is Norwegian time (Europe/Oslo), whatever the browser's own time zone is.
 * `#/maintenance?environmentId=…` opens one environment.
 */
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];
const MINUTES_PER_DAY = 24 * 60;

export function renderMaintenance(view: HTMLElement, { route, session }: ViewContext): void {
  const feedback = liveRegion();
  const body = el('div');
  replaceChildren(view, el('h1', {}, t('maintenanceTitle')), el('p', { class: 'intro' }, t('maintenanceIntro')), body);

  const load = async () => {
    replaceChildren(body);
    try {
      const reference = await whileLoading(body, loadReference());
      const asked = route.query.get('environmentId');
      const environment = reference.environments.find((candidate) => candidate.id === asked) ?? reference.environments[0];
      if (!environment) return replaceChildren(body, messageBox('info', t('maintenanceNoEnvironments')));
      const list = el('div');
      replaceChildren(
        body,
        environmentChooser(reference, environment.id),
        OPERATORS.includes(session.role) ? null : messageBox('info', t('maintenanceReadOnly')),
        el('section', { 'aria-labelledby': 'maintenance-list' }, el('h2', { id: 'maintenance-list' }, t('maintenanceListTitle', { environment: environment.name })), feedback, list),
      );
      const reloadList = () => showWindows(list, reference, session, environment, feedback);
      await reloadList();
      if (OPERATORS.includes(session.role)) body.append(createSection(reference, environment, feedback, reloadList));
    } catch (error) {
      replaceChildren(body, errorBox(error, () => void load()));
    }
  };
  void load();
}

function windowsPath(reference: Reference, environmentId: string): string {
  return `${regionPath(reference)}/environments/${encodeURIComponent(environmentId)}/maintenance-windows`;
}

/** The environment applies on "Vis" (not on each change), so arrow keys never reload the page. */
function environmentChooser(reference: Reference, environmentId: string): HTMLElement {
  const id = uniqueId('maintenance-environment');
  return el(
    'form',
    {
      class: 'toolbar filters-inline',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const chosen = String(new FormData(event.target as HTMLFormElement).get('environmentId') ?? '');
        navigate(`${href('maintenance')}?${new URLSearchParams({ environmentId: chosen }).toString()}`);
      },
    },
    el(
      'div',
      { class: 'field' },
      el('label', { for: id }, t('incidentsEnvironment')),
      el('select', { id, name: 'environmentId' }, reference.environments.map((environment) => el('option', { value: environment.id, selected: environment.id === environmentId }, environment.name))),
    ),
    el('button', { type: 'submit', class: 'primary' }, t('maintenanceShow')),
  );
}

// --- the list ----------------------------------------------------------------------------------

async function showWindows(list: HTMLElement, reference: Reference, session: Session, environment: Environment, feedback: HTMLElement): Promise<void> {
  replaceChildren(list);
  try {
    const [answer, devices] = await whileLoading(list, Promise.all([apiGet<{ items: MaintenanceWindow[] }>(windowsPath(reference, environment.id)), devicesIn(reference, environment.id)]));
    const names = new Map(devices.map((device) => [device.id, device.name]));
    if (answer.items.length === 0) return replaceChildren(list, el('p', {}, t('maintenanceNone', { environment: environment.name })));
    // In force first, then the next to start; ended one-off windows last.
    const windows = [...answer.items].sort((a, b) => Number(b.activeNow) - Number(a.activeNow) || startOf(a).localeCompare(startOf(b)));
    const actor = OPERATORS.includes(session.role);
    replaceChildren(
      list,
      dataTable(
        t('maintenanceCaption', { environment: environment.name }),
        [
          t('maintenanceReason'),
          t('maintenanceCovers'),
          t('maintenanceWhen'),
          t('maintenanceActiveNow'),
          { heading: t('maintenanceCreated'), kind: 'date' },
          ...(actor ? [t('incidentsActions')] : []),
        ],
        windows.map((window) => windowRow(window, names, actor ? () => deleteCell(reference, environment, window, feedback, () => void showWindows(list, reference, session, environment, feedback)) : undefined)),
        { class: 'maintenance', scroll: true },
      ),
      el('p', { class: 'count', role: 'status' }, t('maintenanceShowing', { count: windows.length })),
    );
  } catch (error) {
    replaceChildren(list, errorBox(error, () => void showWindows(list, reference, session, environment, feedback)));
  }
}

function startOf(window: MaintenanceWindow): string {
  return window.schedule.type === 'one-off' ? window.schedule.start : `~${window.schedule.start}`;
}

function windowRow(window: MaintenanceWindow, names: Map<string, string>, actions: (() => HTMLElement) | undefined): TableRowSpec {
  const covers =
    window.deviceIds.length === 0
      ? t('maintenanceWholeEnvironment')
      : el('ul', { class: 'plain' }, window.deviceIds.map((deviceId) => el('li', {}, el('a', { href: href('inventory', deviceId) }, names.get(deviceId) ?? deviceId))));
  return {
    attributes: { class: window.activeNow ? 'active-window' : undefined },
    cells: [
      window.reason,
      covers,
      scheduleText(window.schedule),
      window.activeNow ? statusBadge('maintenance', t('maintenanceYes')) : t('maintenanceNo'),
      [formatOsloDateTime(window.createdAt), el('br'), el('span', { class: 'meta' }, window.createdBy)],
      ...(actions ? [actions()] : []),
    ],
  };
}

/** `Hver man, ons kl. 22:00–02:00 (over midnatt)` or `01.07.2030 22:00 – 02.07.2030 02:00`. */
export function scheduleText(schedule: MaintenanceWindow['schedule']): string {
  if (schedule.type === 'one-off') return t('maintenanceOneOffText', { start: formatOsloDateTime(schedule.start), end: formatOsloDateTime(schedule.end) });
  const days = schedule.days.map((day) => t(`weekdayShort_${day}` as MessageKey)).join(', ');
  const overnight = minutesOf(schedule.end) <= minutesOf(schedule.start);
  const parts = [t(overnight ? 'maintenanceWeeklyOvernight' : 'maintenanceWeeklyText', { days, start: schedule.start, end: schedule.end })];
  if (schedule.validFrom) parts.push(t('maintenanceValidFrom', { date: formatOsloDate(schedule.validFrom) }));
  if (schedule.validUntil) parts.push(t('maintenanceValidUntil', { date: formatOsloDate(schedule.validUntil) }));
  return parts.join(' · ');
}

function minutesOf(localTime: string): number {
  const [hours = '0', minutes = '0'] = localTime.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** "Slett" asks once more in place (no pop-up), then removes the window. */
function deleteCell(reference: Reference, environment: Environment, window: MaintenanceWindow, feedback: HTMLElement, reload: () => void): HTMLElement {
  const cell = el('div', { class: 'actions' });
  const remove = async () => {
    try {
      await apiSend('DELETE', `${windowsPath(reference, environment.id)}/${encodeURIComponent(window.id)}`);
      replaceChildren(feedback, messageBox('success', t('maintenanceDeleted', { reason: window.reason })));
      reload();
    } catch (error) {
      replaceChildren(feedback, messageBox('error', error instanceof ApiError && error.status === 404 ? t('maintenanceGone') : describeError(error)));
      if (error instanceof ApiError && error.status === 404) reload();
      else initial();
    }
  };
  const ask = () => confirmDelete(cell, t('maintenanceDeleteQuestion', { reason: window.reason }), remove, initial);
  const initial = () =>
    replaceChildren(cell, el('button', { type: 'button', 'aria-label': t('maintenanceDeleteFor', { reason: window.reason }), onclick: ask }, t('delete')));
  initial();
  return cell;
}

async function devicesIn(reference: Reference, environmentId: string): Promise<Device[]> {
  const devices: Device[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ environmentId, limit: '1000' });
    if (cursor) query.set('cursor', cursor);
    const page = await apiGet<Page<Device>>(`${regionPath(reference)}/devices?${query.toString()}`);
    devices.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return devices.sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}

// --- the form ----------------------------------------------------------------------------------

type FieldName = 'reason' | 'deviceIds' | 'start' | 'end' | 'days' | 'weeklyStart' | 'duration' | 'validFrom' | 'validUntil';

function createSection(reference: Reference, environment: Environment, listFeedback: HTMLElement, reloadList: () => Promise<void>): HTMLElement {
  const section = el('section', { 'aria-labelledby': 'maintenance-new' }, el('h2', { id: 'maintenance-new' }, t('maintenanceNewTitle')));
  const formSlot = el('div');
  section.append(formSlot);
  const load = async () => {
    replaceChildren(formSlot);
    try {
      const devices = await whileLoading(formSlot, devicesIn(reference, environment.id));
      replaceChildren(formSlot, windowForm(reference, environment, devices, listFeedback, reloadList));
    } catch (error) {
      replaceChildren(formSlot, errorBox(error, () => void load()));
    }
  };
  void load();
  return section;
}

function windowForm(reference: Reference, environment: Environment, devices: Device[], listFeedback: HTMLElement, reloadList: () => Promise<void>): HTMLFormElement {
  const formId = uniqueId('maintenance-form');
  const errors = new Map<FieldName, FieldSlot>();
  const feedback = liveRegion();

  /** A labelled field with its hint and its own error line, linked by aria-describedby. */
  const field = (name: FieldName, label: string, control: HTMLInputElement | HTMLSelectElement, hint?: string): HTMLElement => {
    const slot = labelledField(formId, name, label, control, hint);
    errors.set(name, slot);
    return slot.wrapper;
  };
  /** A group of checkboxes (devices, days) with a legend, a hint and an error line. */
  const group = (name: FieldName, legend: string, choices: Array<{ value: string; label: string }>, hint: string, className: string): HTMLElement => {
    const slot = choiceGroup(formId, name, legend, choices, { hint, className });
    errors.set(name, slot);
    return slot.wrapper;
  };

  const reason = el('input', { type: 'text', maxlength: 500, autocomplete: 'off', required: true });
  // Text fields rather than the browser's date pickers, whose format follows the browser's own
  // language (mm/dd/yyyy in an English one): here it is always dd.mm.åååå tt:mm, Oslo time.
  const start = el('input', { type: 'text', autocomplete: 'off', required: true });
  const end = el('input', { type: 'text', autocomplete: 'off', required: true });
  const weeklyStart = el('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', maxlength: 5, required: true });
  const duration = el('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', required: true });
  const validFrom = el('input', { type: 'text', autocomplete: 'off' });
  const validUntil = el('input', { type: 'text', autocomplete: 'off' });
  const endsAt = el('p', { class: 'hint ends-at', 'aria-live': 'polite' });

  const scheduleTypes = [
    { value: 'one-off', label: t('maintenanceOneOff'), checked: true },
    { value: 'weekly', label: t('maintenanceWeekly') },
  ];
  const oneOff = el(
    'div',
    { class: 'form-grid' },
    field('start', t('maintenanceStart'), start, t('maintenanceDateTimeHint')),
    field('end', t('maintenanceEnd'), end, t('maintenanceDateTimeHint')),
  );
  const weekly = el(
    'div',
    { hidden: true },
    group('days', t('maintenanceDays'), WEEKDAYS.map((day) => ({ value: day, label: t(`weekday_${day}` as MessageKey) })), t('maintenanceDaysHint'), 'days'),
    el(
      'div',
      { class: 'form-grid' },
      field('weeklyStart', t('maintenanceWeeklyStart'), weeklyStart, t('maintenanceTimeHint')),
      el('div', {}, field('duration', t('maintenanceDuration'), duration, t('maintenanceDurationHint')), endsAt),
      field('validFrom', t('maintenanceValidFromLabel'), validFrom, `${t('fieldDateHint')} · ${t('fieldOptionalHint')}`),
      field('validUntil', t('maintenanceValidUntilLabel'), validUntil, `${t('fieldDateHint')} · ${t('fieldOptionalHint')}`),
    ),
  );
  const saveButton = el('button', { type: 'submit', class: 'primary' }, t('maintenanceCreate'));
  const form = el(
    'form',
    { class: 'maintenance-form card', novalidate: true, onsubmit: (event: Event) => (event.preventDefault(), void submit()) },
    el('p', { class: 'hint' }, t('maintenanceFormIntro', { environment: environment.name })),
    el('div', { class: 'form-grid' }, field('reason', t('maintenanceReason'), reason, t('maintenanceReasonHint'))),
    group('deviceIds', t('maintenanceDevices'), devices.map((device) => ({ value: device.id, label: device.name })), t('maintenanceDevicesHint'), 'devices'),
    choiceGroup(formId, 'scheduleType', t('maintenanceType'), scheduleTypes, { type: 'radio', inline: true, onChange: () => switchType() }).wrapper,
    oneOff,
    weekly,
    el('div', { class: 'buttons' }, saveButton),
    feedback,
  );
  weeklyStart.addEventListener('input', showEnd);
  duration.addEventListener('input', showEnd);

  function scheduleType(): 'one-off' | 'weekly' {
    return new FormData(form).get('scheduleType') === 'weekly' ? 'weekly' : 'one-off';
  }
  function switchType(): void {
    const isWeekly = scheduleType() === 'weekly';
    oneOff.hidden = isWeekly;
    weekly.hidden = !isWeekly;
  }
  function showEnd(): void {
    const minutes = readDuration(duration.value);
    const startTime = parseTimeOfDay(weeklyStart.value);
    const startMinutes = startTime === undefined ? undefined : minutesOf(startTime);
    if (minutes === undefined || startMinutes === undefined) return void (endsAt.textContent = '');
    const endMinutes = startMinutes + minutes;
    endsAt.textContent = t(endMinutes >= MINUTES_PER_DAY ? 'maintenanceEndsNextDay' : 'maintenanceEndsAt', { time: formatTimeOfDay(endMinutes % MINUTES_PER_DAY) });
  }

  const problems = fieldErrors(form, errors);
  const showError = (name: FieldName, message: string) => problems.show(name, message);
  const clearErrors = () => {
    problems.clear();
    replaceChildren(feedback);
  };
  const focusFirstError = () => problems.focusFirst();

  /** Reads the form into the API's body, or shows what is wrong beside each field. */
  function read(): MaintenanceWindowRequest | undefined {
    let valid = true;
    const fail = (name: FieldName, message: string) => {
      showError(name, message);
      valid = false;
    };
    const reasonText = reason.value.trim();
    if (!reasonText) fail('reason', t('required'));
    const deviceIds = [...form.querySelectorAll<HTMLInputElement>('input[name="deviceIds"]:checked')].map((box) => box.value);
    let schedule: MaintenanceWindowRequest['schedule'] | undefined;
    if (scheduleType() === 'one-off') {
      const startAt = parseOsloDateTime(start.value);
      const endAt = parseOsloDateTime(end.value);
      if (startAt === 'empty') fail('start', t('required'));
      else if (startAt === 'unreadable') fail('start', t('maintenanceInvalidDateTime'));
      else if (startAt === undefined) fail('start', t('maintenanceNoSuchTime'));
      if (endAt === 'empty') fail('end', t('required'));
      else if (endAt === 'unreadable') fail('end', t('maintenanceInvalidDateTime'));
      else if (endAt === undefined) fail('end', t('maintenanceNoSuchTime'));
      const isInstant = (value: string | undefined): value is string => value !== undefined && value !== 'empty' && value !== 'unreadable';
      if (isInstant(startAt) && isInstant(endAt)) {
        if (endAt <= startAt) fail('end', t('maintenanceEndBeforeStart'));
        else schedule = { type: 'one-off', start: startAt, end: endAt };
      }
    } else {
      const days = [...form.querySelectorAll<HTMLInputElement>('input[name="days"]:checked')].map((box) => box.value as Weekday);
      if (days.length === 0) fail('days', t('maintenanceChooseDay'));
      const startTime = parseTimeOfDay(weeklyStart.value) ?? '';
      if (!startTime) fail('weeklyStart', weeklyStart.value.trim() ? t('maintenanceInvalidTime') : t('required'));
      const minutes = readDuration(duration.value);
      if (minutes === undefined) fail('duration', duration.value.trim() ? t('maintenanceInvalidDuration') : t('required'));
      const from = optionalDay(validFrom.value);
      const until = optionalDay(validUntil.value);
      if (from === undefined) fail('validFrom', t('invalidDate'));
      if (until === undefined) fail('validUntil', t('invalidDate'));
      if (from && until && until <= from) fail('validUntil', t('maintenanceUntilBeforeFrom'));
      if (valid && minutes !== undefined) {
        schedule = {
          type: 'weekly',
          days,
          start: startTime,
          end: formatTimeOfDay((minutesOf(startTime) + minutes) % MINUTES_PER_DAY),
          ...(from ? { validFrom: from } : {}),
          ...(until ? { validUntil: until } : {}),
        };
      }
    }
    return valid && schedule ? { reason: reasonText, deviceIds, schedule } : undefined;
  }

  async function submit(): Promise<void> {
    clearErrors();
    const body = read();
    if (!body) {
      replaceChildren(feedback, messageBox('error', t('errorInvalid')));
      focusFirstError();
      return;
    }
    await whileSaving(saveButton, async () => {
      try {
        const created = await apiSend<MaintenanceWindow>('POST', windowsPath(reference, environment.id), body);
        form.reset();
        switchType();
        endsAt.textContent = '';
        replaceChildren(listFeedback, messageBox('success', t('maintenanceAdded', { reason: created.reason, when: scheduleText(created.schedule) })));
        await reloadList();
        listFeedback.scrollIntoView({ block: 'nearest' });
      } catch (error) {
        replaceChildren(feedback, failure(error));
        focusFirstError();
      }
    });
  }

  /** The API's field problems beside their fields (`body.schedule.end` → end); the rest listed. */
  function failure(error: unknown): HTMLElement {
    if (!(error instanceof ApiError) || error.fieldProblems.length === 0) return messageBox('error', describeError(error));
    const weekly = scheduleType() === 'weekly';
    return problems.showApiProblems(error.fieldProblems, (path): FieldName | undefined => {
      const [first, second] = path.split('.');
      if (first === 'reason' || first === 'deviceIds') return first;
      if (first !== 'schedule') return undefined;
      if (second === 'days' || second === 'validFrom' || second === 'validUntil') return second;
      if (second === 'start') return weekly ? 'weeklyStart' : 'start';
      if (second === 'end') return weekly ? 'duration' : 'end';
      return undefined;
    });
  }

  return form;
}

/** An optional day (`dd.mm.åååå`) as the instant Oslo's day begins: '' when empty, undefined when unreadable. */
function optionalDay(text: string): string | undefined {
  if (!text.trim()) return '';
  const day = parseDate(text);
  return day ? osloToInstant(day, '00:00') : undefined;
}

/** `2`, `1,5`, `1.5` or `1:30` hours → minutes (a quarter of an hour up to a whole day); else undefined. */
export function readDuration(text: string): number | undefined {
  const trimmed = text.trim().replace(/\s*(t|timer|h|hours?)$/i, '');
  const clockForm = /^(\d{1,2}):([0-5]\d)$/.exec(trimmed);
  const minutes = clockForm ? Number(clockForm[1]) * 60 + Number(clockForm[2]) : /^\d{1,2}([.,]\d{1,2})?$/.test(trimmed) ? Math.round(Number(trimmed.replace(',', '.')) * 60) : NaN;
  return Number.isFinite(minutes) && minutes >= 1 && minutes <= MINUTES_PER_DAY ? minutes : undefined;
}
