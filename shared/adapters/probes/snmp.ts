/**
 * SNMP probe (v2c, and v3 authPriv), on net-snmp. One check yields several results:
 *  - `<check>.uptime`: sysUpTime; lower than the previous run's = the device rebooted → warning,
 *  - `<check>.if-<name>`: ifOperStatus of each interface named in the check (matched on ifDescr or
 *    ifName); down → critical, not found → unknown,
 *  - `<check>.cpu`: mean hrProcessorLoad (HOST-RESOURCES-MIB), against `cpuPercent`,
 *  - `<check>.storage-<descr>`: used % of each fixed disk in hrStorageTable, against `storagePercent`,
 *  - `<check>.<label>`: each `expect` OID compared with its expected value (HA state).
 * CPU and storage are left out when the device does not implement HOST-RESOURCES-MIB (most
 * firewalls and routers): not applicable is not a fault.
 * Facts: sysDescr, sysName, and the chassis serial and firmware from ENTITY-MIB when present.
 *
 * A device that does not answer at all gives one critical result named `<check>`: with v2c a wrong
 * community looks exactly like that, because agents drop such requests without a word.
 */
import type Snmp from 'net-snmp';
import * as z from 'zod';
import type { CheckResult, CheckStatus, InventoryFacts, Probe, ProbeContext, ProbeOutput } from '#shared/domain/health/probe.ts';
import { statusFor } from '#shared/domain/health/probe.ts';
import type { SnmpCheck } from '#shared/schemas/checks.ts';
import { errorMessage, formatDuration, makeResult, probeBudgetMs, readSecret, round, startProbeOutput } from './support.ts';

type Check = z.infer<typeof SnmpCheck>;

/** Well-known OIDs (no MIB files are loaded: numbers keep the probe self-contained). */
export const OID = {
  sysDescr: '1.3.6.1.2.1.1.1.0',
  sysUpTime: '1.3.6.1.2.1.1.3.0',
  sysName: '1.3.6.1.2.1.1.5.0',
  ifDescr: '1.3.6.1.2.1.2.2.1.2',
  ifAdminStatus: '1.3.6.1.2.1.2.2.1.7',
  ifOperStatus: '1.3.6.1.2.1.2.2.1.8',
  ifName: '1.3.6.1.2.1.31.1.1.1.1',
  hrProcessorLoad: '1.3.6.1.2.1.25.3.3.1.2',
  hrStorageType: '1.3.6.1.2.1.25.2.3.1.2',
  hrStorageDescr: '1.3.6.1.2.1.25.2.3.1.3',
  hrStorageAllocationUnits: '1.3.6.1.2.1.25.2.3.1.4',
  hrStorageSize: '1.3.6.1.2.1.25.2.3.1.5',
  hrStorageUsed: '1.3.6.1.2.1.25.2.3.1.6',
  hrStorageFixedDisk: '1.3.6.1.2.1.25.2.1.4',
  entPhysicalClass: '1.3.6.1.2.1.47.1.1.1.1.5',
  entPhysicalFirmwareRev: '1.3.6.1.2.1.47.1.1.1.1.9',
  entPhysicalSoftwareRev: '1.3.6.1.2.1.47.1.1.1.1.10',
  entPhysicalSerialNum: '1.3.6.1.2.1.47.1.1.1.1.11',
} as const;

/** ENTITY-MIB PhysicalClass chassis(3): the row that describes the box itself. */
const ENT_CLASS_CHASSIS = 3;
const IF_STATUS = ['', 'up', 'down', 'testing', 'unknown', 'dormant', 'notPresent', 'lowerLayerDown'];
const TIMETICKS_WRAP = 2 ** 32;

/** The JSON a v3 secret holds. */
export const SnmpV3Secret = z
  .object({
    user: z.string().min(1),
    authProtocol: z.enum(['sha', 'sha256', 'md5']),
    authKey: z.string().min(8, 'SNMPv3 keys are at least 8 characters'),
    privProtocol: z.enum(['aes', 'des']),
    privKey: z.string().min(8, 'SNMPv3 keys are at least 8 characters'),
  })
  .strict();
export type SnmpV3Secret = z.infer<typeof SnmpV3Secret>;

type Varbind = Snmp.Varbind;

/**
 * net-snmp (~120 KB) is loaded on the first SNMP check, not when the module is imported: functions
 * that import the probe registry without sweeping SNMP devices never pay for it at cold start.
 * Every function below that uses `snmp` runs after `loadSnmp()` in `run`.
 */
let snmp: typeof Snmp;
async function loadSnmp(): Promise<void> {
  snmp ??= (await import('net-snmp')).default;
}

export const snmpProbe: Probe<'snmp'> = {
  type: 'snmp',
  async run(check, context): Promise<ProbeOutput> {
    const done = startProbeOutput();
    const single = (status: CheckStatus, message: string) => done([makeResult(check, context, { status, message })]);

    const secret = await readSecret(context, check.secretRef);
    if (!secret.ok) return single('unknown', secret.message);
    await loadSnmp();

    // Two tries within the probe's budget: UDP loses packets, and one retry is what agents expect.
    const perTryMs = Math.max(50, Math.floor(probeBudgetMs(check.timeoutMs) / 2));
    const options = { port: check.port, timeout: perTryMs, retries: 1, backoff: 1, transport: 'udp4' as const };
    let session: Snmp.Session;
    if (check.version === '2c') {
      session = snmp.createSession(check.host, secret.value, { ...options, version: snmp.Version2c });
    } else {
      let v3: SnmpV3Secret;
      try {
        v3 = SnmpV3Secret.parse(JSON.parse(secret.value));
      } catch (error) {
        const why = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.') || 'secret'}: ${i.message}`).join('; ') : errorMessage(error);
        return single('unknown', `secret '${check.secretRef}' is not SNMPv3 settings JSON { user, authProtocol, authKey, privProtocol, privKey }: ${why}`);
      }
      session = snmp.createV3Session(check.host, userOf(v3), { ...options, version: snmp.Version3 });
    }
    // A socket error must not crash the process; requests still fail and are reported.
    session.on('error', () => {});
    const closeOnAbort = () => {
      try {
        session.close();
      } catch {
        // already closed
      }
    };
    context.signal?.addEventListener('abort', closeOnAbort, { once: true });

    try {
      let system: Varbind[];
      try {
        system = await get(session, [OID.sysDescr, OID.sysUpTime, OID.sysName]);
      } catch (error) {
        return single('critical', describeSnmpError(error, check, perTryMs * 2));
      }
      const [descrVb, uptimeVb, nameVb] = system;
      const facts: InventoryFacts = {};
      const description = text(descrVb);
      if (description) facts.description = description;
      const hostname = text(nameVb);
      if (hostname) facts.hostname = hostname;

      const results: CheckResult[] = [uptimeResult(check, context, numberOf(uptimeVb))];
      const [interfaces, host, entity, expected] = await Promise.all([
        check.interfaces.length > 0 ? interfaceResults(session, check, context) : [],
        hostResourceResults(session, check, context),
        entityFacts(session),
        expectResults(session, check, context),
      ]);
      results.push(...interfaces, ...host, ...expected);
      Object.assign(facts, entity);
      return done(results, facts);
    } finally {
      context.signal?.removeEventListener('abort', closeOnAbort);
      closeOnAbort();
    }
  },
};

function userOf(secret: SnmpV3Secret): Snmp.User {
  const auth = { sha: snmp.AuthProtocols.sha, sha256: snmp.AuthProtocols.sha256, md5: snmp.AuthProtocols.md5 }[secret.authProtocol];
  const priv = { aes: snmp.PrivProtocols.aes, des: snmp.PrivProtocols.des }[secret.privProtocol];
  return { name: secret.user, level: snmp.SecurityLevel.authPriv, authProtocol: auth, authKey: secret.authKey, privProtocol: priv, privKey: secret.privKey };
}

function describeSnmpError(error: unknown, check: Check, waitedMs: number): string {
  // RequestTimedOutError is exported by net-snmp but missing from its typings: match on the name.
  if (error instanceof Error && error.name === 'RequestTimedOutError') {
    return check.version === '2c'
      ? `no SNMP answer within ${waitedMs} ms (wrong community or host down?)`
      : `no SNMP answer within ${waitedMs} ms (host down, or SNMPv3 user unknown to it?)`;
  }
  if (error instanceof snmp.ResponseInvalidError) return `SNMPv3 security failed: ${error.message} (check user, keys and protocols)`;
  const message = errorMessage(error);
  if (/unsupported|digital envelope/i.test(message)) return `SNMP crypto not available in this Node.js (${message}); DES needs --openssl-legacy-provider, prefer AES`;
  return `SNMP request failed: ${message}`;
}

function uptimeResult(check: Check, context: ProbeContext, ticks: number | undefined): CheckResult {
  if (ticks === undefined) return makeResult(check, context, { status: 'unknown', message: 'sysUpTime not readable' }, 'uptime');
  const seconds = Math.floor(ticks / 100);
  const previous = context.previous?.find((result) => result.name === `${check.name}.uptime`);
  const previousTicks = Number(previous?.extra?.uptimeTicks);
  const extra = { uptimeTicks: ticks };
  if (previous && Number.isFinite(previousTicks) && ticks < previousTicks && !isWrap(previousTicks, ticks, previous.observedAt, context.now())) {
    return makeResult(
      check,
      context,
      {
        status: 'warning',
        value: seconds,
        unit: 's',
        message: `rebooted: uptime fell from ${formatDuration(previousTicks / 100)} to ${formatDuration(seconds)}`,
        extra: { ...extra, rebootDetected: 1 },
      },
      'uptime',
    );
  }
  return makeResult(check, context, { status: 'ok', value: seconds, unit: 's', message: `up ${formatDuration(seconds)}`, extra }, 'uptime');
}

/**
 * TimeTicks is 32 bits of hundredths: it wraps to 0 after 497 days without any reboot. A decrease
 * that matches the time elapsed since the last reading (within 10 min) is that wrap.
 */
function isWrap(previousTicks: number, ticks: number, previousAt: string, now: Date): boolean {
  const elapsedTicks = ((now.getTime() - Date.parse(previousAt)) / 1000) * 100;
  if (!Number.isFinite(elapsedTicks)) return false;
  const expected = previousTicks + elapsedTicks - TIMETICKS_WRAP;
  return expected >= 0 && Math.abs(expected - ticks) < 60_000;
}

async function interfaceResults(session: Snmp.Session, check: Check, context: ProbeContext): Promise<CheckResult[]> {
  let descr: Map<string, Varbind>, names: Map<string, Varbind>, admin: Map<string, Varbind>, oper: Map<string, Varbind>;
  try {
    [descr, names, oper, admin] = await columns(session, [OID.ifDescr, OID.ifName, OID.ifOperStatus, OID.ifAdminStatus]);
  } catch (error) {
    return check.interfaces.map((name) =>
      makeResult(check, context, { status: 'unknown', message: `could not read the interface table: ${errorMessage(error)}` }, `if-${name}`),
    );
  }
  const known = new Map<string, string>();
  for (const [index, vb] of descr) known.set(text(vb), index);
  for (const [index, vb] of names) if (text(vb)) known.set(text(vb), index);
  const findIndex = (wanted: string) =>
    known.get(wanted) ?? [...known].find(([name]) => name.toLowerCase() === wanted.toLowerCase())?.[1];

  return check.interfaces.map((wanted) => {
    const index = findIndex(wanted);
    if (index === undefined) {
      const have = [...new Set(known.keys())].slice(0, 12).join(', ');
      return makeResult(check, context, { status: 'unknown', message: `interface ${wanted} not found on the device (it has: ${have || 'none'})` }, `if-${wanted}`);
    }
    const operStatus = numberOf(oper.get(index));
    const adminStatus = numberOf(admin.get(index));
    const label = IF_STATUS[operStatus ?? 0] || `status ${operStatus}`;
    let status: CheckStatus = operStatus === 1 ? 'ok' : 'critical';
    // testing and dormant are not failures, but not "up" either.
    if (operStatus === 3 || operStatus === 5) status = 'warning';
    let message = `${wanted} is ${label}`;
    if (operStatus !== 1 && adminStatus === 2) message += ' (administratively down)';
    return makeResult(
      check,
      context,
      { status, value: label, message, extra: { ifIndex: Number(index), ifOperStatus: operStatus ?? 0, ...(adminStatus ? { ifAdminStatus: adminStatus } : {}) } },
      `if-${wanted}`,
    );
  });
}

async function hostResourceResults(session: Snmp.Session, check: Check, context: ProbeContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let loads: Map<string, Varbind>;
  let types: Map<string, Varbind>, descrs: Map<string, Varbind>, units: Map<string, Varbind>, sizes: Map<string, Varbind>, used: Map<string, Varbind>;
  try {
    [loads, types, descrs, units, sizes, used] = await columns(session, [
      OID.hrProcessorLoad,
      OID.hrStorageType,
      OID.hrStorageDescr,
      OID.hrStorageAllocationUnits,
      OID.hrStorageSize,
      OID.hrStorageUsed,
    ]);
  } catch (error) {
    return [makeResult(check, context, { status: 'unknown', message: `could not read HOST-RESOURCES-MIB: ${errorMessage(error)}` }, 'cpu')];
  }

  const cpuLoads = [...loads.values()].map(numberOf).filter((n): n is number => n !== undefined);
  if (cpuLoads.length > 0) {
    const mean = round(cpuLoads.reduce((a, b) => a + b, 0) / cpuLoads.length);
    results.push(
      makeResult(
        check,
        context,
        { status: statusFor(mean, check.cpuPercent), value: mean, unit: '%', thresholds: check.cpuPercent, message: `CPU ${mean} % (mean of ${cpuLoads.length} processor${cpuLoads.length === 1 ? '' : 's'})` },
        'cpu',
      ),
    );
  }

  for (const [index, typeVb] of types) {
    if (text(typeVb) !== OID.hrStorageFixedDisk) continue;
    const size = numberOf(sizes.get(index));
    const usedUnits = numberOf(used.get(index));
    const unit = numberOf(units.get(index)) ?? 1;
    if (!size || usedUnits === undefined) continue;
    const descr = text(descrs.get(index)) || `#${index}`;
    const percent = round((100 * usedUnits) / size);
    const freeGib = round(((size - usedUnits) * unit) / 2 ** 30);
    results.push(
      makeResult(
        check,
        context,
        { status: statusFor(percent, check.storagePercent), value: percent, unit: '%', thresholds: check.storagePercent, message: `${descr} ${percent} % used (${freeGib} GiB free)` },
        `storage-${descr}`,
      ),
    );
  }
  return results;
}

/** Serial and firmware of the chassis (or the first entity that has them). Never fails the check. */
async function entityFacts(session: Snmp.Session): Promise<InventoryFacts> {
  try {
    const [classes, serials, firmware, software] = await columns(session, [
      OID.entPhysicalClass,
      OID.entPhysicalSerialNum,
      OID.entPhysicalFirmwareRev,
      OID.entPhysicalSoftwareRev,
    ]);
    const indexes = [...new Set([...serials.keys(), ...firmware.keys(), ...software.keys()])].sort((a, b) => Number(a) - Number(b));
    const chassisFirst = [
      ...indexes.filter((index) => numberOf(classes.get(index)) === ENT_CLASS_CHASSIS),
      ...indexes.filter((index) => numberOf(classes.get(index)) !== ENT_CLASS_CHASSIS),
    ];
    const facts: InventoryFacts = {};
    const serial = chassisFirst.map((index) => text(serials.get(index))).find(Boolean);
    const version = chassisFirst.map((index) => text(firmware.get(index)) || text(software.get(index))).find(Boolean);
    if (serial) facts.serial = serial;
    if (version) facts.firmware = version;
    return facts;
  } catch {
    return {};
  }
}

async function expectResults(session: Snmp.Session, check: Check, context: ProbeContext): Promise<CheckResult[]> {
  if (check.expect.length === 0) return [];
  const part = (label: string) => label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'expect';
  let varbinds: Varbind[];
  try {
    varbinds = await get(
      session,
      check.expect.map((e) => e.oid),
    );
  } catch (error) {
    return check.expect.map((e) => makeResult(check, context, { status: 'unknown', message: `${e.label}: could not read ${e.oid}: ${errorMessage(error)}` }, part(e.label)));
  }
  return check.expect.map((e, i) => {
    const vb = varbinds[i];
    if (!vb || snmp.isVarbindError(vb)) {
      return makeResult(check, context, { status: 'unknown', message: `${e.label}: ${e.oid} is not present on the device` }, part(e.label));
    }
    const actual = text(vb);
    const ok = actual === e.equals;
    return makeResult(
      check,
      context,
      { status: ok ? 'ok' : 'critical', value: actual, message: ok ? `${e.label} is ${actual}` : `${e.label} is '${actual}', expected '${e.equals}'` },
      part(e.label),
    );
  });
}

function get(session: Snmp.Session, oids: string[]): Promise<Varbind[]> {
  return new Promise((resolve, reject) => {
    session.get(oids, (error, varbinds) => (error ? reject(error) : resolve(varbinds ?? [])));
  });
}

const MAX_REPETITIONS = 25;

/**
 * Several columns of a table, each keyed by row index (the OID suffix after the column), walked
 * together: one GetBulk asks for all columns that are not finished yet, so a small table costs
 * one or two round trips instead of two per column. A column the device does not have comes
 * back empty. Agents may answer GetBulk with fewer varbinds than asked (RFC 3416 §4.2.3): a
 * column that got none this round is simply asked again.
 */
async function columns<const T extends readonly string[]>(session: Snmp.Session, bases: T): Promise<{ [K in keyof T]: Map<string, Varbind> }> {
  const rows = bases.map(() => new Map<string, Varbind>());
  const cursor = [...bases];
  let active = bases.map((_, i) => i);
  for (let round = 0; active.length > 0 && round < 1000; round++) {
    const response = await getBulk(session, active.map((i) => cursor[i]!));
    if (response.every((list) => list.length === 0)) break;
    const stillActive: number[] = [];
    active.forEach((column, position) => {
      const base = bases[column]!;
      let finished = false;
      for (const vb of response[position] ?? []) {
        // endOfMibView, noSuchObject, the next column, or an agent going backwards: this column is done.
        if (snmp.isVarbindError(vb) || !vb.oid.startsWith(`${base}.`) || !oidAfter(vb.oid, cursor[column]!)) {
          finished = true;
          break;
        }
        rows[column]!.set(vb.oid.slice(base.length + 1), vb);
        cursor[column] = vb.oid;
      }
      if (!finished) stillActive.push(column);
    });
    active = stillActive;
  }
  return rows as { [K in keyof T]: Map<string, Varbind> };
}

function getBulk(session: Snmp.Session, oids: string[]): Promise<Varbind[][]> {
  return new Promise((resolve, reject) => {
    session.getBulk(oids, 0, MAX_REPETITIONS, (error, varbinds) => {
      if (error) return reject(error);
      // With no non-repeaters, net-snmp groups the answer per requested OID.
      resolve(((varbinds ?? []) as unknown as (Varbind[] | Varbind)[]).map((group) => (Array.isArray(group) ? group : [group])));
    });
  });
}

/** True when OID `a` sorts after `b` (numerically, arc by arc). */
function oidAfter(a: string, b: string): boolean {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
  return x.length > y.length;
}

/** OctetStrings arrive as Buffers; OIDs as strings; numbers as numbers. */
function text(vb: Varbind | undefined): string {
  const value = vb?.value;
  if (value === undefined || value === null || (vb && snmp.isVarbindError(vb))) return '';
  if (Buffer.isBuffer(value)) return value.toString('utf8').replace(/\0+$/, '').trim();
  return String(value).trim();
}

function numberOf(vb: Varbind | undefined): number | undefined {
  const value = vb?.value;
  if (vb && snmp.isVarbindError(vb)) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Buffer.isBuffer(value) && value.length <= 6) return value.length === 0 ? undefined : value.readUIntBE(0, value.length);
  return undefined;
}
