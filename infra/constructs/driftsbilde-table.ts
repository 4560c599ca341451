import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION, type TableDefinition } from '#shared/adapters/dynamodb/table-definition.ts';

export interface DriftsbildeTableProps {
  /** The shared definition the local bootstrap uses too, so the cloud table cannot drift from it. */
  readonly definition?: TableDefinition;
}

/** The single table, built from the shared definition: keys, indexes and TTL come from there only. */
export class DriftsbildeTable extends Table {
  readonly definition: TableDefinition;

  constructor(scope: Construct, id: string, props: DriftsbildeTableProps = {}) {
    const definition = props.definition ?? TABLE_DEFINITION;
    super(scope, id, {
      partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: definition.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: definition.timeToLiveAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      // The inventory and its history live here: neither a stack deletion nor a stray console click may drop it.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.definition = definition;
    for (const index of definition.globalSecondaryIndexes) {
      this.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }

  /** One ARN per index of the definition (for grants narrower than `index/*`). */
  indexArns(): string[] {
    return this.definition.globalSecondaryIndexes.map((index) => `${this.tableArn}/index/${index.indexName}`);
  }
}
