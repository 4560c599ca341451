import { GetSecretValueCommand, ListSecretsCommand, ResourceNotFoundException, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretNameLister, SecretResolver } from '#shared/domain/health/probe.ts';
import { checkSecretRef } from './secret-names.ts';

/** Five minutes: a changed community is picked up within a few sweeps, at one read per secret per 5 min. */
export const DEFAULT_SECRET_TTL_MS = 5 * 60_000;

export interface SecretsManagerSecretsOptions {
  /** `driftsbilde/<regionId>/` (secretNamePrefix). */
  prefix: string;
  ttlMs?: number;
  now?: () => number;
}

/**
 * Secrets Manager behind the probes' SecretResolver, with a small in-memory TTL cache per warm
 * Lambda container. Concurrent reads of one secret share one request; a failed read is not cached,
 * so the next sweep tries again. (Powertools Parameters would do the same, at the cost of two more
 * packages in the collector's bundle.) Values never reach a log line or an error message.
 */
export class SecretsManagerSecrets implements SecretResolver, SecretNameLister {
  private readonly cache = new Map<string, { expiresAt: number; value: Promise<string> }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: Pick<SecretsManagerClient, 'send'>,
    private readonly options: SecretsManagerSecretsOptions,
  ) {
    if (!/^driftsbilde\/[a-z0-9-]+\/$/.test(options.prefix)) throw new Error(`secret name prefix '${options.prefix}' is not driftsbilde/<regionId>/`);
    this.ttlMs = options.ttlMs ?? DEFAULT_SECRET_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  async get(ref: string): Promise<string> {
    checkSecretRef(ref);
    const cached = this.cache.get(ref);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    const value = this.read(ref);
    this.cache.set(ref, { expiresAt: this.now() + this.ttlMs, value });
    value.catch(() => {
      if (this.cache.get(ref)?.value === value) this.cache.delete(ref);
    });
    return value;
  }

  /** ListSecrets filtered on the environment's name prefix: names and metadata only, never a value. */
  async namesOf(environmentId: string): Promise<string[]> {
    checkSecretRef(`${environmentId}/x`);
    const prefix = `${this.options.prefix}${environmentId}/`;
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 100, ...(nextToken ? { NextToken: nextToken } : {}) }));
      // The name filter matches by prefix word; keep exactly this environment's.
      for (const secret of page.SecretList ?? []) if (secret.Name?.startsWith(prefix)) names.push(secret.Name.slice(this.options.prefix.length));
      nextToken = page.NextToken;
    } while (nextToken);
    return names.sort();
  }

  private async read(ref: string): Promise<string> {
    const secretId = `${this.options.prefix}${ref}`;
    try {
      const answer = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
      if (answer.SecretString === undefined) throw new Error(`secret '${secretId}' holds no text (binary secrets are not used)`);
      return answer.SecretString;
    } catch (error) {
      if (error instanceof ResourceNotFoundException || (error as { name?: string }).name === 'ResourceNotFoundException') {
        throw new Error(`secret '${ref}' does not exist (expected in Secrets Manager as ${secretId})`);
      }
      throw error;
    }
  }
}
