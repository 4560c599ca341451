import type { HealthParams } from '#shared/messages/health.ts';
import type { CheckDefinition, CheckType, Threshold } from '#shared/schemas/checks.ts';

export type CheckStatus = 'ok' | 'warning' | 'critical' | 'unknown';

/** Worst first: used to roll checks up into a device and devices into an environment. */
export const STATUS_SEVERITY: Record<CheckStatus, number> = { critical: 3, warning: 2, unknown: 1, ok: 0 };

/** Facts a probe read off the device itself; compared with the registered values to show drift. */
export interface InventoryFacts {
  firmware?: string;
  serial?: string;
  description?: string;
  os?: string;
  hostname?: string;
  /** From sysObjectID's enterprise number (SNMP). */
  vendor?: string;
  /** Chassis model (ENTITY-MIB, else the vendor's MIB or sysDescr). */
  model?: string;
}

/**
 * One measured observation. A probe returns one or more (an SNMP check yields uptime, each
 * interface, CPU, storage and expected OIDs as separate results named `<check>.<part>`).
 */
export interface CheckResult {
  /** `<check name>` or `<check name>.<part>`, e.g. `snmp.if-wan`, `node.fs-/var`. */
  name: string;
  type: CheckType;
  status: CheckStatus;
  value?: number | string;
  unit?: string;
  thresholds?: Threshold;
  /** ISO timestamp. */
  observedAt: string;
  /** Why, in words an operator understands: `no answer within 5000 ms`, `certificate expires in 5 days`. */
  message?: string;
  /** The message as a code with raw parameters (`shared/messages/health.ts`); `message` is its English. */
  messageCode?: string;
  messageParams?: HealthParams;
  /** Extra numbers worth keeping (e.g. previous uptime for reboot detection, snapshot count). */
  extra?: Record<string, number | string>;
}

export interface ProbeOutput {
  results: CheckResult[];
  facts?: InventoryFacts;
  /** How long the probe took, for the sweep's latency p95. */
  durationMs: number;
}

/** Where probes get secrets (SNMP communities, restic passwords, CA certificates) by reference. */
export interface SecretResolver {
  get(ref: string): Promise<string>;
}

/** The names of an environment's secrets, for operators choosing one for a check: names only, never a value. */
export interface SecretNameLister {
  /** Every `<environmentId>/<name>` the environment has, sorted. */
  namesOf(environmentId: string): Promise<string[]>;
}

export interface ProbeContext {
  secrets: SecretResolver;
  now: () => Date;
  /** The previous results of this check on this device, for stateful reads (SNMP uptime decrease = reboot). */
  previous?: CheckResult[];
  /** Aborted when the check's time is up (set by `runCheck`): a probe stops its I/O and frees its sockets. */
  signal?: AbortSignal;
}

/** Every protocol adapter implements this. A probe never throws for a device fault: it reports it as a result. */
export interface Probe<T extends CheckDefinition['type'] = CheckDefinition['type']> {
  readonly type: T;
  run(check: Extract<CheckDefinition, { type: T }>, context: ProbeContext): Promise<ProbeOutput>;
}

/** Status of a number against its thresholds. */
export function statusFor(value: number, threshold: Threshold | undefined): CheckStatus {
  if (!threshold) return 'ok';
  const worse = (limit: number | undefined) =>
    limit !== undefined && (threshold.direction === 'below' ? value < limit : value > limit);
  if (worse(threshold.critical)) return 'critical';
  if (worse(threshold.warning)) return 'warning';
  return 'ok';
}
