import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '#shared/adapters/probes/index.ts';
import type { CheckResult, ProbeContext, ProbeOutput } from '#shared/domain/health/probe.ts';
import { Monitoring } from '#shared/schemas/checks.ts';
import { startLab, type RunningLab } from '../../local/lab/index.ts';
import { byName, contextWith } from '../support/peers/context.ts';

const FLAP_MS = 60_000;
let lab: RunningLab;
/** The lab's clock runs `offset` ahead of real time; tests move it to see changes. */
let offset = 0;

beforeAll(async () => {
  lab = await startLab({ basePort: 0, now: () => Date.now() + offset, flapPeriodMs: FLAP_MS });
});

afterAll(async () => {
  await lab?.stop();
});

/** The lab's secrets, and one wrong community (`public`) for the test that needs it. */
const context = (previous?: CheckResult[]): ProbeContext => contextWith({ ...lab.secrets, 'wrong-community': 'public' }, previous ? { previous } : {});

async function probe(deviceId: string, checkName: string, previous?: CheckResult[]): Promise<ProbeOutput> {
  const check = lab.targets[deviceId]?.checks.find((c) => c.name === checkName);
  if (!check) throw new Error(`the lab has no check ${checkName} for ${deviceId}`);
  return runCheck(check, context(previous));
}

describe('the built-in lab, probed with the real probes', () => {
  it('offers valid monitoring for every device, with every secret it refers to', () => {
    expect(Object.keys(lab.targets).sort()).toEqual(lab.devices.map((d) => d.id).sort());
    expect(lab.devices.length).toBeGreaterThan(0);
    const seen = { checks: 0, refs: 0, hosts: 0, urls: 0 };
    for (const monitoring of Object.values(lab.targets)) {
      expect(Monitoring.parse(monitoring)).toEqual(monitoring);
      for (const check of monitoring.checks) {
        seen.checks += 1;
        const ref = 'secretRef' in check ? check.secretRef : 'caRef' in check ? check.caRef : undefined;
        if (ref) {
          seen.refs += 1;
          expect(lab.secrets[ref], `${check.name}: ${ref}`).toBeTruthy();
        }
        if ('host' in check) {
          seen.hosts += 1;
          expect(check.host).toBe('127.0.0.1');
        }
        if ('url' in check) {
          seen.urls += 1;
          expect(new URL(check.url).hostname).toBe('127.0.0.1');
        }
      }
    }
    // Each branch above checked something: there are checks with a secret, with a host and with a URL.
    expect(seen.checks).toBeGreaterThan(0);
    expect(seen.refs).toBeGreaterThan(0);
    expect(seen.hosts).toBeGreaterThan(0);
    expect(seen.urls).toBeGreaterThan(0);
  });

  it('fw-kris-01 answers SNMPv3 authPriv: healthy, HA active, with serial and firmware', async () => {
    const output = await probe('fw-kris-01', 'snmp');
    expect(output.results.map((r) => [r.name, r.status])).toEqual([
      ['snmp.uptime', 'ok'],
      ['snmp.if-ethernet1/1', 'ok'],
      ['snmp.if-ha1', 'ok'],
      ['snmp.cpu', 'ok'],
      ['snmp.ha-state', 'ok'],
    ]);
    expect(output.facts).toMatchObject({ serial: '001801012345', firmware: '10.1.11-h4', hostname: 'fw-kris-01' });
  });

  it('fw-lill-01 has its WAN interface down', async () => {
    const { results } = await probe('fw-lill-01', 'snmp');
    expect(byName(results, 'snmp.if-wan1')).toMatchObject({ status: 'critical', value: 'down' });
  });

  it('rt-kris-01 runs its CPU at about 97 %: critical', async () => {
    const { results } = await probe('rt-kris-01', 'snmp');
    const cpu = byName(results, 'snmp.cpu');
    expect(cpu.status).toBe('critical');
    expect(cpu.value as number).toBeGreaterThan(95);
    expect(byName(results, 'snmp.storage-bootflash:').status).toBe('ok');
  });

  it('rt-kris-wan has a WAN link that flaps: up, then down, then up again as time passes', async () => {
    const seen: string[] = [];
    for (const step of [0, 1, 2]) {
      offset = step * FLAP_MS + 1_500; // inside each phase; past the agent's 1 s refresh throttle
      const { results } = await probe('rt-kris-wan', 'snmp');
      seen.push(byName(results, 'snmp.if-xe-0/0/0').status);
      expect(byName(results, 'snmp.if-xe-0/0/1').status).toBe('ok');
    }
    offset = 0;
    expect(seen).toEqual(['ok', 'critical', 'ok']);
  });

  it('a wrong community gets no answer from a lab agent', async () => {
    const check = lab.targets['fw-kris-02']!.checks[0]!;
    const output = await runCheck({ ...check, secretRef: 'wrong-community', timeoutMs: 600 } as typeof check, context());
    expect(output.results[0]).toMatchObject({ status: 'critical', message: expect.stringContaining('wrong community or host down?') });
  });

  it('srv-kris-web-01 serves HTTPS with a lab-CA certificate that expires in 10 days: warning', async () => {
    const { results } = await probe('srv-kris-web-01', 'https');
    expect(byName(results, 'https').status).toBe('ok');
    expect(byName(results, 'https.certificate')).toMatchObject({ status: 'warning', value: 9 });
  });

  it('srv-kris-fil-01 has /srv 91 % full (warning) and ignores tmpfs', async () => {
    const output = await probe('srv-kris-fil-01', 'node');
    expect(byName(output.results, 'node.fs-/srv')).toMatchObject({ status: 'warning' });
    expect(output.results.some((r) => r.name === 'node.fs-/run')).toBe(false);
    expect(output.facts).toMatchObject({ hostname: 'srv-kris-fil-01', os: 'Debian GNU/Linux 12 (bookworm)' });
  });

  it('srv-kris-sql-01 is busy: CPU measured from counters between two scrapes is a warning, as is memory', async () => {
    const first = await probe('srv-kris-sql-01', 'node');
    offset += 60_000; // a sweep interval later on the lab's clock
    const second = await probe('srv-kris-sql-01', 'node', first.results);
    offset = 0;
    const cpu = byName(second.results, 'node.cpu');
    expect(cpu.message).toMatch(/^CPU [\d.]+ % busy on 16 cores$/);
    expect(cpu.status).toBe('warning');
    expect(cpu.value as number).toBeGreaterThan(85);
    expect(cpu.value as number).toBeLessThan(95);
    expect(byName(second.results, 'node.memory').status).toBe('warning');
  });

  it('healthy servers are ok throughout (CPU from the second scrape on)', async () => {
    for (const id of ['srv-kris-mon-01', 'srv-birk-old-01', 'srv-lill-03']) {
      const first = await probe(id, 'node');
      // One scrape has no CPU rate yet: that, and only that, is unknown.
      expect(first.results.filter((r) => r.status !== 'ok').map((r) => `${r.name}=${r.status}`)).toEqual(['node.cpu=unknown']);
      offset += 60_000; // a sweep interval later on the lab's clock
      const { results } = await probe(id, 'node', first.results);
      offset = 0;
      expect(results.filter((r) => r.status !== 'ok').map((r) => `${id} ${r.name}: ${r.message}`)).toEqual([]);
    }
  });

  it('reports backups: nightly successes, one server failing past its RPO, one server never backed up', () => {
    const at = new Date();
    const reports = lab.backupReports(at);
    const newestSuccess = (id: string) =>
      Math.max(...reports.filter((r) => r.deviceId === id && r.status === 'success').map((r) => Date.parse(r.finishedAt)));
    const hoursAgo = (ms: number) => (at.getTime() - ms) / 3_600_000;
    for (const id of ['srv-kris-mon-01', 'srv-kris-fil-01', 'srv-kris-sql-01', 'srv-kris-web-01']) expect(hoursAgo(newestSuccess(id))).toBeLessThan(24);
    expect(hoursAgo(newestSuccess('srv-lill-03'))).toBeGreaterThan(24);
    expect(reports.filter((r) => r.deviceId === 'srv-lill-03').at(-1)).toMatchObject({ status: 'failed' });
    expect(reports.some((r) => r.deviceId === 'srv-birk-old-01')).toBe(false);
    expect(lab.targets['srv-birk-old-01']!.backup).toEqual({ required: true, rpoHours: 24 });
  });
});

describe('stopping the lab', () => {
  it('closes every listener', async () => {
    const other = await startLab({ basePort: 0 });
    const node = other.targets['srv-kris-mon-01']?.checks[0];
    const snmpCheck = other.targets['fw-kris-02']?.checks[0];
    const secrets = contextWith(other.secrets);
    try {
      if (!node || !snmpCheck) throw new Error('the lab has no checks for srv-kris-mon-01 or fw-kris-02');
      expect((await runCheck(node, secrets)).results[0]!.status).toBe('ok');
    } finally {
      await other.stop(); // also when the check above fails: no listener outlives the test
    }
    const after = await runCheck(node!, secrets);
    expect(after.results[0]).toMatchObject({ status: 'critical', message: expect.stringMatching(/^connection refused/) });
    const snmpAfter = await runCheck({ ...snmpCheck!, timeoutMs: 500 } as NonNullable<typeof snmpCheck>, secrets);
    expect(snmpAfter.results[0]!.status).toBe('critical');
  });
});
