/**
 * The SNMP probe against recordings of 28 real devices (LibreNMS test data, test/fixtures/snmprec/),
 * served by Debian's snmpsimd. The expected facts (expected.json) were read with net-snmp against
 * the same agent; each run checks net-snmp still reads the same sysObjectID before comparing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { detectDrift, mergeObservedFacts } from '#shared/domain/health/drift.ts';
import type { ProbeOutput } from '#shared/domain/health/probe.ts';
import { requireBinary } from '../../support/peers/binaries.ts';
import { byName, check, contextWith } from '../../support/peers/context.ts';
import { SNMPREC_DIR, startSnmpsim, type SnmpsimPeer } from '../../support/peers/snmpsim.ts';

interface Expected {
  sysObjectID: string | null;
  facts: Record<string, string>;
  storage?: Record<string, number>;
  cpu?: number;
  interfaces?: { status: string; message: string };
  ha?: { oid: string; value: string; members: { oid: string; value: string } };
}
const { devices } = JSON.parse(readFileSync(`${SNMPREC_DIR}expected.json`, 'utf8')) as { devices: Record<string, Expected> };
const names = Object.keys(devices).sort();

let sim: SnmpsimPeer;
const outputs = new Map<string, ProbeOutput>();
const secrets = () => contextWith(Object.fromEntries(names.map((name) => [`snmp/${name}`, name])));
// The longest deadline a check may have: snmpsimd indexes a recording on its first request,
// which on a busy machine takes longer than a device would; this suite is about what is read.
const snmpCheck = (name: string, extra: Record<string, unknown> = {}) =>
  check({ type: 'snmp', name: 'snmp', host: '127.0.0.1', port: sim.port, version: '2c', secretRef: `snmp/${name}`, timeoutMs: 30_000, ...extra });

beforeAll(async () => {
  sim = await startSnmpsim();
  // One sweep over the corpus, as the collector would run it (a few at a time).
  for (let i = 0; i < names.length; i += 5) {
    await Promise.all(names.slice(i, i + 5).map(async (name) => outputs.set(name, await runCheck(snmpCheck(name), secrets()))));
  }
}, 600_000);

afterAll(async () => {
  await sim?.stop();
});

describe('the corpus', () => {
  it('has at least 25 recordings, each with expected facts', () => {
    expect(sim.communities.length).toBeGreaterThanOrEqual(25);
    expect(sim.communities.sort()).toEqual(names);
  });

  it('net-snmp still reads the sysObjectID written down for every recording', () => {
    const snmpget = requireBinary('snmpget', 'snmp');
    for (const name of names) {
      const answer = execFileSync(snmpget, ['-v2c', '-c', name, '-On', '-Oqv', '-t', '2', `127.0.0.1:${sim.port}`, '1.3.6.1.2.1.1.2.0'], { encoding: 'utf8' }).trim();
      expect(answer.startsWith('.1.3') ? answer : null, name).toBe(devices[name]!.sysObjectID);
    }
  });
});

describe.each(names)('recording %s', (name) => {
  const expected = devices[name]!;
  const output = () => outputs.get(name)!;

  it('reads vendor, model, firmware (OS release) and chassis serial as net-snmp shows them', () => {
    const { vendor, model, firmware, os, serial } = output().facts ?? {};
    const read = Object.fromEntries(Object.entries({ vendor, model, firmware, os, serial }).filter(([, value]) => value !== undefined));
    expect(read).toEqual(expected.facts);
  });

  it('never gives a healthy recording a critical result', () => {
    const critical = output().results.filter((result) => result.status === 'critical');
    expect(critical.map((r) => `${r.name}: ${r.message}`)).toEqual([]);
  });

  it('reads every real filesystem and nothing else', () => {
    const storage = Object.fromEntries(
      output()
        .results.filter((result) => result.name.startsWith('snmp.storage-'))
        .map((result) => [result.name.slice('snmp.storage-'.length), result.value]),
    );
    expect(storage).toEqual(expected.storage ?? {});
  });

  it('judges interfaces only by what the device reports', () => {
    const summary = output().results.find((result) => result.name === 'snmp.interfaces');
    if (!expected.interfaces) expect(summary).toBeUndefined();
    else expect(summary).toMatchObject(expected.interfaces);
  });

  it('shows no drift when the registered values are what the device says', () => {
    const facts = output().facts;
    const observed = mergeObservedFacts(undefined, facts, new Date().toISOString());
    expect(detectDrift({ firmware: facts?.firmware, serial: facts?.serial }, observed)).toEqual([]);
  });
});

describe('details on single recordings', () => {
  it('reads CPU as the mean of hrProcessorLoad', () => {
    expect(byName(outputs.get('panos')!.results, 'snmp.cpu').value).toBe(devices.panos!.cpu);
    expect(byName(outputs.get('routeros')!.results, 'snmp.cpu').value).toBe(devices.routeros!.cpu);
  });

  it('takes the vendor serial OID when the chassis row has none, never a sub-component’s (RouterOS: the USB port has one)', () => {
    expect(outputs.get('routeros')!.facts?.serial).toBe(devices.routeros!.facts.serial);
    expect(outputs.get('routeros')!.facts?.serial).not.toBe('rb400_usb');
  });

  it('takes the chassis release and serial, never the boot ROM or a power supply’s serial (ArubaOS-CX)', () => {
    const facts = outputs.get('arubaos-cx')!.facts;
    expect(facts).toMatchObject({ firmware: 'GL.10.04.2000', serial: 'DEVICESERL' });
    expect([facts?.firmware, facts?.serial]).not.toContain('GL.01.05.0002');
    expect(facts?.serial).not.toMatch(/^PWR/);
  });

  it('takes the root of the containment tree as the chassis when the agent reports no entity class (Cisco IOS, C3560)', () => {
    expect(outputs.get('ios-c3560')!.facts).toMatchObject({ serial: 'CAT0912N0CU', model: 'WS-C3560-48TS-S', firmware: '12.2(55)SE12' });
  });

  it('judges named interfaces on a device without ifAdminStatus (C3560: Fa0/2 up, Gi0/1 down)', async () => {
    const { results } = await runCheck(snmpCheck('ios-c3560', { interfaces: ['Fa0/2', 'GigabitEthernet0/1'] }), secrets());
    expect(byName(results, 'snmp.if-Fa0/2')).toMatchObject({ status: 'ok', value: 'up' });
    expect(byName(results, 'snmp.if-GigabitEthernet0/1')).toMatchObject({ status: 'critical', message: 'GigabitEthernet0/1 is down' });
  });

  it('reads the release out of a chassis revision that says more (FortiGate: "FortiGate-1500D v6.4.8,build1914,211117 (GA)")', () => {
    expect(outputs.get('fortigate-1500d')!.facts?.firmware).toBe('6.4.8');
    const observed = mergeObservedFacts(undefined, outputs.get('fortigate-1500d')!.facts, new Date().toISOString());
    expect(detectDrift({ firmware: 'FortiOS v6.4.8', serial: 'redacted' }, observed)).toEqual([]);
  });

  it('shows no drift for a PAN-OS release registered with its prefix', () => {
    const observed = mergeObservedFacts(undefined, outputs.get('panos')!.facts, new Date().toISOString());
    expect(detectDrift({ firmware: 'PAN-OS 9.0.7', serial: '015351000009999' }, observed)).toEqual([]);
    expect(detectDrift({ firmware: 'PAN-OS 9.1.0', serial: '015351000009999' }, observed)).toEqual([expect.objectContaining({ field: 'firmware', kind: 'mismatch' })]);
  });

  it('names a missing ifOperStatus as unknown, never critical (Junos recording without ifOperStatus)', async () => {
    const { results } = await runCheck(snmpCheck('junos-srx', { interfaces: ['ge-0/0/0'] }), secrets());
    expect(byName(results, 'snmp.if-ge-0/0/0')).toMatchObject({ status: 'unknown', message: expect.stringContaining('does not report its state') });
  });

  it('lets a named interface that is down alarm, and says when it is administratively down', async () => {
    const { results } = await runCheck(snmpCheck('panos', { interfaces: ['ethernet1/1', 'ethernet1/5'] }), secrets());
    expect(byName(results, 'snmp.if-ethernet1/1')).toMatchObject({ status: 'ok', value: 'up' });
    expect(byName(results, 'snmp.if-ethernet1/5')).toMatchObject({ status: 'critical', message: 'ethernet1/5 is down (administratively down)' });
  });

  it('checks a FortiGate HA cluster with expected OIDs: active-passive, second member in sync', async () => {
    const ha = devices['fortigate-1500d']!.ha!;
    const { results } = await runCheck(
      snmpCheck('fortigate-1500d', {
        expect: [
          { label: 'HA mode', oid: ha.oid, equals: ha.value },
          { label: 'HA peer sync', oid: ha.members.oid, equals: ha.members.value },
          { label: 'HA standalone', oid: ha.oid, equals: '1' },
        ],
      }),
      secrets(),
    );
    expect(byName(results, 'snmp.ha-mode')).toMatchObject({ status: 'ok', value: '3' });
    expect(byName(results, 'snmp.ha-peer-sync')).toMatchObject({ status: 'ok', value: '1' });
    expect(byName(results, 'snmp.ha-standalone')).toMatchObject({ status: 'critical', message: "HA standalone is '3', expected '1'" });
  });

  it('ignores more filesystems when the check says so', async () => {
    const { results } = await runCheck(snmpCheck('qnap', { storageIgnore: ['/mnt/ext', '/share/CACHEDEV3*'] }), secrets());
    const storage = results.filter((r) => r.name.startsWith('snmp.storage-')).map((r) => r.name);
    expect(storage).toEqual(['snmp.storage-/mnt/HDA_ROOT', 'snmp.storage-/share/CACHEDEV1_DATA', 'snmp.storage-/share/CACHEDEV2_DATA']);
  });
});
