import { itemKey, partitionKey, sortPrefix, type ItemKey } from './entities.ts';

/**
 * Keys of incidents (avvik), registry entries `incident` and `incident-open` in entities.ts. An open
 * incident has a small `OPEN#{id}` marker beside it, written and removed in the same transaction as
 * the incident itself: the roll-ups and every sweep read "what is open" without paging through
 * years of resolved incidents, and without a sparse GSI.
 */
export const incidentKeys = {
  partition: (regionId: string, environmentId: string) => partitionKey('incident', { regionId, environmentId }),
  item: (regionId: string, environmentId: string, incidentId: string): ItemKey => itemKey('incident', { regionId, environmentId, incidentId }),
  openMarker: (regionId: string, environmentId: string, incidentId: string): ItemKey => itemKey('incident-open', { regionId, environmentId, incidentId }),
  prefix: sortPrefix('incident'),
  openPrefix: sortPrefix('incident-open'),
};
