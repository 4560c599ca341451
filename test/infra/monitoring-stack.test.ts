import { Template } from 'aws-cdk-lib/assertions';
import { loadDeploymentConfig } from '#infra/config/index.ts';
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
    const apiId = logicalId(stacks.web.httpApi, stacks.web);
    for (const id of ['serverErrors', 'requests']) {
      expect(byId[id].MetricStat.Metric.Dimensions[0].Name).toBe('ApiId');
      expect(refersTo(byId[id].MetricStat.Metric.Dimensions[0].Value, stacks.web.stackName, `Ref${apiId}`)).toBe(true);
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

const sortByName = (dimensions: Array<{ Name: string; Value?: unknown }>) => [...dimensions].sort((a, b) => a.Name.localeCompare(b.Name));

describe('monitoring stack: per environment', () => {
  const config = () => loadDeploymentConfig();
  const alarmNamed = (name: string) => {
    const found = Object.values(alarms()).filter((alarm) => alarm.Properties.AlarmName === name);
    expect(found, name).toHaveLength(1);
    return found[0]!.Properties;
  };

  it.each(loadDeploymentConfig().environments.map((environment) => [environment.id]))('%s: open incidents and missing backups, from the metrics each sweep publishes, to the topic', (environmentId) => {
    const dimensions = [{ Name: 'Region', Value: config().regionId }, { Name: 'Environment', Value: environmentId }];
    for (const [what, metric] of [['open-incidents', 'IncidentsOpen'], ['backups-missing', 'BackupsMissing']] as const) {
      const alarm = alarmNamed(`driftsbilde-kr-ikt-${environmentId}-${what}`);
      expect(alarm).toMatchObject({ Namespace: 'Driftsbilde', MetricName: metric, Statistic: 'Maximum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topicRef], OKActions: [topicRef] });
      expect(sortByName(alarm.Dimensions)).toEqual(sortByName(dimensions));
    }
  });

  it.each(loadDeploymentConfig().environments.map((environment) => [environment.id]))('%s: a heartbeat that fires after 3 sweep intervals without a completed sweep, missing data breaching', (environmentId) => {
    const alarm = alarmNamed(`driftsbilde-kr-ikt-${environmentId}-sweep-heartbeat`);
    const interval = config().sweepIntervalMinutes * 60;
    expect(alarm).toMatchObject({
      Namespace: 'Driftsbilde',
      MetricName: 'DeviceCount',
      Statistic: 'SampleCount',
      Period: interval,
      EvaluationPeriods: 3,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [topicRef],
    });
    expect(sortByName(alarm.Dimensions)).toEqual(sortByName([{ Name: 'Region', Value: 'kr-ikt' }, { Name: 'Environment', Value: environmentId }, { Name: 'Status', Value: 'ok' }]));
    // The schedule really runs at that interval.
    const [schedule] = Object.values(resourcesOf(Template.fromStack(stacks.collectors), 'AWS::Scheduler::Schedule'));
    expect(schedule!.Properties.ScheduleExpression).toBe(`rate(${config().sweepIntervalMinutes} minute${config().sweepIntervalMinutes === 1 ? '' : 's'})`);
  });

  it.each(loadDeploymentConfig().environments.map((environment) => [environment.id]))('%s: the site VPN down (no tunnel up), missing data breaching', (environmentId) => {
    const alarm = alarmNamed(`driftsbilde-kr-ikt-${environmentId}-vpn-down`);
    expect(alarm).toMatchObject({ Namespace: 'AWS/VPN', MetricName: 'TunnelState', Statistic: 'Maximum', Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching', AlarmActions: [topicRef] });
    const connectionId = stacks.collectors.getLogicalId(stacks.collectors.siteVpns.get(environmentId)!.connection);
    expect(JSON.stringify(alarm.Dimensions[0].Value)).toContain(connectionId);
  });

  it('alarms on Lambda throttles and subscribes every configured address', () => {
    const throttles = alarmNamed('driftsbilde-lambda-throttles');
    expect(throttles).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topicRef] });
    const metric = throttles.MetricName ? throttles : throttles.Metrics[0].MetricStat.Metric;
    expect(metric).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles' });
    // Account-wide: no FunctionName dimension, so a function added later is covered too.
    expect(metric.Dimensions ?? []).toEqual([]);
    const subscriptions = Object.values(resourcesOf(monitoring, 'AWS::SNS::Subscription')).map((subscription) => subscription.Properties);
    expect(subscriptions.map((subscription) => subscription.Endpoint).sort()).toEqual([...config().alarmEmails].sort());
    for (const subscription of subscriptions) expect(subscription).toMatchObject({ Protocol: 'email', TopicArn: topicRef });
  });

  it('draws one CloudWatch dashboard for the deployment, showing every alarm', () => {
    const dashboards = Object.values(resourcesOf(monitoring, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.Properties.DashboardName).toBe('driftsbilde-kr-ikt');
    const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
    for (const id of [...Object.keys(alarms()).filter((id) => !/ErrorRate/.test(id)), ...Object.keys(composites())]) expect(body, id).toContain(id);
  });
});
