import { INVENTORY_EDITORS, OPERATORS } from '../../../shared/domain/identity.ts';
import { ApiError, apiGet, apiSend } from '../api.ts';
import { el, replaceChildren } from '../dom.ts';
import { describeError, errorBox, liveRegion, messageBox, whileLoading, whileSaving } from '../feedback.ts';
import { formatDate, formatNok } from '../format.ts';
import { t } from '../i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { loadReference, regionPath, type Reference } from '../reference.ts';
import { href } from '../router.ts';
import type { Session } from '../session.ts';
import { kindLabel } from '../status.ts';
import type { Device } from '../types.ts';
import { deviceChecksSection } from './device-checks.ts';
import { buildDeviceForm, type DeviceForm } from './device-form.ts';
import { deviceHealthPanel } from './device-history.ts';
import { deviceStatusSection, loadEnvironmentBoard } from './device-status.ts';
import { endOfSupportText } from './inventory.ts';

/**
 * One device: its facts, and for those allowed an edit form that sends only the changed fields
 * with the version it read (PATCH). If someone else saved in between, the API answers 409 and the
 * form says so and offers a reload instead of overwriting their change. Below: what the device
 * reports against what is registered (drift) and the history of its checks.
 */
export function renderDeviceDetail(view: HTMLElement, { session }: ViewContext, deviceId: string): void {
  const load = async () => {
    replaceChildren(view, backLink());
    try {
      const reference = await loadReference();
      const device = await whileLoading(view, apiGet<Device>(`${regionPath(reference)}/devices/${encodeURIComponent(deviceId)}`));
      showDevice(view, session, reference, device, () => void load());
    } catch (error) {
      view.append(errorBox(error, () => void load()));
    }
  };
  void load();
}

function backLink(): HTMLElement {
  return el('p', { class: 'back' }, el('a', { href: href('inventory') }, `← ${t('deviceBack')}`));
}

function showDevice(view: HTMLElement, session: Session, reference: Reference, device: Device, reload: () => void): void {
  const heading = el('h1', {}, device.name);
  const versionLine = el('p', { class: 'meta' }, t('deviceVersion', { id: device.id, version: device.version }));
  // The page starts with the device's status; the same board answer feeds the history below.
  const board = loadEnvironmentBoard(reference, device);
  board.catch(() => undefined); // each part shows its own error
  const status = deviceStatusSection(reference, device, board);
  const readOnlyReason = whyReadOnly(session, device);
  if (readOnlyReason) {
    replaceChildren(view, backLink(), heading, status, versionLine, messageBox('info', readOnlyReason), deviceFacts(reference, device), deviceHealthPanel(reference, device, board));
    return;
  }

  let current = device;
  const feedback = liveRegion();
  const form: DeviceForm = buildDeviceForm(reference, current, { onSubmit: () => void save() });
  // Checks are monitoring configuration: operators and admins change them; the API refuses others too.
  const checks = OPERATORS.includes(session.role)
    ? deviceChecksSection({
        reference,
        current: () => current,
        saved: (saved) => {
          current = saved;
          versionLine.textContent = t('deviceVersion', { id: current.id, version: current.version });
        },
        reload,
      })
    : null;
  replaceChildren(view, backLink(), heading, status, versionLine, el('h2', {}, t('deviceEditTitle')), form.element, feedback, checks, deviceHealthPanel(reference, device, board));

  async function save(): Promise<void> {
    form.clearErrors();
    replaceChildren(feedback);
    const read = form.changes(current);
    if (!read.ok) {
      replaceChildren(feedback, messageBox('error', t('errorInvalid')));
      form.focusFirstError();
      return;
    }
    if (Object.keys(read.changes).length === 0) {
      replaceChildren(feedback, messageBox('info', t('nothingToSave')));
      return;
    }
    await whileSaving(form.saveButton, async () => {
      try {
        current = await apiSend<Device>('PATCH', `${regionPath(reference)}/devices/${encodeURIComponent(current.id)}`, { ...read.changes, version: current.version });
        heading.textContent = current.name;
        versionLine.textContent = t('deviceVersion', { id: current.id, version: current.version });
        replaceChildren(feedback, messageBox('success', t('saved')));
      } catch (error) {
        replaceChildren(feedback, saveFailure(error, form, reload));
      }
    });
  }
}

/** Explains a refused save in the UI language, with field problems next to their fields. */
function saveFailure(error: unknown, form: DeviceForm, reload: () => void): HTMLElement {
  if (error instanceof ApiError && error.code === 'version-conflict') {
    return messageBox('warning', el('p', {}, t('conflict')), el('button', { type: 'button', class: 'primary', onclick: reload }, t('reload')));
  }
  if (error instanceof ApiError && error.status === 403) return messageBox('error', t('editForbidden', { message: error.message }));
  if (error instanceof ApiError && error.status === 422) return messageBox('error', t('ruleViolated', { message: error.message }));
  if (error instanceof ApiError && error.fieldProblems.length > 0) {
    const box = form.showApiProblems(error.fieldProblems);
    form.focusFirstError();
    return box;
  }
  return messageBox('error', describeError(error));
}

/**
 * Mirrors the API's rule so people are not offered a form the API will refuse: operators and
 * admins edit everything, a municipality only devices it pays for alone, others read. The API
 * still decides; a refusal it sends is shown as it comes.
 */
function whyReadOnly(session: Session, device: Device): string | undefined {
  if (!INVENTORY_EDITORS.includes(session.role)) return t('readOnlyRole');
  if (session.role === 'member' && !(device.payer.type === 'member' && device.payer.memberId === session.memberId)) return t('readOnlyOtherMember');
  return undefined;
}

function deviceFacts(reference: Reference, device: Device): HTMLElement {
  const optionalNok = (amount: number | undefined) => (amount === undefined ? t('none') : formatNok(amount));
  const facts: Array<[string, string]> = [
    [t('fieldRole'), device.role || t('none')],
    [t('colKind'), kindLabel(device.kind)],
    [t('fieldVendor'), device.vendor || t('none')],
    [t('fieldModel'), device.model || t('none')],
    [t('fieldSerial'), device.serial || t('none')],
    [t('fieldFirmware'), device.firmware || t('none')],
    [t('fieldEnvironment'), reference.environmentName(device.environmentId)],
    [t('fieldPurchaseDate'), formatDate(device.purchaseDate)],
    [t('fieldPurchaseCost'), formatNok(device.purchaseCostNok)],
    [t('fieldReplacementCost'), optionalNok(device.replacementCostNok)],
    [t('fieldLifetime'), device.expectedLifetimeYears === undefined ? t('none') : String(device.expectedLifetimeYears)],
    [t('fieldEndOfSupport'), endOfSupportText(device.vendorEndOfSupport)],
    [t('fieldWarrantyEnd'), device.warrantyEnd ? formatDate(device.warrantyEnd) : t('none')],
    [t('fieldCriticality'), String(device.criticality)],
    [t('fieldPayer'), device.payer.type === 'member' ? reference.memberName(device.payer.memberId) : t('payerShared')],
    [t('fieldTags'), device.tags.join(', ') || t('none')],
    [t('monitoringChecks'), device.monitoring ? t('monitoringCount', { count: device.monitoring.checks.length }) : t('monitoringNone')],
  ];
  return el('section', { 'aria-labelledby': 'device-facts' }, el('h2', { id: 'device-facts' }, t('deviceFactsTitle')), el('dl', { class: 'facts' }, facts.map(([term, value]) => [el('dt', {}, term), el('dd', {}, value)])));
}
