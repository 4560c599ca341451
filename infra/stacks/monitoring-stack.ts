import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { ComparisonOperator, MathExpression, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Subscription, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DriftsbildeFunction } from '../constructs/driftsbilde-function.ts';
import { FunctionErrorRateAlarms } from '../constructs/function-error-rate-alarms.ts';
import { NAME_PREFIX } from '../names.ts';

export interface MonitoringStackProps extends StackProps {
  readonly apiFunctions: readonly DriftsbildeFunction[];
  readonly collectorFunctions: readonly DriftsbildeFunction[];
  readonly httpApi: IHttpApi;
  readonly sweepQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  /** Where alarm notifications go (`cdk deploy -c alarmEmail=drift@example.no`); none if unset. */
  readonly alarmEmail?: string;
}

/** Alarms on what matters to the operators, all sent to one encrypted SNS topic. */
export class MonitoringStack extends Stack {
  readonly topic: Topic;
  readonly alarms: { apiFunctions: FunctionErrorRateAlarms; collectorFunctions: FunctionErrorRateAlarms; api5xxRate: Alarm; deadLetters: Alarm; sweepBacklog: Alarm };

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, { description: 'Driftsbilde: alarms and the alarm topic', ...props });

    // A customer-managed key: the AWS-managed aws/sns key does not let CloudWatch publish.
    const topicKey = new Key(this, 'AlarmTopicKey', {
      description: 'Driftsbilde alarm topic',
      enableKeyRotation: true,
    });
    topicKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Driftsbilde alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });
    // The topic policy replaces SNS's default one, so CloudWatch needs an explicit allow, for
    // this account's alarms only.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisAccountsAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*` },
        },
      }),
    );
    if (props.alarmEmail) {
      new Subscription(this, 'AlarmEmailSubscription', { topic: this.topic, protocol: SubscriptionProtocol.EMAIL, endpoint: props.alarmEmail });
    }
    const notify = new SnsAction(this.topic);
    const notifyBothWays = (alarm: Alarm): Alarm => {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      return alarm;
    };

    const apiFunctions = new FunctionErrorRateAlarms(this, 'ApiFunctionErrorRate', {
      groupName: 'api',
      functions: props.apiFunctions,
      thresholdPercent: 5,
      topic: this.topic,
    });
    const collectorFunctions = new FunctionErrorRateAlarms(this, 'CollectorFunctionErrorRate', {
      groupName: 'collectors',
      functions: props.collectorFunctions,
      thresholdPercent: 10,
      topic: this.topic,
    });

    const period = Duration.minutes(5);
    const api5xxRate = notifyBothWays(
      new MathExpression({
        expression: 'IF(requests > 0, 100 * FILL(serverErrors, 0) / requests, 0)',
        usingMetrics: {
          serverErrors: props.httpApi.metricServerError({ statistic: 'Sum', period }),
          requests: props.httpApi.metricCount({ statistic: 'Sum', period }),
        },
        period,
        label: 'API 5xx rate (%)',
      }).createAlarm(this, 'Api5xxRate', {
        alarmName: `${NAME_PREFIX}-api-5xx-rate`,
        alarmDescription: 'More than 5 % of API requests answered 5xx in 2 of the last 3 five-minute periods.',
        threshold: 5,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    const deadLetters = notifyBothWays(
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }).createAlarm(this, 'SweepDeadLetters', {
        alarmName: `${NAME_PREFIX}-sweep-dead-letters`,
        alarmDescription: 'Sweeps failed three times and wait in the dead-letter queue; inspect and redrive or purge them.',
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    // Sweeps expire after an hour without reaching the dead-letter queue; this catches a
    // collector that has stopped consuming long before that.
    const sweepBacklog = notifyBothWays(
      props.sweepQueue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: Duration.minutes(1) }).createAlarm(this, 'SweepBacklog', {
        alarmName: `${NAME_PREFIX}-sweep-backlog`,
        alarmDescription: 'The oldest queued sweep has waited more than five minutes for five minutes: collectors are not keeping up.',
        threshold: 300,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    this.alarms = { apiFunctions, collectorFunctions, api5xxRate, deadLetters, sweepBacklog };
  }
}
