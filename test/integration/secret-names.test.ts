import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataFolderSecrets } from '#shared/adapters/secrets/data-folder-secrets.ts';
import { handlerHarness } from '../support/api.ts';

/**
 * `GET …/environments/{environmentId}/secret-names`: the names an operator chooses a check's secret
 * from. Names only (a value never appears in the answer), only the environment's own, operators
 * and admins only, 404 for an environment that does not exist.
 */
describe('secret names of an environment', () => {
  let api: Awaited<ReturnType<typeof handlerHarness>>;
  const REGION = '/api/regions/kr-ikt';
  const VALUE = 'community-value-9d2e';

  beforeAll(async () => {
    // The handler reads SECRETS_DIR when its module loads (the first call below).
    process.env.SECRETS_DIR = join(mkdtempSync(join(tmpdir(), 'driftsbilde-secret-names-')), 'secrets');
    const secrets = new DataFolderSecrets(process.env.SECRETS_DIR);
    secrets.put('lillesand-datapark/snmp-v3', VALUE);
    secrets.put('lillesand-datapark/restic/backup-repo', VALUE);
    secrets.put('birkenes-datapark/snmp', VALUE);
    api = await handlerHarness();
    expect((await api.call('POST', '/api/regions', { body: { id: 'kr-ikt', name: 'KR-IKT' } })).status).toBe(201);
    expect((await api.call('POST', `${REGION}/members`, { body: { id: 'lillesand', name: 'Lillesand', joinedOn: '2014-05-01', reason: 'test' } })).status).toBe(201);
    for (const id of ['lillesand-datapark', 'tomt-miljo']) {
      const environment = { id, name: id, site: id, key: { type: 'equal' }, serves: [{ memberId: 'lillesand', from: '2014-05-01' }] };
      expect((await api.call('POST', `${REGION}/environments`, { body: environment })).status).toBe(201);
    }
  });

  it('lists the environment’s own secrets by name to an operator, never a value', async () => {
    const response = await api.call('GET', `${REGION}/environments/lillesand-datapark/secret-names`, { as: { role: 'operator' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [{ secretRef: 'lillesand-datapark/restic/backup-repo' }, { secretRef: 'lillesand-datapark/snmp-v3' }] });
    expect(response.text).not.toContain(VALUE);
    expect(response.text).not.toContain('birkenes');
  });

  it('answers an empty list for an environment without secrets, and 404 for one that does not exist', async () => {
    expect((await api.call('GET', `${REGION}/environments/tomt-miljo/secret-names`, { as: { role: 'admin' } })).body).toEqual({ items: [] });
    expect((await api.call('GET', `${REGION}/environments/finnes-ikke/secret-names`, { as: { role: 'operator' } })).status).toBe(404);
  });

  it('refuses members and budget owners', async () => {
    for (const as of [{ role: 'member' as const, memberId: 'lillesand' }, { role: 'budget-owner' as const }]) {
      const response = await api.call('GET', `${REGION}/environments/lillesand-datapark/secret-names`, { as });
      expect(response.status, as.role).toBe(403);
      expect(response.text).not.toContain('snmp-v3');
    }
  });
});
