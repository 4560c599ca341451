import type { ItemKey } from './keys.ts';

/**
 * Keys of incidents (avvik), with the access patterns they serve. No index.
 *
 * | access pattern                                 | operation     | key                                                        |
 * |------------------------------------------------|---------------|------------------------------------------------------------|
 * | an environment's incidents, newest first        | Query ↓       | pk = REGION#{r}#ENV#{e}#INCIDENTS, sk begins_with INCIDENT# |
 * | incidents opened in [from, to) (the plan)       | Query         | same pk, sk BETWEEN INCIDENT#inc-{from} AND INCIDENT#inc-{to} |
 * | one incident                                   | GetItem       | pk = REGION#{r}#ENV#{e}#INCIDENTS, sk = INCIDENT#{id}       |
 * | an environment's open incidents (small marker)  | Query         | pk = REGION#{r}#ENV#{e}#INCIDENTS, sk begins_with OPEN#     |
 * | open incidents, full                            | Query + BatchGet of the ids the markers name            |
 *
 * Incident ids start with their opening time (`inc-20250314t101500123-3fa9c1`), so sort order is
 * age. An open incident has a small `OPEN#{id}` marker beside it, written and removed in the same
 * transaction as the incident itself: the roll-ups and every sweep read "what is open" without
 * paging through years of resolved incidents, and without a sparse GSI.
 */
export const incidentKeys = {
  partition: (regionId: string, environmentId: string) => `REGION#${regionId}#ENV#${environmentId}#INCIDENTS`,
  item: (regionId: string, environmentId: string, incidentId: string): ItemKey => ({
    pk: incidentKeys.partition(regionId, environmentId),
    sk: `INCIDENT#${incidentId}`,
  }),
  openMarker: (regionId: string, environmentId: string, incidentId: string): ItemKey => ({
    pk: incidentKeys.partition(regionId, environmentId),
    sk: `OPEN#${incidentId}`,
  }),
  prefix: 'INCIDENT#',
  openPrefix: 'OPEN#',
};
