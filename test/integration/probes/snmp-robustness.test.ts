/**
 * Reaching a device must stay robust: each fault a monitor meets in the field, on real sockets on
 * 127.0.0.1, must give unknown or critical with a message a person understands, within the check's
 * timeout. The huge table is a real-shaped recording (a chassis switch stack's IF-MIB and
 * HOST-RESOURCES rows, made longer) served by Debian's snmpsimd.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { startGarbageUdpSocket, startSilentUdpSocket } from '../../support/peers/faults.ts';
import { byName, check, contextWith } from '../../support/peers/context.ts';
import { startSnmpsim, type SnmpsimPeer } from '../../support/peers/snmpsim.ts';

/** ifTable/ifXTable/hrStorage of a stack with `ports` interfaces, in the format snmprec files use (sorted by OID). */
function hugeRecording(ports: number): string {
  const lines: string[] = [
    '1.3.6.1.2.1.1.1.0|4|Juniper Networks, Inc. ex4300-48t Ethernet Switch, kernel JUNOS 21.4R3-S5.4, Build date: 2023-06-09 00:00:00 UTC',
    '1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2636.1.1.1.2.132',
    '1.3.6.1.2.1.1.3.0|67|397991513',
    '1.3.6.1.2.1.1.5.0|4|sw-stack-01',
  ];
  const index = (i: number) => 1000 + i;
  const name = (i: number) => `ge-${Math.floor(i / 48)}/0/${i % 48}`;
  for (let i = 0; i < ports; i++) lines.push(`1.3.6.1.2.1.2.2.1.2.${index(i)}|4|${name(i)}`);
  for (let i = 0; i < ports; i++) lines.push(`1.3.6.1.2.1.2.2.1.7.${index(i)}|2|1`);
  for (let i = 0; i < ports; i++) lines.push(`1.3.6.1.2.1.2.2.1.8.${index(i)}|2|${i % 10 === 9 ? 2 : 1}`);
  for (let i = 0; i < ports; i++) lines.push(`1.3.6.1.2.1.31.1.1.1.1.${index(i)}|4|${name(i)}`);
  return `${lines.join('\n')}\n`;
}

let sim: SnmpsimPeer;
let dataDir: string;
const secrets = contextWith({ 'snmp/giant': 'giant', 'snmp/huge': 'huge', 'snmp/small': 'small', 'snmp/wrong': 'not-a-community', 'snmp/any': 'public' });
const snmpCheck = (extra: Record<string, unknown>) => check({ type: 'snmp', name: 'snmp', host: '127.0.0.1', version: '2c', secretRef: 'snmp/any', port: 161, timeoutMs: 3000, ...extra });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'driftsbilde-snmprec-'));
  await writeFile(join(dataDir, 'huge.snmprec'), hugeRecording(3000));
  await writeFile(join(dataDir, 'small.snmprec'), hugeRecording(48));
  // Far more than snmpsimd can serve in 3 s even on an idle machine, so the deadline is always hit.
  await writeFile(join(dataDir, 'giant.snmprec'), hugeRecording(30_000));
  sim = await startSnmpsim({ dataDir });
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('snmp probe when reaching the device goes wrong', () => {
  it('a hanging agent: critical, "no SNMP answer", within the timeout', async () => {
    const silent = await startSilentUdpSocket();
    try {
      const output = await runCheck(snmpCheck({ port: silent.port, timeoutMs: 1000 }), secrets);
      expect(output.results).toEqual([expect.objectContaining({ name: 'snmp', status: 'critical', message: expect.stringMatching(/^no SNMP answer within \d+ ms/) })]);
      expect(output.durationMs).toBeLessThan(1000 + 500);
    } finally {
      await silent.stop();
    }
  });

  it('a wrong community on a real agent: critical, naming the likely cause, within the timeout', async () => {
    const output = await runCheck(snmpCheck({ port: sim.port, secretRef: 'snmp/wrong', timeoutMs: 1000 }), secrets);
    expect(output.results).toEqual([expect.objectContaining({ status: 'critical', message: expect.stringContaining('(wrong community or host down?)') })]);
    expect(output.durationMs).toBeLessThan(1000 + 500);
  });

  it('garbage replies: critical, saying the answer is not SNMP, within the timeout', async () => {
    const garbage = await startGarbageUdpSocket();
    try {
      const output = await runCheck(snmpCheck({ port: garbage.port, timeoutMs: 1000 }), secrets);
      expect(output.results).toEqual([expect.objectContaining({ status: 'critical', message: expect.stringContaining('not SNMP') })]);
      expect(output.durationMs).toBeLessThan(1000 + 500);
      expect(garbage.received()).toBeGreaterThanOrEqual(1);
    } finally {
      await garbage.stop();
    }
  });

  it('a table of thousands of rows is read with GETBULK within the timeout (all of it, or unknown saying how far it got)', async () => {
    // snmpsimd answers a few dozen requests a second on a busy machine; a real agent is far faster.
    // Either outcome is within the contract; anything else (critical, over time, a wrong count) fails.
    const output = await runCheck(snmpCheck({ port: sim.port, secretRef: 'snmp/huge', timeoutMs: 30_000 }), secrets);
    const summary = byName(output.results, 'snmp.interfaces');
    if (summary.status === 'unknown') expect(summary.message).toMatch(/not read within the check's time \(\d+ rows so far/);
    else expect(summary).toMatchObject({ status: 'warning', extra: { adminUp: 3000, down: 300 } });
    expect(output.durationMs).toBeLessThan(30_000);
  }, 40_000);

  it('a table too big for the time left: unknown with a clear message, within the timeout, the rest of the check still reported', async () => {
    const output = await runCheck(snmpCheck({ port: sim.port, secretRef: 'snmp/giant', timeoutMs: 3000 }), secrets);
    expect(output.durationMs).toBeLessThan(3000 + 300);
    const summary = byName(output.results, 'snmp.interfaces');
    expect(summary.status).toBe('unknown');
    expect(summary.message).toMatch(/not read within the check's time \(\d+ rows so far/);
    expect(byName(output.results, 'snmp.uptime').status).toBe('ok');
  });

  it('a normal device on the same agent still reads cleanly', async () => {
    const output = await runCheck(snmpCheck({ port: sim.port, secretRef: 'snmp/small', interfaces: ['ge-0/0/9'] }), secrets);
    expect(byName(output.results, 'snmp.if-ge-0/0/9')).toMatchObject({ status: 'critical', value: 'down' });
    expect(output.facts).toMatchObject({ vendor: 'Juniper', firmware: '21.4R3-S5.4', model: 'ex4300-48t' });
  });
});
