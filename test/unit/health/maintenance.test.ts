import { describe, expect, it } from 'vitest';
import { activeWindowsFor, hasEnded, isScheduleActive, wallClock } from '#shared/domain/health/maintenance.ts';
import type { MaintenanceSchedule } from '#shared/schemas/health.ts';
import { MaintenanceWindowInput } from '#shared/schemas/health.ts';

const at = (iso: string) => new Date(iso);
const weekly = (days: Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'>, start: string, end: string, extra: Partial<MaintenanceSchedule> = {}): MaintenanceSchedule =>
  ({ type: 'weekly', days, start, end, ...extra }) as MaintenanceSchedule;

describe('wall clock in Europe/Oslo', () => {
  it('is UTC+1 in winter and UTC+2 in summer', () => {
    expect(wallClock(at('2025-01-15T21:30:00Z'))).toEqual({ weekday: 'wed', minutes: 22 * 60 + 30 });
    expect(wallClock(at('2025-07-15T21:30:00Z'))).toEqual({ weekday: 'tue', minutes: 23 * 60 + 30 });
    // Midnight is 00:00, not 24:00.
    expect(wallClock(at('2025-01-15T23:00:00Z'))).toEqual({ weekday: 'thu', minutes: 0 });
  });
});

describe('weekly windows (Europe/Oslo wall-clock time)', () => {
  const tuesdayEvening = weekly(['tue'], '22:00', '23:00');

  it('start at the same local time in winter and summer, so at different UTC times', () => {
    // Winter (CET, UTC+1): 22:00 local = 21:00Z.
    expect(isScheduleActive(tuesdayEvening, at('2025-01-14T20:59:00Z'))).toBe(false);
    expect(isScheduleActive(tuesdayEvening, at('2025-01-14T21:00:00Z'))).toBe(true);
    expect(isScheduleActive(tuesdayEvening, at('2025-01-14T21:59:59Z'))).toBe(true);
    expect(isScheduleActive(tuesdayEvening, at('2025-01-14T22:00:00Z'))).toBe(false);
    // Summer (CEST, UTC+2): 22:00 local = 20:00Z.
    expect(isScheduleActive(tuesdayEvening, at('2025-07-15T19:59:00Z'))).toBe(false);
    expect(isScheduleActive(tuesdayEvening, at('2025-07-15T20:00:00Z'))).toBe(true);
    expect(isScheduleActive(tuesdayEvening, at('2025-07-15T21:00:00Z'))).toBe(false);
    // Not on other days.
    expect(isScheduleActive(tuesdayEvening, at('2025-01-15T21:30:00Z'))).toBe(false);
  });

  it('run past midnight into the next day', () => {
    const saturdayNight = weekly(['sat'], '22:00', '02:00');
    expect(isScheduleActive(saturdayNight, at('2025-01-18T21:00:00Z'))).toBe(true); // sat 22:00
    expect(isScheduleActive(saturdayNight, at('2025-01-19T00:59:00Z'))).toBe(true); // sun 01:59
    expect(isScheduleActive(saturdayNight, at('2025-01-19T01:00:00Z'))).toBe(false); // sun 02:00
    expect(isScheduleActive(saturdayNight, at('2025-01-17T23:30:00Z'))).toBe(false); // sat 00:30 belongs to friday
  });

  it('on the night summer time starts (30 March 2025, 02:00 → 03:00) last three real hours', () => {
    const sundayNight = weekly(['sun'], '01:00', '05:00');
    // 01:00 CET = 00:00Z; 05:00 CEST = 03:00Z.
    expect(isScheduleActive(sundayNight, at('2025-03-29T23:59:00Z'))).toBe(false);
    expect(isScheduleActive(sundayNight, at('2025-03-30T00:00:00Z'))).toBe(true);
    expect(isScheduleActive(sundayNight, at('2025-03-30T00:59:00Z'))).toBe(true); // 01:59 CET
    expect(isScheduleActive(sundayNight, at('2025-03-30T01:00:00Z'))).toBe(true); // 03:00 CEST (02:xx never happens)
    expect(isScheduleActive(sundayNight, at('2025-03-30T02:59:00Z'))).toBe(true); // 04:59 CEST
    expect(isScheduleActive(sundayNight, at('2025-03-30T03:00:00Z'))).toBe(false);
  });

  it('on the night summer time ends (26 October 2025, 03:00 → 02:00) last five real hours', () => {
    const sundayNight = weekly(['sun'], '01:00', '05:00');
    // 01:00 CEST = 23:00Z the day before; 05:00 CET = 04:00Z.
    expect(isScheduleActive(sundayNight, at('2025-10-25T22:59:00Z'))).toBe(false);
    expect(isScheduleActive(sundayNight, at('2025-10-25T23:00:00Z'))).toBe(true);
    expect(isScheduleActive(sundayNight, at('2025-10-26T00:30:00Z'))).toBe(true); // 02:30 CEST, first time
    expect(isScheduleActive(sundayNight, at('2025-10-26T01:30:00Z'))).toBe(true); // 02:30 CET, second time
    expect(isScheduleActive(sundayNight, at('2025-10-26T03:59:00Z'))).toBe(true);
    expect(isScheduleActive(sundayNight, at('2025-10-26T04:00:00Z'))).toBe(false);
  });

  it('never reach a local time that does not exist on the spring-forward night', () => {
    const skipped = weekly(['sun'], '02:00', '02:30');
    for (let minute = -120; minute <= 240; minute += 5) {
      expect(isScheduleActive(skipped, new Date(Date.parse('2025-03-30T00:00:00Z') + minute * 60_000))).toBe(false);
    }
    // The week after, it is there again (02:15 CEST = 00:15Z).
    expect(isScheduleActive(skipped, at('2025-04-06T00:15:00Z'))).toBe(true);
  });

  it('hold only between validFrom and validUntil', () => {
    const bounded = weekly(['tue'], '22:00', '23:00', { validFrom: '2025-02-01T00:00:00.000Z', validUntil: '2025-03-01T00:00:00.000Z' });
    expect(isScheduleActive(bounded, at('2025-01-28T21:30:00Z'))).toBe(false);
    expect(isScheduleActive(bounded, at('2025-02-04T21:30:00Z'))).toBe(true);
    expect(isScheduleActive(bounded, at('2025-03-04T21:30:00Z'))).toBe(false);
    expect(hasEnded(bounded, at('2025-03-04T21:30:00Z'))).toBe(true);
  });
});

describe('one-off windows and coverage', () => {
  const oneOff: MaintenanceSchedule = { type: 'one-off', start: '2025-05-01T08:00:00.000Z', end: '2025-05-01T10:00:00.000Z' };

  it('are active from start (inclusive) to end (exclusive)', () => {
    expect(isScheduleActive(oneOff, at('2025-05-01T07:59:59Z'))).toBe(false);
    expect(isScheduleActive(oneOff, at('2025-05-01T08:00:00Z'))).toBe(true);
    expect(isScheduleActive(oneOff, at('2025-05-01T10:00:00Z'))).toBe(false);
  });

  it('cover the named devices, or every device when none is named', () => {
    const windows = [
      { id: 'fw', deviceIds: ['fw-1'], schedule: oneOff },
      { id: 'all', deviceIds: [], schedule: weekly(['thu'], '10:00', '11:00') },
    ];
    // 2025-05-01 is a Thursday; 08:30Z = 10:30 CEST.
    expect(activeWindowsFor(windows, 'fw-1', at('2025-05-01T08:30:00Z')).map((w) => w.id)).toEqual(['fw', 'all']);
    expect(activeWindowsFor(windows, 'sw-1', at('2025-05-01T08:30:00Z')).map((w) => w.id)).toEqual(['all']);
    expect(activeWindowsFor(windows, 'sw-1', at('2025-05-01T07:30:00Z')).map((w) => w.id)).toEqual([]);
  });

  it('input normalises offsets to UTC and refuses an end before the start', () => {
    const parsed = MaintenanceWindowInput.parse({ reason: 'firmware', schedule: { type: 'one-off', start: '2025-05-01T10:00:00+02:00', end: '2025-05-01T12:00:00+02:00' } });
    expect(parsed.schedule).toMatchObject({ start: '2025-05-01T08:00:00.000Z', end: '2025-05-01T10:00:00.000Z' });
    expect(MaintenanceWindowInput.safeParse({ reason: 'x', schedule: { type: 'one-off', start: '2025-05-01T10:00:00Z', end: '2025-05-01T09:00:00Z' } }).success).toBe(false);
    expect(MaintenanceWindowInput.safeParse({ reason: 'x', schedule: { type: 'weekly', days: ['sun'], start: '24:00', end: '01:00' } }).success).toBe(false);
  });
});
