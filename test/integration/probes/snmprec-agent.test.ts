/**
 * The replay agent the sweep benchmark uses (test/support/peers/snmprec-agent.ts) must answer like
 * snmpsimd does on the same recordings, or the benchmark's devices are not the corpus: net-snmp's
 * snmpbulkwalk of each whole recording, and snmpget of a missing OID, through both agents.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../../support/peers/binaries.ts';
import { startSnmprecAgent, type SnmprecAgentPeer } from '../../support/peers/snmprec-agent.ts';
import { startSnmpsim, type SnmpsimPeer } from '../../support/peers/snmpsim.ts';

const RECORDINGS = ['panos', 'routeros', 'arubaos-cx', 'qnap', 'vmware-esxi', 'windows'];
let sim: SnmpsimPeer;
let agent: SnmprecAgentPeer;

beforeAll(async () => {
  [sim, agent] = await Promise.all([startSnmpsim({ files: RECORDINGS.map((name) => `${name}.snmprec`) }), startSnmprecAgent()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([sim?.stop(), agent?.stop()]);
});

const netSnmp = (tool: string, community: string, port: number, ...args: string[]) =>
  execFileSync(requireBinary(tool, 'snmp'), ['-v2c', '-c', community, '-On', '-t', '5', `127.0.0.1:${port}`, ...args], { encoding: 'utf8', env: { ...process.env, MIBS: '' } });

describe('the replay agent answers as snmpsimd does', () => {
  it.each(RECORDINGS)('%s: the whole recording walked with GETBULK', (name) => {
    const viaSnmpsim = netSnmp('snmpbulkwalk', name, sim.port, '-Cr25', '.1');
    expect(viaSnmpsim.split('\n').length).toBeGreaterThan(3);
    expect(netSnmp('snmpbulkwalk', name, agent.port, '-Cr25', '.1')).toBe(viaSnmpsim);
  });

  it('GET of a present and a missing OID, and GETNEXT walks (snmpwalk)', () => {
    const oids = ['1.3.6.1.2.1.1.3.0', '1.3.6.1.2.1.1.9.9.0'];
    expect(netSnmp('snmpget', 'panos', agent.port, ...oids)).toBe(netSnmp('snmpget', 'panos', sim.port, ...oids));
    expect(netSnmp('snmpwalk', 'routeros', agent.port, '1.3.6.1.2.1.47')).toBe(netSnmp('snmpwalk', 'routeros', sim.port, '1.3.6.1.2.1.47'));
  });

  it('stays silent for a community it does not serve, as snmpsimd does', () => {
    expect(() => netSnmp('snmpget', 'no-such-device', agent.port, '-r', '0', '-t', '1', '1.3.6.1.2.1.1.3.0')).toThrow(/Timeout/);
  });
});
