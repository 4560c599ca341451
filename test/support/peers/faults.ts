/**
 * Peers that misbehave on purpose, all on 127.0.0.1: the fault cases a monitor meets in the field.
 */
import { createSocket } from 'node:dgram';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface FaultPeer {
  host: string;
  port: number;
  stop(): Promise<void>;
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function tracked(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  return sockets;
}

/** Accepts TCP connections and never writes a byte (a hung web server). */
export async function startSilentTcpServer(): Promise<FaultPeer> {
  const server = createServer(() => {});
  const sockets = tracked(server);
  const port = await listen(server);
  return { host: '127.0.0.1', port, stop: () => closeServer(server, sockets) };
}

/** Accepts TCP connections, writes junk and hangs up (not TLS, not HTTP). */
export async function startJunkTcpServer(): Promise<FaultPeer> {
  const server = createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2 garbage \x00\x01\x02\r\n'));
  const sockets = tracked(server);
  const port = await listen(server);
  return { host: '127.0.0.1', port, stop: () => closeServer(server, sockets) };
}

/** Answers every request with HTTP `status` and `body` (HTML or other text that is not metrics). */
export async function startTextHttpServer(body: string, status = 200, contentType = 'text/html'): Promise<FaultPeer & { url: string }> {
  const server = createHttpServer((_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  });
  const sockets = tracked(server);
  const port = await listen(server);
  return { host: '127.0.0.1', port, url: `http://127.0.0.1:${port}/metrics`, stop: () => closeServer(server, sockets) };
}

/** A UDP socket on 127.0.0.1 that counts datagrams and answers each with `reply` (or nothing). */
async function startUdpPeer(reply?: Buffer): Promise<FaultPeer & { received(): number }> {
  const socket = createSocket('udp4');
  let received = 0;
  socket.on('message', (_message, from) => {
    received++;
    if (reply) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  return {
    host: '127.0.0.1',
    port: socket.address().port,
    received: () => received,
    stop: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** A UDP socket that swallows every datagram: an SNMP agent that never answers. */
export function startSilentUdpSocket(): Promise<FaultPeer & { received(): number }> {
  return startUdpPeer();
}

/** A UDP socket that answers every datagram with bytes that are not SNMP (a misbehaving agent or another service on the port). */
export function startGarbageUdpSocket(): Promise<FaultPeer & { received(): number }> {
  // A BER sequence header claiming more bytes than follow, then text: fails to parse as SNMP.
  return startUdpPeer(Buffer.concat([Buffer.from([0x30, 0x82, 0x7f, 0xff]), Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')]));
}
