import * as z from 'zod';
import { IsoDate, Name, Slug, Version } from './common.ts';

export const PopulationFigure = z.object({ from: IsoDate, value: z.number().int().nonnegative() }).strict();

const MemberFields = z
  .object({
    id: Slug,
    name: Name,
    joinedOn: IsoDate,
    leftOn: IsoDate.optional(),
    mergedInto: Slug.optional(),
    mergedOn: IsoDate.optional(),
    population: z.array(PopulationFigure).max(200).default([]),
  })
  .strict();

type MemberFields = z.infer<typeof MemberFields>;

/** Rules that span fields; applied to every schema that builds a member. */
function memberRules(member: MemberFields, ctx: z.RefinementCtx): void {
  if ((member.mergedInto === undefined) !== (member.mergedOn === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['mergedOn'], message: 'mergedInto and mergedOn go together' });
  }
  if (member.mergedInto === member.id) {
    ctx.addIssue({ code: 'custom', path: ['mergedInto'], message: 'a member cannot merge into itself' });
  }
  if (member.leftOn !== undefined && member.leftOn < member.joinedOn) {
    ctx.addIssue({ code: 'custom', path: ['leftOn'], message: 'leftOn is before joinedOn' });
  }
}

/**
 * A member municipality. Membership and population are dated: the figure in force on a date is
 * the one with the latest `from` not after it. A merged member keeps its history under its old id.
 */
export const MemberInput = MemberFields.superRefine(memberRules);

/** Body of a replace: the member, optionally echoing its id and carrying the version read. */
export const MemberReplace = MemberFields.extend({ id: Slug.optional(), version: Version.optional() }).superRefine((member, ctx) =>
  memberRules({ ...member, id: member.id ?? '' }, ctx),
);

export const Member = MemberFields.extend({ version: Version });
export type MemberInput = z.input<typeof MemberInput>;
export type Member = z.infer<typeof Member>;
export type PopulationFigure = z.infer<typeof PopulationFigure>;
