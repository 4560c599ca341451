import type { CheckType, Threshold } from '#shared/schemas/checks.ts';
import type { HealthParams } from '#shared/messages/health.ts';
import type { CheckResult, CheckStatus } from './probe.ts';

/**
 * The per-check state machine: hysteresis and flapping. Pure: the previous state and one new
 * result in, the next state and what changed out.
 *
 * Hysteresis (noise control). A *failure* is a raw `critical`; a *pass* is a raw `ok` or `warning`.
 * - A check goes `critical` only after `failuresToAlert` failures in a row. A failure before that is
 *   shown as `warning` (seen, not alerted), so one lost ping does not page anybody.
 * - A critical check recovers only after `passesToRecover` passes in a row; until then it stays
 *   critical (and its incident open).
 * - `unknown` (the probe could not tell, e.g. a missing secret) is neither: it breaks both streaks,
 *   shows as `unknown`, and never clears a critical — nobody saw the device recover.
 *
 * Flapping. The last `window` raw statuses are kept as letters; the number of changes between
 * neighbours is counted. A check starts flapping at `startChanges` changes and stops at
 * `stopChanges` or fewer (two thresholds, so the mark itself does not flap). A flapping check is
 * marked; the incident logic then notes it once instead of alerting on each change.
 */
export interface HysteresisPolicy {
  failuresToAlert: number;
  passesToRecover: number;
}

export interface FlapPolicy {
  /** How many recent raw results are looked at. */
  window: number;
  /** Changes within the window that start the flapping mark. */
  startChanges: number;
  /** Changes within the window at or below which the mark is taken off. */
  stopChanges: number;
}

export const DEFAULT_HYSTERESIS: HysteresisPolicy = { failuresToAlert: 3, passesToRecover: 2 };
export const DEFAULT_FLAP_POLICY: FlapPolicy = { window: 20, startChanges: 6, stopChanges: 2 };

/** What is kept about one check between sweeps (inside the device's latest-state item). */
export interface CheckState {
  name: string;
  type: CheckType;
  /** After hysteresis: what the board shows and incidents follow. */
  status: CheckStatus;
  /** The last measurement as the probe reported it. */
  rawStatus: CheckStatus;
  value?: number | string;
  unit?: string;
  thresholds?: Threshold;
  message?: string;
  messageCode?: string;
  messageParams?: HealthParams;
  extra?: Record<string, number | string>;
  observedAt: string;
  /** When `status` last changed. */
  since: string;
  failStreak: number;
  passStreak: number;
  /** Recent raw statuses, oldest first, one letter each (see {@link STATUS_LETTER}). */
  recent: string;
  flapping: boolean;
}

export type CheckTransitionKind = 'became-critical' | 'recovered' | 'flapping-started' | 'flapping-stopped';

export interface CheckTransition {
  kind: CheckTransitionKind;
  check: string;
  at: string;
  /** The check's message at the time, for the incident timeline. */
  message?: string;
  /** Whether the check was flapping when this happened. */
  flapping: boolean;
}

export const STATUS_LETTER: Record<CheckStatus, string> = { ok: 'o', warning: 'w', critical: 'c', unknown: 'u' };
export const LETTER_STATUS: Record<string, CheckStatus> = { o: 'ok', w: 'warning', c: 'critical', u: 'unknown' };

/** Raw status changes between neighbours in a string of status letters. */
export function countChanges(recent: string): number {
  let changes = 0;
  for (let index = 1; index < recent.length; index++) if (recent[index] !== recent[index - 1]) changes++;
  return changes;
}

/** Advances one check by one result. `previous` is undefined the first time a check is seen. */
export function advanceCheck(
  previous: CheckState | undefined,
  result: CheckResult,
  hysteresis: HysteresisPolicy = DEFAULT_HYSTERESIS,
  flapPolicy: FlapPolicy = DEFAULT_FLAP_POLICY,
): { state: CheckState; transitions: CheckTransition[] } {
  const raw = result.status;
  const wasCritical = previous?.status === 'critical';
  let failStreak = 0;
  let passStreak = 0;
  if (raw === 'critical') failStreak = (previous?.failStreak ?? 0) + 1;
  else if (raw === 'ok' || raw === 'warning') passStreak = (previous?.passStreak ?? 0) + 1;

  let status: CheckStatus;
  if (wasCritical) {
    if (raw === 'critical' || raw === 'unknown') status = 'critical';
    else status = passStreak >= hysteresis.passesToRecover ? raw : 'critical';
  } else if (raw === 'critical') {
    status = failStreak >= hysteresis.failuresToAlert ? 'critical' : 'warning';
  } else {
    status = raw;
  }

  const recent = ((previous?.recent ?? '') + STATUS_LETTER[raw]).slice(-flapPolicy.window);
  const changes = countChanges(recent);
  const wasFlapping = previous?.flapping ?? false;
  const flapping = wasFlapping ? changes > flapPolicy.stopChanges : changes >= flapPolicy.startChanges;

  const state: CheckState = {
    name: result.name,
    type: result.type,
    status,
    rawStatus: raw,
    ...(result.value !== undefined ? { value: result.value } : {}),
    ...(result.unit !== undefined ? { unit: result.unit } : {}),
    ...(result.thresholds !== undefined ? { thresholds: result.thresholds } : {}),
    ...(result.message !== undefined ? { message: result.message } : {}),
    ...(result.messageCode !== undefined ? { messageCode: result.messageCode } : {}),
    ...(result.messageParams !== undefined ? { messageParams: result.messageParams } : {}),
    ...(result.extra !== undefined ? { extra: result.extra } : {}),
    observedAt: result.observedAt,
    since: previous && previous.status === status ? previous.since : result.observedAt,
    failStreak,
    passStreak,
    recent,
    flapping,
  };

  const transitions: CheckTransition[] = [];
  const note = (kind: CheckTransitionKind) =>
    transitions.push({ kind, check: result.name, at: result.observedAt, flapping, ...(result.message ? { message: result.message } : {}) });
  if (!wasFlapping && flapping) note('flapping-started');
  if (status === 'critical' && !wasCritical) note('became-critical');
  if (wasCritical && status !== 'critical') note('recovered');
  if (wasFlapping && !flapping) note('flapping-stopped');
  return { state, transitions };
}
