import { describe, expect, it } from 'vitest';
import { proposalId, proposalsFromPlan, proposalTitle } from '#shared/domain/portfolio/proposals.ts';
import { Project } from '#shared/schemas/portfolio.ts';

const item = (deviceId: string, kind: 'firewall' | 'server', environmentId: string, budgetYear: number, costNok: number, shares: Record<string, number>) => ({
  deviceId,
  kind,
  environmentId,
  budgetYear,
  costNok,
  shares: Object.entries(shares).map(([memberId, amountNok]) => ({ memberId, fraction: amountNok / costNok, amountNok })),
});

const items = [
  item('fw-lill-01', 'firewall', 'lillesand-datapark', 2018, 120_000, { lillesand: 120_000 }),
  item('fw-lill-02', 'firewall', 'lillesand-datapark', 2018, 100_000, { lillesand: 100_000 }),
  item('srv-kris-01', 'server', 'felles-kristiansand', 2018, 100_000, { kristiansand: 60_000, songdalen: 30_000, iveland: 10_000 }),
  item('srv-kris-02', 'server', 'felles-kristiansand', 2019, 50_000, { kristiansand: 50_000 }),
  item('srv-kris-03', 'server', 'felles-kristiansand', 2025, 50_000, { kristiansand: 50_000 }),
];
const environments = new Map([
  ['lillesand-datapark', { id: 'lillesand-datapark', name: 'Lokal datapark Lillesand', key: { type: 'equal' as const } }],
  ['felles-kristiansand', { id: 'felles-kristiansand', name: 'Felles driftsmiljø Kristiansand/Songdalen' }],
]);

describe('proposals from the reinvestment plan', () => {
  it('groups due items by environment, kind and budget year into idea projects with cost, devices and key', () => {
    const { created, existing } = proposalsFromPlan(items, environments, new Set(), { from: 2017, to: 2020 });
    expect(existing).toEqual([]);
    expect(created.map((p) => [p.id, p.title, p.costs, p.deviceIds, p.proposedBy, p.participants])).toEqual([
      ['reinv-2018-firewall-lillesand-datapark', 'Bytte brannmurer — Lokal datapark Lillesand — 2018', [{ year: 2018, investmentNok: 220_000, operatingNok: 0 }], ['fw-lill-01', 'fw-lill-02'], 'lillesand', ['lillesand']],
      ['reinv-2018-server-felles-kristiansand', 'Bytte servere — Felles driftsmiljø Kristiansand/Songdalen — 2018', [{ year: 2018, investmentNok: 100_000, operatingNok: 0 }], ['srv-kris-01'], 'kristiansand', ['iveland', 'kristiansand', 'songdalen']],
      ['reinv-2019-server-felles-kristiansand', 'Bytte servere — Felles driftsmiljø Kristiansand/Songdalen — 2019', [{ year: 2019, investmentNok: 50_000, operatingNok: 0 }], ['srv-kris-02'], 'kristiansand', ['kristiansand']],
    ]);
    expect(created[0]).toMatchObject({ status: 'idea', key: { type: 'equal' }, origin: { type: 'reinvestment-plan', environmentId: 'lillesand-datapark', kind: 'firewall', budgetYear: 2018 } });
    expect(created[1]!.key).toBeUndefined();
    // Every proposal is a valid project.
    for (const p of created) expect(Project.safeParse({ ...p, version: 1 }).success).toBe(true);
  });

  it('creates nothing new the second time', () => {
    const first = proposalsFromPlan(items, environments, new Set(), { from: 2017, to: 2020 });
    const second = proposalsFromPlan(items, environments, new Set(first.created.map((p) => p.id)), { from: 2017, to: 2020 });
    expect(second.created).toEqual([]);
    expect(second.existing).toEqual(first.created.map((p) => p.id));
  });

  it('words the title in English from the origin, and keeps long ids within 64 characters, deterministically', () => {
    expect(proposalTitle({ kind: 'firewall', budgetYear: 2018 }, 'Lokal datapark Lillesand', 'en')).toBe('Replace firewalls — Lokal datapark Lillesand — 2018');
    const long = { environmentId: 'a'.repeat(60), kind: 'platform' as const, budgetYear: 2019 };
    const id = proposalId(long);
    expect(id.length).toBeLessThanOrEqual(64);
    expect(id).toMatch(/^reinv-2019-platform-a+-[0-9a-z]+$/);
    expect(proposalId(long)).toBe(id);
    expect(proposalId({ ...long, budgetYear: 2020 })).not.toBe(id);
  });
});
