import { createSocket } from 'node:dgram';

/** A TCP port on 127.0.0.1 that was free a moment ago: the one the local system uses too. */
export { freePort } from '../../../local/dynamodb-local.ts';

/** A UDP port on 127.0.0.1 that was free a moment ago. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
