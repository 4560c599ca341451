import * as z from '#shared/schemas/zod.ts';
import { Slug, StorableNumber } from './common.ts';
import { fieldText } from '#shared/messages/errors.ts';

/**
 * How a shared cost is divided between the members served on a date.
 * `fixed-plus-population`: share_i = f/N + (1 − f) · pop_i / Σpop (eKommune Sunnmøre uses f = 0.30).
 */
export const CostKey = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('equal') }),
  z.strictObject({ type: z.literal('population') }),
  z.strictObject({ type: z.literal('fixed-plus-population'), fixed: StorableNumber.check(z.gte(0), z.lte(1)) }),
  z
    .strictObject({
      type: z.literal('custom'),
      shares: z.record(Slug, StorableNumber.check(z.gte(0), z.lte(100))),
    })
    .check(
      z.refine((key) => Math.abs(Object.values(key.shares).reduce((sum, p) => sum + p, 0) - 100) < 1e-6, {
        message: fieldText('field-shares-sum'),
        path: ['shares'],
      }),
    ),
]);
export type CostKey = z.infer<typeof CostKey>;
