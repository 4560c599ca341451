import { describe, expect, it } from 'vitest';
import { billView } from '#shared/adapters/export/member-bill-views.ts';
import { buildMemberBill, projectYearCosts } from '#shared/domain/member-bill/member-bill.ts';
import { memberDirectory } from '#shared/domain/reinvestment/membership-on-date.ts';
import type { PlanItem } from '#shared/schemas/reinvestment-plan.ts';
import { krIktMembers } from './reinvestment/fixtures.ts';

/**
 * KR-IKT (fixtures): Søgne (11 000) and Songdalen (7 000) merge into Kristiansand (90 000 → 112 000)
 * on 2020-01-01; Lillesand 11 000. One project of Kristiansand, Søgne and Lillesand, by population:
 * - 2019: Σpop 112 000. Investment 224 000 → Kristiansand 180 000, Søgne 22 000, Lillesand 22 000
 *   (exact). Operating 10 000 → 8 035.71, 982.14, 982.14: floors 9 999, the krone to Kristiansand.
 * - 2020: Kristiansand pays for Søgne. Σpop 123 000: investment 123 000 → 112 000 and 11 000.
 */
const members = krIktMembers();
const directory = memberDirectory(members);
const project = { id: 'felles-nett', title: 'Felles helsenett', participants: ['kristiansand', 'sogne', 'lillesand'], key: { type: 'population' as const }, costs: [
  { year: 2019, investmentNok: 224_000, operatingNok: 10_000 },
  { year: 2020, investmentNok: 123_000, operatingNok: 0 },
  { year: 2024, investmentNok: 1, operatingNok: 0 },
] };

function item(deviceId: string, budgetYear: number, costNok: number, shares: [string, number][]): PlanItem {
  return {
    deviceId,
    name: `Enhet ${deviceId}`,
    kind: 'firewall',
    environmentId: 'felles',
    dueDate: `${budgetYear}-05-01`,
    reason: 'lifetime',
    budgetYear,
    overdue: false,
    costNok,
    shares: shares.map(([memberId, amountNok]) => ({ memberId, amountNok, fraction: amountNok / costNok })),
  };
}

describe("a member's bill", () => {
  const costs = projectYearCosts([project], directory, { type: 'equal' }, 2019, 2020);

  it('splits each project year over the members paying on 1 January, across the merger', () => {
    expect(costs.map((cost) => [cost.year, cost.investment.map((s) => [s.memberId, s.amountNok]), cost.operating.map((s) => [s.memberId, s.amountNok])])).toEqual([
      // 10 000 × 90/112 = 8 035.71, × 11/112 = 982.14 twice: floors 9 999, the krone to Kristiansand (.71).
      [2019, [['kristiansand', 180_000], ['lillesand', 22_000], ['sogne', 22_000]], [['kristiansand', 8_036], ['lillesand', 982], ['sogne', 982]]],
      [2020, [['kristiansand', 112_000], ['lillesand', 11_000]], [['kristiansand', 0], ['lillesand', 0]]],
    ]);
  });

  it("sums Søgne's lines per year, stops them at the merger, and names every payer", () => {
    const reinvestment = [item('fw-1', 2019, 300_001, [['kristiansand', 100_001], ['lillesand', 100_000], ['sogne', 100_000]])];
    const bill = buildMemberBill({ regionId: 'kr-ikt', member: { id: 'sogne', name: 'Søgne' }, members, from: 2019, to: 2020, asOf: '2026-11-27', reinvestment, projects: costs, scenarioId: 'base' });
    expect(bill.years).toEqual([
      { year: 2019, reinvestmentNok: 100_000, projectInvestmentNok: 22_000, projectOperatingNok: 982, totalNok: 122_982 },
      { year: 2020, reinvestmentNok: 0, projectInvestmentNok: 0, projectOperatingNok: 0, totalNok: 0 },
    ]);
    expect(bill.total).toEqual({ reinvestmentNok: 100_000, projectInvestmentNok: 22_000, projectOperatingNok: 982, totalNok: 122_982 });
    expect(bill.lines.map((line) => [line.source, line.refId, line.costNok, line.amountNok, line.explanation])).toEqual([
      ['reinvestment', 'fw-1', 300_001, 100_000, '/api/regions/kr-ikt/reinvestment-plan/items/fw-1?from=2019&to=2020'],
      ['project-investment', 'felles-nett', 224_000, 22_000, '/api/regions/kr-ikt/projects/felles-nett'],
      ['project-operating', 'felles-nett', 10_000, 982, '/api/regions/kr-ikt/projects/felles-nett'],
    ]);
    expect(bill.members.map((member) => member.id)).toEqual(['kristiansand', 'lillesand', 'sogne']);
  });

  it("gives Kristiansand Søgne's part from 2020, and leaves out zero-cost lines", () => {
    const bill = buildMemberBill({ regionId: 'kr-ikt', member: { id: 'kristiansand', name: 'Kristiansand' }, members, from: 2019, to: 2020, asOf: '2026-11-27', reinvestment: [], projects: costs, scenarioId: 'base' });
    expect(bill.years.map((year) => [year.year, year.projectInvestmentNok, year.projectOperatingNok, year.totalNok])).toEqual([
      [2019, 180_000, 8_036, 188_036],
      [2020, 112_000, 0, 112_000],
    ]);
    expect(bill.lines.filter((line) => line.year === 2020).map((line) => line.source)).toEqual(['project-investment']);
  });

  it('exports one column per paying member, by name, the billed member first', () => {
    const bill = buildMemberBill({ regionId: 'kr-ikt', member: { id: 'sogne', name: 'Søgne' }, members: members.map((m) => ({ ...m, name: `${m.id[0]!.toUpperCase()}${m.id.slice(1)} kommune` })), from: 2019, to: 2020, asOf: '2026-11-27', reinvestment: [], projects: costs, scenarioId: 'base' });
    const view = billView(bill, 'lines', 'nb');
    expect(view.columns.map((column) => column.header)).toEqual(['År', 'Type', 'Post', 'Kostnad (kr)', 'Sogne kommune (kr)', 'Kristiansand kommune (kr)', 'Lillesand kommune (kr)', 'Forklaring']);
    expect(view.rows[0]).toEqual([2019, 'Prosjekt, investering', 'Felles helsenett', 224_000, 22_000, 180_000, 22_000, '/api/regions/kr-ikt/projects/felles-nett']);
  });
});
