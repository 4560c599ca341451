/**
 * SNMP benchmark, on the recordings of real devices (test/fixtures/snmprec/) served by Debian's
 * snmpsimd on 127.0.0.1.
 *
 * 1. Corpus poll against net-snmp: every device polled once by the SNMP probe (every check part:
 *    system, interfaces, CPU and storage, ENTITY-MIB and vendor identity), then the same tables
 *    read by net-snmp's own tools on the same agent: one `snmpget` for the scalars and one
 *    `snmpbulkwalk -Cr25` per column the probe reads (net-snmp walks one subtree per run). Both go
 *    through a counting UDP relay, so "requests per device" is counted on the wire, not trusted
 *    from either side. Prints the wall-time ratio (goal: the probe within 1.5× of snmpbulkwalk) and
 *    requests per device. Process start-up is part of net-snmp's time, as it is for anyone who
 *    scripts it; the request count is the like-for-like figure.
 * 2. Sweep: 1,000 real-shaped devices (the corpus recordings in turn) in one sweep, 64 at a time,
 *    as the collector runs it, against a replay agent in its own process (`benchSnmpSweep`). Prints
 *    the wall time (goal: under 10 s), the collector's CPU per check and per core, and the same
 *    devices one at a time as the same-run baseline.
 *
 *   npx tsx bench/snmp.ts        (both; or import { benchSnmp } from './snmp.ts')
 *   npx tsx bench/snmp.ts sweep  (the sweep alone)
 */
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { OID } from '#shared/adapters/probes/snmp.ts';
import { vendorOids, vendorRuleFor } from '#shared/domain/health/device-identity.ts';
import type { ProbeContext } from '#shared/domain/health/probe.ts';
import { SWEEP_CONCURRENCY } from '#shared/domain/health/environment-sweep.ts';
import { runSweep, type SweepItem } from '#shared/domain/health/sweep-runner.ts';
import { CheckDefinition } from '#shared/schemas/checks.ts';
import { requireBinary } from '../test/support/peers/binaries.ts';
import { startSnmprecAgent } from '../test/support/peers/snmprec-agent.ts';
import { startSnmpsim } from '../test/support/peers/snmpsim.ts';

const run = promisify(execFile);
export const SNMP_RATIO_GOAL = 1.5;
export const SWEEP_DEVICES = 1000;
export const SWEEP_GOAL_S = 10;
const SWEEP_INTERVAL_S = 60;
const MAX_REPETITIONS = 25; // the probe's own GETBULK size
/** Numeric OIDs only: without this every net-snmp run spends its first tens of ms loading MIB files. */
const NO_MIBS = { env: { ...process.env, MIBS: '' } };

/** The columns the probe walks, in the order it asks for them. */
const WALKED = [
  OID.ifDescr, OID.ifName, OID.ifOperStatus, OID.ifAdminStatus,
  OID.hrProcessorLoad, OID.hrStorageType, OID.hrStorageDescr, OID.hrStorageAllocationUnits, OID.hrStorageSize, OID.hrStorageUsed, OID.hrFSAccess, OID.hrFSStorageIndex,
  OID.entPhysicalClass, OID.entPhysicalDescr, OID.entPhysicalModelName, OID.entPhysicalSerialNum, OID.entPhysicalSoftwareRev, OID.entPhysicalContainedIn,
];

/** Relays UDP between clients and the agent and counts the requests that pass. */
async function startCountingRelay(agentPort: number): Promise<{ port: number; requests(): number; reset(): void; stop(): Promise<void> }> {
  const front = createSocket('udp4');
  const upstream = new Map<string, Socket>();
  let requests = 0;
  front.on('message', (message, from) => {
    requests++;
    const key = `${from.address}:${from.port}`;
    let socket = upstream.get(key);
    if (!socket) {
      socket = createSocket('udp4');
      socket.on('message', (reply) => front.send(reply, from.port, from.address));
      socket.on('error', () => {});
      socket.bind(0, '127.0.0.1');
      upstream.set(key, socket);
    }
    socket.send(message, agentPort, '127.0.0.1');
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', () => resolve()));
  return {
    port: front.address().port,
    requests: () => requests,
    reset: () => {
      requests = 0;
    },
    stop: async () => {
      for (const socket of upstream.values()) socket.close();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}

/** The community is the recording's name; the secret ref carries it. */
const context: ProbeContext = {
  secrets: { get: async (ref) => ref.replace(/^snmp\//, '') },
  now: () => new Date(),
};

function snmpCheck(community: string, port: number): CheckDefinition {
  return CheckDefinition.parse({ type: 'snmp', name: 'snmp', host: '127.0.0.1', port, version: '2c', secretRef: `snmp/${community}`, timeoutMs: 10_000 });
}

export async function benchSnmp(): Promise<void> {
  const snmpget = requireBinary('snmpget', 'snmp');
  const snmpbulkwalk = requireBinary('snmpbulkwalk', 'snmp');
  const sim = await startSnmpsim();
  const relay = await startCountingRelay(sim.port);
  try {
    const devices = sim.communities;
    const ctx = context;
    console.log(`snmp benchmark: ${devices.length} recorded devices on snmpsimd, GETBULK max-repetitions ${MAX_REPETITIONS}`);

    // Warm both sides once (snmpsimd opens each recording on first use).
    for (const community of devices) await runCheck(snmpCheck(community, sim.port), ctx);

    const sysDescrs = new Map<string, string>();
    relay.reset();
    let started = performance.now();
    for (const community of devices) {
      const output = await runCheck(snmpCheck(community, relay.port), ctx);
      sysDescrs.set(community, output.facts?.description ?? '');
    }
    const probeMs = performance.now() - started;
    const probeRequests = relay.requests();

    // net-snmp: the same scalars (system + the vendor's identity OIDs) and the same columns.
    const agent = `127.0.0.1:${relay.port}`;
    relay.reset();
    started = performance.now();
    for (const community of devices) {
      const base = ['-v2c', '-c', community, '-On', '-Oq', '-t', '10', '-r', '1'];
      const objectId = (await run(snmpget, [...base, '-Ov', agent, OID.sysObjectID], NO_MIBS).catch(() => ({ stdout: '' }))).stdout.trim();
      const scalars = [OID.sysDescr, OID.sysUpTime, OID.sysName, ...vendorOids(vendorRuleFor(objectId, sysDescrs.get(community)))];
      await run(snmpget, [...base, agent, ...scalars], NO_MIBS).catch(() => undefined);
      for (const column of WALKED) await run(snmpbulkwalk, [...base, `-Cr${MAX_REPETITIONS}`, agent, column], NO_MIBS).catch(() => undefined);
    }
    const netSnmpMs = performance.now() - started;
    const netSnmpRequests = relay.requests();

    const ratio = probeMs / netSnmpMs;
    console.log(`baseline net-snmp (snmpget + snmpbulkwalk per column): ${netSnmpMs.toFixed(0)} ms for ${devices.length} devices, ${(netSnmpRequests / devices.length).toFixed(1)} requests per device`);
    console.log(`Driftsbilde SNMP probe (all parts of the check):      ${probeMs.toFixed(0)} ms for ${devices.length} devices, ${(probeRequests / devices.length).toFixed(1)} requests per device`);
    console.log(`ratio: probe / net-snmp wall time = ${ratio.toFixed(2)}× (goal ≤ ${SNMP_RATIO_GOAL}×); requests ${(probeRequests / netSnmpRequests).toFixed(2)}× of net-snmp's`);
    console.log(ratio <= SNMP_RATIO_GOAL ? `PASS: within ${SNMP_RATIO_GOAL}× of snmpbulkwalk` : `FAIL: ${ratio.toFixed(2)}× is over ${SNMP_RATIO_GOAL}×`);
    if (ratio > SNMP_RATIO_GOAL) process.exitCode = 1;

  } finally {
    await relay.stop();
    await sim.stop();
  }

  await benchSnmpSweep();
}

/**
 * 1,000 real-shaped devices in one sweep, as many at a time as the collector runs (SWEEP_CONCURRENCY): device i is
 * recording i mod 27 of the corpus, replayed by `startSnmprecAgent` in its own process (Python
 * snmpsimd answers a few dozen requests a second; one Debian snmpd standing in for 1,000 devices
 * spent ≈1.5 ms of CPU a request serving this host's tables and was where the 42.9 s went — the
 * probe itself spent 4 ms a check). Baseline in the same run: the same devices one at a time.
 */
export async function benchSnmpSweep(): Promise<void> {
  const agent = await startSnmprecAgent();
  try {
    const items: SweepItem[] = Array.from({ length: SWEEP_DEVICES }, (_, i) => ({ key: `device-${i}`, check: snmpCheck(agent.communities[i % agent.communities.length]!, agent.port) }));
    await runSweep({ items: items.slice(0, 54), concurrency: SWEEP_CONCURRENCY, runCheck, context }); // warm-up: JIT, the agent's first answers
    const sample = items.slice(0, 2 * agent.communities.length);
    const sequential = await runSweep({ items: sample, concurrency: 1, runCheck, context });
    const sequentialS = (sequential.totalMs / sample.length / 1000) * SWEEP_DEVICES;
    const cpuBefore = process.cpuUsage();
    const agentBefore = agent.cpuSeconds();
    const report = await runSweep({ items, concurrency: SWEEP_CONCURRENCY, runCheck, context });
    const cpu = process.cpuUsage(cpuBefore);
    const agentCpu = agent.cpuSeconds() - agentBefore;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const wallS = report.totalMs / 1000;
    const cores = cpus().length;
    const timedOut = report.outcomes.filter((o) => o.output.results.some((r) => /no (SNMP )?answer within/.test(r.message ?? ''))).length;
    const statuses: Record<string, number> = {};
    for (const result of report.outcomes.flatMap((o) => o.output.results)) statuses[result.status] = (statuses[result.status] ?? 0) + 1;
    console.log(`sweep: ${SWEEP_DEVICES} devices (the ${agent.communities.length} recordings in turn), ${SWEEP_CONCURRENCY} in flight as the collector runs them, one ${SWEEP_INTERVAL_S} s interval; machine load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
    console.log(`baseline (same run): one device at a time, ${((1000 * sequentialS) / SWEEP_DEVICES).toFixed(1)} ms per check → ${sequentialS.toFixed(1)} s for ${SWEEP_DEVICES}`);
    console.log(
      `sweep: wall ${wallS.toFixed(2)} s (${((100 * wallS) / SWEEP_INTERVAL_S).toFixed(1)} % of the interval; ${(sequentialS / wallS).toFixed(1)}× the baseline), p50 ${report.durations.p50.toFixed(0)} ms, p95 ${report.durations.p95.toFixed(0)} ms per check, ${timedOut} timed out;` +
        ` results ${Object.entries(statuses).map(([s, n]) => `${s} ${n}`).join(', ')}`,
    );
    console.log(
      `CPU of the collector: ${cpuSeconds.toFixed(2)} s = ${((1000 * cpuSeconds) / SWEEP_DEVICES).toFixed(2)} ms per check = ${(cpuSeconds / cores).toFixed(2)} s per core on ${cores} cores` +
        ` (${((100 * cpuSeconds) / SWEEP_INTERVAL_S).toFixed(1)} % of one core over the interval); the replay agent used ${agentCpu.toFixed(2)} s on its own`,
    );
    const pass = wallS < SWEEP_GOAL_S && timedOut === 0;
    console.log(pass ? `PASS: ${SWEEP_DEVICES} devices in ${wallS.toFixed(2)} s, under ${SWEEP_GOAL_S} s` : `FAIL: ${wallS.toFixed(2)} s (goal under ${SWEEP_GOAL_S} s), ${timedOut} timed out`);
    if (!pass) process.exitCode = 1;
  } finally {
    await agent.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await (process.argv[2] === 'sweep' ? benchSnmpSweep() : benchSnmp());
}
