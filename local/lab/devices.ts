/**
 * The lab's simulated devices: a plain data table. Each `id` is the id of a device in the demo
 * region (data/demo/kr-ikt.json); to attach the lab to other devices, change the ids here and
 * nothing else. `behaviour` says in words what an operator should see.
 *
 * Network devices answer SNMP (one agent per device, each on its own UDP port); servers serve
 * node_exporter metrics; one also serves HTTPS with a certificate close to expiry. Backups are
 * reported by `labBackupReports()` (backups.ts).
 */

export interface LabInterface {
  /** ifDescr and ifName. */
  name: string;
  /** `flapping`: up and down in turns, each phase `flapPeriodMs` long (3 min by default). */
  state: 'up' | 'down' | 'flapping';
  speedMbps: number;
  /** Checked by the lab's SNMP check (WAN and HA links); other interfaces are just there. */
  monitored: boolean;
}

export interface LabSnmpDevice {
  id: string;
  protocol: 'snmp';
  snmpVersion: '2c' | '3';
  behaviour: string;
  sysDescr: string;
  sysName: string;
  sysObjectID: string;
  serial: string;
  firmware: string;
  interfaces: LabInterface[];
  /** Mean CPU load in %, around which the simulation wanders (±1.5). */
  cpuPercent: number;
  processors: number;
  storage: { descr: string; sizeMb: number; usedPercent: number }[];
  /** A vendor HA-state OID, served with `value`, checked against `expect`. */
  ha?: { label: string; oid: string; value: string | number; expect: string };
}

export interface LabServer {
  id: string;
  protocol: 'node_exporter';
  behaviour: string;
  hostname: string;
  os: { name: string; version: string; versionId: string; prettyName: string; id: string };
  kernel: string;
  cores: number;
  /** Mean CPU busy in %, around which the simulation wanders. */
  cpuPercent: number;
  memoryGb: number;
  memoryUsedPercent: number;
  filesystems: { mountpoint: string; device: string; fstype: string; sizeGb: number; usedPercent: number }[];
  /** `ok`: nightly backup succeeds; `failing`: last nights failed (RPO breached); `none`: never reported. */
  backup: 'ok' | 'failing' | 'none';
  /** Serves HTTPS with a lab-CA certificate expiring in this many days. */
  https?: { certificateDays: number };
}

export type LabDevice = LabSnmpDevice | LabServer;

const PAN_HA_STATE = '1.3.6.1.4.1.25461.2.1.2.1.11.0'; // PAN-COMMON-MIB panSysHAState ("active"/"passive")
const FORTI_HA_MODE = '1.3.6.1.4.1.12356.101.13.1.1.0'; // FORTINET-FORTIGATE-MIB fgHaSystemMode (1 standalone)
const DEBIAN_12 = { name: 'Debian GNU/Linux', version: '12 (bookworm)', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)', id: 'debian' };
const UBUNTU_22 = { name: 'Ubuntu', version: '22.04.4 LTS (Jammy Jellyfish)', versionId: '22.04', prettyName: 'Ubuntu 22.04.4 LTS', id: 'ubuntu' };
const disk = (mountpoint: string, sizeGb: number, usedPercent: number, device = '/dev/sda1', fstype = 'ext4') => ({ mountpoint, device, fstype, sizeGb, usedPercent });
/** Every server also has these, which the probe must ignore (not disks). */
const RUN = { mountpoint: '/run', device: 'tmpfs', fstype: 'tmpfs', sizeGb: 2, usedPercent: 99 };

export const LAB_DEVICES: LabDevice[] = [
  {
    id: 'fw-kris-01',
    protocol: 'snmp',
    snmpVersion: '3',
    behaviour: 'healthy; HA active; SNMPv3 authPriv (SHA/AES)',
    sysDescr: 'Palo Alto Networks PA-3000 series firewall',
    sysName: 'fw-kris-01',
    sysObjectID: '1.3.6.1.4.1.25461.2.3.18',
    serial: '001801012345',
    firmware: '10.1.11-h4',
    interfaces: [
      { name: 'ethernet1/1', state: 'up', speedMbps: 10_000, monitored: true },
      { name: 'ethernet1/2', state: 'up', speedMbps: 10_000, monitored: false },
      { name: 'ha1', state: 'up', speedMbps: 1_000, monitored: true },
    ],
    cpuPercent: 22,
    processors: 2,
    storage: [],
    ha: { label: 'HA state', oid: PAN_HA_STATE, value: 'active', expect: 'active' },
  },
  {
    id: 'fw-kris-02',
    protocol: 'snmp',
    snmpVersion: '2c',
    behaviour: 'healthy; HA passive peer of fw-kris-01',
    sysDescr: 'Palo Alto Networks PA-3000 series firewall',
    sysName: 'fw-kris-02',
    sysObjectID: '1.3.6.1.4.1.25461.2.3.18',
    serial: '001801012346',
    firmware: '10.1.11-h4',
    interfaces: [
      { name: 'ethernet1/1', state: 'up', speedMbps: 10_000, monitored: true },
      { name: 'ha1', state: 'up', speedMbps: 1_000, monitored: true },
    ],
    cpuPercent: 9,
    processors: 2,
    storage: [],
    ha: { label: 'HA state', oid: PAN_HA_STATE, value: 'passive', expect: 'passive' },
  },
  {
    id: 'rt-kris-01',
    protocol: 'snmp',
    snmpVersion: '2c',
    behaviour: 'CPU about 97 % (critical)',
    sysDescr: 'Cisco IOS Software [Bengaluru], ASR1000 Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.6.5',
    sysName: 'rt-kris-01.kr-ikt.local',
    sysObjectID: '1.3.6.1.4.1.9.1.1861',
    serial: 'FXS1932Q1AB',
    firmware: '17.6.5',
    interfaces: [
      { name: 'GigabitEthernet0/0/0', state: 'up', speedMbps: 1_000, monitored: true },
      { name: 'GigabitEthernet0/0/1', state: 'up', speedMbps: 1_000, monitored: false },
    ],
    cpuPercent: 97,
    processors: 1,
    storage: [{ descr: 'bootflash:', sizeMb: 7_500, usedPercent: 41 }],
  },
  {
    id: 'rt-kris-wan',
    protocol: 'snmp',
    snmpVersion: '2c',
    behaviour: 'regional WAN link xe-0/0/0 flapping: up and down in turns every few minutes',
    sysDescr: 'Juniper Networks, Inc. mx104 internet router, kernel JUNOS 21.2R3-S4',
    sysName: 'rt-kris-wan',
    sysObjectID: '1.3.6.1.4.1.2636.1.1.1.2.137',
    serial: 'JN1234567AFB',
    firmware: '21.2R3-S4',
    interfaces: [
      { name: 'xe-0/0/0', state: 'flapping', speedMbps: 10_000, monitored: true },
      { name: 'xe-0/0/1', state: 'up', speedMbps: 10_000, monitored: true },
    ],
    cpuPercent: 31,
    processors: 1,
    storage: [],
  },
  {
    id: 'fw-lill-01',
    protocol: 'snmp',
    snmpVersion: '2c',
    behaviour: 'WAN interface down (critical)',
    sysDescr: 'Fortinet FortiGate-200D',
    sysName: 'FGT200D-LILL',
    sysObjectID: '1.3.6.1.4.1.12356.101.1.2005',
    serial: 'FG200D3916800123',
    firmware: 'v6.4.15,build2095',
    interfaces: [
      { name: 'wan1', state: 'down', speedMbps: 1_000, monitored: true },
      { name: 'port1', state: 'up', speedMbps: 1_000, monitored: false },
    ],
    cpuPercent: 14,
    processors: 1,
    storage: [],
    ha: { label: 'HA mode', oid: FORTI_HA_MODE, value: 1, expect: '1' },
  },
  {
    id: 'fw-birk-01',
    protocol: 'snmp',
    snmpVersion: '2c',
    behaviour: 'healthy; standalone (no HA)',
    sysDescr: 'Fortinet FortiGate-100E',
    sysName: 'FGT100E-BIRK',
    sysObjectID: '1.3.6.1.4.1.12356.101.1.1041',
    serial: 'FG100E4Q17004567',
    firmware: 'v7.0.14,build0601',
    interfaces: [
      { name: 'wan1', state: 'up', speedMbps: 1_000, monitored: true },
      { name: 'internal1', state: 'up', speedMbps: 1_000, monitored: false },
    ],
    cpuPercent: 6,
    processors: 1,
    storage: [],
    ha: { label: 'HA mode', oid: FORTI_HA_MODE, value: 1, expect: '1' },
  },
  {
    id: 'srv-kris-mon-01',
    protocol: 'node_exporter',
    behaviour: 'healthy; nightly backup ok',
    hostname: 'srv-kris-mon-01',
    os: DEBIAN_12,
    kernel: '6.1.0-21-amd64',
    cores: 4,
    cpuPercent: 12,
    memoryGb: 16,
    memoryUsedPercent: 38,
    filesystems: [disk('/', 60, 42), disk('/var/lib/prometheus', 200, 61, '/dev/sdb1'), RUN],
    backup: 'ok',
  },
  {
    id: 'srv-kris-fil-01',
    protocol: 'node_exporter',
    behaviour: '/srv 91 % full (warning); nightly backup ok',
    hostname: 'srv-kris-fil-01',
    os: DEBIAN_12,
    kernel: '6.1.0-21-amd64',
    cores: 8,
    cpuPercent: 18,
    memoryGb: 32,
    memoryUsedPercent: 55,
    filesystems: [disk('/', 40, 35), disk('/srv', 4_000, 91, '/dev/mapper/data-srv', 'xfs'), RUN],
    backup: 'ok',
  },
  {
    id: 'srv-kris-sql-01',
    protocol: 'node_exporter',
    behaviour: 'CPU about 89 % (warning), memory 93 % (warning); nightly backup ok',
    hostname: 'srv-kris-sql-01',
    os: UBUNTU_22,
    kernel: '5.15.0-107-generic',
    cores: 16,
    cpuPercent: 89,
    memoryGb: 128,
    memoryUsedPercent: 93,
    filesystems: [disk('/', 80, 48), disk('/var/lib/postgresql', 2_000, 71, '/dev/sdb1', 'xfs'), RUN],
    backup: 'ok',
  },
  {
    id: 'srv-kris-web-01',
    protocol: 'node_exporter',
    behaviour: 'HTTPS certificate expires in 10 days (warning); nightly backup ok',
    hostname: 'srv-kris-web-01',
    os: DEBIAN_12,
    kernel: '6.1.0-21-amd64',
    cores: 4,
    cpuPercent: 25,
    memoryGb: 16,
    memoryUsedPercent: 61,
    filesystems: [disk('/', 100, 57), RUN],
    backup: 'ok',
    https: { certificateDays: 10 },
  },
  {
    id: 'srv-lill-03',
    protocol: 'node_exporter',
    behaviour: 'healthy, but last night’s backup failed: newest good backup beyond the 24 h RPO',
    hostname: 'srv-lill-03',
    os: DEBIAN_12,
    kernel: '6.1.0-18-amd64',
    cores: 4,
    cpuPercent: 15,
    memoryGb: 16,
    memoryUsedPercent: 47,
    filesystems: [disk('/', 120, 64), RUN],
    backup: 'failing',
  },
  {
    id: 'srv-birk-old-01',
    protocol: 'node_exporter',
    behaviour: 'healthy, but no backup at all (backup required, nothing ever reported)',
    hostname: 'srv-birk-old-01',
    os: { name: 'Debian GNU/Linux', version: '10 (buster)', versionId: '10', prettyName: 'Debian GNU/Linux 10 (buster)', id: 'debian' },
    kernel: '4.19.0-26-amd64',
    cores: 2,
    cpuPercent: 7,
    memoryGb: 8,
    memoryUsedPercent: 52,
    filesystems: [disk('/', 50, 73), RUN],
    backup: 'none',
  },
];
