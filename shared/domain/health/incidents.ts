import { DriftsbildeError, RuleViolationError } from '#shared/domain/errors.ts';
import { timedId, timedIdPrefix } from '#shared/domain/ids.ts';
import { fieldProblem } from '#shared/messages/errors.ts';
import type { Incident, TimelineEntry } from '#shared/schemas/health.ts';
import { timelineText, type CodedTimelineText, type HealthParams } from '#shared/messages/health.ts';

/**
 * Incidents (avvik) and their lifecycle: open → acknowledged → resolved, with a timeline of what
 * the monitor noted and what people did. Pure functions: each takes an incident and returns the
 * next one; the store writes it conditionally on the version that was read.
 *
 * Automatic incidents are opened by a check going critical and resolved by the device's recovery
 * (with a note); at most one automatic incident is open per device, and further checks going
 * critical are added to it. Manual incidents are opened and resolved by people only.
 */
export type IncidentRecord = Omit<Incident, 'version'>;

/** What the open-incident list keeps per incident: enough for roll-ups and the sweep's decisions. */
export interface OpenIncidentSummary {
  id: string;
  deviceId?: string;
  source: Incident['source'];
  state: Incident['state'];
  planned: boolean;
  flapping: boolean;
  openedAt: string;
}

/** Timelines are capped: the opening entry and the latest ones are kept. */
export const MAX_TIMELINE_ENTRIES = 500;

/**
 * A sortable, URL-safe id: `inc-20250314t101500123-3fa9c1` (opening time to the millisecond, so two
 * incidents opened in the same second still sort in the order they were opened). Newest sort last.
 */
export function newIncidentId(at: Date, random?: () => string): string {
  return timedId('inc', at, random);
}

/**
 * The part of an incident id before its random tail (`inc-20250314t101500123`). Every id opened at
 * `at` or later sorts at or after it, and every id opened before sorts before it: a time range of
 * incidents is a key range.
 */
export function incidentIdPrefix(at: Date): string {
  return timedIdPrefix('inc', at);
}

export function summaryOf(incident: IncidentRecord): OpenIncidentSummary {
  return {
    id: incident.id,
    ...(incident.deviceId ? { deviceId: incident.deviceId } : {}),
    source: incident.source,
    state: incident.state,
    planned: incident.planned,
    flapping: incident.flapping,
    openedAt: incident.openedAt,
  };
}

export function withEntries(incident: IncidentRecord, entries: readonly TimelineEntry[]): IncidentRecord {
  let timeline = [...incident.timeline, ...entries];
  if (timeline.length > MAX_TIMELINE_ENTRIES) timeline = [timeline[0] as TimelineEntry, ...timeline.slice(-(MAX_TIMELINE_ENTRIES - 1))];
  return { ...incident, timeline };
}

/** An incident a person opens (a phoned-in fault, planned work with a known impact). */
export function openManualIncident(input: {
  id: string;
  environmentId: string;
  deviceId?: string;
  title: string;
  severity: Incident['severity'];
  description?: string;
  by: string;
  at: string;
  planned: boolean;
}): IncidentRecord {
  return {
    id: input.id,
    environmentId: input.environmentId,
    ...(input.deviceId ? { deviceId: input.deviceId } : {}),
    title: input.title,
    state: 'open',
    source: 'manual',
    severity: input.severity,
    planned: input.planned,
    flapping: false,
    checks: [],
    openedAt: input.at,
    timeline: [{ at: input.at, type: 'opened', by: input.by, text: input.description ?? input.title }],
  };
}

export function acknowledgeIncident(incident: IncidentRecord, by: string, at: string, comment?: string): IncidentRecord {
  if (incident.state === 'resolved') throw new RuleViolationError(`incident '${incident.id}' is resolved already (by ${incident.resolvedBy ?? 'the monitor'} at ${incident.resolvedAt})`);
  if (incident.state === 'acknowledged') {
    throw new RuleViolationError(`incident '${incident.id}' was acknowledged already by ${incident.acknowledgedBy} at ${incident.acknowledgedAt}`);
  }
  return withEntries({ ...incident, state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by }, [
    { at, type: 'acknowledged', by, ...(comment !== undefined ? { text: comment } : timelineText('incident.acknowledged-by', { by })) },
  ]);
}

/**
 * A person resolving the incident of a device that still fails must say why in a note: the next
 * sweep that still finds it failing opens a new incident. 422 `resolve-note-required` naming `body.note`.
 */
export function assertResolvableWithoutNote(deviceId: string, status: string | undefined): void {
  if (status !== 'critical' && status !== 'warning') return;
  throw new DriftsbildeError(422, 'resolve-note-required', `device '${deviceId}' is still ${status}; send a note saying why the incident is resolved anyway`, [
    fieldProblem('body.note', 'field-note-required', { status }),
  ]);
}

/**
 * Resolves an incident; `by` is absent when the monitor resolves it on recovery. `note` is what a
 * person wrote, or the monitor's coded note.
 */
export function resolveIncident(incident: IncidentRecord, by: string | undefined, at: string, note?: string | CodedTimelineText): IncidentRecord {
  const text: CodedTimelineText =
    typeof note === 'string' ? { text: note } : (note ?? (by ? timelineText('incident.resolved-by', { by }) : timelineText('incident.resolved')));
  if (incident.state === 'resolved') throw new RuleViolationError(`incident '${incident.id}' is resolved already (by ${incident.resolvedBy ?? 'the monitor'} at ${incident.resolvedAt})`);
  return withEntries({ ...incident, state: 'resolved', resolvedAt: at, ...(by ? { resolvedBy: by } : {}) }, [
    { at, type: 'resolved', ...(by ? { by } : {}), ...text },
  ]);
}

/** Comments are allowed in every state, also after resolution (post-mortem notes). */
export function commentOnIncident(incident: IncidentRecord, by: string, at: string, text: string): IncidentRecord {
  return withEntries(incident, [{ at, type: 'comment', by, text }]);
}

// --- what a sweep does to a device's automatic incident -----------------------------------------

/** Decided per device by the sweep (see `evaluate.ts`), carried out by the sweep through the store. */
export type IncidentPlan =
  | { action: 'none' }
  | {
      action: 'open';
      title: string;
      titleCode?: string;
      titleParams?: HealthParams;
      checks: string[];
      planned: boolean;
      flapping: boolean;
      entries: TimelineEntry[];
      /** The device's incident the monitor resolved moments ago: reopen it rather than open another. */
      reopenIncidentId?: string;
    }
  | {
      action: 'update';
      incidentId: string;
      entries: TimelineEntry[];
      addChecks: string[];
      planned?: boolean;
      flapping?: boolean;
      /** Set when the device recovered: the incident is resolved with this note. */
      resolveNote?: string | CodedTimelineText;
    };

/** A new automatic incident from an `open` plan. */
export function openAutomaticIncident(id: string, environmentId: string, deviceId: string, at: string, plan: Extract<IncidentPlan, { action: 'open' }>): IncidentRecord {
  return {
    id,
    environmentId,
    deviceId,
    title: plan.title,
    ...(plan.titleCode ? { titleCode: plan.titleCode, ...(plan.titleParams ? { titleParams: plan.titleParams } : {}) } : {}),
    state: 'open',
    source: 'automatic',
    severity: 'critical',
    planned: plan.planned,
    flapping: plan.flapping,
    checks: plan.checks,
    openedAt: at,
    timeline: plan.entries,
  };
}

/**
 * Reopens an incident the monitor resolved on recovery when the device fails again soon after:
 * one incident for one troubled night, not one per relapse. An incident a person resolved is
 * never reopened (the sweep opens a new one instead): that person judged it over.
 */
export function canReopen(incident: IncidentRecord): boolean {
  return incident.state === 'resolved' && incident.resolvedBy === undefined && incident.source === 'automatic';
}

export function reopenIncident(incident: IncidentRecord, plan: Extract<IncidentPlan, { action: 'open' }>, at: string): IncidentRecord {
  const { resolvedAt: _resolvedAt, resolvedBy: _resolvedBy, acknowledgedAt: _acknowledgedAt, acknowledgedBy: _acknowledgedBy, ...rest } = incident;
  // The plan's opening entry becomes a `reopened` one; the entries after it (flapping) are kept.
  const [first, ...more] = plan.entries;
  return withEntries(
    { ...rest, state: 'open', checks: [...new Set([...incident.checks, ...plan.checks])], planned: plan.planned, flapping: plan.flapping },
    [{ at, type: 'reopened', ...reopenedText(first, plan.title) }, ...more],
  );
}

/** "critical again soon after recovering: <what the opening entry said>", coded when that entry is. */
function reopenedText(first: TimelineEntry | undefined, title: string): CodedTimelineText {
  if (!first?.textCode) return { text: `critical again soon after recovering: ${first?.text ?? title}` };
  return timelineText('incident.reopened', { ...first.textParams, thenCode: first.textCode }, first.details);
}

/** Applies an `update` plan to the incident as stored now (it may have been acknowledged or commented meanwhile). */
export function applyIncidentUpdate(incident: IncidentRecord, plan: Extract<IncidentPlan, { action: 'update' }>, at: string): IncidentRecord {
  if (incident.state === 'resolved') return incident; // someone resolved it by hand in the meantime
  let next = withEntries(
    {
      ...incident,
      checks: [...new Set([...incident.checks, ...plan.addChecks])],
      ...(plan.planned !== undefined ? { planned: plan.planned } : {}),
      ...(plan.flapping !== undefined ? { flapping: plan.flapping } : {}),
    },
    plan.entries,
  );
  if (plan.resolveNote !== undefined) next = resolveIncident(next, undefined, at, plan.resolveNote);
  return next;
}
