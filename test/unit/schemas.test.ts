import { describe, expect, it } from 'vitest';
import { CostKey } from '#shared/schemas/cost-key.ts';
import { DeviceCreate, DevicePatch } from '#shared/schemas/device.ts';
import { IsoDate, Slug, StorableNumber } from '#shared/schemas/common.ts';
import { MemberInput } from '#shared/schemas/member.ts';
import { parseOrThrow } from '#shared/schemas/validate.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { deviceBody } from '../support/demo.ts';

describe('validation', () => {
  it('accepts lowercase slugs only', () => {
    expect(Slug.safeParse('kr-ikt').success).toBe(true);
    for (const bad of ['KR-IKT', 'kr_ikt', '-kr', 'kr--ikt', '', 'søgne']) expect(Slug.safeParse(bad).success, bad).toBe(false);
  });

  it('accepts only real calendar days as dates', () => {
    expect(IsoDate.safeParse('2020-02-29').success).toBe(true);
    for (const bad of ['2021-02-29', '2021-13-01', '01.01.2020', '2020-1-1']) expect(IsoDate.safeParse(bad).success, bad).toBe(false);
  });

  it('refuses numbers DynamoDB cannot store', () => {
    expect(StorableNumber.safeParse(0).success).toBe(true);
    expect(StorableNumber.safeParse(0.025).success).toBe(true);
    expect(StorableNumber.safeParse(5e-324).success).toBe(false);
    expect(StorableNumber.safeParse(1e200).success).toBe(false);
  });

  it('requires custom cost shares to sum to 100 percent', () => {
    expect(CostKey.safeParse({ type: 'custom', shares: { a: 60, b: 40 } }).success).toBe(true);
    const bad = CostKey.safeParse({ type: 'custom', shares: { a: 60, b: 30 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['shares']);
  });

  it('fills device defaults on create but never on a partial update', () => {
    const created = DeviceCreate.parse(deviceBody());
    expect(created).toMatchObject({ role: '', vendorEndOfSupport: null, tags: [] });
    expect(DevicePatch.parse({ firmware: '2.0' })).toEqual({ firmware: '2.0' });
  });

  it('keeps merger fields together and after joining', () => {
    const base = { id: 'songdalen', name: 'Songdalen', joinedOn: '2014-05-01' };
    expect(MemberInput.safeParse({ ...base, mergedInto: 'kristiansand', mergedOn: '2020-01-01' }).success).toBe(true);
    expect(MemberInput.safeParse({ ...base, mergedInto: 'kristiansand' }).success).toBe(false);
    expect(MemberInput.safeParse({ ...base, mergedInto: 'songdalen', mergedOn: '2020-01-01' }).success).toBe(false);
    expect(MemberInput.safeParse({ ...base, leftOn: '2013-01-01' }).success).toBe(false);
  });

  it('names every bad field, with unknown fields named one by one', () => {
    try {
      parseOrThrow(DeviceCreate, deviceBody({ criticality: 9, colour: 'red', payer: { type: 'member' } }), 'body');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const fields = ((error as ValidationError).details as Array<{ field: string }>).map((d) => d.field).sort();
      expect(fields).toEqual(['body.colour', 'body.criticality', 'body.payer.memberId']);
    }
  });
});
