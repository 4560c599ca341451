import { BlockList, isIPv4 } from 'node:net';
import { z } from 'zod';

/**
 * The deployment config: one typed, validated file per deployment (`infra/config/<name>.ts`).
 * `cdk synth` parses it with `parseDeploymentConfig` before building anything, so a missing or
 * invalid field stops the synth with a message naming the field (`environments.1.customerGatewayIp: …`).
 */

/** An IPv4 network in CIDR notation whose address is the network address (10.20.0.0/16, not 10.20.1.0/16). */
const Ipv4Cidr = z.string().refine(isNetworkCidr, { message: 'must be an IPv4 network in CIDR notation (a.b.c.d/n, host bits zero)' });

/** CloudWatch Logs' accepted retention periods (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Kebab-case ids, the same shape the API uses for region and environment ids. */
const Id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case: lower-case letters, digits and single hyphens');

/**
 * The environment's site networks, the same shape as `siteNetworks` on the environment record
 * that the API's check-target rule reads: a check may only target an address in `cidrs` or a host
 * name ending in one of `hostSuffixes`. Here the CIDRs also drive the VPN routes and the
 * collector's security group.
 */
export const SiteNetworks = z
  .object({
    cidrs: z.array(Ipv4Cidr).min(1, 'must list at least one site network'),
    hostSuffixes: z.array(z.string().regex(/^\.?[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a DNS suffix such as .lillesand.kommune.no')),
  })
  .strict();

/** How the site's firewall and AWS exchange routes over the tunnel. */
const VpnRouting = z.discriminatedUnion('type', [
  /** Static: AWS sends exactly the site's CIDRs into the tunnel; nothing is learned. */
  z.object({ type: z.literal('static') }).strict(),
  /** BGP: the firewall's private or public ASN (AWS's side keeps the gateway's ASN). */
  z.object({ type: z.literal('bgp'), asn: z.number().int().min(1).max(4_294_967_294) }).strict(),
]);

export const EnvironmentConfig = z
  .object({
    /** The environment's id in Driftsbilde (`lillesand-datapark`); names the VPN, alarms and the secret path. */
    id: Id,
    siteNetworks: SiteNetworks,
    /** The site firewall's public IPv4 address: the far end of both VPN tunnels. */
    customerGatewayIp: z.string().refine(isPublicIpv4, { message: 'must be the public IPv4 address of the site firewall' }),
    routing: VpnRouting,
    /** TCP ports of plain `tcp` checks on this site beyond the standard ones (SSH 22, RDP 3389, …). */
    extraTcpPorts: z.array(z.number().int().min(1).max(65_535)).default([]),
  })
  .strict();

export const DeploymentConfig = z
  .object({
    /** The Driftsbilde region this deployment serves (`kr-ikt`): the secret path's second part. */
    regionId: Id,
    /** The AWS region everything is deployed to (Stockholm, nearest to the municipalities). */
    awsRegion: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region name such as eu-north-1'),
    /** The collectors' VPC; must not overlap any site network (the VPN would not know which way to route). */
    vpcCidr: Ipv4Cidr.refine((cidr) => prefixLength(cidr) >= 16 && prefixLength(cidr) <= 24, { message: 'must be between /16 and /24' }),
    /**
     * The AWS-managed prefix list of DynamoDB in `awsRegion` (`aws ec2 describe-managed-prefix-lists
     * --filters Name=prefix-list-name,Values=com.amazonaws.<region>.dynamodb`): the collector's only
     * way to the table is the gateway endpoint, and a security group names it by this id.
     */
    dynamoDbPrefixListId: z.string().regex(/^pl-[0-9a-f]{8,17}$/, 'must be a prefix-list id (pl-…)'),
    environments: z.array(EnvironmentConfig).min(1, 'must list at least one environment'),
    /** Who hears the alarms. At least one: an alarm nobody receives is no alarm. */
    alarmEmails: z.array(z.email('must be an e-mail address')).min(1, 'must name at least one address'),
    /** The dashboard's own name; without it the *.cloudfront.net name is used. */
    customDomain: z
      .object({
        domainName: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a fully qualified domain name'),
        /** CloudFront only takes certificates from us-east-1. */
        certificateArn: z
          .string()
          .regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, 'must be the ARN of an ACM certificate in us-east-1 (CloudFront takes no other)'),
      })
      .strict()
      .optional(),
    /** Days every log group keeps its events (one of the values CloudWatch Logs accepts). */
    logRetentionDays: z.number().refine((days) => LOG_RETENTION_DAYS.includes(days), { message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}` }),
    /** Prefix of the Cognito managed-login domain: https://<prefix>.auth.<region>.amazoncognito.com */
    cognitoDomainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and hyphens (1–63)')
      .refine((prefix) => !/aws|amazon|cognito/.test(prefix), { message: 'may not contain aws, amazon or cognito' }),
    /** Minutes between sweeps (the schedule's rate); the heartbeat alarm fires after 3 missed ones. */
    sweepIntervalMinutes: z.number().int().min(1).max(60).default(1),
  })
  .strict()
  .superRefine((config, context) => {
    // The VPC must not overlap a site, and no two sites may overlap each other.
    const seen: Array<{ cidr: string; where: (string | number)[] }> = [{ cidr: config.vpcCidr, where: ['vpcCidr'] }];
    config.environments.forEach((environment, environmentIndex) => {
      environment.siteNetworks.cidrs.forEach((cidr, cidrIndex) => {
        const where = ['environments', environmentIndex, 'siteNetworks', 'cidrs', cidrIndex];
        for (const earlier of seen) {
          if (cidrsOverlap(cidr, earlier.cidr)) {
            context.addIssue({ code: 'custom', path: where, message: `${cidr} overlaps ${earlier.cidr} (${earlier.where.join('.')})` });
          }
        }
        seen.push({ cidr, where });
      });
    });
    const ids = config.environments.map((environment) => environment.id);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) context.addIssue({ code: 'custom', path: ['environments', index, 'id'], message: `${id} is listed twice` });
    });
    const ips = config.environments.map((environment) => environment.customerGatewayIp);
    ips.forEach((ip, index) => {
      if (ips.indexOf(ip) !== index) {
        context.addIssue({ code: 'custom', path: ['environments', index, 'customerGatewayIp'], message: `${ip} is already another environment's gateway; one VPN per site` });
      }
    });
  });

export type DeploymentConfig = z.infer<typeof DeploymentConfig>;
export type DeploymentConfigInput = z.input<typeof DeploymentConfig>;
export type EnvironmentConfig = z.infer<typeof EnvironmentConfig>;

/** Thrown by `parseDeploymentConfig`; its message lists every problem with the field's path. */
export class DeploymentConfigError extends Error {
  constructor(
    readonly configName: string,
    readonly problems: Array<{ field: string; problem: string }>,
  ) {
    super(`Deployment config '${configName}' is invalid:\n${problems.map((entry) => `  - ${entry.field}: ${entry.problem}`).join('\n')}`);
    this.name = 'DeploymentConfigError';
  }
}

export function parseDeploymentConfig(configName: string, input: unknown): DeploymentConfig {
  const parsed = DeploymentConfig.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new DeploymentConfigError(
    configName,
    parsed.error.issues.map((issue) => ({ field: issue.path.length > 0 ? issue.path.join('.') : '(config)', problem: issue.message })),
  );
}

function prefixLength(cidr: string): number {
  return Number(cidr.split('/')[1]);
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

function isNetworkCidr(value: string): boolean {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(value);
  if (!match || !isIPv4(match[1]!)) return false;
  const bits = Number(match[2]);
  if (bits > 32) return false;
  const hostBits = 32 - bits;
  return hostBits === 32 ? ipv4ToNumber(match[1]!) === 0 : ipv4ToNumber(match[1]!) % 2 ** hostBits === 0;
}

/** Two networks overlap when either contains the other's network address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [addressA, bitsA] = a.split('/') as [string, string];
  const [addressB, bitsB] = b.split('/') as [string, string];
  const listA = new BlockList();
  listA.addSubnet(addressA, Number(bitsA), 'ipv4');
  const listB = new BlockList();
  listB.addSubnet(addressB, Number(bitsB), 'ipv4');
  return listA.check(addressB, 'ipv4') || listB.check(addressA, 'ipv4');
}

/**
 * Private, shared, loopback, link-local, multicast and reserved ranges are not a firewall's public
 * address. The documentation ranges (RFC 5737) are let through so that an example config
 * synthesises; `placeholderAddresses` names them so the app can warn before a deploy.
 */
const NOT_PUBLIC = (() => {
  const list = new BlockList();
  for (const [address, bits] of [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
    ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3],
  ] as const) {
    list.addSubnet(address, bits, 'ipv4');
  }
  return list;
})();

function isPublicIpv4(value: string): boolean {
  return isIPv4(value) && !NOT_PUBLIC.check(value, 'ipv4');
}

const DOCUMENTATION = (() => {
  const list = new BlockList();
  for (const [address, bits] of [['192.0.2.0', 24], ['198.51.100.0', 24], ['203.0.113.0', 24]] as const) list.addSubnet(address, bits, 'ipv4');
  return list;
})();

/** Stands in for the account's DynamoDB prefix-list id in an example config. */
export const PLACEHOLDER_PREFIX_LIST_ID = 'pl-00000000';

/** Values of an example config that must be replaced before a real deploy. */
export function placeholderValues(config: DeploymentConfig): string[] {
  const prefixList = config.dynamoDbPrefixListId === PLACEHOLDER_PREFIX_LIST_ID ? [`dynamoDbPrefixListId ${PLACEHOLDER_PREFIX_LIST_ID} is a placeholder`] : [];
  return prefixList.concat(config.environments
    .filter((environment) => DOCUMENTATION.check(environment.customerGatewayIp, 'ipv4'))
    .map((environment) => `environments[${environment.id}].customerGatewayIp ${environment.customerGatewayIp} is a documentation address (RFC 5737)`));
}
