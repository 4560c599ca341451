/**
 * The built-in lab: simulated KR-IKT devices speaking the real protocols on 127.0.0.1, so that
 * `npm start` shows live, changing health with no hardware and nothing installed beyond Node:
 *  - each network device is an SNMP agent on its own UDP port (v2c, one v3 authPriv),
 *  - each server serves node_exporter metrics at http://127.0.0.1:<port>/<id>/metrics,
 *  - one server serves HTTPS with a certificate, signed by a CA the lab makes at start, that
 *    expires in 10 days (the CA is handed to the collectors as the secret `lab/ca`),
 *  - backup job reports come from `backupReports()` (the lead's push endpoint takes them in).
 * Which device does what is the table in devices.ts.
 *
 * Ports, with `basePort` B (default 16100): SNMP agents UDP B+0…B+19 in table order, metrics
 * TCP B+20, HTTPS TCP B+30…. With `basePort: 0` every listener takes a free port (tests).
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { SnmpV3Secret } from '#shared/adapters/probes/snmp.ts';
import { Monitoring, type CheckDefinition } from '#shared/schemas/checks.ts';
import { labBackupReports, type LabBackupReport } from './backups.ts';
import { createCertificateAuthority, daysFromNow, issueServerCertificate } from './certificates.ts';
import { LAB_DEVICES, type LabDevice, type LabServer, type LabSnmpDevice } from './devices.ts';
import { simulateNodeExporter, type NodeExporterSim } from './node-exporter.ts';
import { startLabSnmpAgent, type LabSnmpAgent } from './snmp-agent.ts';

export { LAB_DEVICES } from './devices.ts';
export type { LabBackupReport } from './backups.ts';

export interface LabOptions {
  /** First port of the lab's range; 0 = any free ports. Default 16100. */
  basePort?: number;
  /** The lab's clock (ms since epoch); tests pass a fixed one. */
  now?: () => number;
  /** How long a flapping link stays in each state. Default 5 minutes. */
  flapPeriodMs?: number;
  /** The devices to simulate; LAB_DEVICES by default. */
  devices?: readonly LabDevice[];
}

export interface RunningLab {
  /** Per device id, the monitoring to attach to that device: checks pointing at the lab, and the backup requirement. */
  targets: Record<string, Monitoring>;
  /** Secret values by reference (`lab/ca`, `lab/snmp/<id>`), for the collectors' secret resolver. */
  secrets: Record<string, string>;
  devices: readonly LabDevice[];
  /** The backup job reports the lab's servers would have pushed by now. */
  backupReports(at?: Date): LabBackupReport[];
  /** Every port the lab listens on (SNMP over UDP, metrics and HTTPS over TCP), ascending. */
  ports: number[];
  stop(): Promise<void>;
}

export const DEFAULT_LAB_BASE_PORT = 16100;
const HOST = '127.0.0.1';
const CHECK_TIMEOUT_MS = 3000;

export async function startLab(options: LabOptions = {}): Promise<RunningLab> {
  const basePort = options.basePort ?? DEFAULT_LAB_BASE_PORT;
  const clock = options.now ?? Date.now;
  const startedAt = clock();
  const flapPeriodMs = options.flapPeriodMs ?? 5 * 60_000;
  const devices = options.devices ?? LAB_DEVICES;
  const snmpDevices = devices.filter((d): d is LabSnmpDevice => d.protocol === 'snmp');
  const servers = devices.filter((d): d is LabServer => d.protocol === 'node_exporter');
  if (basePort !== 0 && snmpDevices.length > 20) throw new Error('the lab port plan has room for 20 SNMP devices');

  const secrets: Record<string, string> = {};
  const checks: Record<string, CheckDefinition[]> = {};
  const stoppers: (() => Promise<void>)[] = [];
  const ports: number[] = [];
  const stop = async () => {
    await Promise.allSettled(stoppers.splice(0).map((s) => s()));
  };

  try {
    // SNMP agents, one per network device.
    for (const [i, device] of snmpDevices.entries()) {
      const ref = `lab/snmp/${device.id}`;
      let credential: string | SnmpV3Secret;
      if (device.snmpVersion === '3') {
        credential = { user: 'driftsbilde', authProtocol: 'sha', authKey: `lab-auth-${device.id}`, privProtocol: 'aes', privKey: `lab-priv-${device.id}` };
        secrets[ref] = JSON.stringify(credential);
      } else {
        credential = `lab-ro-${device.id}`;
        secrets[ref] = credential;
      }
      const port = basePort === 0 ? await freeUdpPort() : basePort + i;
      ports.push(port);
      const agent: LabSnmpAgent = await startLabSnmpAgent(device, { port, credential, clock, startedAt, flapPeriodMs });
      stoppers.push(() => agent.close());
      checks[device.id] = [
        {
          type: 'snmp',
          name: 'snmp',
          host: HOST,
          port,
          version: device.snmpVersion,
          secretRef: ref,
          interfaces: device.interfaces.filter((iface) => iface.monitored).map((iface) => iface.name),
          cpuPercent: { warning: 80, critical: 95, direction: 'above' },
          storagePercent: { warning: 85, critical: 95, direction: 'above' },
          storageIgnore: [],
          expect: device.ha ? [{ label: device.ha.label, oid: device.ha.oid, equals: device.ha.expect }] : [],
          timeoutMs: CHECK_TIMEOUT_MS,
        },
      ];
    }

    // node_exporter endpoints for every server, on one HTTP port.
    const sims = new Map<string, NodeExporterSim>(servers.map((s) => [s.id, simulateNodeExporter(s, startedAt)]));
    const metrics = createHttpServer((req, res) => {
      const id = /^\/([^/]+)\/metrics$/.exec(req.url ?? '')?.[1];
      const sim = id ? sims.get(id) : undefined;
      if (!sim) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`not a lab server; try /<id>/metrics for one of: ${[...sims.keys()].join(', ')}\n`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(sim.render(clock()));
    });
    const metricsPort = await listen(metrics, basePort === 0 ? 0 : basePort + 20);
    ports.push(metricsPort);
    stoppers.push(() => close(metrics));
    for (const server of servers) {
      checks[server.id] = [{ type: 'prometheus', name: 'node', url: `http://${HOST}:${metricsPort}/${server.id}/metrics`, ...defaultServerThresholds(), timeoutMs: CHECK_TIMEOUT_MS }];
    }

    // HTTPS with certificates from the lab's own CA.
    const webServers = servers.filter((s) => s.https);
    if (webServers.length > 0) {
      const ca = await createCertificateAuthority('Driftsbilde Lab CA');
      secrets['lab/ca'] = ca.cert;
      for (const [i, server] of webServers.entries()) {
        // Counted from the lab's start: "10 days" shows as 9 days and some hours at once.
        const certificate = await issueServerCertificate(ca, { commonName: `${server.hostname}.lab`, notAfter: daysFromNow(server.https!.certificateDays, startedAt) });
        const https = createHttpsServer({ cert: certificate.cert, key: certificate.key }, (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>${server.hostname}</title><p>KR-IKT selvbetjening (lab)</p>\n`);
        });
        const port = await listen(https, basePort === 0 ? 0 : basePort + 30 + i);
        ports.push(port);
        stoppers.push(() => close(https));
        checks[server.id]!.push({
          type: 'http',
          name: 'https',
          url: `https://${HOST}:${port}/`,
          expectStatus: 200,
          certificateDays: { warning: 30, critical: 7, direction: 'below' },
          caRef: 'lab/ca',
          timeoutMs: CHECK_TIMEOUT_MS,
        });
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const targets: Record<string, Monitoring> = {};
  for (const device of devices) {
    targets[device.id] = Monitoring.parse({
      checks: checks[device.id] ?? [],
      ...(device.protocol === 'node_exporter' ? { backup: { required: true, rpoHours: 24 } } : {}),
    });
  }
  return {
    targets,
    secrets,
    devices,
    backupReports: (at) => labBackupReports(at ?? new Date(clock()), devices),
    ports: [...ports].sort((a, b) => a - b),
    stop,
  };
}

function defaultServerThresholds() {
  return {
    cpuPercent: { warning: 85, critical: 95, direction: 'above' as const },
    memoryPercent: { warning: 90, critical: 97, direction: 'above' as const },
    filesystemPercent: { warning: 85, critical: 95, direction: 'above' as const },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`the lab could not listen on tcp ${HOST}:${port}: ${error.message}`)));
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, HOST, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
