import { chmod, copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import snmp from 'net-snmp';
import { requireBinary } from './binaries.ts';
import { freeUdpPort } from './ports.ts';
import { startProcess, waitUntil } from './process.ts';

/** The recordings of real devices (LibreNMS test data), one `.snmprec` file per device. */
export const SNMPREC_DIR = new URL('../../fixtures/snmprec/', import.meta.url).pathname;

export interface SnmpsimPeer {
  port: number;
  /** One community per recording: the file name without `.snmprec`. */
  communities: string[];
  stop(): Promise<void>;
}

/**
 * Debian's snmpsim (`snmpsimd`) on 127.0.0.1:<free UDP port>, serving every `.snmprec` file of
 * `dataDir` (default: the corpus) under the community named after the file. It runs from a copy in a
 * temp folder with its own index cache; as root it drops to nobody, as snmpsimd insists.
 * Ready when the first community answers a GET (polled, not slept on). `stop()` ends it by its pid.
 * Request logging is off: snmpsimd logs every varbind otherwise, which slows it several times over.
 */
export async function startSnmpsim(options: { dataDir?: string; files?: string[] } = {}): Promise<SnmpsimPeer> {
  const binary = requireBinary('snmpsimd', 'snmpsim');
  const source = options.dataDir ?? SNMPREC_DIR;
  const files = options.files ?? (await readdir(source)).filter((name) => name.endsWith('.snmprec')).sort();
  if (files.length === 0) throw new Error(`no .snmprec files in ${source}`);
  const dir = await mkdtemp(join(tmpdir(), 'driftsbilde-snmpsim-'));
  const data = join(dir, 'data');
  const cache = join(dir, 'cache');
  await mkdir(data);
  await mkdir(cache);
  for (const file of files) await copyFile(join(source, file), join(data, file));
  // snmpsimd refuses to run as root; the unprivileged user must read the data and write the cache.
  await Promise.all([chmod(dir, 0o755), chmod(data, 0o755), chmod(cache, 0o777), ...files.map((file) => chmod(join(data, file), 0o644))]);
  const port = await freeUdpPort();
  const asRoot = process.getuid?.() === 0 ? ['--process-user=nobody', '--process-group=nogroup'] : [];
  const peer = startProcess(binary, [`--data-dir=${data}`, `--cache-dir=${cache}`, `--agent-udpv4-endpoint=127.0.0.1:${port}`, '--logging-method=null', ...asRoot]);
  const communities = files.map((file) => file.replace(/\.snmprec$/, ''));
  const stop = async () => {
    await peer.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(peer, `snmpsimd on udp:127.0.0.1:${port}`, () => answers(port, communities[0]!), 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, communities, stop };
}

function answers(port: number, community: string): Promise<boolean> {
  return new Promise((resolve) => {
    const session = snmp.createSession('127.0.0.1', community, { port, version: snmp.Version2c, timeout: 500, retries: 0 });
    session.on('error', () => {});
    // Any answer (even noSuchObject) means the agent is up.
    session.get(['1.3.6.1.2.1.1.1.0'], (error) => {
      session.close();
      resolve(!error || (error as Error).name !== 'RequestTimedOutError');
    });
  });
}
