import { createServer, type Server } from 'node:net';
import type { InventoryStore } from '#shared/domain/inventory-store.ts';
import type { Device } from '#shared/schemas/device.ts';
import { DeviceFields } from '#shared/schemas/device.ts';

/** A region with one environment, created through the inventory store. */
export async function seedRegion(store: InventoryStore, regionId: string, environmentIds: string[]): Promise<void> {
  await store.createRegion({ id: regionId, name: regionId, priceIndex: 0.025, lifetimes: {}, defaultKey: { type: 'equal' } });
  for (const id of environmentIds) await store.createEnvironment(regionId, { id, name: `Drift ${id}`, site: 'Kristiansand', key: { type: 'equal' }, serves: [] });
}

/** A device as the inventory would store it, with schema defaults applied. */
export function deviceOf(fields: { id: string; environmentId: string; kind?: Device['kind']; monitoring?: unknown; firmware?: string; serial?: string }): Omit<Device, 'version'> {
  return DeviceFields.parse({
    name: `Device ${fields.id}`,
    kind: 'server',
    purchaseDate: '2020-01-01',
    purchaseCostNok: 100_000,
    criticality: 3,
    payer: { type: 'shared' },
    ...fields,
  });
}

/** A TCP server on loopback that can be stopped and started again on the same port. */
export async function loopbackTcpServer(): Promise<{ port: number; start(): Promise<void>; stop(): Promise<void> }> {
  let server: Server | undefined;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((socket) => socket.end());
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server?.address();
        if (typeof address === 'object' && address) port = address.port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await start();
  return {
    get port() {
      return port;
    },
    start,
    stop,
  };
}

/** A clock the test moves: one sweep a minute. */
export function steppedClock(startIso: string) {
  let now = Date.parse(startIso);
  return {
    now: () => new Date(now),
    advance(ms = 60_000) {
      now += ms;
    },
    set(iso: string) {
      now = Date.parse(iso);
    },
  };
}
