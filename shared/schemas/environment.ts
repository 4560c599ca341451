import * as z from 'zod';
import { IsoDate, Name, Slug, Version } from './common.ts';
import { CostKey } from './cost-key.ts';
import { HOST_SUFFIX, isCidr } from '#shared/domain/networks.ts';
import { fieldText } from '#shared/messages/errors.ts';

/** One period in which an environment serves a member; `to` is the last day, absent while ongoing. */
export const ServicePeriod = z
  .object({ memberId: Slug, from: IsoDate, to: IsoDate.optional() })
  .strict()
  .refine((period) => period.to === undefined || period.to >= period.from, {
    message: fieldText('field-to-before-from'),
    path: ['to'],
  });

/**
 * The networks an environment's devices live in. A check may aim only at a host inside them: an IP
 * in one of `cidrs` (IPv4 or IPv6, `10.20.0.0/16`), or a host name ending in one of `hostSuffixes`
 * (`kris.kr-ikt.no` matches `fw-01.kris.kr-ikt.no`). Empty: no check of the environment may run.
 */
export const SiteNetworks = z
  .object({
    cidrs: z.array(z.string().trim().refine(isCidr, fieldText('field-cidr'))).max(64).default([]),
    hostSuffixes: z.array(z.string().trim().toLowerCase().regex(HOST_SUFFIX, fieldText('field-dns-domain'))).max(64).default([]),
  })
  .strict();
export type SiteNetworks = z.infer<typeof SiteNetworks>;

/** An operating environment (driftsmiljø). Which members it hosts is data, never code. */
export const EnvironmentInput = z
  .object({
    id: Slug,
    name: Name,
    site: Name,
    key: CostKey,
    serves: z.array(ServicePeriod).max(100).default([]),
    /** Absent: no networks, so no check of the environment may run. */
    siteNetworks: SiteNetworks.optional(),
  })
  .strict();

export const Environment = EnvironmentInput.extend({ version: Version });
export type EnvironmentInput = z.input<typeof EnvironmentInput>;
export type Environment = z.infer<typeof Environment>;
export type ServicePeriod = z.infer<typeof ServicePeriod>;
