/**
 * SNMP probe (v2c, and v3 authPriv), on our own small client (./snmp-client/). One check yields several results:
 *  - `<check>.uptime`: sysUpTime; lower than the previous run's = the device rebooted → warning,
 *  - `<check>.if-<name>`: ifOperStatus of each interface named in the check (matched on ifDescr or
 *    ifName); down → critical, not found or status unreadable → unknown,
 *  - `<check>.interfaces` (when none are named): admin-up interfaces that are down → warning, never critical,
 *  - `<check>.cpu`: mean hrProcessorLoad (HOST-RESOURCES-MIB), against `cpuPercent`,
 *  - `<check>.storage-<descr>`: used % of each real filesystem in hrStorageTable, against
 *    `storagePercent` (which rows count: `shared/domain/health/snmp-storage.ts`),
 *  - `<check>.<label>`: each `expect` OID compared with its expected value (HA state).
 * CPU and storage are left out when the device does not implement HOST-RESOURCES-MIB (most
 * firewalls and routers): not applicable is not a fault.
 * Facts: sysDescr, sysName, and vendor, model, firmware and chassis serial by the rules of
 * `shared/domain/health/device-identity.ts` (ENTITY-MIB first, then the vendor's own OIDs).
 *
 * Tables are read with GETBULK, all columns of a table together; scalars with one GET. Every walk
 * stops at the probe's deadline and at MAX_ROWS rows, so a huge or endless table gives a clear
 * `unknown` instead of eating the sweep.
 *
 * A device that does not answer at all gives one critical result named `<check>`: with v2c a wrong
 * community looks exactly like that, because agents drop such requests without a word.
 */
import * as z from '#shared/schemas/zod.ts';
import { identify, vendorOids, vendorRuleFor, type PhysicalEntity } from '#shared/domain/health/device-identity.ts';
import type { CheckResult, CheckStatus, InventoryFacts, Probe, ProbeContext, ProbeOutput } from '#shared/domain/health/probe.ts';
import { statusFor } from '#shared/domain/health/probe.ts';
import { selectFilesystems, type StorageRow } from '#shared/domain/health/snmp-storage.ts';
import type { SnmpCheck } from '#shared/schemas/checks.ts';
import { isVarbindError, type Varbind } from './snmp-client/ber.ts';
import { RequestTimedOutError, ResponseInvalidError, SnmpSession } from './snmp-client/session.ts';
import { errorMessage, makeResult, probeBudgetMs, readSecret, round, said, startProbeOutput, type Said } from './support.ts';

type Check = z.infer<typeof SnmpCheck>;

/** Well-known OIDs (no MIB files are loaded: numbers keep the probe self-contained). */
export const OID = {
  sysDescr: '1.3.6.1.2.1.1.1.0',
  sysObjectID: '1.3.6.1.2.1.1.2.0',
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
  hrFSAccess: '1.3.6.1.2.1.25.3.8.1.5',
  hrFSStorageIndex: '1.3.6.1.2.1.25.3.8.1.7',
  entPhysicalDescr: '1.3.6.1.2.1.47.1.1.1.1.2',
  entPhysicalContainedIn: '1.3.6.1.2.1.47.1.1.1.1.4',
  entPhysicalClass: '1.3.6.1.2.1.47.1.1.1.1.5',
  entPhysicalSoftwareRev: '1.3.6.1.2.1.47.1.1.1.1.10',
  entPhysicalSerialNum: '1.3.6.1.2.1.47.1.1.1.1.11',
  entPhysicalModelName: '1.3.6.1.2.1.47.1.1.1.1.13',
} as const;

/** Rows read per table column at most: a 48-port stack has a few hundred; beyond this a table is broken or not worth a sweep. */
export const MAX_ROWS = 20_000;
const IF_STATUS = ['', 'up', 'down', 'testing', 'unknown', 'dormant', 'notPresent', 'lowerLayerDown'];
const TIMETICKS_WRAP = 2 ** 32;

/** The JSON a v3 secret holds. */
export const SnmpV3Secret = z.strictObject({
  user: z.string().check(z.minLength(1)),
  authProtocol: z.enum(['sha', 'sha256', 'md5']),
  authKey: z.string().check(z.minLength(8, 'SNMPv3 keys are at least 8 characters')),
  privProtocol: z.enum(['aes', 'des']),
  privKey: z.string().check(z.minLength(8, 'SNMPv3 keys are at least 8 characters')),
});
export type SnmpV3Secret = z.infer<typeof SnmpV3Secret>;

export const snmpProbe: Probe<'snmp'> = {
  type: 'snmp',
  async run(check, context): Promise<ProbeOutput> {
    const done = startProbeOutput();
    const single = (status: CheckStatus, text: Said) => done([makeResult(check, context, { status, ...text })]);

    const secret = await readSecret(context, check.secretRef);
    if (!secret.ok) return single('unknown', secret.said);

    // Two tries within the probe's budget: UDP loses packets, and one retry is what agents expect.
    const perTryMs = Math.max(50, Math.floor(probeBudgetMs(check.timeoutMs) / 2));
    const options = { host: check.host, port: check.port, timeoutMs: perTryMs, retries: 1 };
    let session: SnmpSession;
    if (check.version === '2c') {
      session = new SnmpSession(options, { version: '2c', community: secret.value });
    } else {
      let v3: SnmpV3Secret;
      try {
        v3 = SnmpV3Secret.parse(JSON.parse(secret.value));
      } catch (error) {
        const why = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.') || 'secret'}: ${i.message}`).join('; ') : errorMessage(error);
        return single('unknown', said('check.snmp-secret-not-v3', { ref: check.secretRef, error: why }));
      }
      session = new SnmpSession(options, { version: '3', user: { name: v3.user, authProtocol: v3.authProtocol, authKey: v3.authKey, privProtocol: v3.privProtocol, privKey: v3.privKey } });
    }
    // A socket error (or a datagram that is not SNMP) must not crash the process; requests still
    // fail and are reported, with what the socket saw.
    let socketError: string | undefined;
    session.onError((error) => {
      socketError = errorMessage(error);
    });
    const deadline = performance.now() + probeBudgetMs(check.timeoutMs);
    const closeOnAbort = () => session.close();
    context.signal?.addEventListener('abort', closeOnAbort, { once: true });

    try {
      let system: Varbind[];
      try {
        system = await session.get([OID.sysDescr, OID.sysObjectID, OID.sysUpTime, OID.sysName]);
      } catch (error) {
        return single('critical', describeSnmpError(error, check, perTryMs * 2, socketError));
      }
      const [descrVb, objectIdVb, uptimeVb, nameVb] = system;
      const facts: InventoryFacts = {};
      const description = text(descrVb);
      if (description) facts.description = description;
      const hostname = text(nameVb);
      if (hostname) facts.hostname = hostname;
      const walk = <const T extends readonly string[]>(bases: T) => columns(session, bases, deadline);

      const results: CheckResult[] = [uptimeResult(check, context, numberOf(uptimeVb))];
      const [interfaces, host, identity, expected] = await Promise.all([
        interfaceResults(walk, check, context),
        hostResourceResults(walk, check, context),
        identityFacts(session, walk, description, text(objectIdVb)),
        expectResults(session, check, context),
      ]);
      results.push(...interfaces, ...host, ...expected);
      Object.assign(facts, identity);
      return done(results, facts);
    } finally {
      context.signal?.removeEventListener('abort', closeOnAbort);
      closeOnAbort();
    }
  },
};

function describeSnmpError(error: unknown, check: Check, waitedMs: number, socketError?: string): Said {
  if (error instanceof RequestTimedOutError) {
    if (socketError) return said('check.snmp-not-snmp', { ms: waitedMs, error: socketError });
    return said(check.version === '2c' ? 'check.snmp-no-answer-v2c' : 'check.snmp-no-answer-v3', { ms: waitedMs });
  }
  if (error instanceof ResponseInvalidError) return said('check.snmp-security-failed', { error: error.message });
  const message = errorMessage(error);
  if (/unsupported|digital envelope/i.test(message)) return said('check.snmp-crypto', { error: message });
  return said('check.snmp-failed', { error: message });
}

function uptimeResult(check: Check, context: ProbeContext, ticks: number | undefined): CheckResult {
  if (ticks === undefined) return makeResult(check, context, { status: 'unknown', ...said('check.uptime-unreadable') }, 'uptime');
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
        ...said('check.rebooted', { fromSeconds: Math.floor(previousTicks / 100), seconds }),
        extra: { ...extra, rebootDetected: 1 },
      },
      'uptime',
    );
  }
  return makeResult(check, context, { status: 'ok', value: seconds, unit: 's', ...said('check.uptime', { seconds }), extra }, 'uptime');
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

type Walk = <const T extends readonly string[]>(bases: T) => Promise<{ [K in keyof T]: Map<string, Varbind> }>;

/** ifOperStatus values that mean "not passing traffic although it should". */
const IF_DOWN = new Set([2, 6, 7]);

async function interfaceResults(walk: Walk, check: Check, context: ProbeContext): Promise<CheckResult[]> {
  let descr: Map<string, Varbind>, names: Map<string, Varbind>, admin: Map<string, Varbind>, oper: Map<string, Varbind>;
  try {
    [descr, names, oper, admin] = await walk([OID.ifDescr, OID.ifName, OID.ifOperStatus, OID.ifAdminStatus]);
  } catch (error) {
    const text = said('check.interfaces-unreadable', { error: errorMessage(error) });
    if (check.interfaces.length === 0) return [makeResult(check, context, { status: 'unknown', ...text }, 'interfaces')];
    return check.interfaces.map((name) => makeResult(check, context, { status: 'unknown', ...text }, `if-${name}`));
  }
  if (check.interfaces.length === 0) return [interfaceSummary(check, context, descr, names, oper, admin)].filter((r): r is CheckResult => r !== undefined);

  const known = new Map<string, string>();
  for (const [index, vb] of descr) known.set(text(vb), index);
  for (const [index, vb] of names) if (text(vb)) known.set(text(vb), index);
  const findIndex = (wanted: string) => known.get(wanted) ?? [...known].find(([name]) => name.toLowerCase() === wanted.toLowerCase())?.[1];

  return check.interfaces.map((wanted) => {
    const index = findIndex(wanted);
    if (index === undefined) {
      const have = [...new Set(known.keys())].filter(Boolean).slice(0, 12).join(', ');
      const text = have ? said('check.interface-not-found', { name: wanted, have }) : said('check.interface-not-found-none', { name: wanted });
      return makeResult(check, context, { status: 'unknown', ...text }, `if-${wanted}`);
    }
    const operStatus = numberOf(oper.get(index));
    const adminStatus = numberOf(admin.get(index));
    if (operStatus === undefined || !IF_STATUS[operStatus]) {
      // Not a fault of the interface: the agent does not tell. Saying "down" here would be a false alarm.
      return makeResult(
        check,
        context,
        {
          status: 'unknown',
          ...(operStatus === undefined
            ? said('check.interface-state-missing', { name: wanted, index })
            : said('check.interface-state-odd', { name: wanted, index, value: String(operStatus) })),
          extra: { ifIndex: Number(index) },
        },
        `if-${wanted}`,
      );
    }
    const label = IF_STATUS[operStatus]!;
    let status: CheckStatus = operStatus === 1 ? 'ok' : 'critical';
    // testing and dormant are not failures, but not "up" either.
    if (operStatus === 3 || operStatus === 5) status = 'warning';
    const stateText = { name: wanted, state: label, stateTextCode: `check.if-state.${label}` };
    const text = said(operStatus !== 1 && adminStatus === 2 ? 'check.interface-state-admin-down' : 'check.interface-state', stateText);
    return makeResult(
      check,
      context,
      { status, value: label, ...text, extra: { ifIndex: Number(index), ifOperStatus: operStatus, ...(adminStatus ? { ifAdminStatus: adminStatus } : {}) } },
      `if-${wanted}`,
    );
  });
}

/**
 * With no interface named, only interfaces the device's own configuration says should be up
 * (ifAdminStatus up) are looked at, and one that is down is a warning, not a critical: an unused
 * switch port left enabled is common and must not turn the tile red. Left out when the device has
 * no interface table at all.
 */
function interfaceSummary(
  check: Check,
  context: ProbeContext,
  descr: Map<string, Varbind>,
  names: Map<string, Varbind>,
  oper: Map<string, Varbind>,
  admin: Map<string, Varbind>,
): CheckResult | undefined {
  const indexes = [...new Set([...descr.keys(), ...oper.keys()])];
  if (indexes.length === 0) return undefined;
  const nameOf = (index: string) => text(names.get(index)) || text(descr.get(index)) || `#${index}`;
  const adminUp = indexes.filter((index) => numberOf(admin.get(index)) === 1);
  const unreadable = adminUp.filter((index) => numberOf(oper.get(index)) === undefined);
  const down = adminUp.filter((index) => IF_DOWN.has(numberOf(oper.get(index)) ?? 0));
  const extra = { adminUp: adminUp.length, down: down.length, unreadable: unreadable.length };
  if (oper.size === 0 || (adminUp.length > 0 && unreadable.length === adminUp.length)) {
    return makeResult(check, context, { status: 'unknown', ...said('check.interfaces-states-missing', { count: indexes.length }), extra }, 'interfaces');
  }
  if (admin.size === 0) {
    // Without ifAdminStatus nothing says which ports should be up: only named interfaces can be judged.
    return makeResult(check, context, { status: 'unknown', ...said('check.interfaces-admin-missing', { count: indexes.length }), extra }, 'interfaces');
  }
  if (down.length > 0) {
    const names = down.slice(0, 8).map(nameOf).join(', ');
    const text =
      down.length > 8
        ? said('check.interfaces-down-more', { count: down.length, enabled: adminUp.length, names, more: down.length - 8 })
        : said('check.interfaces-down', { count: down.length, enabled: adminUp.length, names });
    return makeResult(check, context, { status: 'warning', value: down.length, ...text, extra }, 'interfaces');
  }
  return makeResult(check, context, { status: 'ok', value: 0, ...said('check.interfaces-up', { count: adminUp.length }), extra }, 'interfaces');
}

async function hostResourceResults(walk: Walk, check: Check, context: ProbeContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let loads: Map<string, Varbind>;
  let types: Map<string, Varbind>, descrs: Map<string, Varbind>, units: Map<string, Varbind>, sizes: Map<string, Varbind>, used: Map<string, Varbind>;
  let fsAccess: Map<string, Varbind>, fsStorage: Map<string, Varbind>;
  try {
    [loads, types, descrs, units, sizes, used, fsAccess, fsStorage] = await walk([
      OID.hrProcessorLoad,
      OID.hrStorageType,
      OID.hrStorageDescr,
      OID.hrStorageAllocationUnits,
      OID.hrStorageSize,
      OID.hrStorageUsed,
      OID.hrFSAccess,
      OID.hrFSStorageIndex,
    ]);
  } catch (error) {
    return [makeResult(check, context, { status: 'unknown', ...said('check.host-resources-unreadable', { error: errorMessage(error) }) }, 'cpu')];
  }

  const cpuLoads = [...loads.values()].map(numberOf).filter((n): n is number => n !== undefined);
  if (cpuLoads.length > 0) {
    const mean = round(cpuLoads.reduce((a, b) => a + b, 0) / cpuLoads.length);
    results.push(
      makeResult(
        check,
        context,
        { status: statusFor(mean, check.cpuPercent), value: mean, unit: '%', thresholds: check.cpuPercent, ...said('check.cpu-mean', { percent: mean, count: cpuLoads.length }) },
        'cpu',
      ),
    );
  }

  // hrFSTable says which storage rows are read-only mounts (hrFSAccess readOnly = 2).
  const readOnly = new Set<string>();
  for (const [fsIndex, vb] of fsStorage) if (numberOf(fsAccess.get(fsIndex)) === 2) readOnly.add(String(numberOf(vb)));
  const rows: StorageRow[] = [...new Set([...types.keys(), ...descrs.keys()])].map((index) => ({
    index,
    type: text(types.get(index)),
    descr: text(descrs.get(index)),
    allocationUnits: numberOf(units.get(index)),
    size: numberOf(sizes.get(index)),
    used: numberOf(used.get(index)),
    readOnly: readOnly.has(index),
  }));
  for (const fs of selectFilesystems(rows, check.storageIgnore)) {
    const freeGib = round(fs.freeBytes / 2 ** 30);
    results.push(
      makeResult(
        check,
        context,
        {
          status: statusFor(fs.usedPercent, check.storagePercent),
          value: fs.usedPercent,
          unit: '%',
          thresholds: check.storagePercent,
          ...said('check.storage-used', { descr: fs.descr, percent: fs.usedPercent, freeGib }),
        },
        `storage-${fs.descr}`,
      ),
    );
  }
  return results;
}

/**
 * Vendor, model, release and chassis serial (rules in the domain). ENTITY-MIB and the vendor's
 * scalars are read at the same time. Never fails the check: identity is a fact, not a health state.
 */
async function identityFacts(session: SnmpSession, walk: Walk, sysDescr: string, sysObjectId: string): Promise<InventoryFacts> {
  const rule = vendorRuleFor(sysObjectId, sysDescr);
  const scalars = vendorOids(rule);
  const [entity, vendor] = await Promise.all([
    walk([OID.entPhysicalClass, OID.entPhysicalDescr, OID.entPhysicalModelName, OID.entPhysicalSerialNum, OID.entPhysicalSoftwareRev, OID.entPhysicalContainedIn]).catch(() => undefined),
    scalars.length > 0 ? session.get(scalars).catch(() => [] as Varbind[]) : Promise.resolve([] as Varbind[]),
  ]);
  const entities: PhysicalEntity[] = [];
  if (entity) {
    const [classes, descrs, models, serials, software, containedIn] = entity;
    for (const index of new Set([...classes.keys(), ...serials.keys(), ...software.keys(), ...containedIn.keys()])) {
      entities.push({
        index: Number(index),
        class: numberOf(classes.get(index)),
        containedIn: numberOf(containedIn.get(index)),
        descr: text(descrs.get(index)),
        modelName: text(models.get(index)),
        serial: text(serials.get(index)),
        softwareRev: text(software.get(index)),
      });
    }
  }
  const vendorValues: Record<string, string> = {};
  for (const vb of vendor) if (vb && !isVarbindError(vb)) vendorValues[vb.oid] = text(vb);
  return identify({ sysDescr, sysObjectId, entities, vendorValues });
}

async function expectResults(session: SnmpSession, check: Check, context: ProbeContext): Promise<CheckResult[]> {
  if (check.expect.length === 0) return [];
  const part = (label: string) =>
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'expect';
  let varbinds: Varbind[];
  try {
    varbinds = await session.get(check.expect.map((e) => e.oid));
  } catch (error) {
    return check.expect.map((e) =>
      makeResult(check, context, { status: 'unknown', ...said('check.expect-unreadable', { label: e.label, oid: e.oid, error: errorMessage(error) }) }, part(e.label)),
    );
  }
  return check.expect.map((e, i) => {
    const vb = varbinds[i];
    if (!vb || isVarbindError(vb)) {
      return makeResult(check, context, { status: 'unknown', ...said('check.expect-missing', { label: e.label, oid: e.oid }) }, part(e.label));
    }
    const actual = text(vb);
    const ok = actual === e.equals;
    return makeResult(
      check,
      context,
      {
        status: ok ? 'ok' : 'critical',
        value: actual,
        ...(ok ? said('check.expect-ok', { label: e.label, value: actual }) : said('check.expect-mismatch', { label: e.label, value: actual, expected: e.equals })),
      },
      part(e.label),
    );
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
async function columns<const T extends readonly string[]>(session: SnmpSession, bases: T, deadline = Infinity): Promise<{ [K in keyof T]: Map<string, Varbind> }> {
  const rows = bases.map(() => new Map<string, Varbind>());
  const cursor = [...bases];
  let active = bases.map((_, i) => i);
  while (active.length > 0) {
    if (performance.now() > deadline) {
      throw new Error(`the table was not read within the check's time (${Math.max(...rows.map((r) => r.size))} rows so far; raise timeoutMs or name interfaces)`);
    }
    // Grouped per requested OID: response[position] holds the rows of column active[position].
    const response = await session.getBulk(active.map((i) => cursor[i]!), MAX_REPETITIONS);
    if (response.every((list) => list.length === 0)) break;
    const stillActive: number[] = [];
    active.forEach((column, position) => {
      const base = bases[column]!;
      let finished = false;
      for (const vb of response[position] ?? []) {
        // endOfMibView, noSuchObject, the next column, or an agent going backwards: this column is done.
        if (isVarbindError(vb) || !vb.oid.startsWith(`${base}.`) || !oidAfter(vb.oid, cursor[column]!)) {
          finished = true;
          break;
        }
        rows[column]!.set(vb.oid.slice(base.length + 1), vb);
        cursor[column] = vb.oid;
      }
      if (rows[column]!.size > MAX_ROWS) throw new Error(`the table has more than ${MAX_ROWS} rows under ${base}; not read further`);
      if (!finished) stillActive.push(column);
    });
    active = stillActive;
  }
  return rows as { [K in keyof T]: Map<string, Varbind> };
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
  if (value === undefined || value === null || (vb && isVarbindError(vb))) return '';
  if (Buffer.isBuffer(value)) return value.toString('utf8').replace(/\0+$/, '').trim();
  return String(value).trim();
}

function numberOf(vb: Varbind | undefined): number | undefined {
  const value = vb?.value;
  if (vb && isVarbindError(vb)) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Buffer.isBuffer(value) && value.length <= 6) return value.length === 0 ? undefined : value.readUIntBE(0, value.length);
  return undefined;
}
