/**
 * SNMPv3 authPriv with every protocol pair the probe offers, against Debian's snmpd: SHA-256 + AES
 * (RFC 7860, RFC 3826), MD5 + DES (RFC 3414), snmpd's report for an unknown user and its silence
 * for a wrong privacy key. And the client's engine-time synchronisation: after snmpd restarts (same engine ID,
 * snmpEngineBoots one higher) it answers the next request with a notInTimeWindow report, and the
 * session must resynchronise and ask again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '#shared/adapters/probes/index.ts';
import { SnmpSession } from '#shared/adapters/probes/snmp-client/session.ts';
import { byName, check, contextWith } from '../../support/peers/context.ts';
import { startSnmpd, type SnmpdPeer } from '../../support/peers/snmpd.ts';

const sha256Aes = { user: 'ops-sha256', authProtocol: 'sha256', authKey: 'auth-sha256-secret', privProtocol: 'aes', privKey: 'priv-aes-secret' } as const;
const md5Des = { user: 'ops-md5', authProtocol: 'md5', authKey: 'auth-md5-secret', privProtocol: 'des', privKey: 'priv-des-secret' } as const;

let snmpd: SnmpdPeer;

beforeAll(async () => {
  snmpd = await startSnmpd({
    v3: sha256Aes,
    config: [`createUser ${md5Des.user} MD5 "${md5Des.authKey}" DES "${md5Des.privKey}"`, `rouser ${md5Des.user} priv`, 'override .1.3.6.1.2.1.47.1.1.1.1.5.1 integer 3', 'override .1.3.6.1.2.1.47.1.1.1.1.11.1 octet_str "SN-V3-0001"'],
  });
});

afterAll(async () => {
  await snmpd?.stop();
});

const secrets = () =>
  contextWith({
    'snmp/sha256-aes': JSON.stringify(sha256Aes),
    'snmp/md5-des': JSON.stringify(md5Des),
    'snmp/unknown-user': JSON.stringify({ ...sha256Aes, user: 'nobody-here' }),
    'snmp/wrong-priv': JSON.stringify({ ...sha256Aes, privKey: 'not-the-priv-key' }),
  });

const v3 = (secretRef: string) => check({ type: 'snmp', name: 'snmp', host: '127.0.0.1', port: snmpd.port, version: '3', secretRef, interfaces: ['lo'], timeoutMs: 3000 });

describe('snmp probe over SNMPv3 against Debian snmpd', () => {
  it.each(['sha256-aes', 'md5-des'])('reads uptime, interfaces and inventory with %s', async (pair) => {
    const output = await runCheck(v3(`snmp/${pair}`), secrets());
    expect(byName(output.results, 'snmp.uptime').status).toBe('ok');
    expect(byName(output.results, 'snmp.if-lo')).toMatchObject({ status: 'ok', value: 'up' });
    expect(output.facts?.description).toMatch(/Linux/);
    expect(output.facts?.serial).toBe('SN-V3-0001');
  });

  it('names an unknown user, as snmpd reports it', async () => {
    const { results } = await runCheck(v3('snmp/unknown-user'), secrets());
    expect(results).toEqual([expect.objectContaining({ status: 'critical', message: 'SNMPv3 security failed: Unknown User Name (check user, keys and protocols)' })]);
  });

  it('says "no answer" for a wrong privacy key: snmpd drops what it cannot decrypt (so does snmpget meet it: a timeout)', async () => {
    const { results } = await runCheck(v3('snmp/wrong-priv'), secrets());
    expect(results).toEqual([expect.objectContaining({ status: 'critical', messageCode: 'check.snmp-no-answer-v3' })]);
  });
});

describe('SNMPv3 session across an agent restart', () => {
  it('answers the notInTimeWindow report by taking the new boots and time and asking again', async () => {
    const session = new SnmpSession({ host: '127.0.0.1', port: snmpd.port, timeoutMs: 2000, retries: 1 }, { version: '3', user: { ...md5Des, name: md5Des.user } });
    const errors: Error[] = [];
    session.onError((error) => errors.push(error));
    try {
      const [before] = await session.get(['1.3.6.1.6.3.10.2.1.2.0']); // snmpEngineBoots
      await snmpd.restart();
      const [after] = await session.get(['1.3.6.1.6.3.10.2.1.2.0']);
      expect(after!.value).toBe((before!.value as number) + 1);
      expect(errors).toEqual([]);
    } finally {
      session.close();
    }
  }, 30_000);
});
