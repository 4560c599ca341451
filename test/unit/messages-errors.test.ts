import * as z from '#shared/schemas/zod.ts';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import { codeOfText } from '#shared/messages/errors.ts';
import { errorText } from '#shared/messages/errors.i18n.ts';
import { codedWarnings, planWarningText } from '#shared/messages/plan.ts';
import { IsoDate, Nok, Slug } from '#shared/schemas/common.ts';
import { fieldProblems } from '#shared/schemas/validate.ts';

describe('coded API errors', () => {
  it('say of kroner what is wrong: too many, not whole, not a number', () => {
    const codes = (value: unknown) => fieldProblems(Nok.safeParse(value).error!.issues, 'body.purchaseCostNok').map((p) => [p.code, p.params]);
    expect(codes(2e12)).toEqual([['field-too-big', { maximum: 1e12 }]]);
    expect(codes(1.5)).toEqual([['field-whole-number', {}]]);
    expect(codes(-1)).toEqual([['field-too-small', { minimum: 0 }]]);
    expect(codes('12')).toEqual([['field-type', { expected: 'number' }]]);
  });

  it('give zod checks a code by kind, with parameters, in nb and en', () => {
    const schema = z.strictObject({ name: z.string().check(z.maxLength(3)), kind: z.enum(['server', 'switch']), day: IsoDate, id: Slug });
    const result = schema.safeParse({ name: 'abcd', kind: 'pdu', day: '1899-12-31', id: 'A B', extra: 1 });
    const problems = fieldProblems(result.error!.issues, 'body');
    expect(problems.map((p) => [p.field, p.code, p.params, p.problem])).toEqual([
      ['body.name', 'field-too-long', { count: 3 }, 'may have at most 3 characters'],
      ['body.kind', 'field-one-of', { options: 'server, switch' }, 'must be one of: server, switch'],
      ['body.day', 'field-date-between', { min: '1900', max: '2199' }, 'must be between 1900-01-01 and 2199-12-31'],
      ['body.id', 'field-slug', {}, 'must be a lowercase slug (a-z, 0-9, single dashes)'],
      ['body.extra', 'field-unknown', {}, 'is not a known field'],
    ]);
    expect(problems.map((p) => errorText('nb', { code: p.code ?? 'field-invalid', params: p.params }))).toEqual([
      'kan ha høyst 3 tegn',
      'må være en av: server, switch',
      'må være mellom 01.01.1900 og 31.12.2199',
      'må være små bokstaver a–z, tall og enkle bindestreker',
      'er ikke et felt API-et kjenner; fjern det',
    ]);
  });

  it('give a hand-written problem the code of its English text, else field-invalid with the text kept', () => {
    const error = new ValidationError('x', [
      { field: 'body.id', problem: "is 'a' but the path names 'b'; ids cannot be changed" },
      { field: 'body.z', problem: 'something no catalogue has' },
    ]);
    expect(error.details).toEqual([
      { field: 'body.id', code: 'field-id-changed', params: { bodyId: 'a', pathId: 'b' }, problem: "is 'a' but the path names 'b'; ids cannot be changed" },
      { field: 'body.z', code: 'field-invalid', params: {}, problem: 'something no catalogue has' },
    ]);
    expect(codeOfText('must be a phone number such as +47 38 07 50 00')?.code).toBe('field-phone');
  });

  it('say plan warnings as codes that render in nb', () => {
    const warning = planWarningText('plan-warning-environment-serves-nobody', { environmentId: 'birkenes-datapark', on: '2027-01-01' });
    expect(warning).toBe("environment 'birkenes-datapark' serves no member on 2027-01-01; every member of the region shares the cost");
    const [coded] = codedWarnings([warning]);
    expect(coded).toEqual({ code: 'plan-warning-environment-serves-nobody', params: { environmentId: 'birkenes-datapark', on: '2027-01-01' } });
  });
});
