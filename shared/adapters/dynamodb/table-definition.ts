/**
 * The single table's shape, used both by the CDK data stack and by the local bootstrap that
 * creates the table in DynamoDB Local, so local and cloud cannot drift. Plain data, no AWS imports.
 *
 * Generic key attributes (pk/sk, gsi1pk/gsi1sk, …) let several entities share one table; which
 * entity uses which key is written down in the registry `entities.ts`.
 */
export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** DynamoDB deletes items whose `expiresAt` (epoch seconds) has passed: raw samples, for example. */
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    /** Devices of one environment, ordered by kind: `GSI1PK = REGION#r#ENV#e`, `GSI1SK = DEVICE#kind#id`. */
    { indexName: 'byEnvironment', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Devices paid by one member: `GSI2PK = REGION#r#PAYER#m`, `GSI2SK = DEVICE#kind#id`. */
    { indexName: 'byPayer', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export type TableDefinition = typeof TABLE_DEFINITION;

/** Every key attribute the table declares, all strings. */
export function keyAttributeNames(definition: TableDefinition = TABLE_DEFINITION): string[] {
  return [
    definition.partitionKey,
    definition.sortKey,
    ...definition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
}
