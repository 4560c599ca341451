import * as z from '#shared/schemas/zod.ts';
import type { InventoryStore } from '#shared/domain/inventory-store.ts';
import { allPages } from '#shared/domain/paging.ts';
import { Slug } from '#shared/schemas/common.ts';

/**
 * The fan-out: once a minute, one message per environment, each swept by one collector run.
 * An environment is the unit because its board, its metrics and its maintenance windows are
 * per environment; at KR-IKT's size (hundreds of devices each) one run sweeps one comfortably.
 */
export const SweepMessage = z.strictObject({
  regionId: Slug,
  environmentId: Slug,
  /** When the fan-out planned the sweep; a collector drops messages that waited too long. */
  scheduledAt: z.iso.datetime(),
});
export type SweepMessage = z.infer<typeof SweepMessage>;

/** Port: SQS in AWS, an in-process queue locally. */
export interface SweepQueue {
  send(messages: readonly SweepMessage[]): Promise<void>;
}

/** One message per environment of every region. */
export async function planSweeps(inventory: Pick<InventoryStore, 'listRegions' | 'listEnvironments'>, at: Date): Promise<SweepMessage[]> {
  const scheduledAt = at.toISOString();
  const messages: SweepMessage[] = [];
  for (const region of await allPages((page) => inventory.listRegions(page))) {
    for (const environment of await allPages((page) => inventory.listEnvironments(region.id, page))) {
      messages.push({ regionId: region.id, environmentId: environment.id, scheduledAt });
    }
  }
  return messages;
}
