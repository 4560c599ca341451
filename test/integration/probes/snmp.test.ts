import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { startSnmpd, type SnmpdPeer } from '../../support/peers/snmpd.ts';
import { startSilentUdpSocket, type FaultPeer } from '../../support/peers/faults.ts';
import { byName, check, contextWith } from '../../support/peers/context.ts';

/** A Fortinet-style HA mode OID the test agent serves with a fixed value (activePassive = 3). */
const HA_OID = '1.3.6.1.4.1.12356.101.13.1.1.0';

let snmpd: SnmpdPeer;
let silent: FaultPeer;

beforeAll(async () => {
  snmpd = await startSnmpd({
    config: [
      // Real snmpd, made to show what a firewall shows: a WAN interface that is down, an HA mode,
      // and a chassis serial and firmware in ENTITY-MIB (Linux has none of these of its own).
      'override .1.3.6.1.2.1.2.2.1.2.999 octet_str "wan0"',
      'override .1.3.6.1.2.1.2.2.1.7.999 integer 1',
      'override .1.3.6.1.2.1.2.2.1.8.999 integer 2',
      `override .${HA_OID} integer 3`,
      'override .1.3.6.1.2.1.47.1.1.1.1.5.1 integer 3',
      // snmpd serves hrProcessorLoad only after a minute of sampling: give the two rows values now.
      'override .1.3.6.1.2.1.25.3.3.1.2.196608 integer 37',
      'override .1.3.6.1.2.1.25.3.3.1.2.196609 integer 55',
      // entPhysicalFirmwareRev is the boot loader: the probe must report SoftwareRev, never this.
      'override .1.3.6.1.2.1.47.1.1.1.1.9.1 octet_str "BOOTROM 1.0.2"',
      'override .1.3.6.1.2.1.47.1.1.1.1.10.1 octet_str "PAN-OS 10.2.9"',
      'override .1.3.6.1.2.1.47.1.1.1.1.11.1 octet_str "SN-LAB-0001"',
    ],
  });
  silent = await startSilentUdpSocket();
});

afterAll(async () => {
  await snmpd?.stop();
  await silent?.stop();
});

const secrets = () =>
  contextWith({
    'snmp/community': snmpd.community,
    'snmp/wrong-community': 'not-the-community',
    'snmp/v3': JSON.stringify(snmpd.v3),
    'snmp/v3-wrong-key': JSON.stringify({ ...snmpd.v3, authKey: 'wrong-auth-key-999' }),
    'snmp/v3-broken': '{"user":"x"}',
  });

const v2c = (extra: Record<string, unknown> = {}) =>
  check({ type: 'snmp', name: 'snmp', host: '127.0.0.1', port: snmpd.port, version: '2c', secretRef: 'snmp/community', timeoutMs: 3000, ...extra });

describe('snmp probe against Debian snmpd', () => {
  it('reads uptime, interfaces, CPU, storage, expected OIDs and inventory facts over v2c', async () => {
    const output = await runCheck(
      v2c({
        interfaces: ['lo', 'wan0', 'nope0'],
        expect: [
          { label: 'HA mode', oid: HA_OID, equals: '3' },
          { label: 'HA standby', oid: HA_OID, equals: '1' },
          { label: 'Missing', oid: '1.3.6.1.4.1.99999.1.0', equals: 'x' },
        ],
      }),
      secrets(),
    );
    const { results } = output;

    const uptime = byName(results, 'snmp.uptime');
    expect(uptime.status).toBe('ok');
    expect(uptime.value).toEqual(expect.any(Number));
    expect(uptime.extra?.uptimeTicks).toEqual(expect.any(Number));

    expect(byName(results, 'snmp.if-lo')).toMatchObject({ status: 'ok', value: 'up' });
    expect(byName(results, 'snmp.if-wan0')).toMatchObject({ status: 'critical', value: 'down', message: 'wan0 is down', messageCode: 'check.interface-state', messageParams: { name: 'wan0', state: 'down', stateTextCode: 'check.if-state.down' } });
    const missing = byName(results, 'snmp.if-nope0');
    expect(missing.status).toBe('unknown');
    expect(missing.message).toMatch(/nope0 not found.*lo/);

    expect(byName(results, 'snmp.cpu')).toMatchObject({ status: 'ok', value: 46, unit: '%', message: 'CPU 46 % (mean of 2 processors)', messageCode: 'check.cpu-mean', messageParams: { percent: 46, count: 2 } });

    const root = byName(results, 'snmp.storage-/');
    expect(root.value as number).toBeGreaterThan(0);
    expect(root.value as number).toBeLessThanOrEqual(100);
    expect(root.thresholds).toEqual({ warning: 85, critical: 95, direction: 'above' });

    expect(byName(results, 'snmp.ha-mode')).toMatchObject({ status: 'ok', value: '3' });
    expect(byName(results, 'snmp.ha-standby')).toMatchObject({ status: 'critical', message: "HA standby is '3', expected '1'", messageCode: 'check.expect-mismatch', messageParams: { label: 'HA standby', value: '3', expected: '1' } });
    expect(byName(results, 'snmp.missing').status).toBe('unknown');

    expect(output.facts?.description).toMatch(/Linux/);
    expect(output.facts?.serial).toBe('SN-LAB-0001');
    expect(output.facts?.firmware).toBe('PAN-OS 10.2.9');
  });

  it('turns a CPU above its threshold into a warning', async () => {
    const { results } = await runCheck(v2c({ cpuPercent: { warning: 40, critical: 90, direction: 'above' } }), secrets());
    expect(byName(results, 'snmp.cpu')).toMatchObject({ status: 'warning', value: 46 });
    const critical = await runCheck(v2c({ cpuPercent: { warning: 20, critical: 45, direction: 'above' } }), secrets());
    expect(byName(critical.results, 'snmp.cpu').status).toBe('critical');
  });

  it('reads the same over SNMPv3 authPriv (SHA + AES)', async () => {
    const output = await runCheck(v2c({ version: '3', secretRef: 'snmp/v3', interfaces: ['lo'] }), secrets());
    expect(byName(output.results, 'snmp.uptime').status).toBe('ok');
    expect(byName(output.results, 'snmp.if-lo').status).toBe('ok');
    expect(output.facts?.serial).toBe('SN-LAB-0001');
  });

  it('reports a v3 user with the wrong key as critical, naming SNMPv3 security', async () => {
    const { results } = await runCheck(v2c({ version: '3', secretRef: 'snmp/v3-wrong-key' }), secrets());
    expect(results).toHaveLength(1);
    expect(results[0]!.status).toBe('critical');
    expect(results[0]!.message).toMatch(/^SNMPv3 security failed: Wrong Digest/);
  });

  it('reports a v3 secret that is not valid settings as unknown (configuration, not the device)', async () => {
    const { results } = await runCheck(v2c({ version: '3', secretRef: 'snmp/v3-broken' }), secrets());
    expect(results[0]!.status).toBe('unknown');
    expect(results[0]!.message).toMatch(/not SNMPv3 settings JSON/);
  });

  it('says "wrong community or host down?" when the community is wrong (the agent stays silent)', async () => {
    const output = await runCheck(v2c({ secretRef: 'snmp/wrong-community', timeoutMs: 1000 }), secrets());
    expect(output.results).toEqual([
      expect.objectContaining({ name: 'snmp', status: 'critical', message: expect.stringContaining('no SNMP answer') }),
    ]);
    expect(output.results[0]!.message).toContain('(wrong community or host down?)');
    expect(output.durationMs).toBeLessThan(2500); // about the timeout, with room for a busy CI machine
  });

  it('reports an agent that swallows every request as critical within the timeout', async () => {
    const output = await runCheck(v2c({ port: silent.port, timeoutMs: 800 }), secrets());
    expect(output.results[0]).toMatchObject({ status: 'critical', message: expect.stringContaining('no SNMP answer') });
    expect(output.durationMs).toBeLessThan(2000);
    expect((silent as FaultPeer & { received(): number }).received()).toBeGreaterThanOrEqual(2); // one retry
  });

  it('reports a reboot when sysUpTime is lower than last time', async () => {
    const earlier = new Date(Date.now() - 60_000).toISOString();
    const previous = [{ name: 'snmp.uptime', type: 'snmp' as const, status: 'ok' as const, observedAt: earlier, extra: { uptimeTicks: 100 * 86_400 * 30 } }];
    const { results } = await runCheck(v2c(), secrets());
    const rebooted = await runCheck(v2c(), { ...secrets(), previous });
    expect(byName(results, 'snmp.uptime').status).toBe('ok');
    const uptime = byName(rebooted.results, 'snmp.uptime');
    expect(uptime.status).toBe('warning');
    expect(uptime.message).toMatch(/^rebooted: uptime fell from 30 days to/);
  });

  it('does not call a 32-bit TimeTicks wrap a reboot', async () => {
    const { results } = await runCheck(v2c(), secrets());
    const ticks = byName(results, 'snmp.uptime').extra!.uptimeTicks as number;
    // As if the counter stood just below 2^32 a little while ago and has since wrapped to `ticks`.
    const elapsedMs = 120_000;
    const previousTicks = 2 ** 32 - (elapsedMs / 10 - ticks);
    const previous = [{ name: 'snmp.uptime', type: 'snmp' as const, status: 'ok' as const, observedAt: new Date(Date.now() - elapsedMs).toISOString(), extra: { uptimeTicks: previousTicks } }];
    const again = await runCheck(v2c(), { ...secrets(), previous });
    expect(byName(again.results, 'snmp.uptime').status).toBe('ok');
  });
});
