import { describe, expect, it } from 'vitest';
import { addDays, projectBenefits, type EnvironmentHistory, type SweepRecord } from '#shared/domain/portfolio/benefits.ts';
import { Benefit } from '#shared/schemas/portfolio.ts';

/** A sweep at noon on `day`: a criticality-5 firewall, a criticality-3 print server, and two devices needing backup. */
function sweep(day: string, firewallOk: boolean, printOk: boolean, backups: ['covered' | 'missing', 'covered' | 'missing']): SweepRecord {
  return {
    at: `${day}T12:00:00.000Z`,
    devices: [
      { criticality: 5, ok: firewallOk, backup: backups[0] },
      { criticality: 3, ok: printOk, backup: backups[1] },
      { criticality: 4, ok: true },
    ],
  };
}

const history: EnvironmentHistory = {
  sweeps: [
    sweep('2017-12-31', false, true, ['missing', 'missing']), // before the baseline window
    sweep('2018-01-10', true, true, ['covered', 'covered']),
    sweep('2018-02-10', false, true, ['covered', 'missing']), // the firewall is down
    sweep('2018-03-10', true, false, ['covered', 'covered']), // only criticality 3 is down: still available
    sweep('2018-03-31', true, true, ['covered', 'missing']),
    sweep('2018-04-01', false, false, ['missing', 'missing']), // the start day: not in the baseline
    sweep('2018-07-05', true, true, ['covered', 'covered']),
    sweep('2018-07-20', true, true, ['covered', 'covered']),
    sweep('2018-08-05', true, true, ['covered', 'covered']),
    sweep('2018-08-20', false, true, ['covered', 'missing']),
    sweep('2018-09-02', false, false, ['missing', 'missing']), // September is not over on the asOf date
  ],
  incidentsOpenedAt: ['2017-12-30T10:00:00Z', '2018-01-05T10:00:00Z', '2018-02-20T10:00:00Z', '2018-03-30T23:00:00Z', '2018-04-01T10:00:00Z', '2018-08-14T09:00:00Z'],
};

const benefit = (measure: Benefit['measure'], target: number, extra: Partial<Benefit> = {}) =>
  Benefit.parse({ description: 'Gevinst', ownerMemberId: 'kristiansand', measure, target, targetDate: '2019-12-31', ...extra });

describe('benefits', () => {
  const dates = { startedOn: '2018-04-01', endedOn: '2018-06-15' };
  const histories = new Map([['felles', history]]);

  it('takes the baseline over the 90 days before the start and a value per whole month after the end', () => {
    // 2018-04-01 − 90 days = 2018-01-01 (31 + 28 + 31 days): the window is 2018-01-01 … 2018-03-31.
    expect(addDays('2018-04-01', -90)).toBe('2018-01-01');
    const result = projectBenefits(
      {
        id: 'p',
        benefits: [
          benefit({ type: 'availability', environmentId: 'felles' }, 99),
          benefit({ type: 'incidents-per-month', environmentId: 'felles' }, 0.5),
          benefit({ type: 'backup-coverage', environmentId: 'felles' }, 75),
        ],
      },
      dates,
      histories,
      '2018-09-05',
    );
    const [availability, incidents, backup] = result.items;
    // Availability: 4 sweeps in the window, 3 with every criticality ≥ 4 device ok → 75 %.
    // After the end (June): July 2 of 2 → 100 %; August 1 of 2 → 50 %. September is not over.
    expect(availability).toMatchObject({ baseline: 75, baselineSource: 'computed', lowerIsBetter: false, latest: { date: '2018-08-01', value: 50 }, met: false });
    expect(availability!.values).toEqual([{ date: '2018-07-01', value: 100 }, { date: '2018-08-01', value: 50 }]);
    // Incidents: 3 in the 90 days → 3 / 3 = 1 a month. July 0, August 1. Target 0.5, lower is better → not met.
    expect(incidents).toMatchObject({ baseline: 1, lowerIsBetter: true, values: [{ date: '2018-07-01', value: 0 }, { date: '2018-08-01', value: 1 }], met: false });
    // Backup: window device-sweeps 8, covered 2 + 1 + 2 + 1 = 6 → 75 %. July 4 of 4 → 100; August 3 of 4 → 75 ≥ 75 → met.
    expect(backup).toMatchObject({ baseline: 75, values: [{ date: '2018-07-01', value: 100 }, { date: '2018-08-01', value: 75 }], met: true });
  });

  it('keeps entered values, sorted, and reads the direction from baseline and target', () => {
    const result = projectBenefits(
      {
        id: 'p',
        benefits: [
          benefit({ type: 'entered', unit: 'timer' }, 10, { baseline: 40, values: [{ date: '2019-01-01', value: 20 }, { date: '2018-06-01', value: 35 }] }),
          benefit({ type: 'entered' }, 80, { values: [{ date: '2019-01-01', value: 85 }] }),
          benefit({ type: 'entered' }, 80),
        ],
      },
      dates,
      histories,
      '2019-02-01',
    );
    // Target 10 below baseline 40: lower is better; latest 20 > 10 → not met.
    expect(result.items[0]).toMatchObject({ lowerIsBetter: true, baseline: 40, baselineSource: 'entered', latest: { date: '2019-01-01', value: 20 }, met: false });
    expect(result.items[0]!.values.map((v) => v.date)).toEqual(['2018-06-01', '2019-01-01']);
    expect(result.items[1]).toMatchObject({ lowerIsBetter: false, baseline: null, met: true });
    expect(result.items[2]).toMatchObject({ latest: null, met: null });
  });

  it('says why a monitoring figure is missing: not started, not ended, no history', () => {
    const b = benefit({ type: 'availability', environmentId: 'felles' }, 99);
    expect(projectBenefits({ id: 'p', benefits: [b] }, { startedOn: null, endedOn: null }, histories, '2019-01-01').items[0]!.notes.map((n) => n.code)).toEqual(['not-started', 'not-ended']);
    const other = benefit({ type: 'availability', environmentId: 'ukjent' }, 99);
    expect(projectBenefits({ id: 'p', benefits: [other] }, dates, histories, '2019-01-01').items[0]).toMatchObject({ baseline: null, values: [], met: null, notes: [{ code: 'no-history', params: { environmentId: 'ukjent' } }] });
  });
});
