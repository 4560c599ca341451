/**
 * One simulated network device as a real SNMP agent (net-snmp's Agent) on 127.0.0.1:<port>.
 * Serves what the probe reads from real firewalls and routers: the SNMPv2-MIB system group,
 * IF-MIB ifTable and ifXTable (ifName), HOST-RESOURCES-MIB processors and storage, the ENTITY-MIB
 * chassis serial and firmware, and a vendor HA-state OID. One agent per device, each on its own
 * port: the simplest honest design, as every real device is its own agent with its own
 * credentials. Values are recomputed from the clock when asked for (at most once a second).
 */
import snmp from 'net-snmp';
import type { SnmpV3Secret } from '#shared/adapters/probes/snmp.ts';
import type { LabSnmpDevice } from './devices.ts';
import { flapIsDown, seedOf, wander } from './simulation.ts';

export interface LabSnmpAgentOptions {
  port: number;
  /** v2c: the community; v3: the user. */
  credential: string | SnmpV3Secret;
  clock: () => number;
  startedAt: number;
  flapPeriodMs: number;
}

export interface LabSnmpAgent {
  port: number;
  close(): Promise<void>;
}

const { ObjectType, MibProviderType, MaxAccess } = snmp;
const RO = MaxAccess['read-only'];
const NA = MaxAccess['not-accessible'];
const IF_UP = 1;
const IF_DOWN = 2;
const STORAGE_UNIT = 4096;
const HR_FIXED_DISK = '1.3.6.1.2.1.25.2.1.4';
const HR_DEVICE_PROCESSOR = '1.3.6.1.2.1.25.3.1.3';

/** The parts of net-snmp's untyped Agent and Mib that the lab uses. */
interface Mib {
  registerProvider(provider: object): void;
  setScalarValue(name: string, value: unknown): void;
  addTableRow(name: string, row: unknown[]): void;
  setTableSingleCell(name: string, column: number, rowIndex: unknown[], value: unknown): void;
}
interface MibRequest {
  instanceNode: { value: unknown };
  done(error?: object): void;
}
interface Agent {
  getMib(): Mib;
  getAuthorizer(): { addCommunity(community: string): void; addUser(user: snmp.User): void };
  close(callback?: () => void): void;
  listener: { sockets: Record<string, import('node:dgram').Socket> };
}

export async function startLabSnmpAgent(device: LabSnmpDevice, options: LabSnmpAgentOptions): Promise<LabSnmpAgent> {
  const agent = snmp.createAgent(
    { port: options.port, address: '127.0.0.1', transport: 'udp4' },
    // Requests with a wrong community or user land here; a real device ignores them silently too.
    () => {},
  ) as Agent;
  // The agent binds in the background; wait for it so a taken port fails the lab start clearly.
  const socket = Object.values(agent.listener.sockets)[0]!;
  await new Promise<void>((resolve, reject) => {
    socket.once('listening', () => resolve());
    socket.once('error', (error) => {
      agent.close();
      reject(new Error(`lab SNMP agent for ${device.id} could not listen on udp 127.0.0.1:${options.port}: ${error.message}`));
    });
  });

  if (typeof options.credential === 'string') agent.getAuthorizer().addCommunity(options.credential);
  else {
    const v3 = options.credential;
    agent.getAuthorizer().addUser({
      name: v3.user,
      level: snmp.SecurityLevel.authPriv,
      authProtocol: { sha: snmp.AuthProtocols.sha, sha256: snmp.AuthProtocols.sha256, md5: snmp.AuthProtocols.md5 }[v3.authProtocol],
      authKey: v3.authKey,
      privProtocol: { aes: snmp.PrivProtocols.aes, des: snmp.PrivProtocols.des }[v3.privProtocol],
      privKey: v3.privKey,
    });
  }

  const mib = agent.getMib();
  const seed = seedOf(device.id);
  // Devices have been up for a while when the lab starts (2–40 days, fixed per device).
  const bootedAt = options.startedAt - (2 + ((seed * 7) % 38)) * 86_400_000;
  let refreshedAt = -Infinity;
  const refresh = () => {
    const now = options.clock();
    if (now - refreshedAt < 1000) return;
    refreshedAt = now;
    device.interfaces.forEach((iface, i) => {
      if (iface.state !== 'flapping') return;
      const status = flapIsDown(now, options.startedAt, options.flapPeriodMs) ? IF_DOWN : IF_UP;
      mib.setTableSingleCell('ifTable', 8, [i + 1], status);
    });
    for (let cpu = 0; cpu < device.processors; cpu++) {
      // ±1.5: a device set at 97 % stays above a 95 % threshold, as the table promises.
      const load = Math.round(wander(device.cpuPercent, 1.5, now, seed + cpu));
      mib.setTableSingleCell('hrProcessorTable', 2, [cpu + 1], load);
    }
    device.storage.forEach((store, i) => {
      const size = (store.sizeMb * 1024 * 1024) / STORAGE_UNIT;
      mib.setTableSingleCell('hrStorageTable', 6, [i + 1], Math.round((size * wander(store.usedPercent, 0.5, now, seed + i)) / 100));
    });
  };
  const handler = (request: MibRequest) => {
    refresh();
    request.done();
  };
  const scalar = (name: string, oid: string, scalarType: number, value: unknown, custom?: (request: MibRequest) => void) => {
    mib.registerProvider({ name, type: MibProviderType.Scalar, oid, scalarType, maxAccess: RO, handler: custom ?? handler });
    mib.setScalarValue(name, value);
  };
  const table = (name: string, oid: string, columns: [number, string, number, number?][], tableIndex: object[], rows: unknown[][]) => {
    mib.registerProvider({
      name,
      type: MibProviderType.Table,
      oid,
      maxAccess: NA,
      tableColumns: columns.map(([number, columnName, type, maxAccess]) => ({ number, name: columnName, type, maxAccess: maxAccess ?? RO })),
      tableIndex,
      handler,
    });
    for (const row of rows) mib.addTableRow(name, row);
  };

  // SNMPv2-MIB system group. sysUpTime is computed on every read: hundredths since boot, 32 bits.
  scalar('sysDescr', '1.3.6.1.2.1.1.1', ObjectType.OctetString, device.sysDescr);
  scalar('sysObjectID', '1.3.6.1.2.1.1.2', ObjectType.OID, device.sysObjectID);
  scalar('sysUpTime', '1.3.6.1.2.1.1.3', ObjectType.TimeTicks, 0, (request) => {
    request.instanceNode.value = Math.floor((options.clock() - bootedAt) / 10) % 2 ** 32;
    request.done();
  });
  scalar('sysContact', '1.3.6.1.2.1.1.4', ObjectType.OctetString, 'drift@kr-ikt.no');
  scalar('sysName', '1.3.6.1.2.1.1.5', ObjectType.OctetString, device.sysName);
  scalar('sysLocation', '1.3.6.1.2.1.1.6', ObjectType.OctetString, 'Driftsbilde lab (127.0.0.1)');

  // IF-MIB: ifNumber, ifTable, and ifXTable for ifName.
  scalar('ifNumber', '1.3.6.1.2.1.2.1', ObjectType.Integer, device.interfaces.length);
  table(
    'ifTable',
    '1.3.6.1.2.1.2.2.1',
    [[1, 'ifIndex', ObjectType.Integer], [2, 'ifDescr', ObjectType.OctetString], [3, 'ifType', ObjectType.Integer], [5, 'ifSpeed', ObjectType.Gauge], [7, 'ifAdminStatus', ObjectType.Integer], [8, 'ifOperStatus', ObjectType.Integer]],
    [{ columnName: 'ifIndex' }],
    device.interfaces.map((iface, i) => [i + 1, iface.name, 6, Math.min(iface.speedMbps * 1_000_000, 2 ** 32 - 1), IF_UP, iface.state === 'down' ? IF_DOWN : IF_UP]),
  );
  mib.registerProvider({
    name: 'ifXTable',
    type: MibProviderType.Table,
    oid: '1.3.6.1.2.1.31.1.1.1',
    maxAccess: NA,
    tableColumns: [{ number: 1, name: 'ifName', type: ObjectType.OctetString, maxAccess: RO }],
    tableAugments: 'ifTable',
    handler,
  });
  device.interfaces.forEach((iface, i) => mib.addTableRow('ifXTable', [i + 1, iface.name]));

  // HOST-RESOURCES-MIB: processors are hrDevice rows, their load in hrProcessorTable.
  table(
    'hrDeviceTable',
    '1.3.6.1.2.1.25.3.2.1',
    [[1, 'hrDeviceIndex', ObjectType.Integer], [2, 'hrDeviceType', ObjectType.OID], [3, 'hrDeviceDescr', ObjectType.OctetString], [5, 'hrDeviceStatus', ObjectType.Integer]],
    [{ columnName: 'hrDeviceIndex' }],
    Array.from({ length: device.processors }, (_, i) => [i + 1, HR_DEVICE_PROCESSOR, `CPU ${i}`, 2]),
  );
  table(
    'hrProcessorTable',
    '1.3.6.1.2.1.25.3.3.1',
    [[1, 'hrProcessorFrwID', ObjectType.OID], [2, 'hrProcessorLoad', ObjectType.Integer]],
    [{ columnName: 'hrDeviceIndex', foreign: 'hrDeviceTable' }],
    Array.from({ length: device.processors }, (_, i) => [i + 1, '0.0', device.cpuPercent]),
  );
  if (device.storage.length > 0) {
    table(
      'hrStorageTable',
      '1.3.6.1.2.1.25.2.3.1',
      [[1, 'hrStorageIndex', ObjectType.Integer], [2, 'hrStorageType', ObjectType.OID], [3, 'hrStorageDescr', ObjectType.OctetString], [4, 'hrStorageAllocationUnits', ObjectType.Integer], [5, 'hrStorageSize', ObjectType.Integer], [6, 'hrStorageUsed', ObjectType.Integer]],
      [{ columnName: 'hrStorageIndex' }],
      device.storage.map((store, i) => {
        const size = (store.sizeMb * 1024 * 1024) / STORAGE_UNIT;
        return [i + 1, HR_FIXED_DISK, store.descr, STORAGE_UNIT, size, Math.round((size * store.usedPercent) / 100)];
      }),
    );
  }

  // ENTITY-MIB: the chassis (class 3) with its serial number and firmware.
  table(
    'entPhysicalTable',
    '1.3.6.1.2.1.47.1.1.1.1',
    [
      [1, 'entPhysicalIndex', ObjectType.Integer, NA],
      [2, 'entPhysicalDescr', ObjectType.OctetString],
      [5, 'entPhysicalClass', ObjectType.Integer],
      [7, 'entPhysicalName', ObjectType.OctetString],
      [9, 'entPhysicalFirmwareRev', ObjectType.OctetString],
      [10, 'entPhysicalSoftwareRev', ObjectType.OctetString],
      [11, 'entPhysicalSerialNum', ObjectType.OctetString],
    ],
    [{ columnName: 'entPhysicalIndex' }],
    [[1, device.sysDescr, 3, 'Chassis', device.firmware, device.firmware, device.serial]],
  );

  if (device.ha) {
    const { oid, value } = device.ha;
    scalar('haState', oid.replace(/\.0$/, ''), typeof value === 'number' ? ObjectType.Integer : ObjectType.OctetString, value);
  }
  refresh();

  return {
    port: options.port,
    close: () =>
      new Promise<void>((resolve) => {
        // Called back once per socket, and the agent has exactly one.
        agent.close(() => resolve());
      }),
  };
}
