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

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
