import { createServer, type Server } from 'node:net';
import type { CheckState } from '#shared/domain/health/check-state.ts';
import type { DeviceHealth } from '#shared/domain/health/device-status.ts';
import type { HourlyRollup } from '#shared/domain/health/samples.ts';
import type { InventoryStore } from '#shared/domain/inventory-store.ts';
import type { Device } from '#shared/schemas/device.ts';
import { DeviceFields } from '#shared/schemas/device.ts';

/** Site networks of test environments: the test peers listen on loopback, so loopback is the site. */
export const LOOPBACK_SITE = { cidrs: ['127.0.0.1/32'], hostSuffixes: [] };

/** A region with environments on loopback, created through the inventory store. */
export async function seedRegion(store: InventoryStore, regionId: string, environmentIds: string[]): Promise<void> {
  await store.createRegion({ id: regionId, name: regionId, priceIndex: 0.025, lifetimes: {}, defaultKey: { type: 'equal' } });
  for (const id of environmentIds) await store.createEnvironment(regionId, { id, name: `Drift ${id}`, site: 'Kristiansand', key: { type: 'equal' }, serves: [], siteNetworks: LOOPBACK_SITE });
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

/** A check's state on the board: ok since `at`, one passing sweep; override what a test cares about. */
export function checkState(name: string, at: string, overrides: Partial<CheckState> = {}): CheckState {
  return { name, type: 'tcp', status: 'ok', rawStatus: 'ok', value: 1.2, unit: 'ms', observedAt: at, since: at, failStreak: 0, passStreak: 1, recent: 'o', flapping: false, ...overrides };
}

/** A device's latest health as a sweep leaves it: ok, one ping check, no drift; override what a test cares about. */
export function deviceHealth(deviceId: string, lastSweepAt: string, overrides: Partial<DeviceHealth> = {}): DeviceHealth {
  return {
    deviceId,
    name: `Device ${deviceId}`,
    kind: 'server',
    environmentId: 'e',
    status: 'ok',
    since: lastSweepAt,
    checks: [checkState('ping', lastSweepAt)],
    flapping: false,
    inMaintenance: false,
    maintenanceWindowIds: [],
    drift: [],
    lastSweepAt,
    ...overrides,
  };
}

/** An hour rolled up from `sweeps` sweeps of one ping check, `critical` of them critical. */
export function rollup(deviceId: string, hour: string, sweeps: number, critical: number): HourlyRollup {
  return { deviceId, hour, checks: { ping: { worst: critical > 0 ? 'critical' : 'ok', samples: sweeps, valued: sweeps, min: 1, avg: 2, max: 3 } }, device: { sweeps, critical } };
}
