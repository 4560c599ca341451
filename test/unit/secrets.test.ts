import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderSecrets } from '#shared/adapters/secrets/data-folder-secrets.ts';
import { checkSecretRef, secretNamePrefix } from '#shared/adapters/secrets/secret-names.ts';
import { SecretsManagerSecrets } from '#shared/adapters/secrets/secrets-manager-secrets.ts';

/** Secrets Manager is mocked (as the team's rules allow); the requests it receives are checked against its documented limits. */
function fakeSecretsManager(values: Record<string, string>) {
  const requests: Array<{ SecretId?: string }> = [];
  let failNext: Error | undefined;
  return {
    requests,
    failOnce(error: Error) {
      failNext = error;
    },
    client: {
      async send(command: unknown) {
        expect(command).toBeInstanceOf(GetSecretValueCommand);
        const input = (command as GetSecretValueCommand).input;
        requests.push(input);
        // GetSecretValue: SecretId is 1–2048 characters; names use letters, digits and /_+=.@-.
        expect(input.SecretId!.length).toBeGreaterThanOrEqual(1);
        expect(input.SecretId!.length).toBeLessThanOrEqual(2048);
        expect(input.SecretId).toMatch(/^[A-Za-z0-9/_+=.@-]+$/);
        await new Promise((resolve) => setImmediate(resolve));
        if (failNext) {
          const error = failNext;
          failNext = undefined;
          throw error;
        }
        const value = values[input.SecretId!];
        if (value === undefined) throw new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} });
        return { SecretString: value, $metadata: {} };
      },
    } as never,
  };
}

describe('secret refs', () => {
  it('accept <environmentId>/<name> and refuse what could leave the environment’s folder', () => {
    for (const ref of ['lillesand-datapark/snmp-v3', 'felles-kristiansand/snmp/fw-kris-01', 'lab/ca']) expect(() => checkSecretRef(ref)).not.toThrow();
    for (const ref of ['snmp-v3', '', '/lillesand/x', 'lillesand//x', 'lillesand/../birkenes/x', 'lillesand/./x', 'lillesand/x y', 'lillesand/x\n']) {
      expect(() => checkSecretRef(ref), JSON.stringify(ref)).toThrow(/is not <environmentId>\/<name>/);
    }
  });
});

describe('SecretsManagerSecrets', () => {
  const prefix = secretNamePrefix('kr-ikt');
  const name = `${prefix}lillesand-datapark/snmp-v3`;

  it('reads driftsbilde/<regionId>/<ref> and caches it for the TTL', async () => {
    let now = 0;
    const fake = fakeSecretsManager({ [name]: 'community-1' });
    const secrets = new SecretsManagerSecrets(fake.client, { prefix, ttlMs: 60_000, now: () => now });
    expect(await secrets.get('lillesand-datapark/snmp-v3')).toBe('community-1');
    now = 59_999;
    expect(await secrets.get('lillesand-datapark/snmp-v3')).toBe('community-1');
    expect(fake.requests).toEqual([{ SecretId: name }]);
    now = 60_000;
    await secrets.get('lillesand-datapark/snmp-v3');
    expect(fake.requests).toHaveLength(2);
  });

  it('shares one request between concurrent reads of a secret', async () => {
    const fake = fakeSecretsManager({ [name]: 'community-1' });
    const secrets = new SecretsManagerSecrets(fake.client, { prefix });
    const values = await Promise.all(Array.from({ length: 16 }, () => secrets.get('lillesand-datapark/snmp-v3')));
    expect(new Set(values)).toEqual(new Set(['community-1']));
    expect(fake.requests).toHaveLength(1);
  });

  it('does not cache a failure, and names a missing secret without any value', async () => {
    const fake = fakeSecretsManager({ [name]: 'community-1' });
    const secrets = new SecretsManagerSecrets(fake.client, { prefix });
    fake.failOnce(new Error('ThrottlingException'));
    await expect(secrets.get('lillesand-datapark/snmp-v3')).rejects.toThrow('ThrottlingException');
    expect(await secrets.get('lillesand-datapark/snmp-v3')).toBe('community-1');
    await expect(secrets.get('birkenes-datapark/restic')).rejects.toThrow(`secret 'birkenes-datapark/restic' does not exist (expected in Secrets Manager as ${prefix}birkenes-datapark/restic)`);
  });

  it('refuses a malformed ref before asking AWS, and a prefix that is not driftsbilde/<regionId>/', async () => {
    const fake = fakeSecretsManager({});
    const secrets = new SecretsManagerSecrets(fake.client, { prefix });
    await expect(secrets.get('../kr-ikt-2/x')).rejects.toThrow(/is not <environmentId>\/<name>/);
    expect(fake.requests).toEqual([]);
    expect(() => new SecretsManagerSecrets(fake.client, { prefix: 'driftsbilde/' })).toThrow(/driftsbilde\/<regionId>\//);
  });
});

describe('DataFolderSecrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'driftsbilde-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads <dir>/<environmentId>/<name>, without the final newline, and writes it readable by the owner only', async () => {
    const secrets = new DataFolderSecrets(dir);
    secrets.put('lillesand-datapark/snmp-v3', '{"user":"driftsbilde"}');
    expect(await secrets.get('lillesand-datapark/snmp-v3')).toBe('{"user":"driftsbilde"}');
    expect(statSync(join(dir, 'lillesand-datapark', 'snmp-v3')).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, 'lillesand-datapark', 'community'), 'public\n');
    expect(await secrets.get('lillesand-datapark/community')).toBe('public');
  });

  it('says where a missing secret was expected, and never reads outside its folder', async () => {
    const secrets = new DataFolderSecrets(join(dir, 'inner'));
    writeFileSync(join(dir, 'outside'), 'x');
    await expect(secrets.get('birkenes-datapark/restic')).rejects.toThrow(`expected in ${join(dir, 'inner', 'birkenes-datapark/restic')}`);
    await expect(secrets.get('../outside')).rejects.toThrow(/is not <environmentId>\/<name>/);
    expect(() => secrets.put('lillesand/../../x', 'y')).toThrow(/is not <environmentId>\/<name>/);
  });
});
