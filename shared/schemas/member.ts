import * as z from 'zod';
import { IsoDate, Name, Slug, Version } from './common.ts';
import { fieldText } from '#shared/messages/errors.ts';

export const PopulationFigure = z.object({ from: IsoDate, value: z.number().int().nonnegative() }).strict();

export const Reason = z.string().trim().min(1).max(500).describe(
  'why membership facts change (joinedOn, leftOn, mergers, population): required for such a change, kept in the audit trail, not stored on the member',
);

const MemberFields = z
  .object({
    id: Slug,
    name: Name,
    joinedOn: IsoDate,
    leftOn: IsoDate.optional(),
    mergedInto: Slug.optional(),
    mergedOn: IsoDate.optional(),
    population: z.array(PopulationFigure).max(200).default([]),
    // Descriptive fields: the member itself may edit these on its own record.
    contactPerson: z.string().trim().max(200).optional(),
    email: z.email().max(254).optional(),
    phone: z.string().trim().regex(/^\+?[0-9 ()-]{3,30}$/, fieldText('field-phone')).optional(),
    notes: z.string().trim().max(2000).optional(),
  })
  .strict();

type MemberFields = z.infer<typeof MemberFields>;

/** Rules that span fields; applied to every schema that builds a member. */
function memberRules(member: MemberFields, ctx: z.RefinementCtx): void {
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
export const MemberInput = MemberFields.superRefine(memberRules);

/** Body of a replace: the member, optionally echoing its id and carrying the version read. */
export const MemberReplace = MemberFields.extend({ id: Slug.optional(), version: Version.optional(), reason: Reason.optional() }).superRefine((member, ctx) =>
  memberRules({ ...member, id: member.id ?? '' }, ctx),
);

/** Body of a create through the API: the member plus the reason its membership facts are set. */
export const MemberCreate = MemberFields.extend({ reason: Reason.optional() }).superRefine(memberRules);

export const Member = MemberFields.extend({ version: Version });
export type MemberInput = z.input<typeof MemberInput>;
export type Member = z.infer<typeof Member>;
export type PopulationFigure = z.infer<typeof PopulationFigure>;
