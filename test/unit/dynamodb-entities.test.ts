import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditKeys } from '#shared/adapters/dynamodb/audit-keys.ts';
import { budgetLineKeys } from '#shared/adapters/dynamodb/budget-line-keys.ts';
import { ENTITIES, itemKey, keyCollisions, withAccessPatternTable, type EntityDefinition } from '#shared/adapters/dynamodb/entities.ts';
import { healthKeys, ingestKeyKeys, maintenanceKeys, sampleKeys } from '#shared/adapters/dynamodb/health-keys.ts';
import { incidentKeys } from '#shared/adapters/dynamodb/incident-keys.ts';
import { deviceKeys, environmentKeys, memberKeys, regionKeys } from '#shared/adapters/dynamodb/keys.ts';
import { TABLE_DEFINITION } from '#shared/adapters/dynamodb/table-definition.ts';

const registry: Record<string, EntityDefinition> = ENTITIES;

describe('entity registry', () => {
  it('has no two entities whose keys can meet', () => {
    expect(keyCollisions()).toEqual([]);
  });

  it('catches entities that would meet: a shared sort prefix, a prefix of another, a bare placeholder, an index', () => {
    const member = registry.member as EntityDefinition;
    const device = registry.device as EntityDefinition;
    expect(keyCollisions({ member, twin: { ...member, description: 'same keys' } })).toHaveLength(1);
    // Listing members (`MEMBER#`) would read `MEMBER#{id}#RANKING` rows too.
    expect(keyCollisions({ member, ranking: { ...member, sk: 'MEMBER#{memberId}#RANKING' } })).toEqual([
      'member and ranking (table): REGION#{regionId} / MEMBER#{memberId} meets REGION#{regionId} / MEMBER#{memberId}#RANKING',
    ]);
    expect(keyCollisions({ member, loose: { ...member, sk: '{anything}' } })).toHaveLength(1);
    // A partition whose placeholder may spell the other's constant segment meets it.
    expect(keyCollisions({ device, other: { ...device, pk: 'REGION#{regionId}#{what}', indexes: {} } })).toHaveLength(1);
    expect(keyCollisions({ device, other: { ...device, pk: 'REGION#{regionId}#PROJECTS', indexes: { byPayer: { pk: 'REGION#{r}#PAYER#{m}', sk: 'DEVICE#{id}' } } } })).toEqual([
      'device and other (byPayer): REGION#{regionId}#PAYER#{memberId} / DEVICE#{kind}#{deviceId} meets REGION#{r}#PAYER#{m} / DEVICE#{id}',
    ]);
    // Distinct partitions and distinct prefixes are fine.
    expect(keyCollisions({ member, project: { ...member, sk: 'PROJECT#{projectId}' } })).toEqual([]);
    expect(keyCollisions({ member, project: { ...member, pk: 'REGION#{regionId}#PROJECTS', sk: 'MEMBER#{memberId}' } })).toEqual([]);
  });

  it('exempts only entities that each declare they are read together', () => {
    const health = registry.health as EntityDefinition;
    const backup = registry.backup as EntityDefinition;
    expect(keyCollisions({ health, backup })).toEqual([]);
    expect(keyCollisions({ health, backup: { ...backup, readTogetherWith: [] } })).toHaveLength(1);
  });

  it('reads only indexes the table declares', () => {
    const declared = TABLE_DEFINITION.globalSecondaryIndexes.map((index) => index.indexName as string);
    for (const definition of Object.values(registry)) {
      for (const index of Object.keys(definition.indexes ?? {})) expect(declared).toContain(index);
      for (const access of definition.accessPatterns) if (access.index) expect(Object.keys(definition.indexes ?? {})).toContain(access.index);
    }
  });

  it('builds the same keys the stores have always written', () => {
    expect(regionKeys.item('kr-ikt')).toEqual({ pk: 'REGIONS', sk: 'REGION#kr-ikt' });
    expect([regionKeys.collection, regionKeys.prefix]).toEqual(['REGIONS', 'REGION#']);
    expect(memberKeys.item('kr-ikt', 'sogne')).toEqual({ pk: 'REGION#kr-ikt', sk: 'MEMBER#sogne' });
    expect(environmentKeys.item('kr-ikt', 'felles')).toEqual({ pk: 'REGION#kr-ikt', sk: 'ENV#felles' });
    expect(budgetLineKeys.item('kr-ikt', 'capacity')).toEqual({ pk: 'REGION#kr-ikt', sk: 'BUDGETLINE#capacity' });
    expect(deviceKeys.item('kr-ikt', 'fw-1')).toEqual({ pk: 'REGION#kr-ikt#DEVICES', sk: 'DEVICE#fw-1' });
    expect(deviceKeys.byEnvironment('kr-ikt', 'felles')).toBe('REGION#kr-ikt#ENV#felles');
    expect(deviceKeys.byPayer('kr-ikt', 'sogne')).toBe('REGION#kr-ikt#PAYER#sogne');
    expect(deviceKeys.indexSort('firewall', 'fw-1')).toBe('DEVICE#firewall#fw-1');
    expect([deviceKeys.indexSortPrefix('firewall'), deviceKeys.indexSortPrefix()]).toEqual(['DEVICE#firewall#', 'DEVICE#']);
    expect(healthKeys.backup('kr-ikt', 'felles', 'fw-1')).toEqual({ pk: 'REGION#kr-ikt#ENV#felles#HEALTH', sk: 'DEVICE#fw-1#BACKUP' });
    expect(healthKeys.parseBoardSort('DEVICE#fw-1#BACKUP')).toEqual({ deviceId: 'fw-1', backup: true, latest: false });
    expect(healthKeys.parseBoardSort('DEVICE#fw-1')).toEqual({ deviceId: 'fw-1', backup: false, latest: false });
    expect(healthKeys.parseBoardSort('DEVICE#fw-1#LATEST')).toEqual({ deviceId: 'fw-1', backup: false, latest: true });
    expect(sampleKeys.hourly('kr-ikt', 'fw-1')).toBe('REGION#kr-ikt#DEVICE#fw-1#HOURLY');
    expect(sampleKeys.backupJobSort('2026-11-27T01:00:00Z', 'abc')).toBe('JOB#2026-11-27T01:00:00Z#abc');
    expect(maintenanceKeys.item('kr-ikt', 'felles', 'w1')).toEqual({ pk: 'REGION#kr-ikt#ENV#felles#MAINTENANCE', sk: 'WINDOW#w1' });
    expect(ingestKeyKeys.item('kr-ikt', 'felles')).toEqual({ pk: 'REGION#kr-ikt#ENV#felles#INGEST', sk: 'KEY' });
    expect(incidentKeys.openMarker('kr-ikt', 'felles', 'inc-1')).toEqual({ pk: 'REGION#kr-ikt#ENV#felles#INCIDENTS', sk: 'OPEN#inc-1' });
    expect(auditKeys.items('kr-ikt', 'member', 'sogne', 'aud-1')).toEqual([
      { pk: 'REGION#kr-ikt#AUDIT', sk: 'AUDIT#aud-1' },
      { pk: 'REGION#kr-ikt#AUDIT#member#sogne', sk: 'AUDIT#aud-1' },
    ]);
  });

  it('asks for every value a key needs', () => {
    // @ts-expect-error memberId is missing: the template says so at compile time too.
    expect(() => itemKey('member', { regionId: 'kr-ikt' })).toThrow("key template 'MEMBER#{memberId}' needs 'memberId'");
  });

  it("matches README's access-pattern table (regenerate: npx tsx scripts/access-patterns.ts --write)", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withAccessPatternTable(readme)).toBe(readme);
  });
});
