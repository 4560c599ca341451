/**
 * The SNMP client's matching of answers to requests, on real snmpd answers: a relay between the
 * client and Debian's snmpd sends, before each real answer, the previous answer again (a stale
 * duplicate with another request id or msgID) and a datagram that is not SNMP. The client must take
 * only the answer to the request it sent, report the junk without failing the request, and never
 * mix up answers to requests in flight together.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnmpSession } from '#shared/adapters/probes/snmp-client/session.ts';
import { isVarbindError } from '#shared/adapters/probes/snmp-client/ber.ts';
import { startSnmpd, type SnmpdPeer } from '../../support/peers/snmpd.ts';

const NOT_SNMP = Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n');

/** Relays each client's datagrams to `agentPort`; before each answer it sends junk and the previous answer again. */
async function startMeddlingRelay(agentPort: number): Promise<{ port: number; stop(): Promise<void> }> {
  const front = createSocket('udp4');
  const upstreams: Socket[] = [];
  const byClient = new Map<string, Socket>();
  let previous: Buffer | undefined;
  front.on('message', (request, from) => {
    const key = `${from.address}:${from.port}`;
    let upstream = byClient.get(key);
    if (!upstream) {
      const socket = createSocket('udp4');
      socket.on('message', (answer) => {
        front.send(NOT_SNMP, from.port, from.address);
        if (previous) front.send(previous, from.port, from.address);
        front.send(answer, from.port, from.address);
        previous = answer;
      });
      byClient.set(key, socket);
      upstreams.push(socket);
      upstream = socket;
    }
    upstream.send(request, agentPort, '127.0.0.1');
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', () => resolve()));
  return {
    port: front.address().port,
    stop: async () => {
      await Promise.all([front, ...upstreams].map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
    },
  };
}

let snmpd: SnmpdPeer;
let relay: Awaited<ReturnType<typeof startMeddlingRelay>>;

beforeAll(async () => {
  snmpd = await startSnmpd({ config: ['override .1.3.6.1.2.1.1.5.0 octet_str "relay-test"'] });
  relay = await startMeddlingRelay(snmpd.port);
});

afterAll(async () => {
  await relay?.stop();
  await snmpd?.stop();
});

const sessions = () => [
  new SnmpSession({ host: '127.0.0.1', port: relay.port, timeoutMs: 2000, retries: 0 }, { version: '2c', community: snmpd.community }),
  new SnmpSession({ host: '127.0.0.1', port: relay.port, timeoutMs: 2000, retries: 0 }, { version: '3', user: { ...snmpd.v3, name: snmpd.v3.user } }),
];

describe('SNMP client answers, through a relay that adds stale duplicates and junk', () => {
  it.each([0, 1])('takes only the answer to each request (%s: v2c, v3), and reports the junk without failing', async (which) => {
    const session = sessions()[which]!;
    const errors: Error[] = [];
    session.onError((error) => errors.push(error));
    try {
      for (let round = 0; round < 3; round++) {
        const [name] = await session.get(['1.3.6.1.2.1.1.5.0']);
        expect(name).toMatchObject({ oid: '1.3.6.1.2.1.1.5.0', value: Buffer.from('relay-test') });
        const [uptime] = await session.get(['1.3.6.1.2.1.1.3.0']);
        expect(uptime).toMatchObject({ oid: '1.3.6.1.2.1.1.3.0', type: 0x43, value: expect.any(Number) });
        const [next] = await session.getNext(['1.3.6.1.2.1.1.5.0']);
        expect(next!.oid).toBe('1.3.6.1.2.1.1.6.0');
      }
      // Requests in flight together each get their own answer.
      const [a, b, c] = await Promise.all([session.get(['1.3.6.1.2.1.1.5.0']), session.get(['1.3.6.1.2.1.1.3.0']), session.getBulk(['1.3.6.1.2.1.2.2.1.1', '1.3.6.1.2.1.2.2.1.2'], 3)]);
      expect(a[0]!.oid).toBe('1.3.6.1.2.1.1.5.0');
      expect(b[0]!.oid).toBe('1.3.6.1.2.1.1.3.0');
      expect(c.map((column) => column[0]!.oid)).toEqual(['1.3.6.1.2.1.2.2.1.1.1', '1.3.6.1.2.1.2.2.1.2.1']);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((error) => error.name === 'BerError')).toBe(true);
    } finally {
      session.close();
    }
  });

  it('reads a varbind error as such (noSuchObject for an OID snmpd does not have)', async () => {
    const [session] = sessions();
    try {
      const [missing] = await session!.get(['1.3.6.1.4.1.99999.1.0']);
      expect(missing!.type).toBe(0x80);
      expect(isVarbindError(missing!)).toBe(true);
    } finally {
      session!.close();
    }
  });

  it('rejects the requests still waiting when the session is closed', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    const session = new SnmpSession({ host: '127.0.0.1', port: silent.address().port, timeoutMs: 5000, retries: 0 }, { version: '2c', community: 'x' });
    const waiting = session.get(['1.3.6.1.2.1.1.3.0']);
    setTimeout(() => session.close(), 50);
    await expect(waiting).rejects.toThrow('Socket forcibly closed');
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});
