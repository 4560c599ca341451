import * as z from 'zod';
import { StorableNumber } from './common.ts';
import { fieldText } from '#shared/messages/errors.ts';

/**
 * How a device is monitored: the checks run against it, each a small adapter behind one probe
 * interface (`shared/domain/health/probe.ts`). Secrets are never stored here: SNMP communities and
 * v3 keys are named by `secretRef` and resolved at the edge (env locally, Secrets Manager in AWS).
 */
export const Threshold = z
  .object({
    warning: StorableNumber.optional(),
    critical: StorableNumber.optional(),
    /** `above`: higher is worse (CPU %); `below`: lower is worse (certificate days left). */
    direction: z.enum(['above', 'below']).default('above'),
  })
  .strict();
export type Threshold = z.infer<typeof Threshold>;

const Host = z.string().min(1).max(253);
const Port = z.number().int().min(1).max(65535);
const TimeoutMs = z.number().int().min(100).max(30_000).default(5_000);
const CheckName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, fieldText('field-check-name')).max(64);

export const TcpCheck = z.object({ type: z.literal('tcp'), name: CheckName, host: Host, port: Port, timeoutMs: TimeoutMs }).strict();

export const HttpCheck = z
  .object({
    type: z.literal('http'),
    name: CheckName,
    url: z.url(),
    expectStatus: z.number().int().min(100).max(599).default(200),
    latencyMs: Threshold.optional(),
    /** For https: days until the certificate expires (defaults warning < 30, critical < 7). */
    certificateDays: Threshold.default({ warning: 30, critical: 7, direction: 'below' }),
    /** Trust this PEM CA in addition to the system's (a lab or an internal CA). */
    caRef: z.string().optional(),
    timeoutMs: TimeoutMs,
  })
  .strict();

export const SnmpCheck = z
  .object({
    type: z.literal('snmp'),
    name: CheckName,
    host: Host,
    port: Port.default(161),
    version: z.enum(['2c', '3']),
    /** v2c: names the community secret. v3: names a secret holding `{ user, authKey, privKey, authProtocol, privProtocol }`. */
    secretRef: z.string().min(1),
    /** Interface names (ifDescr/ifName) that must be up, e.g. WAN and the HA link. */
    interfaces: z.array(z.string().min(1)).max(32).default([]),
    cpuPercent: Threshold.default({ warning: 80, critical: 95, direction: 'above' }),
    storagePercent: Threshold.default({ warning: 85, critical: 95, direction: 'above' }),
    /**
     * Filesystems (hrStorageDescr) not to alarm on, in addition to the built-in list of pseudo and
     * read-only ones (`shared/domain/health/snmp-storage.ts`); `*` matches anything, e.g. `/mnt/backup*`.
     */
    storageIgnore: z.array(z.string().min(1).max(200)).max(50).default([]),
    /** A configurable OID with an expected value (HA state on firewalls). */
    expect: z.array(z.object({ label: z.string().min(1), oid: z.string().regex(/^\d+(\.\d+)+$/), equals: z.string() }).strict()).max(16).default([]),
    timeoutMs: TimeoutMs,
  })
  .strict();

export const PrometheusCheck = z
  .object({
    type: z.literal('prometheus'),
    name: CheckName,
    url: z.url(),
    cpuPercent: Threshold.default({ warning: 85, critical: 95, direction: 'above' }),
    memoryPercent: Threshold.default({ warning: 90, critical: 97, direction: 'above' }),
    filesystemPercent: Threshold.default({ warning: 85, critical: 95, direction: 'above' }),
    /** Filesystem types to ignore besides the default list (tmpfs, squashfs, overlay, …; see `host-metrics.ts`). */
    ignoreFilesystemTypes: z.array(z.string().min(1).max(64)).max(32).optional(),
    /** Mount points to ignore: exact (`/boot/efi`) or a prefix ending in `/` (`/var/lib/docker/`). */
    ignoreMountpoints: z.array(z.string().regex(/^\//, fieldText('field-mount-point')).max(256)).max(32).optional(),
    timeoutMs: TimeoutMs,
  })
  .strict();

export const ResticCheck = z
  .object({
    type: z.literal('restic'),
    name: CheckName,
    repository: z.string().min(1),
    /** Names the secret holding the repository password. */
    secretRef: z.string().min(1),
    runCheck: z.boolean().default(false),
    /** Newest snapshot older than this is critical; absent: 24 h (copy the device's `monitoring.backup.rpoHours` here). */
    rpoHours: z.number().int().min(1).max(24 * 90).optional(),
    timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  })
  .strict();

export const CheckDefinition = z.discriminatedUnion('type', [TcpCheck, HttpCheck, SnmpCheck, PrometheusCheck, ResticCheck]);
export type CheckDefinition = z.infer<typeof CheckDefinition>;
export type CheckType = CheckDefinition['type'] | 'backup-coverage' | 'backup-job';

/** A device's monitoring settings. Optional on a device: unmonitored devices are shown as unknown. */
export const Monitoring = z
  .object({
    checks: z.array(CheckDefinition).max(32).default([]),
    /** Needs a successful backup at least every `rpoHours`; missing backups are critical. */
    backup: z.object({ required: z.boolean(), rpoHours: z.number().int().min(1).max(24 * 90).default(24) }).strict().optional(),
    /** Hysteresis: fails in a row before critical, passes in a row before recovered. */
    failuresToAlert: z.number().int().min(1).max(20).default(3),
    passesToRecover: z.number().int().min(1).max(20).default(2),
  })
  .strict();
export type Monitoring = z.infer<typeof Monitoring>;
