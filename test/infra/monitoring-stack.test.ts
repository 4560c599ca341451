import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_RATE_EXPRESSION } from '#infra/constructs/function-error-rate-alarms.ts';
import type { DriftsbildeFunction } from '#infra/constructs/driftsbilde-function.ts';
import type { DriftsbildeStacks } from '#infra/driftsbilde.ts';
import { logicalId, resourcesOf, synthDriftsbilde } from './synth.ts';

let stacks: DriftsbildeStacks;
let monitoring: Template;
let topicRef: { Ref: string };

beforeAll(() => {
  const synthesized = synthDriftsbilde();
  stacks = synthesized.stacks;
  monitoring = synthesized.template(stacks.monitoring);
  const [topicId] = Object.keys(resourcesOf(monitoring, 'AWS::SNS::Topic'));
  topicRef = { Ref: topicId! };
});

type Properties = Record<string, any>;
const alarms = () => resourcesOf(monitoring, 'AWS::CloudWatch::Alarm');
const composites = () => resourcesOf(monitoring, 'AWS::CloudWatch::CompositeAlarm');
/** A cross-stack value (Fn::GetStackOutput) that carries `Ref` of this logical id of that stack. */
const refersTo = (value: unknown, stackName: string, id: string) => {
  const output = (value as Properties)?.['Fn::GetStackOutput'];
  return output?.StackName === stackName && String(output.OutputName).includes(id);
};
const memberIdsOf = (composite: Properties) =>
  (composite.AlarmRule['Fn::Join'][1] as unknown[]).filter((part): part is Properties => typeof part === 'object').map((part) => part['Fn::GetAtt'][0] as string);

function errorRateAlarmOf(fn: DriftsbildeFunction): [string, Properties] {
  const functionId = logicalId(fn, fn.stack);
  const found = Object.entries(alarms()).filter(([, alarm]) =>
    (alarm.Properties.Metrics ?? []).some(
      (query: Properties) => query.MetricStat?.Metric.MetricName === 'Errors' && refersTo(query.MetricStat.Metric.Dimensions[0].Value, fn.stack.stackName, `Ref${functionId}`),
    ),
  );
  expect(found, fn.entryName).toHaveLength(1);
  return [found[0]![0], found[0]![1].Properties];
}

describe('monitoring stack: function error rates', () => {
  const groups = () => [
    { name: 'api', functions: stacks.api.functions },
    { name: 'collectors', functions: [stacks.collectors.fanOutFunction, stacks.collectors.collectorFunction] },
  ];

  it('gives every function an errors/invocations metric-math alarm on its own metrics', () => {
    for (const { functions } of groups()) {
      for (const fn of functions) {
        const [, alarm] = errorRateAlarmOf(fn);
        const functionId = logicalId(fn, fn.stack);
        const byId = Object.fromEntries((alarm.Metrics as Properties[]).map((query) => [query.Id, query]));
        expect(byId.expr_1).toMatchObject({ Expression: ERROR_RATE_EXPRESSION, ReturnData: true });
        for (const [id, metricName] of [['errors', 'Errors'], ['invocations', 'Invocations']] as const) {
          expect(byId[id].ReturnData).toBe(false);
          expect(byId[id].MetricStat).toMatchObject({ Stat: 'Sum', Metric: { Namespace: 'AWS/Lambda', MetricName: metricName } });
          expect(refersTo(byId[id].MetricStat.Metric.Dimensions[0].Value, fn.stack.stackName, `Ref${functionId}`)).toBe(true);
        }
        expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
        expect(alarm.TreatMissingData).toBe('notBreaching');
      }
    }
  });

  it('notifies once per group: a composite alarm over exactly the group’s function alarms, wired to the topic', () => {
    for (const { name, functions } of groups()) {
      const matching = Object.values(composites()).filter((composite) => composite.Properties.AlarmName === `driftsbilde-${name}-error-rate`);
      expect(matching, name).toHaveLength(1);
      const composite = matching[0]!.Properties;
      expect(memberIdsOf(composite).sort()).toEqual(functions.map((fn) => errorRateAlarmOf(fn)[0]).sort());
      // Any member in ALARM raises the group: only OR between the members.
      const ruleText = (composite.AlarmRule['Fn::Join'][1] as unknown[]).filter((part) => typeof part === 'string').join('');
      expect(ruleText).not.toMatch(/AND|NOT/);
      expect(composite.AlarmActions).toEqual([topicRef]);
      expect(composite.OKActions).toEqual([topicRef]);
    }
  });

  it('keeps every metric-math alarm within CloudWatch’s 10-metric limit', () => {
    for (const [id, alarm] of Object.entries(alarms())) {
      const metricStats = (alarm.Properties.Metrics ?? []).filter((query: Properties) => query.MetricStat);
      expect(metricStats.length, id).toBeLessThanOrEqual(10);
    }
  });
});

describe('monitoring stack: API, dead letters, backlog', () => {
  it('alarms on the API 5xx ratio (metric math over 5xx and Count of this API) and notifies the topic', () => {
    const [alarm] = Object.values(alarms()).filter((candidate) => candidate.Properties.AlarmName === 'driftsbilde-api-5xx-rate');
    const properties = alarm!.Properties;
    const byId = Object.fromEntries((properties.Metrics as Properties[]).map((query) => [query.Id, query]));
    const expression = (properties.Metrics as Properties[]).find((query) => query.ReturnData)!.Expression as string;
    expect(expression).toMatch(/100 \* .*serverErrors.* \/ requests/);
    expect(byId.serverErrors.MetricStat.Metric).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx' });
    expect(byId.requests.MetricStat.Metric).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: 'Count' });
    const apiId = logicalId(stacks.api.httpApi, stacks.api);
    for (const id of ['serverErrors', 'requests']) {
      expect(byId[id].MetricStat.Metric.Dimensions[0].Name).toBe('ApiId');
      expect(refersTo(byId[id].MetricStat.Metric.Dimensions[0].Value, stacks.api.stackName, `Ref${apiId}`)).toBe(true);
    }
    expect(properties.AlarmActions).toEqual([topicRef]);
  });

  it('alarms as soon as one sweep is in the dead-letter queue', () => {
    const [alarm] = Object.values(alarms()).filter((candidate) => candidate.Properties.MetricName === 'ApproximateNumberOfMessagesVisible');
    const properties = alarm!.Properties;
    expect(properties).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topicRef] });
    const deadLetterId = logicalId(stacks.collectors.deadLetterQueue, stacks.collectors);
    expect(refersTo(properties.Dimensions[0].Value, stacks.collectors.stackName, deadLetterId)).toBe(true);
  });

  it('leaves no alarm unheard: each notifies the topic or is a member of a composite that does', () => {
    const members = new Set(Object.values(composites()).flatMap((composite) => memberIdsOf(composite.Properties)));
    const all = Object.entries(alarms());
    expect(all.length).toBeGreaterThan(0);
    for (const [id, alarm] of all) {
      if (members.has(id)) expect(alarm.Properties.AlarmActions, id).toBeUndefined();
      else expect(alarm.Properties.AlarmActions, id).toEqual([topicRef]);
    }
    // Both branches ran: some alarms speak through a composite, others notify the topic themselves.
    expect(all.filter(([id]) => members.has(id)).length).toBeGreaterThan(0);
    expect(all.filter(([id]) => !members.has(id)).length).toBeGreaterThan(0);
  });

  it('names every alarm readably and uniquely', () => {
    const names = [...Object.values(alarms()), ...Object.values(composites())].map((alarm) => alarm.Properties.AlarmName as string);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^driftsbilde-[a-z0-9-]+$/);
  });
});

describe('monitoring stack: the topic', () => {
  it('is encrypted with a rotating customer key that CloudWatch may use', () => {
    const [topic] = Object.values(resourcesOf(monitoring, 'AWS::SNS::Topic'));
    const keyId = topic!.Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    const key = monitoring.toJSON().Resources[keyId].Properties;
    expect(key.EnableKeyRotation).toBe(true);
    expect(key.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    );
  });

  it('accepts only this account’s alarms, only over TLS', () => {
    const [policy] = Object.values(resourcesOf(monitoring, 'AWS::SNS::TopicPolicy'));
    const statements = policy!.Properties.PolicyDocument.Statement as Properties[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const allow = statements.find((statement) => statement.Effect === 'Allow');
    expect(allow).toMatchObject({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } });
    expect(statements.filter((statement) => statement.Effect === 'Allow')).toHaveLength(1);
  });
});
