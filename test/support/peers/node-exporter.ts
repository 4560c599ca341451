import { requireBinary } from './binaries.ts';
import { freePort } from './ports.ts';
import { startProcess, waitUntil } from './process.ts';

export interface NodeExporterPeer {
  url: string;
  stop(): Promise<void>;
}

/** Debian's prometheus-node-exporter on 127.0.0.1:<free port>; `url` is its /metrics. */
export async function startNodeExporter(): Promise<NodeExporterPeer> {
  const binary = requireBinary('prometheus-node-exporter', 'prometheus-node-exporter');
  const port = await freePort();
  const peer = startProcess(binary, [`--web.listen-address=127.0.0.1:${port}`]);
  const url = `http://127.0.0.1:${port}/metrics`;
  await waitUntil(peer, `prometheus-node-exporter on 127.0.0.1:${port}`, async () => (await fetch(url)).ok);
  return { url, stop: () => peer.stop() };
}
