import * as z from '#shared/schemas/zod.ts';
import { IsoDate, Name, Slug, Version } from './common.ts';
import { CostKey } from './cost-key.ts';
import { HOST_SUFFIX, isCidr } from '#shared/domain/networks.ts';
import { fieldText } from '#shared/messages/errors.ts';

/** One period in which an environment serves a member; `to` is the last day, absent while ongoing. */
export const ServicePeriod = z.strictObject({ memberId: Slug, from: IsoDate, to: z.optional(IsoDate) }).check(
  z.refine((period) => period.to === undefined || period.to >= period.from, {
    message: fieldText('field-to-before-from'),
    path: ['to'],
  }),
);

/**
 * The networks an environment's devices live in. A check may aim only at a host inside them: an IP
 * in one of `cidrs` (IPv4 or IPv6, `10.20.0.0/16`), or a host name ending in one of `hostSuffixes`
 * (`kris.kr-ikt.no` matches `fw-01.kris.kr-ikt.no`). Empty: no check of the environment may run.
 */
export const SiteNetworks = z.strictObject({
  cidrs: z._default(z.array(z.string().check(z.trim(), z.refine(isCidr, fieldText('field-cidr')))).check(z.maxLength(64)), []),
  hostSuffixes: z._default(z.array(z.string().check(z.trim(), z.toLowerCase(), z.regex(HOST_SUFFIX, fieldText('field-dns-domain')))).check(z.maxLength(64)), []),
});
export type SiteNetworks = z.infer<typeof SiteNetworks>;

/** An operating environment (driftsmiljø). Which members it hosts is data, never code. */
export const EnvironmentInput = z.strictObject({
  id: Slug,
  name: Name,
  site: Name,
  key: CostKey,
  serves: z._default(z.array(ServicePeriod).check(z.maxLength(100)), []),
  /** Absent: no networks, so no check of the environment may run. */
  siteNetworks: z.optional(SiteNetworks),
});

export const Environment = z.extend(EnvironmentInput, { version: Version });
export type EnvironmentInput = z.input<typeof EnvironmentInput>;
export type Environment = z.infer<typeof Environment>;
export type ServicePeriod = z.infer<typeof ServicePeriod>;
