import { readFileSync } from 'node:fs';
import type { RegionBundle } from '#shared/domain/region-bundle.ts';
import type { BudgetLineBundle } from '#shared/schemas/budget-line.ts';

/** The demo region as shipped in the repo (never from ../shared). */
export function demoBundle(): RegionBundle {
  return JSON.parse(readFileSync(new URL('../../data/demo/kr-ikt.json', import.meta.url), 'utf8')) as RegionBundle;
}

/** The demo region's budget lines as shipped in the repo (data/demo/budget-lines.json), unparsed. */
export function demoBudgetLines(): BudgetLineBundle {
  return JSON.parse(readFileSync(new URL('../../data/demo/budget-lines.json', import.meta.url), 'utf8')) as BudgetLineBundle;
}

/** A valid device body for the demo region; override what a test cares about. */
export function deviceBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Testserver',
    kind: 'server',
    environmentId: 'lillesand-datapark',
    purchaseDate: '2018-04-01',
    purchaseCostNok: 120000,
    criticality: 3,
    payer: { type: 'member', memberId: 'lillesand' },
    ...overrides,
  };
}

/** Loads the demo region into a handler harness's table through the same use cases as the API. */
export async function loadDemoRegion(harness: { doc: import('@aws-sdk/lib-dynamodb').DynamoDBDocumentClient; tableName: string }): Promise<void> {
  const { DynamoDbInventoryStore } = await import('#shared/adapters/dynamodb/inventory-store.ts');
  const { loadRegionBundle } = await import('#shared/domain/region-bundle.ts');
  await loadRegionBundle(new DynamoDbInventoryStore(harness.doc, harness.tableName), demoBundle());
}
