import * as z from 'zod';
import { IsoDate, Name, Slug, Version } from './common.ts';
import { CostKey } from './cost-key.ts';

/** One period in which an environment serves a member; `to` is the last day, absent while ongoing. */
export const ServicePeriod = z
  .object({ memberId: Slug, from: IsoDate, to: IsoDate.optional() })
  .strict()
  .refine((period) => period.to === undefined || period.to >= period.from, {
    message: 'to is before from',
    path: ['to'],
  });

/** An operating environment (driftsmiljø). Which members it hosts is data, never code. */
export const EnvironmentInput = z
  .object({
    id: Slug,
    name: Name,
    site: Name,
    key: CostKey,
    serves: z.array(ServicePeriod).max(100).default([]),
  })
  .strict();

export const Environment = EnvironmentInput.extend({ version: Version });
export type EnvironmentInput = z.input<typeof EnvironmentInput>;
export type Environment = z.infer<typeof Environment>;
export type ServicePeriod = z.infer<typeof ServicePeriod>;
