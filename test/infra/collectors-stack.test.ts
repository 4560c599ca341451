import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRICS_NAMESPACE } from '#shared/domain/health/metrics.ts';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '#infra/constructs/driftsbilde-function.ts';
import type { DriftsbildeStacks } from '#infra/driftsbilde.ts';
import { asArray, logicalId, resourcesOf, roleOfFunction, statementsOfRole, synthDriftsbilde } from './synth.ts';

let stacks: DriftsbildeStacks;
let collectors: Template;
let ids: { fanOut: string; collector: string; queue: string; deadLetters: string };

beforeAll(() => {
  const synthesized = synthDriftsbilde();
  stacks = synthesized.stacks;
  collectors = synthesized.template(stacks.collectors);
  const stack = stacks.collectors;
  ids = {
    fanOut: logicalId(stack.fanOutFunction, stack),
    collector: logicalId(stack.collectorFunction, stack),
    queue: logicalId(stack.sweepQueue, stack),
    deadLetters: logicalId(stack.deadLetterQueue, stack),
  };
});

const only = (type: string) => {
  const found = Object.values(resourcesOf(collectors, type));
  expect(found, type).toHaveLength(1);
  return found[0]!.Properties;
};
const functionProperties = (id: string) => collectors.toJSON().Resources[id].Properties;
const actionsOfFunction = (id: string) => new Set(statementsOfRole(collectors, roleOfFunction(collectors, id)).flatMap((statement) => asArray(statement.Action)));

describe('collectors stack: schedule', () => {
  it('invokes the fan-out function every minute, without retries', () => {
    const schedule = only('AWS::Scheduler::Schedule');
    expect(schedule.ScheduleExpression).toBe('rate(1 minute)');
    expect(schedule.State).toBe('ENABLED');
    expect(schedule.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(schedule.Target.Arn).toEqual({ 'Fn::GetAtt': [ids.fanOut, 'Arn'] });
    expect(schedule.Target.RetryPolicy.MaximumRetryAttempts).toBe(0);
    const roleId = schedule.Target.RoleArn['Fn::GetAtt'][0] as string;
    const statements = statementsOfRole(collectors, roleId);
    expect(new Set(statements.flatMap((statement) => asArray(statement.Action)))).toEqual(new Set(['lambda:InvokeFunction']));
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"/);
  });

  it('does not let Lambda retry a failed fan-out either', () => {
    const config = only('AWS::Lambda::EventInvokeConfig');
    expect(config.FunctionName).toEqual({ Ref: ids.fanOut });
    expect(config.MaximumRetryAttempts).toBe(0);
  });
});

describe('collectors stack: queue', () => {
  it('sends a sweep to the dead-letter queue after three failed receives', () => {
    const queue = collectors.toJSON().Resources[ids.queue].Properties;
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [ids.deadLetters, 'Arn'] }, maxReceiveCount: 3 });
  });

  it('encrypts both queues and refuses requests without TLS', () => {
    const policies = Object.values(resourcesOf(collectors, 'AWS::SQS::QueuePolicy'));
    for (const id of [ids.queue, ids.deadLetters]) {
      expect(collectors.toJSON().Resources[id].Properties.SqsManagedSseEnabled).toBe(true);
      const policy = policies.find((candidate) => candidate.Properties.Queues.some((queue: { Ref: string }) => queue.Ref === id));
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('fits three attempts inside the collector’s 5-minute staleness limit, each longer than the function may run', () => {
    const visibility = collectors.toJSON().Resources[ids.queue].Properties.VisibilityTimeout as number;
    expect(visibility).toBeGreaterThanOrEqual(functionProperties(ids.collector).Timeout as number);
    expect(2 * visibility).toBeLessThan(5 * 60);
  });
});

describe('collectors stack: collector', () => {
  it('consumes the queue in small batches, reports partial failures, and is bounded in concurrency', () => {
    const mapping = only('AWS::Lambda::EventSourceMapping');
    expect(mapping.EventSourceArn).toEqual({ 'Fn::GetAtt': [ids.queue, 'Arn'] });
    expect(mapping.FunctionName).toEqual({ Ref: ids.collector });
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.BatchSize).toBeGreaterThanOrEqual(1);
    expect(mapping.BatchSize).toBeLessThanOrEqual(10);
    expect(mapping.ScalingConfig.MaximumConcurrency).toBeGreaterThanOrEqual(2);
    expect(mapping.ScalingConfig.MaximumConcurrency).toBeLessThanOrEqual(20);
  });

  it('runs in the private subnets of the VPC behind its own security group, which admits nothing', () => {
    const vpcConfig = functionProperties(ids.collector).VpcConfig;
    const privateSubnetIds = stacks.collectors.vpc.privateSubnets.map((subnet) => logicalId(subnet, stacks.collectors));
    expect(vpcConfig.SubnetIds.map((subnet: { Ref: string }) => subnet.Ref).sort()).toEqual(privateSubnetIds.sort());
    const [securityGroupId] = Object.keys(resourcesOf(collectors, 'AWS::EC2::SecurityGroup'));
    expect(vpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [securityGroupId, 'GroupId'] }]);
    const securityGroup = collectors.toJSON().Resources[securityGroupId!].Properties;
    expect(securityGroup.SecurityGroupIngress).toBeUndefined();
    expect(Object.keys(resourcesOf(collectors, 'AWS::EC2::SecurityGroupIngress'))).toHaveLength(0);
    // Outbound to anywhere only on web ports; everything else only towards private site ranges.
    const egress = securityGroup.SecurityGroupEgress as Array<Record<string, unknown>>;
    expect(egress.length).toBeGreaterThan(0);
    for (const rule of egress) {
      if (rule.CidrIp === '0.0.0.0/0') expect([80, 443]).toContain(rule.FromPort);
      else expect(String(rule.CidrIp)).toMatch(/^(10\.|172\.16\.|192\.168\.)/);
    }
    // Both kinds of rule are there: HTTPS to anywhere, and something towards the private site ranges.
    expect(egress).toContainEqual(expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }));
    expect(egress.some((rule) => rule.CidrIp !== '0.0.0.0/0')).toBe(true);
  });

  it('has a way out (NAT), a DynamoDB gateway endpoint, and flow logs', () => {
    expect(Object.keys(resourcesOf(collectors, 'AWS::EC2::NatGateway')).length).toBeGreaterThanOrEqual(1);
    expect(only('AWS::EC2::VPCEndpoint').ServiceName).toEqual({ 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] });
    expect(only('AWS::EC2::FlowLog')).toMatchObject({ ResourceType: 'VPC', TrafficType: 'ALL' });
  });

  it('may publish metrics only to the Driftsbilde namespace', () => {
    const statements = statementsOfRole(collectors, roleOfFunction(collectors, ids.collector)).filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('cloudwatch:')),
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': METRICS_NAMESPACE } },
    });
    expect(METRICS_NAMESPACE).toBe('Driftsbilde');
  });

  it('reads and writes the table', () => {
    const actions = actionsOfFunction(ids.collector);
    for (const action of [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS]) expect(actions).toContain(action);
    expect(JSON.stringify(functionProperties(ids.collector).Environment.Variables.TABLE_NAME)).toContain(stacks.data.stackName);
  });
});

describe('collectors stack: fan-out', () => {
  it('reads the table, sends to the sweep queue it is told about, and lives outside the VPC', () => {
    const actions = actionsOfFunction(ids.fanOut);
    for (const action of TABLE_READ_ACTIONS) expect(actions).toContain(action);
    for (const action of TABLE_WRITE_ACTIONS) expect(actions).not.toContain(action);
    expect(actions).toContain('sqs:SendMessage');
    const properties = functionProperties(ids.fanOut);
    expect(properties.Environment.Variables.SWEEP_QUEUE_URL).toEqual({ Ref: ids.queue });
    expect(properties.VpcConfig).toBeUndefined();
    expect(actions).not.toContain('cloudwatch:PutMetricData');
  });
});
