import * as z from '#shared/schemas/zod.ts';
import { StorableNumber } from './common.ts';
import { fieldText } from '#shared/messages/errors.ts';

/**
 * How a device is monitored: the checks run against it, each a small adapter behind one probe
 * interface (`shared/domain/health/probe.ts`). Secrets are never stored here: SNMP communities and
 * v3 keys are named by `secretRef` and resolved at the edge (env locally, Secrets Manager in AWS).
 */
export const Threshold = z.strictObject({
  warning: z.optional(StorableNumber),
  critical: z.optional(StorableNumber),
  /** `above`: higher is worse (CPU %); `below`: lower is worse (certificate days left). */
  direction: z._default(z.enum(['above', 'below']), 'above'),
});
export type Threshold = z.infer<typeof Threshold>;

const Host = z.string().check(z.minLength(1), z.maxLength(253));
const Port = z.int().check(z.gte(1), z.lte(65535));
const TimeoutMs = z._default(z.int().check(z.gte(100), z.lte(30_000)), 5_000);
const CheckName = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, fieldText('field-check-name')), z.maxLength(64));

export const TcpCheck = z.strictObject({ type: z.literal('tcp'), name: CheckName, host: Host, port: Port, timeoutMs: TimeoutMs });

export const HttpCheck = z.strictObject({
  type: z.literal('http'),
  name: CheckName,
  url: z.url(),
  expectStatus: z._default(z.int().check(z.gte(100), z.lte(599)), 200),
  latencyMs: z.optional(Threshold),
  /** For https: days until the certificate expires (defaults warning < 30, critical < 7). */
  certificateDays: z._default(Threshold, { warning: 30, critical: 7, direction: 'below' }),
  /** Trust this PEM CA in addition to the system's (a lab or an internal CA). */
  caRef: z.optional(z.string()),
  timeoutMs: TimeoutMs,
});

export const SnmpCheck = z.strictObject({
  type: z.literal('snmp'),
  name: CheckName,
  host: Host,
  port: z._default(Port, 161),
  version: z.enum(['2c', '3']),
  /** v2c: names the community secret. v3: names a secret holding `{ user, authKey, privKey, authProtocol, privProtocol }`. */
  secretRef: z.string().check(z.minLength(1)),
  /** Interface names (ifDescr/ifName) that must be up, e.g. WAN and the HA link. */
  interfaces: z._default(z.array(z.string().check(z.minLength(1))).check(z.maxLength(32)), []),
  cpuPercent: z._default(Threshold, { warning: 80, critical: 95, direction: 'above' }),
  storagePercent: z._default(Threshold, { warning: 85, critical: 95, direction: 'above' }),
  /**
   * Filesystems (hrStorageDescr) not to alarm on, in addition to the built-in list of pseudo and
   * read-only ones (`shared/domain/health/snmp-storage.ts`); `*` matches anything, e.g. `/mnt/backup*`.
   */
  storageIgnore: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(50)), []),
  /** A configurable OID with an expected value (HA state on firewalls). */
  expect: z._default(
    z.array(z.strictObject({ label: z.string().check(z.minLength(1)), oid: z.string().check(z.regex(/^\d+(\.\d+)+$/)), equals: z.string() })).check(z.maxLength(16)),
    [],
  ),
  timeoutMs: TimeoutMs,
});

export const PrometheusCheck = z.strictObject({
  type: z.literal('prometheus'),
  name: CheckName,
  url: z.url(),
  cpuPercent: z._default(Threshold, { warning: 85, critical: 95, direction: 'above' }),
  memoryPercent: z._default(Threshold, { warning: 90, critical: 97, direction: 'above' }),
  filesystemPercent: z._default(Threshold, { warning: 85, critical: 95, direction: 'above' }),
  /** Filesystem types to ignore besides the default list (tmpfs, squashfs, overlay, …; see `host-metrics.ts`). */
  ignoreFilesystemTypes: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(32))),
  /** Mount points to ignore: exact (`/boot/efi`) or a prefix ending in `/` (`/var/lib/docker/`). */
  ignoreMountpoints: z.optional(z.array(z.string().check(z.regex(/^\//, fieldText('field-mount-point')), z.maxLength(256))).check(z.maxLength(32))),
  timeoutMs: TimeoutMs,
});

export const ResticCheck = z.strictObject({
  type: z.literal('restic'),
  name: CheckName,
  repository: z.string().check(z.minLength(1)),
  /** Names the secret holding the repository password. */
  secretRef: z.string().check(z.minLength(1)),
  runCheck: z._default(z.boolean(), false),
  /** Newest snapshot older than this is critical; absent: 24 h (copy the device's `monitoring.backup.rpoHours` here). */
  rpoHours: z.optional(z.int().check(z.gte(1), z.lte(24 * 90))),
  timeoutMs: z._default(z.int().check(z.gte(100), z.lte(600_000)), 30_000),
});

export const CheckDefinition = z.discriminatedUnion('type', [TcpCheck, HttpCheck, SnmpCheck, PrometheusCheck, ResticCheck]);
export type CheckDefinition = z.infer<typeof CheckDefinition>;
export type CheckType = CheckDefinition['type'] | 'backup-coverage' | 'backup-job';

/** A device's monitoring settings. Optional on a device: unmonitored devices are shown as unknown. */
export const Monitoring = z.strictObject({
  checks: z._default(z.array(CheckDefinition).check(z.maxLength(32)), []),
  /** Needs a successful backup at least every `rpoHours`; missing backups are critical. */
  backup: z.optional(z.strictObject({ required: z.boolean(), rpoHours: z._default(z.int().check(z.gte(1), z.lte(24 * 90)), 24) })),
  /** Hysteresis: fails in a row before critical, passes in a row before recovered. */
  failuresToAlert: z._default(z.int().check(z.gte(1), z.lte(20)), 3),
  passesToRecover: z._default(z.int().check(z.gte(1), z.lte(20)), 2),
});
export type Monitoring = z.infer<typeof Monitoring>;
