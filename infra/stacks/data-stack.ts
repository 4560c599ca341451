import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DriftsbildeTable } from '../constructs/driftsbilde-table.ts';

/** State only: the single DynamoDB table. Kept apart so stateless stacks can be replaced freely. */
export class DataStack extends Stack {
  readonly table: DriftsbildeTable;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { description: 'Driftsbilde: the single DynamoDB table (inventory, health, plans)', ...props });
    this.table = new DriftsbildeTable(this, 'Table');
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}
