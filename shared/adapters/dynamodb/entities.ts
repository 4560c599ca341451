import { TABLE_DEFINITION } from './table-definition.ts';

/**
 * The registry of every entity in the single table: its key templates, the indexes it is written
 * to, and the access patterns it serves, as data. Key builders (`keys.ts`, `*-keys.ts`) derive from
 * it, a unit test checks that no two entities' keys can collide, and README's access-pattern table
 * is generated from it (`npx tsx scripts/access-patterns.ts --write`).
 *
 * Templates: constant parts and `{param}` placeholders, segments separated by `#`. Every id is a
 * lowercase slug (no `#`, no capitals), so a placeholder never spells a constant segment.
 *
 * Adding an entity is one entry below (then `itemKey('my-entity', { … })`, `partitionKey`,
 * `sortPrefix`), the README regenerated, and the collision test tells whether it fits.
 */

export type IndexName = (typeof TABLE_DEFINITION.globalSecondaryIndexes)[number]['indexName'];

export interface KeyTemplates {
  pk: string;
  sk: string;
}

export interface AccessPattern {
  /** What is read or written, in words: "list members of a region". */
  pattern: string;
  operation: 'GetItem' | 'Query' | 'Query ↓' | 'PutItem' | 'BatchWriteItem' | 'BatchGetItem';
  /** Which index the request reads; the base table when absent. */
  index?: IndexName;
  /** The sort-key condition: the whole key, a prefix (`sortPrefix`, or `prefix` when given), a range, or none. */
  sk: 'equals' | 'begins_with' | 'between' | 'any';
  /** The begins_with / between prefix when it is longer than the template's constant prefix, e.g. `DEVICE#{kind}#`. */
  prefix?: string;
  note?: string;
}

export interface EntityDefinition {
  /** The item, in words. */
  description: string;
  pk: string;
  sk: string;
  indexes?: Partial<Record<IndexName, KeyTemplates>>;
  /** Days until DynamoDB's TTL (`expiresAt`) deletes the item. */
  ttlDays?: number;
  /**
   * Entities whose keys deliberately overlap this one's so that one Query reads both (the health
   * board reads each device's health and backup rows together). Exempt from the collision check.
   */
  readTogetherWith?: readonly string[];
  accessPatterns: readonly AccessPattern[];
}

export const ENTITIES = {
  region: {
    description: 'a region (an IKT cooperation)',
    pk: 'REGIONS',
    sk: 'REGION#{regionId}',
    accessPatterns: [
      { pattern: 'list regions', operation: 'Query', sk: 'begins_with' },
      { pattern: 'get a region', operation: 'GetItem', sk: 'equals' },
    ],
  },
  member: {
    description: 'a member municipality',
    pk: 'REGION#{regionId}',
    sk: 'MEMBER#{memberId}',
    accessPatterns: [
      { pattern: 'list members of a region', operation: 'Query', sk: 'begins_with' },
      { pattern: 'get a member', operation: 'GetItem', sk: 'equals' },
    ],
  },
  environment: {
    description: 'an operating environment (a data centre, a network)',
    pk: 'REGION#{regionId}',
    sk: 'ENV#{environmentId}',
    accessPatterns: [
      { pattern: 'list environments of a region', operation: 'Query', sk: 'begins_with' },
      { pattern: 'get an environment', operation: 'GetItem', sk: 'equals' },
    ],
  },
  'budget-line': {
    description: 'a budget line (an envelope of money set aside)',
    pk: 'REGION#{regionId}',
    sk: 'BUDGETLINE#{budgetLineId}',
    accessPatterns: [
      { pattern: 'list budget lines of a region', operation: 'Query', sk: 'begins_with' },
      { pattern: 'get a budget line', operation: 'GetItem', sk: 'equals' },
    ],
  },
  device: {
    description: 'a device of the inventory (own partition per region, so listing members never pages through devices)',
    pk: 'REGION#{regionId}#DEVICES',
    sk: 'DEVICE#{deviceId}',
    indexes: {
      byEnvironment: { pk: 'REGION#{regionId}#ENV#{environmentId}', sk: 'DEVICE#{kind}#{deviceId}' },
      byPayer: { pk: 'REGION#{regionId}#PAYER#{memberId}', sk: 'DEVICE#{kind}#{deviceId}' },
    },
    accessPatterns: [
      { pattern: 'list devices of a region', operation: 'Query', sk: 'begins_with' },
      { pattern: 'get a device', operation: 'GetItem', sk: 'equals' },
      { pattern: 'list devices of an environment (optionally of a kind)', operation: 'Query', index: 'byEnvironment', sk: 'begins_with', prefix: 'DEVICE#{kind}#' },
      { pattern: 'list devices paid by a member (optionally of a kind)', operation: 'Query', index: 'byPayer', sk: 'begins_with', prefix: 'DEVICE#{kind}#' },
    ],
  },
  health: {
    description: "a device's latest health (written by the sweep)",
    pk: 'REGION#{regionId}#ENV#{environmentId}#HEALTH',
    sk: 'DEVICE#{deviceId}',
    readTogetherWith: ['backup'],
    accessPatterns: [
      { pattern: "an environment's health board (latest health and backup state per device)", operation: 'Query', sk: 'begins_with' },
      { pattern: "write a device's latest health", operation: 'PutItem', sk: 'equals', note: 'conditional on the sweep time' },
    ],
  },
  backup: {
    description: "a device's pushed backup state, beside its health row",
    pk: 'REGION#{regionId}#ENV#{environmentId}#HEALTH',
    sk: 'DEVICE#{deviceId}#BACKUP',
    readTogetherWith: ['health'],
    accessPatterns: [{ pattern: "get / put a device's backup state (ingest)", operation: 'GetItem', sk: 'equals' }],
  },
  'sample-bucket': {
    description: "one sweep's statuses and values of a device (sort key: the sweep's ISO instant)",
    pk: 'REGION#{regionId}#DEVICE#{deviceId}#SAMPLES',
    sk: '{at}',
    ttlDays: 30,
    accessPatterns: [{ pattern: "a device's raw samples in [from, to)", operation: 'Query', sk: 'between' }],
  },
  'hourly-rollup': {
    description: "a device's hourly roll-up (sort key: the hour)",
    pk: 'REGION#{regionId}#DEVICE#{deviceId}#HOURLY',
    sk: '{hour}',
    ttlDays: 730,
    accessPatterns: [
      { pattern: "a device's hourly roll-ups in [from, to)", operation: 'Query', sk: 'between' },
      { pattern: "the plan's critical share of a device over 90 days", operation: 'Query', sk: 'between', note: 'projected to sk, sw, cr; only devices rule 4 can move' },
    ],
  },
  'backup-job': {
    description: 'a pushed backup job (hash of job and start: the same job pushed twice is one item)',
    pk: 'REGION#{regionId}#DEVICE#{deviceId}#BACKUPS',
    sk: 'JOB#{end}#{hash}',
    accessPatterns: [{ pattern: "write a device's pushed backup jobs", operation: 'BatchWriteItem', sk: 'equals' }],
  },
  'maintenance-window': {
    description: "an environment's maintenance window",
    pk: 'REGION#{regionId}#ENV#{environmentId}#MAINTENANCE',
    sk: 'WINDOW#{windowId}',
    accessPatterns: [{ pattern: "an environment's maintenance windows", operation: 'Query', sk: 'begins_with' }],
  },
  'ingest-key': {
    description: "an environment's ingest key (a hash)",
    pk: 'REGION#{regionId}#ENV#{environmentId}#INGEST',
    sk: 'KEY',
    accessPatterns: [{ pattern: "get / put an environment's ingest key", operation: 'GetItem', sk: 'equals' }],
  },
  incident: {
    description: 'an incident (avvik); ids start with the opening time, so sort order is age',
    pk: 'REGION#{regionId}#ENV#{environmentId}#INCIDENTS',
    sk: 'INCIDENT#{incidentId}',
    accessPatterns: [
      { pattern: "an environment's incidents, newest first", operation: 'Query ↓', sk: 'begins_with' },
      { pattern: "incidents opened in [from, to) (the plan's health rule)", operation: 'Query', sk: 'between', prefix: 'INCIDENT#inc-' },
      { pattern: 'get an incident', operation: 'GetItem', sk: 'equals' },
    ],
  },
  'incident-open': {
    description: 'a small marker beside each open incident, written and removed in the same transaction',
    pk: 'REGION#{regionId}#ENV#{environmentId}#INCIDENTS',
    sk: 'OPEN#{incidentId}',
    accessPatterns: [{ pattern: "an environment's open incidents", operation: 'Query', sk: 'begins_with', note: 'then BatchGetItem of the incidents the markers name' }],
  },
  'audit-entry': {
    description: "an audit entry in the region's trail; ids start with their instant, so sort order is time",
    pk: 'REGION#{regionId}#AUDIT',
    sk: 'AUDIT#{entryId}',
    accessPatterns: [
      {
        pattern: "a region's audit trail, newest first, in [from, to)",
        operation: 'Query ↓',
        sk: 'between',
        prefix: 'AUDIT#aud-',
        note: 'members: FilterExpression `mv = true`, topped up to the page',
      },
    ],
  },
  'audit-entry-of-record': {
    description: "the same audit entry in its record's own trail (written in the same transaction)",
    pk: 'REGION#{regionId}#AUDIT#{recordType}#{recordId}',
    sk: 'AUDIT#{entryId}',
    accessPatterns: [{ pattern: "one record's audit trail, newest first (and the plan's sources)", operation: 'Query ↓', sk: 'between', prefix: 'AUDIT#aud-' }],
  },
  // The project portfolio (issue 8); a project's history is its audit trail (audit-entry-of-record).
  project: {
    description: 'a project of the portfolio (own partition per region: a region may hold thousands)',
    pk: 'REGION#{regionId}#PROJECTS',
    sk: 'PROJECT#{projectId}',
    accessPatterns: [
      { pattern: 'list projects of a region', operation: 'Query', sk: 'begins_with' },
      { pattern: 'get a project', operation: 'GetItem', sk: 'equals' },
    ],
  },
  'portfolio-settings': {
    description: "a region's portfolio settings (criteria, weights, alpha, member weighting)",
    pk: 'REGION#{regionId}#PORTFOLIO',
    sk: 'SETTINGS',
    accessPatterns: [{ pattern: "get a region's portfolio settings", operation: 'GetItem', sk: 'equals' }],
  },
  ranking: {
    description: "a member's ranking of the projects",
    pk: 'REGION#{regionId}#PORTFOLIO',
    sk: 'RANKING#{memberId}',
    accessPatterns: [
      { pattern: "every member's ranking (priorities)", operation: 'Query', sk: 'begins_with' },
      { pattern: "get a member's ranking", operation: 'GetItem', sk: 'equals' },
    ],
  },
  scenario: {
    description: 'a scenario of the portfolio plan (the base plan is not stored)',
    pk: 'REGION#{regionId}#PORTFOLIO',
    sk: 'SCENARIO#{scenarioId}',
    accessPatterns: [
      { pattern: 'list scenarios of a region', operation: 'Query', sk: 'begins_with' },
      { pattern: 'get a scenario', operation: 'GetItem', sk: 'equals' },
    ],
  },
} as const satisfies Record<string, EntityDefinition>;

export type EntityName = keyof typeof ENTITIES;
type Entities = typeof ENTITIES;

/** `'REGION#{regionId}#ENV#{environmentId}'` → `'regionId' | 'environmentId'`. */
export type TemplateParams<T extends string> = T extends `${string}{${infer Param}}${infer Rest}` ? Param | TemplateParams<Rest> : never;
type Values<T extends string> = { readonly [P in TemplateParams<T>]: string };

export type ItemKeyParams<E extends EntityName> = Values<Entities[E]['pk']> & Values<Entities[E]['sk']>;
export type PartitionParams<E extends EntityName> = Values<Entities[E]['pk']>;

export interface ItemKey {
  pk: string;
  sk: string;
}

// --- templates, compiled once ------------------------------------------------------------------

/** A template as alternating constants and parameter names: `['REGION#', 'regionId', '#ENV#', 'environmentId', '']`. */
interface CompiledTemplate {
  constants: string[];
  params: string[];
}

const compiled = new Map<string, CompiledTemplate>();

function compile(template: string): CompiledTemplate {
  let found = compiled.get(template);
  if (found) return found;
  const constants: string[] = [];
  const params: string[] = [];
  const pattern = /\{([a-zA-Z]+)\}/g;
  let last = 0;
  for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
    constants.push(template.slice(last, match.index));
    params.push(match[1] as string);
    last = match.index + match[0].length;
  }
  constants.push(template.slice(last));
  found = { constants, params };
  compiled.set(template, found);
  return found;
}

/** Fills every placeholder; a missing value is a programming error. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  const { constants, params } = compile(template);
  let out = constants[0] as string;
  for (let i = 0; i < params.length; i++) {
    const value = values[params[i] as string];
    if (value === undefined) throw new Error(`key template '${template}' needs '${params[i]}'`);
    out += value + (constants[i + 1] as string);
  }
  return out;
}

/** The template filled up to its first placeholder without a value: `DEVICE#{kind}#{deviceId}` with `{ kind: 'server' }` → `DEVICE#server#`. */
export function prefixOf(template: string, values: Readonly<Record<string, string | undefined>> = {}): string {
  const { constants, params } = compile(template);
  let out = constants[0] as string;
  for (let i = 0; i < params.length; i++) {
    const value = values[params[i] as string];
    if (value === undefined) return out;
    out += value + (constants[i + 1] as string);
  }
  return out;
}

// --- key builders over the registry -------------------------------------------------------------

export function itemKey<E extends EntityName>(entity: E, values: ItemKeyParams<E>): ItemKey {
  const definition: EntityDefinition = ENTITIES[entity];
  return { pk: fill(definition.pk, values), sk: fill(definition.sk, values) };
}

export function partitionKey<E extends EntityName>(entity: E, values: PartitionParams<E>): string {
  return fill((ENTITIES[entity] as EntityDefinition).pk, values);
}

/** The sort key's constant prefix (what `begins_with` lists the entity by), or longer with leading values given. */
export function sortPrefix(entity: EntityName, values: Readonly<Record<string, string | undefined>> = {}): string {
  return prefixOf((ENTITIES[entity] as EntityDefinition).sk, values);
}

/** An index's key attributes for an item, named as the table declares them (`gsi1pk`, `gsi1sk`). */
export function indexKey(entity: EntityName, index: IndexName, values: Readonly<Record<string, string>>): Record<string, string> {
  const templates = (ENTITIES[entity] as EntityDefinition).indexes?.[index];
  if (!templates) throw new Error(`entity '${entity}' is not written to index '${index}'`);
  const declared = indexAttributes(index);
  return { [declared.partitionKey]: fill(templates.pk, values), [declared.sortKey]: fill(templates.sk, values) };
}

export function indexPartition(entity: EntityName, index: IndexName, values: Readonly<Record<string, string>>): string {
  const templates = (ENTITIES[entity] as EntityDefinition).indexes?.[index];
  if (!templates) throw new Error(`entity '${entity}' is not written to index '${index}'`);
  return fill(templates.pk, values);
}

export function indexSort(entity: EntityName, index: IndexName, values: Readonly<Record<string, string>>): string {
  const templates = (ENTITIES[entity] as EntityDefinition).indexes?.[index];
  if (!templates) throw new Error(`entity '${entity}' is not written to index '${index}'`);
  return fill(templates.sk, values);
}

export function indexSortPrefix(entity: EntityName, index: IndexName, values: Readonly<Record<string, string | undefined>> = {}): string {
  const templates = (ENTITIES[entity] as EntityDefinition).indexes?.[index];
  if (!templates) throw new Error(`entity '${entity}' is not written to index '${index}'`);
  return prefixOf(templates.sk, values);
}

export function indexAttributes(index: IndexName): { partitionKey: string; sortKey: string } {
  const declared = TABLE_DEFINITION.globalSecondaryIndexes.find((candidate) => candidate.indexName === index);
  if (!declared) throw new Error(`index '${index}' is not declared in the table definition`);
  return declared;
}

// --- collisions --------------------------------------------------------------------------------

/** One key space: the base table or one index. */
interface KeySpaceEntry {
  entity: string;
  space: string;
  pk: string;
  sk: string;
}

function keySpaces(registry: Readonly<Record<string, EntityDefinition>>): KeySpaceEntry[] {
  return Object.entries(registry).flatMap(([entity, definition]) => [
    { entity, space: 'table', pk: definition.pk, sk: definition.sk },
    ...Object.entries(definition.indexes ?? {}).map(([index, templates]) => ({ entity, space: index, pk: (templates as KeyTemplates).pk, sk: (templates as KeyTemplates).sk })),
  ]);
}

/**
 * Whether two partition-key templates can produce the same string: same number of segments, and
 * constant segments equal where both are constant (a placeholder is taken to match anything).
 */
function partitionsMayMeet(a: string, b: string): boolean {
  const as = a.split('#');
  const bs = b.split('#');
  if (as.length !== bs.length) return false;
  const isPlaceholder = (segment: string) => segment.includes('{');
  return as.every((segment, i) => isPlaceholder(segment) || isPlaceholder(bs[i] as string) || segment === bs[i]);
}

/**
 * Pairs of entities whose items could meet: partitions that may be the same, and sort-key constant
 * prefixes of which one starts the other (then a `begins_with` listing one would read the other,
 * or a key of one could be a key of the other). Entities that declare `readTogetherWith` each
 * other are exempt. Empty for a sound registry.
 */
export function keyCollisions(registry: Readonly<Record<string, EntityDefinition>> = ENTITIES): string[] {
  const entries = keySpaces(registry);
  const collisions: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i] as KeySpaceEntry;
      const b = entries[j] as KeySpaceEntry;
      if (a.space !== b.space || a.entity === b.entity) continue;
      if (registry[a.entity]?.readTogetherWith?.includes(b.entity) && registry[b.entity]?.readTogetherWith?.includes(a.entity)) continue;
      if (!partitionsMayMeet(a.pk, b.pk)) continue;
      const prefixA = prefixOf(a.sk);
      const prefixB = prefixOf(b.sk);
      if (prefixA.startsWith(prefixB) || prefixB.startsWith(prefixA)) {
        collisions.push(`${a.entity} and ${b.entity} (${a.space}): ${a.pk} / ${a.sk} meets ${b.pk} / ${b.sk}`);
      }
    }
  }
  return collisions;
}

// --- the README table --------------------------------------------------------------------------

/** The request of one access pattern, e.g. `Query pk = REGION#{regionId}, sk begins_with MEMBER#`. */
export function describeRequest(definition: EntityDefinition, access: AccessPattern): string {
  const templates = access.index ? definition.indexes?.[access.index] : { pk: definition.pk, sk: definition.sk };
  if (!templates) throw new Error(`access pattern '${access.pattern}' reads index '${access.index}' the entity is not written to`);
  const names = access.index ? indexAttributes(access.index) : { partitionKey: TABLE_DEFINITION.partitionKey, sortKey: TABLE_DEFINITION.sortKey };
  const prefix = access.prefix ?? prefixOf(templates.sk);
  const sortCondition =
    access.sk === 'equals'
      ? `, \`${names.sortKey} = ${templates.sk}\``
      : access.sk === 'begins_with'
        ? `, \`${names.sortKey}\` begins_with \`${prefix}\``
        : access.sk === 'between'
          ? `, \`${names.sortKey} BETWEEN ${prefix}{from} AND ${prefix}{to}\``
          : '';
  const on = access.index ? ` index \`${access.index}\`` : '';
  return `${access.operation}${on} \`${names.partitionKey} = ${templates.pk}\`${sortCondition}${access.note ? ` (${access.note})` : ''}`;
}

/** README's access-pattern table, one row per pattern, entities in registry order. */
export function accessPatternTable(registry: Readonly<Record<string, EntityDefinition>> = ENTITIES): string {
  const rows = Object.entries(registry).flatMap(([entity, definition]) =>
    definition.accessPatterns.map(
      (access) => `| ${entity}${definition.ttlDays !== undefined ? ` (TTL ${definition.ttlDays} days)` : ''} | ${access.pattern} | ${describeRequest(definition, access)} |`,
    ),
  );
  return ['| entity | access pattern | request |', '|---|---|---|', ...rows].join('\n');
}

export const TABLE_START = '<!-- access-patterns:start (generated from shared/adapters/dynamodb/entities.ts: npx tsx scripts/access-patterns.ts --write) -->';
export const TABLE_END = '<!-- access-patterns:end -->';

/** `readme` with the text between the markers replaced by the generated table; throws when the markers are missing. */
export function withAccessPatternTable(readme: string, registry: Readonly<Record<string, EntityDefinition>> = ENTITIES): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('README has no access-pattern markers');
  return `${readme.slice(0, start + TABLE_START.length)}\n${accessPatternTable(registry)}\n${readme.slice(end)}`;
}
