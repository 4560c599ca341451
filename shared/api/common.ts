import * as z from '#shared/schemas/zod.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '#shared/domain/paging.ts';
import { Slug, Version } from '#shared/schemas/common.ts';

export const RegionPath = z.strictObject({ regionId: Slug });
export const PageQuery = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_PAGE_SIZE)), DEFAULT_PAGE_SIZE),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

/** Any list answer: `{ items, nextCursor? }`. */
export function pageOf<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });
}

/** Write bodies may echo the id (it must match the path) and carry the version they read. */
export const ReadBack = { id: z.optional(Slug), version: z.optional(Version) };

/** One thing wrong with the request, in `error.details` of a 400 (and of a 422 that names a field). */
export const FieldProblemBody = z.looseObject({
  field: z.string().check(z.describe('where: `body.payer.memberId`, `query.limit`, `row 12.purchaseDate` (an import adds `row` and `column`)')),
  code: z.string().check(z.describe('a stable code for the problem (`field-too-long`, `field-one-of`, `import-date-ambiguous`); texts in shared/messages/errors.*.ts')),
  params: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .check(z.describe("the code's parameters (`{ count: 64 }`, `{ options: 'a, b' }`), for rendering it in the reader's language")),
  problem: z.string().check(z.describe('the problem in English')),
});

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().check(z.describe('a stable code (`validation-failed`, `not-found`, `resolve-note-required`…); texts that say what to do in shared/messages/errors.*.ts')),
    message: z.string().check(z.describe('in English, for API clients')),
    details: z
      .optional(z.union([z.array(FieldProblemBody), z.record(z.string(), z.unknown())]))
      .check(z.describe("a list of field problems (400, and a 422 that names a field), or the code's parameters (`{ retryAfterSeconds: 5 }`)")),
  }),
});
