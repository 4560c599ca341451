import { describe, expect, it } from 'vitest';
import { AuditScope } from '#shared/domain/audit/audit-scope.ts';
import { changedFields, REDACTED } from '#shared/domain/audit/changes.ts';
import { auditEntryFor, MEMBER_VISIBLE_FIELDS, visibleToMembers } from '#shared/domain/audit/visibility.ts';
import { linkFigures, type Figure } from '#shared/domain/reinvestment/figure-sources.ts';
import { AUDIT_RECORD_TYPES, type AuditEntry } from '#shared/schemas/audit.ts';

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  id: 'aud-20261127t120000000-aaaaaa',
  regionId: 'kr-ikt',
  at: '2026-11-27T12:00:00.000Z',
  actor: { subject: 'someone', role: 'admin' },
  route: 'PUT /api/regions/{regionId}/devices/{deviceId}',
  recordType: 'device',
  recordId: 'fw-1',
  action: 'update',
  changes: [],
  ...overrides,
});

describe('audit entries: what changed', () => {
  it('lists only the fields that differ, ignoring key order, version and the record’s id', () => {
    const before = { id: 'fw-1', version: 3, name: 'FW', payer: { type: 'member', memberId: 'a' }, tags: ['x'] };
    const after = { id: 'fw-1', version: 4, name: 'FW', payer: { memberId: 'a', type: 'member' }, tags: ['x', 'y'], serial: 'S1' };
    expect(changedFields(before, after)).toEqual([
      { field: 'serial', after: 'S1' },
      { field: 'tags', before: ['x'], after: ['x', 'y'] },
    ]);
  });

  it('redacts secret references and key material at any depth, still saying the field changed', () => {
    const before = { monitoring: { checks: [{ type: 'snmp', host: 'h', secretRef: 'env/a' }] } };
    const after = { monitoring: { checks: [{ type: 'snmp', host: 'h', secretRef: 'env/b' }] }, keyHash: 'abc', keyPrefix: 'dbi_1234' };
    const changes = changedFields(before, after);
    expect(changes.map((change) => change.field)).toEqual(['keyHash', 'keyPrefix', 'monitoring']);
    const text = JSON.stringify(changes);
    for (const secret of ['env/a', 'env/b', 'abc', 'dbi_1234']) expect(text).not.toContain(secret);
    expect(text).toContain(REDACTED);
  });

  it('carries the scope’s actor, route and reason, and names the region of a new region by its id', () => {
    const scope = new AuditScope({ actor: { subject: 'u', role: 'admin' }, route: 'POST /api/regions', reason: 'ny region' }, () => new Date('2026-11-27T12:00:00Z'));
    const created = scope.entryFor({ recordType: 'region', recordId: 'agder', after: { id: 'agder', name: 'Agder' } });
    expect(created).toMatchObject({ regionId: 'agder', action: 'create', reason: 'ny region', at: '2026-11-27T12:00:00.000Z', changes: [{ field: 'name', after: 'Agder' }] });
    expect(created.id).toMatch(/^aud-20261127t120000000-[0-9a-f]{6}$/);
    expect(scope.entries).toEqual([]);
    expect(() => scope.entryFor({ recordType: 'device', recordId: 'x', after: {} })).toThrow(/needs a region/);
  });
});

describe('audit entries: who sees what', () => {
  const member = { subject: 'm', roles: ['member' as const], memberId: 'lillesand' };
  it('shows members the cost fields of a device change and nothing of its monitoring', () => {
    const mixed = entry({ changes: [{ field: 'payer', before: { type: 'shared' }, after: { type: 'member', memberId: 'a' } }, { field: 'monitoring', after: { checks: [] } }] });
    expect(auditEntryFor(member, mixed)?.changes.map((change) => change.field)).toEqual(['payer']);
    expect(auditEntryFor(member, entry({ changes: [{ field: 'serial', after: 'S' }] }))).toBeUndefined();
    expect(auditEntryFor({ subject: 'o', roles: ['operator'] }, mixed)).toBe(mixed);
    expect(visibleToMembers(mixed)).toBe(true);
  });

  it('hides operations records from members and shows every member change', () => {
    expect(auditEntryFor(member, entry({ recordType: 'incident', changes: [{ field: 'state', after: 'open' }] }))).toBeUndefined();
    const population = entry({ recordType: 'member', recordId: 'a', changes: [{ field: 'population', after: [] }] });
    expect(auditEntryFor({ subject: 'b', roles: ['budget-owner'] }, population)).toEqual(population);
  });

  it('names only record types the trail knows', () => {
    for (const type of Object.keys(MEMBER_VISIBLE_FIELDS)) expect(AUDIT_RECORD_TYPES).toContain(type);
  });
});

describe('the plan’s sources', () => {
  const figure: Figure = {
    code: 'audit.source.population',
    recordType: 'member',
    recordId: 'kristiansand',
    field: 'population',
    value: { from: '2020-01-01', value: 111458 },
    params: {},
    holds: (value) => Array.isArray(value) && value.some((element) => element.from === '2020-01-01' && element.value === 111458),
  };
  it('links the newest entry that introduced the figure, not a later one that left it alone', () => {
    const created = entry({ id: 'aud-1', recordType: 'member', recordId: 'kristiansand', action: 'create', changes: [{ field: 'population', after: [{ from: '2016-12-31', value: 89268 }] }] });
    const added = entry({ id: 'aud-2', recordType: 'member', recordId: 'kristiansand', reason: 'SSB', changes: [{ field: 'population', before: [{ from: '2016-12-31', value: 89268 }], after: [{ from: '2016-12-31', value: 89268 }, { from: '2020-01-01', value: 111458 }] }] });
    const later = entry({ id: 'aud-3', recordType: 'member', recordId: 'kristiansand', changes: [{ field: 'population', before: [{ from: '2020-01-01', value: 111458 }], after: [{ from: '2020-01-01', value: 111458 }, { from: '2024-01-01', value: 116000 }] }] });
    const [linked] = linkFigures([figure], new Map([['member#kristiansand', [later, added, created]]]));
    expect(linked?.entry).toMatchObject({ id: 'aud-2', reason: 'SSB' });
    expect(linked).not.toHaveProperty('holds');
    const [unlinked] = linkFigures([figure], new Map());
    expect(unlinked?.entry).toBeUndefined();
  });
});
