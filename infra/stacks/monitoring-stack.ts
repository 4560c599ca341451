import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { AlarmStatusWidget, ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Subscription, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DriftsbildeFunction } from '../constructs/driftsbilde-function.ts';
import { FunctionErrorRateAlarms } from '../constructs/function-error-rate-alarms.ts';
import { METRICS_NAMESPACE } from '#shared/domain/health/metrics.ts';
import type { DeploymentConfig } from '../config/schema.ts';
import { NAME_PREFIX, pascalCase } from '../names.ts';

export interface MonitoringStackProps extends StackProps {
  readonly apiFunctions: readonly DriftsbildeFunction[];
  readonly collectorFunctions: readonly DriftsbildeFunction[];
  readonly httpApi: IHttpApi;
  readonly sweepQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly config: DeploymentConfig;
  /** Each environment's VPN connection id, by environment id (collectors stack). */
  readonly vpnConnectionIds: ReadonlyMap<string, string>;
}

/** The alarms of one environment, all notifying the topic. */
export interface EnvironmentAlarms {
  /** Unplanned incidents are open (IncidentsOpen ≥ 1): a device went critical and stayed so. */
  openIncidents: Alarm;
  /** Devices that need a backup have none inside their RPO (BackupsMissing ≥ 1). */
  backupsMissing: Alarm;
  /** No sweep has completed for 3 intervals: missing data is breaching. */
  heartbeat: Alarm;
  /** Neither tunnel of the site's VPN is up. */
  vpnDown: Alarm;
}

/** Alarms on what matters to the operators, all sent to one encrypted SNS topic. */
export class MonitoringStack extends Stack {
  readonly topic: Topic;
  readonly alarms: { apiFunctions: FunctionErrorRateAlarms; collectorFunctions: FunctionErrorRateAlarms; api5xxRate: Alarm; deadLetters: Alarm; sweepBacklog: Alarm; throttles: Alarm };
  readonly environmentAlarms = new Map<string, EnvironmentAlarms>();
  readonly dashboard: Dashboard;

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
    // Each address confirms its subscription from the mail AWS sends after the deploy (docs/deploy.md).
    props.config.alarmEmails.forEach((email, index) => {
      new Subscription(this, `AlarmEmailSubscription${index}`, { topic: this.topic, protocol: SubscriptionProtocol.EMAIL, endpoint: email });
    });
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

    // Throttled invocations, account-wide in this region (AWS/Lambda without a dimension): a metric-math
    // alarm may read only 10 metrics, and the account is Driftsbilde's own (docs/deploy.md).
    const throttles = notifyBothWays(
      new Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', statistic: 'Sum', period, label: 'Lambda throttles' }).createAlarm(this, 'FunctionThrottles', {
        alarmName: `${NAME_PREFIX}-lambda-throttles`,
        alarmDescription: 'Lambda functions in this account and region were throttled in 2 of the last 3 five-minute periods: requests or sweeps are being refused.',
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    const { regionId } = props.config;
    const interval = Duration.minutes(props.config.sweepIntervalMinutes);
    for (const environment of props.config.environments) {
      const dimensions = { Region: regionId, Environment: environment.id };
      const sweepMetric = (metricName: string, statistic: string, extra: Record<string, string> = {}) =>
        new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { ...dimensions, ...extra }, statistic, period: interval });
      const name = (what: string) => `${NAME_PREFIX}-${regionId}-${environment.id}-${what}`;
      const openIncidents = notifyBothWays(
        sweepMetric('IncidentsOpen', 'Maximum').createAlarm(this, `${pascalCase(environment.id)}OpenIncidents`, {
          alarmName: name('open-incidents'),
          alarmDescription: `${environment.id}: unplanned incidents are open (a device has been critical for 3 sweeps). See the dashboard's incidents page.`,
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          // The heartbeat alarm speaks for missing sweeps; this one judges the sweeps that ran.
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      const backupsMissing = notifyBothWays(
        sweepMetric('BackupsMissing', 'Maximum').with({ period: Duration.minutes(15) }).createAlarm(this, `${pascalCase(environment.id)}BackupsMissing`, {
          alarmName: name('backups-missing'),
          alarmDescription: `${environment.id}: devices that need a backup have no successful one inside their RPO.`,
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      // Every completed sweep publishes DeviceCount{Status=ok}, zero included (shared/domain/health/metrics.ts).
      const heartbeat = notifyBothWays(
        sweepMetric('DeviceCount', 'SampleCount', { Status: 'ok' }).createAlarm(this, `${pascalCase(environment.id)}SweepHeartbeat`, {
          alarmName: name('sweep-heartbeat'),
          alarmDescription: `${environment.id}: no sweep has completed for ${3 * props.config.sweepIntervalMinutes} minutes (3 intervals). Check the collector's logs, the VPN and the dead-letter queue.`,
          threshold: 1,
          comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: 3,
          // No data is exactly what a stopped collector looks like.
          treatMissingData: TreatMissingData.BREACHING,
        }),
      );
      const vpnConnectionId = props.vpnConnectionIds.get(environment.id);
      if (!vpnConnectionId) throw new Error(`no VPN connection for environment ${environment.id}`);
      const vpnDown = notifyBothWays(
        new Metric({ namespace: 'AWS/VPN', metricName: 'TunnelState', dimensionsMap: { VpnId: vpnConnectionId }, statistic: 'Maximum', period: Duration.minutes(5) }).createAlarm(
          this,
          `${pascalCase(environment.id)}VpnDown`,
          {
            alarmName: name('vpn-down'),
            alarmDescription: `${environment.id}: neither tunnel of the site VPN has been up for 10 minutes; the collector cannot reach the site.`,
            threshold: 1,
            comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
            evaluationPeriods: 2,
            treatMissingData: TreatMissingData.BREACHING,
          },
        ),
      );
      this.environmentAlarms.set(environment.id, { openIncidents, backupsMissing, heartbeat, vpnDown });
    }

    this.alarms = { apiFunctions, collectorFunctions, api5xxRate, deadLetters, sweepBacklog, throttles };
    this.dashboard = this.buildDashboard(props);
  }

  /** One CloudWatch dashboard per deployment: every alarm's state, and the sweep figures per environment. */
  private buildDashboard(props: MonitoringStackProps): Dashboard {
    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${NAME_PREFIX}-${props.config.regionId}`, defaultInterval: Duration.hours(6) });
    const allAlarms = [
      ...[...this.environmentAlarms.values()].flatMap((alarms) => Object.values(alarms)),
      this.alarms.api5xxRate,
      this.alarms.deadLetters,
      this.alarms.sweepBacklog,
      this.alarms.throttles,
    ];
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: [...allAlarms, this.alarms.apiFunctions.groupAlarm, this.alarms.collectorFunctions.groupAlarm], width: 24 }));
    const perEnvironment = (metricName: string, statistic: string, extra: Record<string, string> = {}) =>
      props.config.environments.map(
        (environment) =>
          new Metric({
            namespace: METRICS_NAMESPACE,
            metricName,
            dimensionsMap: { Region: props.config.regionId, Environment: environment.id, ...extra },
            statistic,
            period: Duration.minutes(5),
            label: environment.id,
          }),
      );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Critical devices', left: perEnvironment('DeviceCount', 'Maximum', { Status: 'critical' }), width: 8 }),
      new GraphWidget({ title: 'Open incidents', left: perEnvironment('IncidentsOpen', 'Maximum'), width: 8 }),
      new GraphWidget({ title: 'Backups missing', left: perEnvironment('BackupsMissing', 'Maximum'), width: 8 }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Sweeps completed (per 5 min)', left: perEnvironment('DeviceCount', 'SampleCount', { Status: 'ok' }), width: 8 }),
      new GraphWidget({ title: 'Check latency p95 (ms)', left: perEnvironment('CheckLatencyP95', 'Maximum'), width: 8 }),
      new GraphWidget({
        title: 'API requests and 5xx',
        left: [props.httpApi.metricCount({ statistic: 'Sum', period: Duration.minutes(5) })],
        right: [props.httpApi.metricServerError({ statistic: 'Sum', period: Duration.minutes(5) })],
        width: 8,
      }),
    );
    return dashboard;
  }
}
