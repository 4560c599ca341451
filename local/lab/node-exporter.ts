/**
 * Simulated node_exporter: renders a server's metrics in the Prometheus text format with the
 * metric names and labels the real node_exporter uses (CPU seconds per cpu and mode, load,
 * memory, filesystems, uname and os-release info). CPU counters only ever grow, by the time
 * elapsed times the simulated busy fraction, so rates computed between two scrapes are right.
 */
import type { LabServer } from './devices.ts';
import { seedOf, wander } from './simulation.ts';

const GIB = 2 ** 30;
/** How busy time splits over the busy modes (user, system, iowait, softirq, steal). */
const BUSY_SPLIT = { user: 0.62, system: 0.24, iowait: 0.08, softirq: 0.04, steal: 0.02 } as const;
const MODES = ['idle', 'iowait', 'irq', 'nice', 'softirq', 'steal', 'system', 'user'] as const;

export interface NodeExporterSim {
  render(nowMs: number): string;
}

export function simulateNodeExporter(server: LabServer, startedAt: number): NodeExporterSim {
  const seed = seedOf(server.id);
  const bootedAt = startedAt - (3 + ((seed * 11) % 60)) * 86_400_000;
  // Per cpu and mode, the seconds spent so far: as if the server had run at its mean load since boot.
  const upSeconds = (startedAt - bootedAt) / 1000;
  const counters = Array.from({ length: server.cores }, () => {
    const busy = server.cpuPercent / 100;
    const modes: Record<(typeof MODES)[number], number> = { idle: upSeconds * (1 - busy), iowait: 0, irq: 0, nice: 0, softirq: 0, steal: 0, system: 0, user: 0 };
    for (const [mode, share] of Object.entries(BUSY_SPLIT)) modes[mode as keyof typeof BUSY_SPLIT] = upSeconds * busy * share;
    return modes;
  });
  let lastMs = startedAt;

  const advance = (nowMs: number) => {
    const dt = Math.max(0, (nowMs - lastMs) / 1000);
    lastMs = Math.max(lastMs, nowMs);
    counters.forEach((modes, cpu) => {
      const busy = wander(server.cpuPercent, 3, nowMs, seed + cpu, 0, 100) / 100;
      modes.idle += dt * (1 - busy);
      for (const [mode, share] of Object.entries(BUSY_SPLIT)) modes[mode as keyof typeof BUSY_SPLIT] += dt * busy * share;
    });
  };

  return {
    render(nowMs) {
      advance(nowMs);
      const lines: string[] = [];
      const family = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      const sample = (name: string, labels: Record<string, string>, value: number) => {
        const rendered = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
        lines.push(`${name}${rendered ? `{${rendered}}` : ''} ${formatValue(value)}`);
      };

      family('node_boot_time_seconds', 'gauge', 'Node boot time, in unixtime.');
      sample('node_boot_time_seconds', {}, Math.floor(bootedAt / 1000));
      family('node_time_seconds', 'gauge', 'System time in seconds since epoch (1970).');
      sample('node_time_seconds', {}, nowMs / 1000);

      family('node_cpu_seconds_total', 'counter', 'Seconds the CPUs spent in each mode.');
      counters.forEach((modes, cpu) => {
        for (const mode of MODES) sample('node_cpu_seconds_total', { cpu: String(cpu), mode }, round2(modes[mode]));
      });

      const busyNow = wander(server.cpuPercent, 3, nowMs, seed, 0, 100) / 100;
      for (const [name, factor] of [['node_load1', 1], ['node_load5', 0.97], ['node_load15', 0.95]] as const) {
        family(name, 'gauge', `${name.slice(10)}m load average.`);
        sample(name, {}, round2(busyNow * server.cores * factor));
      }

      const total = server.memoryGb * GIB;
      const usedPercent = wander(server.memoryUsedPercent, 1.2, nowMs, seed + 5, 1, 99.5);
      family('node_memory_MemTotal_bytes', 'gauge', 'Memory information field MemTotal_bytes.');
      sample('node_memory_MemTotal_bytes', {}, total);
      family('node_memory_MemAvailable_bytes', 'gauge', 'Memory information field MemAvailable_bytes.');
      sample('node_memory_MemAvailable_bytes', {}, Math.round(total * (1 - usedPercent / 100)));
      family('node_memory_MemFree_bytes', 'gauge', 'Memory information field MemFree_bytes.');
      sample('node_memory_MemFree_bytes', {}, Math.round(total * (1 - usedPercent / 100) * 0.4));

      const fs = server.filesystems.map((f, i) => {
        const size = f.sizeGb * GIB;
        // ext4 keeps 5 % for root: df's "Use%" is used / (used + available to users).
        const reserved = f.fstype === 'ext4' ? size * 0.05 : 0;
        const used = ((size - reserved) * wander(f.usedPercent, 0.3, nowMs, seed + i, 0, 100)) / 100;
        return { ...f, size, free: size - used, avail: size - used - reserved };
      });
      const fsLabels = (f: (typeof fs)[number]) => ({ device: f.device, fstype: f.fstype, mountpoint: f.mountpoint });
      for (const [name, pick] of [
        ['node_filesystem_size_bytes', (f: (typeof fs)[number]) => f.size],
        ['node_filesystem_free_bytes', (f: (typeof fs)[number]) => f.free],
        ['node_filesystem_avail_bytes', (f: (typeof fs)[number]) => f.avail],
        ['node_filesystem_device_error', () => 0],
        ['node_filesystem_readonly', () => 0],
      ] as const) {
        family(name, 'gauge', `Filesystem ${name.slice(16)}.`);
        for (const f of fs) sample(name, fsLabels(f), Math.round(pick(f)));
      }

      family('node_uname_info', 'gauge', 'Labeled system information as provided by the uname system call.');
      sample('node_uname_info', { domainname: '(none)', machine: 'x86_64', nodename: server.hostname, release: server.kernel, sysname: 'Linux', version: '#1 SMP PREEMPT_DYNAMIC "lab" build' }, 1);
      family('node_os_info', 'gauge', 'A metric with a constant \'1\' value labeled by build_id, id, id_like, image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id.');
      sample('node_os_info', { id: server.os.id, name: server.os.name, pretty_name: server.os.prettyName, version: server.os.version, version_id: server.os.versionId }, 1);
      family('node_exporter_build_info', 'gauge', 'A metric with a constant \'1\' value labeled by version, revision, branch, and goversion from which node_exporter was built.');
      sample('node_exporter_build_info', { branch: 'lab', goversion: 'none', revision: 'driftsbilde-lab', version: '1.5.0' }, 1);
      return `${lines.join('\n')}\n`;
    },
  };
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
