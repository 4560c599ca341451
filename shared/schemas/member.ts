import * as z from '#shared/schemas/zod.ts';
import { IsoDate, Name, Slug, Version } from './common.ts';
import { fieldText } from '#shared/messages/errors.ts';

export const PopulationFigure = z.strictObject({ from: IsoDate, value: z.int().check(z.nonnegative()) });

export const Reason = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(500),
    z.describe('why membership facts change (joinedOn, leftOn, mergers, population): required for such a change, kept in the audit trail, not stored on the member'),
  );

const MemberFields = z.strictObject({
  id: Slug,
  name: Name,
  joinedOn: IsoDate,
  leftOn: z.optional(IsoDate),
  mergedInto: z.optional(Slug),
  mergedOn: z.optional(IsoDate),
  population: z._default(z.array(PopulationFigure).check(z.maxLength(200)), []),
  // Descriptive fields: the member itself may edit these on its own record.
  contactPerson: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  email: z.optional(z.email().check(z.maxLength(254))),
  phone: z.optional(z.string().check(z.trim(), z.regex(/^\+?[0-9 ()-]{3,30}$/, fieldText('field-phone')))),
  notes: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
});

type MemberFields = z.infer<typeof MemberFields>;

/** Rules that span fields; applied to every schema that builds a member. */
function memberRules(member: MemberFields, ctx: z.core.$RefinementCtx): void {
  if ((member.mergedInto === undefined) !== (member.mergedOn === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['mergedOn'], message: fieldText('field-merged-together') });
  }
  if (member.mergedInto === member.id) {
    ctx.addIssue({ code: 'custom', path: ['mergedInto'], message: fieldText('field-merge-self') });
  }
  if (member.leftOn !== undefined && member.leftOn < member.joinedOn) {
    ctx.addIssue({ code: 'custom', path: ['leftOn'], message: fieldText('field-left-before-joined') });
  }
}

/**
 * A member municipality. Membership and population are dated: the figure in force on a date is
 * the one with the latest `from` not after it. A merged member keeps its history under its old id.
 */
export const MemberInput = MemberFields.check(z.superRefine(memberRules));

/** Body of a replace: the member, optionally echoing its id and carrying the version read. */
export const MemberReplace = z
  .extend(MemberFields, { id: z.optional(Slug), version: z.optional(Version), reason: z.optional(Reason) })
  .check(z.superRefine((member, ctx) => memberRules({ ...member, id: member.id ?? '' }, ctx)));

/** Body of a create through the API: the member plus the reason its membership facts are set. */
export const MemberCreate = z.extend(MemberFields, { reason: z.optional(Reason) }).check(z.superRefine(memberRules));

export const Member = z.extend(MemberFields, { version: Version });
export type MemberInput = z.input<typeof MemberInput>;
export type Member = z.infer<typeof Member>;
export type PopulationFigure = z.infer<typeof PopulationFigure>;
