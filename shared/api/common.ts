import * as z from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '#shared/domain/paging.ts';
import { Slug, Version } from '#shared/schemas/common.ts';

export const RegionPath = z.object({ regionId: Slug }).strict();
export const PageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

/** Any list answer: `{ items, nextCursor? }`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() });
}

/** Write bodies may echo the id (it must match the path) and carry the version they read. */
export const ReadBack = { id: Slug.optional(), version: Version.optional() };

/** One thing wrong with the request, in `error.details` of a 400 (and of a 422 that names a field). */
export const FieldProblemBody = z
  .looseObject({
    field: z.string().describe('where: `body.payer.memberId`, `query.limit`, `row 12.purchaseDate` (an import adds `row` and `column`)'),
    code: z.string().describe('a stable code for the problem (`field-too-long`, `field-one-of`, `import-date-ambiguous`); texts in shared/messages/errors.*.ts'),
    params: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .describe("the code's parameters (`{ count: 64 }`, `{ options: 'a, b' }`), for rendering it in the reader's language"),
    problem: z.string().describe('the problem in English'),
  });

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('a stable code (`validation-failed`, `not-found`, `resolve-note-required`…); texts that say what to do in shared/messages/errors.*.ts'),
    message: z.string().describe('in English, for API clients'),
    details: z
      .union([z.array(FieldProblemBody), z.record(z.string(), z.unknown())])
      .optional()
      .describe("a list of field problems (400, and a 422 that names a field), or the code's parameters (`{ retryAfterSeconds: 5 }`)"),
  }),
});
