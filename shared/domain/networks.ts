import type { CheckDefinition } from '#shared/schemas/checks.ts';

/**
 * Secrets and targets belong to an environment. An environment declares its site networks (CIDRs
 * and host-name suffixes) and owns its secrets (`secretRef` = `<environmentId>/<name>`). A check
 * may aim only inside its device's environment and name only that environment's secrets: the API
 * refuses anything else, and the collector asks the same question again right before it sends a
 * packet, so a record written before the rule existed cannot leak a secret either.
 */

export interface SiteNetworksLike {
  cidrs: readonly string[];
  hostSuffixes: readonly string[];
}

/** A DNS domain used as a host-name suffix: at least two labels, lowercase. */
export const HOST_SUFFIX = /^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
/** A host name a check may name (letters in it, so never a number-only form like `2130706433`). */
const HOST_NAME = /^(?=.{1,253}$)(?=.*[a-z])[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** True for `address/prefix` with a real IPv4 or IPv6 address and a prefix that fits it. */
export function isCidr(value: string): boolean {
  return parseCidr(value) !== undefined;
}

interface Address {
  bits: 32 | 128;
  value: bigint;
}

function parseCidr(value: string): (Address & { prefix: number }) | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!match) return undefined;
  const address = parseAddress(match[1]!);
  const prefix = Number(match[2]);
  if (!address || prefix > address.bits) return undefined;
  return { ...address, prefix };
}

/**
 * An IPv4 or IPv6 address in its standard text form (no `0x7f.1`, no `2130706433`, which the
 * caller's host-name rule refuses anyway). IPv4-mapped IPv6 (`::ffff:127.0.0.1`) counts as IPv4.
 * Written here rather than taken from `node:net` so the schemas stay usable in the browser.
 */
export function parseAddress(text: string): Address | undefined {
  const bare = text.replace(/^\[|\]$/g, '').toLowerCase();
  const v4 = parseIpv4(bare);
  if (v4 !== undefined) return { bits: 32, value: v4 };
  const mapped = /^(?:::|(?:0{1,4}:){5})ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1];
  if (mapped) {
    const inner = parseIpv4(mapped);
    if (inner !== undefined) return { bits: 32, value: inner };
  }
  const v6 = parseIpv6(bare);
  return v6 === undefined ? undefined : { bits: 128, value: v6 };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((sum, part) => (sum << 8n) + BigInt(part), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/.test(text) || text.split('::').length > 2) return undefined;
  let groups: string[];
  const [head = '', tail] = text.split('::');
  const split = (part: string) => (part === '' ? [] : part.split(':'));
  if (tail === undefined) groups = split(head);
  else {
    const left = split(head);
    const right = split(tail);
    const missing = 8 - left.length - right.length;
    if (missing < 1) return undefined;
    groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  }
  if (groups.length !== 8 || groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return groups.reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group, 16)), 0n);
}

function inCidr(address: Address, cidr: Address & { prefix: number }): boolean {
  if (address.bits !== cidr.bits) return false;
  const shift = BigInt(cidr.bits - cidr.prefix);
  return address.value >> shift === cidr.value >> shift;
}

/** True when `host` (an IP address or a host name) lies in the networks. */
export function hostInNetworks(host: string, networks: SiteNetworksLike): boolean {
  const address = parseAddress(host);
  if (address) {
    return networks.cidrs.some((cidr) => {
      const parsed = parseCidr(cidr);
      return parsed !== undefined && inCidr(address, parsed);
    });
  }
  const name = host.toLowerCase().replace(/\.$/, '');
  if (!HOST_NAME.test(name)) return false;
  return networks.hostSuffixes.some((suffix) => name.endsWith(`.${suffix.toLowerCase()}`));
}

/** Where a check sends packets: the host it connects to, `local` for a repository on the collector's own disk, or undefined when it cannot be told. */
export function checkTarget(check: CheckDefinition): { field: string; host: string | 'local' | undefined } {
  switch (check.type) {
    case 'tcp':
    case 'snmp':
      return { field: 'host', host: check.host };
    case 'http':
    case 'prometheus':
      return { field: 'url', host: urlHost(check.url) };
    case 'restic':
      return { field: 'repository', host: resticHost(check.repository) };
  }
}

function urlHost(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.hostname.replace(/^\[|\]$/g, '') || undefined;
  } catch {
    return undefined;
  }
}

/** restic's repository forms: `rest:URL`, `s3:URL`, `sftp:user@host:/path`, a local path; others cannot be placed. */
function resticHost(repository: string): string | 'local' | undefined {
  if (repository.startsWith('/') || repository.startsWith('local:')) return 'local';
  const rest = /^(?:rest|s3):(https?:\/\/.+)$/.exec(repository)?.[1];
  if (rest) return urlHost(rest);
  const sftp = /^sftp:(?:\/\/)?(?:[^@/]+@)?(\[[^\]]+\]|[^:/]+)/.exec(repository)?.[1];
  return sftp?.replace(/^\[|\]$/g, '');
}

/** The secret references a check names, by field. */
export function checkSecretRefs(check: CheckDefinition): Array<{ field: string; ref: string }> {
  if (check.type === 'snmp' || check.type === 'restic') return [{ field: 'secretRef', ref: check.secretRef }];
  if (check.type === 'http' && check.caRef !== undefined) return [{ field: 'caRef', ref: check.caRef }];
  return [];
}

/** True when `ref` is one of the environment's secrets: `<environmentId>/<name>`. */
export function secretBelongsTo(ref: string, environmentId: string): boolean {
  return ref.startsWith(`${environmentId}/`) && ref.length > environmentId.length + 1 && !ref.includes('..');
}

export interface PlacementProblem {
  /** The check's field, e.g. `host`, `url`, `secretRef`. */
  field: string;
  problem: string;
  /** Stable code for the problem (UI texts). */
  code: 'target-outside-environment' | 'secret-of-another-environment';
}

/**
 * Why a check may not run in its environment, or an empty list when it may: its target must lie
 * in the environment's site networks and every secret it names must be the environment's own.
 */
export function checkPlacementProblems(check: CheckDefinition, environment: { id: string; siteNetworks?: SiteNetworksLike }): PlacementProblem[] {
  const problems: PlacementProblem[] = [];
  const networks = environment.siteNetworks ?? { cidrs: [], hostSuffixes: [] };
  const target = checkTarget(check);
  if (target.host === undefined) {
    problems.push({ field: target.field, code: 'target-outside-environment', problem: `cannot tell which host this reaches; use an address or host name inside environment '${environment.id}'` });
  } else if (target.host !== 'local' && !hostInNetworks(target.host, networks)) {
    problems.push({
      field: target.field,
      code: 'target-outside-environment',
      problem: `'${target.host}' is not in the site networks of environment '${environment.id}' (${describeNetworks(networks)})`,
    });
  }
  for (const { field, ref } of checkSecretRefs(check)) {
    if (!secretBelongsTo(ref, environment.id)) {
      problems.push({ field, code: 'secret-of-another-environment', problem: `must name a secret of environment '${environment.id}', as '${environment.id}/<name>'` });
    }
  }
  return problems;
}

function describeNetworks(networks: SiteNetworksLike): string {
  const all = [...networks.cidrs, ...networks.hostSuffixes.map((suffix) => `*.${suffix}`)];
  return all.length > 0 ? all.join(', ') : 'none declared';
}
