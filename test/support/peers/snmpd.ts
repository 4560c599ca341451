import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import snmp from 'net-snmp';
import { requireBinary } from './binaries.ts';
import { freeUdpPort } from './ports.ts';
import { startProcess, waitUntil, type PeerProcess } from './process.ts';

export interface SnmpdV3User {
  user: string;
  authProtocol: 'sha' | 'sha256' | 'md5';
  authKey: string;
  privProtocol: 'aes' | 'des';
  privKey: string;
}

export interface SnmpdOptions {
  community?: string;
  v3?: SnmpdV3User;
  /** Extra snmpd.conf lines, e.g. `override OID TYPE VALUE` to make a value what the test needs. */
  config?: string[];
}

export interface SnmpdPeer {
  port: number;
  community: string;
  v3: SnmpdV3User;
  /** Stops and starts snmpd again on the same port and persistent directory: same engine ID, snmpEngineBoots one higher. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const AUTH = { sha: 'SHA', sha256: 'SHA-256', md5: 'MD5' } as const;
const PRIV = { aes: 'AES', des: 'DES' } as const;

/**
 * Debian's real snmpd on 127.0.0.1:<free UDP port>, with its own config (`-C`: no system config
 * files) and persistent directory in a temp folder, serving a v2c community and a v3 authPriv
 * user. Stopped and its folder removed by `stop()`.
 */
export async function startSnmpd(options: SnmpdOptions = {}): Promise<SnmpdPeer> {
  const binary = requireBinary('snmpd', 'snmpd');
  const community = options.community ?? 'lab-public';
  const v3: SnmpdV3User = options.v3 ?? { user: 'driftsbilde', authProtocol: 'sha', authKey: 'auth-secret-123', privProtocol: 'aes', privKey: 'priv-secret-456' };
  const dir = await mkdtemp(join(tmpdir(), 'driftsbilde-snmpd-'));
  const port = await freeUdpPort();
  const conf = join(dir, 'snmpd.conf');
  await writeFile(
    conf,
    [
      `rocommunity ${community} 127.0.0.1`,
      `createUser ${v3.user} ${AUTH[v3.authProtocol]} "${v3.authKey}" ${PRIV[v3.privProtocol]} "${v3.privKey}"`,
      `rouser ${v3.user} priv`,
      'dontLogTCPWrappersConnects yes',
      ...(options.config ?? []),
      '',
    ].join('\n'),
  );
  const launch = async () => {
    // The persistent file (written on stop) is read too, so a restart keeps the engine ID and counts snmpEngineBoots up.
    const peer = startProcess(binary, ['-f', '-Lo', '-C', '-c', `${conf},${join(dir, 'persist', 'snmpd.conf')}`, `udp:127.0.0.1:${port}`], {
      // MIBS= keeps snmpd from loading (and complaining about) MIB files it does not need.
      env: { ...process.env, SNMP_PERSISTENT_DIR: join(dir, 'persist'), MIBS: '' },
    });
    await waitUntil(peer, `snmpd on udp:127.0.0.1:${port}`, () => answers(port, community));
    return peer;
  };
  let peer: PeerProcess | undefined;
  const stop = async () => {
    await peer?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    peer = await launch();
  } catch (error) {
    await stop();
    throw error;
  }
  const restart = async () => {
    await peer?.stop();
    peer = await launch();
  };
  return { port, community, v3, restart, stop };
}

function answers(port: number, community: string): Promise<boolean> {
  return new Promise((resolve) => {
    const session = snmp.createSession('127.0.0.1', community, { port, version: snmp.Version2c, timeout: 300, retries: 0 });
    session.on('error', () => {});
    session.get(['1.3.6.1.2.1.1.3.0'], (error) => {
      session.close();
      resolve(!error);
    });
  });
}
