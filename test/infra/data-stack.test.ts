import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, timeToLiveInput } from '#shared/adapters/dynamodb/create-table.ts';
import { TABLE_DEFINITION, type TableDefinition } from '#shared/adapters/dynamodb/table-definition.ts';
import { DriftsbildeTable } from '#infra/constructs/driftsbilde-table.ts';
import { resourcesOf, synthDriftsbilde } from './synth.ts';

const byName = <T extends { AttributeName?: string; IndexName?: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName)));

describe('data stack: the table', () => {
  let table: Record<string, any>;
  let resource: Record<string, any>;

  beforeAll(() => {
    const { stacks, template } = synthDriftsbilde();
    const tables = resourcesOf(template(stacks.data), 'AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(1);
    resource = Object.values(tables)[0]!;
    table = resource.Properties;
  });

  it('has the key schema, attributes and indexes that the local bootstrap creates (createTableInput)', () => {
    const local = createTableInput('any-name');
    expect(table.KeySchema).toEqual(local.KeySchema);
    expect(byName(table.AttributeDefinitions)).toEqual(byName(local.AttributeDefinitions!));
    expect(byName(table.GlobalSecondaryIndexes)).toEqual(byName(local.GlobalSecondaryIndexes!));
    expect(table.BillingMode).toBe(local.BillingMode);
  });

  it('expires items on the TTL attribute the local bootstrap enables', () => {
    expect(table.TimeToLiveSpecification).toEqual(timeToLiveInput('any-name').TimeToLiveSpecification);
  });

  it('says exactly what TABLE_DEFINITION says', () => {
    expect(table.KeySchema).toEqual([
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ]);
    expect(table.GlobalSecondaryIndexes.map((index: any) => index.IndexName)).toEqual(TABLE_DEFINITION.globalSecondaryIndexes.map((index) => index.indexName));
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
      const synthesized = table.GlobalSecondaryIndexes.find((candidate: any) => candidate.IndexName === index.indexName);
      expect(synthesized.KeySchema).toEqual([
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ]);
      expect(synthesized.Projection).toEqual({ ProjectionType: 'ALL' });
    }
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true });
  });

  it('is on demand, recoverable to any point in time, AWS-managed encrypted and protected from deletion', () => {
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.ProvisionedThroughput).toBeUndefined();
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    // SSEEnabled without a key id: the AWS-managed key aws/dynamodb.
    expect(table.SSESpecification).toEqual({ SSEEnabled: true });
    expect(table.DeletionProtectionEnabled).toBe(true);
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('DriftsbildeTable', () => {
  it('follows the definition it is given rather than a copy of it', () => {
    const changed: TableDefinition = {
      ...TABLE_DEFINITION,
      timeToLiveAttribute: 'goneAt',
      globalSecondaryIndexes: [...TABLE_DEFINITION.globalSecondaryIndexes, { indexName: 'byThird', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' }],
    } as unknown as TableDefinition;
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Probe');
    new DriftsbildeTable(stack, 'Table', { definition: changed });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'goneAt', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'byThird', KeySchema: [{ AttributeName: 'gsi3pk', KeyType: 'HASH' }, { AttributeName: 'gsi3sk', KeyType: 'RANGE' }] })]),
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'gsi3pk', AttributeType: 'S' }]),
    });
  });
});
