import { DataFolderSecrets } from '#shared/adapters/secrets/data-folder-secrets.ts';
import type { Inventory } from '#shared/domain/inventory.ts';
import { checkSecretRefs } from '#shared/domain/networks.ts';
import type { Monitoring } from '#shared/schemas/checks.ts';
import type { RunningLab } from './lab/index.ts';

function secretRefsOf(monitoring: Monitoring): string[] {
  return monitoring.checks.flatMap((check) => checkSecretRefs(check).map(({ ref }) => ref));
}

/**
 * Connects the lab's simulated devices to the running system the way a real site would be
 * connected: the demo devices get monitoring settings pointing at the lab, the collectors get the
 * lab's secrets, and the lab's backup system pushes its job reports through the real ingest
 * endpoint over HTTP with a per-environment ingest key. No business logic here: only wiring.
 */
const OPERATOR = { subject: 'local-lab', roles: ['operator' as const] };
const BACKUP_PUSH_EVERY_MS = 15 * 60_000;

export interface LabLink {
  stop(): void;
}

export async function linkLab(options: {
  lab: RunningLab;
  inventory: Inventory;
  regionId: string;
  /** Where the collectors' DataFolderSecrets reads the checks' secrets (SECRETS_DIR). */
  secretsDir: string;
  /** The local host's base URL. */
  url: string;
  operatorToken: () => Promise<string>;
  log: (line: string) => void;
}): Promise<LabLink> {
  const { lab, inventory, regionId, log } = options;
  const secrets = new DataFolderSecrets(options.secretsDir);

  const environmentOf = new Map<string, string>();
  let attached = 0;
  for (const [deviceId, labMonitoring] of Object.entries(lab.targets)) {
    const device = await inventory.getDevice(regionId, deviceId).catch(() => undefined);
    if (!device) {
      log(`lab: no device '${deviceId}' in ${regionId}; its simulator runs unwatched`);
      continue;
    }
    environmentOf.set(deviceId, device.environmentId);
    // Secrets belong to an environment: the lab's `lab/snmp/<id>` becomes `<environmentId>/lab/snmp/<id>`.
    const monitoring = inEnvironment(labMonitoring, device.environmentId);
    for (const ref of secretRefsOf(labMonitoring)) {
      const value = lab.secrets[ref];
      if (value !== undefined) secrets.put(`${device.environmentId}/${ref}`, value);
    }
    if (JSON.stringify(device.monitoring) === JSON.stringify(monitoring)) continue;
    const { version, ...fields } = device;
    await inventory.replaceDevice(OPERATOR, regionId, deviceId, { ...fields, monitoring }, version);
    attached++;
  }
  if (attached > 0) log(`lab: monitoring attached to ${attached} demo devices`);

  const ingestKeys = new Map<string, string>();
  async function pushBackups(): Promise<void> {
    const byEnvironment = new Map<string, ReturnType<RunningLab['backupReports']>>();
    for (const report of lab.backupReports()) {
      const environmentId = environmentOf.get(report.deviceId);
      if (environmentId) byEnvironment.set(environmentId, [...(byEnvironment.get(environmentId) ?? []), report]);
    }
    for (const [environmentId, reports] of byEnvironment) {
      let key = ingestKeys.get(environmentId);
      if (!key) {
        const created = await post(`/api/regions/${regionId}/environments/${environmentId}/ingest-key`, undefined, `Bearer ${await options.operatorToken()}`);
        key = (created as { key: string }).key;
        ingestKeys.set(environmentId, key);
      }
      const results = reports.map((report) => ({
        deviceId: report.deviceId,
        job: report.job,
        system: 'lab-veeam',
        result: report.status,
        start: report.startedAt,
        end: report.finishedAt,
        bytes: report.bytesTransferred,
        ...(report.message ? { message: report.message } : {}),
      }));
      await post(`/api/ingest/${regionId}/${environmentId}/backup-results`, { results }, `Bearer ${key}`);
    }
  }

  async function post(path: string, body: unknown, authorization: string): Promise<unknown> {
    const response = await fetch(`${options.url}${path}`, {
      method: 'POST',
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** The lab's monitoring with every secret reference moved into the device's environment. */
  function inEnvironment(monitoring: Monitoring, environmentId: string): Monitoring {
    return {
      ...monitoring,
      checks: monitoring.checks.map((check) => {
        if (check.type === 'snmp' || check.type === 'restic') return { ...check, secretRef: `${environmentId}/${check.secretRef}` };
        if (check.type === 'http' && check.caRef !== undefined) return { ...check, caRef: `${environmentId}/${check.caRef}` };
        return check;
      }),
    };
  }

  const push = () => pushBackups().catch((error: unknown) => log(`lab: pushing backup results failed: ${(error as Error).message}`));
  await push();
  const timer = setInterval(push, BACKUP_PUSH_EVERY_MS);
  return { stop: () => clearInterval(timer) };
}
