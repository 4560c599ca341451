import { describe, expect, it } from 'vitest';
import { isMemberOn, memberDirectory, membersServedOn, payerOn, populationOn } from '#shared/domain/reinvestment/membership-on-date.ts';
import { environment, krIktMembers, member } from './fixtures.ts';

describe('membership on a date', () => {
  const members = memberDirectory([...krIktMembers(), member('gone', 500, { leftOn: '2019-01-01' })]);

  it('reads the population figure in force: the latest one not after the date', () => {
    const kristiansand = members.get('kristiansand')!;
    expect(populationOn(kristiansand, '2019-12-31')).toBe(90_000);
    expect(populationOn(kristiansand, '2020-01-01')).toBe(112_000);
    expect(populationOn(kristiansand, '2009-12-31')).toBeUndefined();
  });

  it('counts a member from the day it joins until the day it leaves', () => {
    const gone = members.get('gone')!;
    expect(isMemberOn(gone, '2018-12-31')).toBe(true);
    expect(isMemberOn(gone, '2019-01-01')).toBe(false);
    expect(isMemberOn(gone, '2009-12-31')).toBe(false);
  });

  it('hands a merged member’s bill to the member it merged into from the merger date', () => {
    expect(payerOn('songdalen', members, '2019-01-01')).toEqual({ pays: true, memberId: 'songdalen', mergedFrom: [] });
    expect(payerOn('songdalen', members, '2020-01-01')).toEqual({ pays: true, memberId: 'kristiansand', mergedFrom: ['songdalen'] });
  });

  it('lets nobody pay for a member that has left', () => {
    expect(payerOn('gone', members, '2019-01-01')).toMatchObject({ pays: false, leftOn: '2019-01-01' });
    expect(payerOn('gone', members, '2018-01-01')).toMatchObject({ pays: true, memberId: 'gone' });
  });

  it('serves merged members as their successor, once, and leaves out members that have left', () => {
    const env = environment('e', {
      serves: [
        { memberId: 'kristiansand', from: '2010-01-01' },
        { memberId: 'songdalen', from: '2010-01-01' },
        { memberId: 'sogne', from: '2010-01-01' },
        { memberId: 'gone', from: '2010-01-01' },
        { memberId: 'lillesand', from: '2010-01-01', to: '2018-12-31' },
      ],
    });
    expect(membersServedOn(env, members, '2018-01-01').map((m) => m.memberId)).toEqual(['gone', 'kristiansand', 'lillesand', 'sogne', 'songdalen']);
    expect(membersServedOn(env, members, '2020-01-01')).toEqual([{ memberId: 'kristiansand', mergedFrom: ['songdalen', 'sogne'], population: 112_000 }]);
  });
});
