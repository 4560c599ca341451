import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ServerCertificate } from '../../../local/lab/certificates.ts';

export interface HttpsPeer {
  url: string;
  stop(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1:<free port> presenting `certificate` and answering 200 "ok". */
export async function startHttpsServer(certificate: Pick<ServerCertificate, 'cert' | 'key'>, status = 200): Promise<HttpsPeer> {
  const server: Server = createServer({ cert: certificate.cert, key: certificate.key }, (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end('ok\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/health`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
