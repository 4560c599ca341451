import type { MaintenanceSchedule, Weekday } from '#shared/schemas/health.ts';
import { WEEKDAYS } from '#shared/schemas/health.ts';

/**
 * Maintenance windows (one-off and weekly) and whether one is in force at an instant. During a
 * window collection goes on as usual; incidents opened then are marked planned and do not alert.
 *
 * Weekly windows are wall-clock times in Europe/Oslo, read with the Intl API (no time-zone
 * library): "Sundays 01:00–05:00" means 01:00–05:00 on the clocks in Oslo, winter and summer
 * alike. On the night summer time starts such a window lasts 3 hours, on the night it ends 5.
 * A wall-clock time that does not exist (02:30 when clocks jump from 02:00 to 03:00) is simply
 * never reached; one that happens twice (02:30 when clocks go back) is inside the window both times.
 */
export const MAINTENANCE_TIME_ZONE = 'Europe/Oslo';

export interface MaintenanceWindow {
  id: string;
  environmentId: string;
  reason: string;
  /** Empty: the whole environment. */
  deviceIds: string[];
  schedule: MaintenanceSchedule;
  timeZone: typeof MAINTENANCE_TIME_ZONE;
  createdAt: string;
  createdBy: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The weekday and minute of the day that the clocks in `timeZone` show at `at`. */
export function wallClock(at: Date, timeZone: string = MAINTENANCE_TIME_ZONE): { weekday: Weekday; minutes: number } {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  const weekday = part('weekday').slice(0, 3).toLowerCase() as Weekday;
  return { weekday, minutes: Number(part('hour')) * 60 + Number(part('minute')) };
}

function minutesOf(localTime: string): number {
  const [hours = '0', minutes = '0'] = localTime.split(':');
  return Number(hours) * 60 + Number(minutes);
}

function dayBefore(day: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7] as Weekday;
}

/** Whether the schedule is in force at `at`. */
export function isScheduleActive(schedule: MaintenanceSchedule, at: Date, timeZone: string = MAINTENANCE_TIME_ZONE): boolean {
  const instant = at.toISOString();
  if (schedule.type === 'one-off') return schedule.start <= instant && instant < schedule.end;
  if (schedule.validFrom && instant < schedule.validFrom) return false;
  if (schedule.validUntil && instant >= schedule.validUntil) return false;
  const { weekday, minutes } = wallClock(at, timeZone);
  const start = minutesOf(schedule.start);
  const end = minutesOf(schedule.end);
  if (start < end) return schedule.days.includes(weekday) && minutes >= start && minutes < end;
  // Past midnight (or a full 24 h when end = start): the part after midnight belongs to the day before.
  return (schedule.days.includes(weekday) && minutes >= start) || (schedule.days.includes(dayBefore(weekday)) && minutes < end);
}

/** Whether the window covers the device (the whole environment when it names no devices). */
export function windowCoversDevice(window: Pick<MaintenanceWindow, 'deviceIds'>, deviceId: string): boolean {
  return window.deviceIds.length === 0 || window.deviceIds.includes(deviceId);
}

/** The windows in force for a device at `at`. */
export function activeWindowsFor<W extends Pick<MaintenanceWindow, 'deviceIds' | 'schedule'>>(windows: readonly W[], deviceId: string, at: Date): W[] {
  return windows.filter((window) => windowCoversDevice(window, deviceId) && isScheduleActive(window.schedule, at));
}

/** A one-off window that has ended can never be in force again; weekly ones end with validUntil. */
export function hasEnded(schedule: MaintenanceSchedule, at: Date): boolean {
  const instant = at.toISOString();
  if (schedule.type === 'one-off') return schedule.end <= instant;
  return schedule.validUntil !== undefined && schedule.validUntil <= instant;
}
