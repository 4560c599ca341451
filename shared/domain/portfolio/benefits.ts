import type { Benefit, BenefitMeasure, BenefitStatus, CodedReason, MeasuredValue, MonitoringMeasureType, ProjectBenefits } from '#shared/schemas/portfolio.ts';
import { round2 } from './scoring.ts';

/**
 * Benefits followed up (gevinstrealisering, issue 8). An entered measure keeps the values people
 * typed. A monitoring measure is computed from an environment's stored history, given here as plain
 * data:
 * - `availability`: 100 × sweeps in which every device of criticality ≥ 4 was ok / sweeps;
 * - `incidents-per-month`: incidents opened in a calendar month; as a baseline, incidents in the
 *   90 days / 3 (a month counted as 30 days);
 * - `backup-coverage`: 100 × device-sweeps with a covered backup / device-sweeps needing one.
 * The baseline is taken over the 90 days before the project started (days start−90 … start−1);
 * realised values per whole calendar month after the month it ended, up to the last whole month
 * before `asOf`, dated the 1st of the month; months without history give no value.
 * A target is met when the latest value reaches it: at most the target where lower is better
 * (incidents; an entered measure whose target is below its baseline), else at least.
 */

export interface SweepRecord {
  /** ISO instant of the sweep. */
  at: string;
  devices: readonly { criticality: number; ok: boolean; backup?: 'covered' | 'missing' }[];
}

export interface EnvironmentHistory {
  sweeps: readonly SweepRecord[];
  /** ISO instants incidents were opened. */
  incidentsOpenedAt: readonly string[];
}

export const BASELINE_DAYS = 90;

export function measureLowerIsBetter(benefit: Pick<Benefit, 'measure' | 'baseline' | 'target'>): boolean {
  if (benefit.measure.type === 'incidents-per-month') return true;
  if (benefit.measure.type === 'entered') return benefit.baseline !== undefined && benefit.target < benefit.baseline;
  return false;
}

/** The measure over the history between `fromDay` (included) and `toDay` (excluded), or null without history. */
export function measureOver(type: MonitoringMeasureType, history: EnvironmentHistory, fromDay: string, toDay: string, perMonthDivisor = 1): number | null {
  const within = (at: string) => {
    const day = at.slice(0, 10);
    return day >= fromDay && day < toDay;
  };
  if (type === 'incidents-per-month') {
    // No sweep in the window means nobody watched: no figure rather than a false zero.
    if (!history.sweeps.some((sweep) => within(sweep.at))) return null;
    return round2(history.incidentsOpenedAt.filter(within).length / perMonthDivisor);
  }
  const sweeps = history.sweeps.filter((sweep) => within(sweep.at));
  if (type === 'availability') {
    if (sweeps.length === 0) return null;
    const allCriticalOk = sweeps.filter((sweep) => sweep.devices.every((device) => device.criticality < 4 || device.ok)).length;
    return round2((100 * allCriticalOk) / sweeps.length);
  }
  let needed = 0;
  let covered = 0;
  for (const sweep of sweeps) {
    for (const device of sweep.devices) {
      if (device.backup === undefined) continue;
      needed++;
      if (device.backup === 'covered') covered++;
    }
  }
  return needed === 0 ? null : round2((100 * covered) / needed);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function firstOfNextMonth(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/** One value per whole calendar month after the month of `endedOn`, for months ending before `asOf`. */
export function monthlyValues(type: MonitoringMeasureType, history: EnvironmentHistory, endedOn: string, asOf: string): MeasuredValue[] {
  const values: MeasuredValue[] = [];
  for (let month = firstOfNextMonth(endedOn); firstOfNextMonth(month) <= asOf; month = firstOfNextMonth(month)) {
    const value = measureOver(type, history, month, firstOfNextMonth(month));
    if (value !== null) values.push({ date: month, value });
  }
  return values;
}

export function benefitStatus(
  benefit: Benefit,
  index: number,
  dates: { startedOn: string | null; endedOn: string | null },
  histories: ReadonlyMap<string, EnvironmentHistory>,
  asOf: string,
): BenefitStatus {
  const notes: CodedReason[] = [];
  let baseline: number | null = benefit.baseline ?? null;
  let baselineSource: BenefitStatus['baselineSource'] = baseline === null ? null : 'entered';
  let values: MeasuredValue[] = [...benefit.values].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const measure: BenefitMeasure = benefit.measure;
  if (measure.type !== 'entered') {
    values = [];
    const history = histories.get(measure.environmentId);
    if (dates.startedOn === null) notes.push({ code: 'not-started', params: {} });
    else if (history) {
      const computed = measureOver(measure.type, history, addDays(dates.startedOn, -BASELINE_DAYS), dates.startedOn, BASELINE_DAYS / 30);
      if (computed !== null) {
        baseline = computed;
        baselineSource = 'computed';
      } else notes.push({ code: 'no-history', params: { environmentId: measure.environmentId } });
    } else notes.push({ code: 'no-history', params: { environmentId: measure.environmentId } });
    if (dates.endedOn === null) notes.push({ code: 'not-ended', params: {} });
    else if (history) values = monthlyValues(measure.type, history, dates.endedOn, asOf);
  }
  const latest = values.at(-1) ?? null;
  const lowerIsBetter = measureLowerIsBetter({ measure, target: benefit.target, ...(baseline === null ? {} : { baseline }) });
  return {
    index,
    description: benefit.description,
    ownerMemberId: benefit.ownerMemberId,
    measure,
    lowerIsBetter,
    baseline,
    baselineSource,
    target: benefit.target,
    targetDate: benefit.targetDate,
    values,
    latest,
    met: latest === null ? null : lowerIsBetter ? latest.value <= benefit.target : latest.value >= benefit.target,
    notes,
  };
}

export function projectBenefits(
  project: { id: string; benefits: readonly Benefit[] },
  dates: { startedOn: string | null; endedOn: string | null },
  histories: ReadonlyMap<string, EnvironmentHistory>,
  asOf: string,
): ProjectBenefits {
  return {
    projectId: project.id,
    startedOn: dates.startedOn,
    endedOn: dates.endedOn,
    items: project.benefits.map((benefit, index) => benefitStatus(benefit, index, dates, histories, asOf)),
  };
}
