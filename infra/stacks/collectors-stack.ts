import { Duration, Stack, Token, type StackProps } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  IpAddresses,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '#shared/domain/health/metrics.ts';
import { bindTable, DriftsbildeFunction } from '../constructs/driftsbilde-function.ts';
import type { DriftsbildeTable } from '../constructs/driftsbilde-table.ts';

/** Private address ranges: the municipalities' sites, reached over the VPN. */
const SITE_NETWORKS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/**
 * One batch is two environments, swept side by side (the collector's own default): checks time
 * out after at most 30 s and run 16 at a time, so 90 s covers a few waves of slow checks.
 */
const COLLECTOR_TIMEOUT = Duration.seconds(90);
const COLLECTOR_BATCH_SIZE = 2;
/**
 * Not Lambda's usual "6 × timeout": the collector drops a sweep older than 5 minutes as stale, so
 * all three attempts (at 0, 2 and 4 minutes) must fall inside that, or a sweep that keeps failing
 * would be dropped as stale instead of reaching the dead-letter queue. The event source's
 * maxConcurrency keeps the poller from fetching more than the functions take, which is what the
 * 6 × advice guards against.
 */
const SWEEP_VISIBILITY_TIMEOUT = Duration.minutes(2);

export interface CollectorsStackProps extends StackProps {
  readonly table: DriftsbildeTable;
}

/**
 * Health collection (issue 3): every minute the scheduler starts `fan-out-sweeps`, which puts one
 * message per environment due for a sweep on a queue; `collect-environment` probes that
 * environment from inside the VPC and writes the results.
 */
export class CollectorsStack extends Stack {
  readonly vpc: Vpc;
  readonly sweepQueue: Queue;
  readonly deadLetterQueue: Queue;
  readonly fanOutFunction: DriftsbildeFunction;
  readonly collectorFunction: DriftsbildeFunction;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: CollectorsStackProps) {
    super(scope, id, { description: 'Driftsbilde: scheduled health collection (scheduler, queue, collectors in a VPC)', ...props });

    // In production this VPC is connected to the sites by Site-to-Site VPN or Direct Connect
    // (a virtual private gateway or Transit Gateway attachment, set up with the network team).
    // Its range must not overlap any site network routed over that link.
    const flowLogs = new LogGroup(this, 'VpcFlowLogGroup', { retention: RetentionDays.ONE_MONTH });
    this.vpc = new Vpc(this, 'CollectorVpc', {
      ipAddresses: IpAddresses.cidr('10.250.0.0/22'),
      // Named zones keep synth offline: no availability-zone lookup against the account.
      ...(Token.isUnresolved(this.region) ? { maxAzs: 2 } : { availabilityZones: [`${this.region}a`, `${this.region}b`] }),
      // One NAT gateway for AWS APIs (CloudWatch, X-Ray) and public endpoints; a second AZ's NAT
      // would only matter if collection had to survive an AZ outage, which it does not.
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: SubnetType.PUBLIC, cidrMask: 26 },
        { name: 'Collectors', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      // DynamoDB traffic stays on the AWS network and off the NAT bill.
      gatewayEndpoints: { DynamoDb: { service: GatewayVpcEndpointAwsService.DYNAMODB } },
      flowLogs: {
        AllTraffic: { destination: FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: FlowLogTrafficType.ALL },
      },
    });

    const collectorSecurityGroup = new SecurityGroup(this, 'CollectorSecurityGroup', {
      vpc: this.vpc,
      description: 'Driftsbilde collectors: outbound probes only, nothing inbound',
      allowAllOutbound: false,
    });
    // HTTPS to AWS APIs and to public endpoints; HTTP for plain health pages.
    collectorSecurityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS: AWS APIs and public endpoints');
    collectorSecurityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(80), 'HTTP health pages');
    // Any TCP/UDP/ICMP probe (SNMP, SSH banners, ...) towards the sites.
    for (const cidr of SITE_NETWORKS) {
      collectorSecurityGroup.addEgressRule(Peer.ipv4(cidr), Port.allTraffic(), `Probes to site networks (${cidr})`);
    }

    this.deadLetterQueue = new Queue(this, 'SweepDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.sweepQueue = new Queue(this, 'SweepQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: SWEEP_VISIBILITY_TIMEOUT,
      // A sweep is repeated every minute; one that could not run within the hour is worthless.
      retentionPeriod: Duration.hours(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
    });

    this.fanOutFunction = new DriftsbildeFunction(this, 'FanOutSweepsFunction', {
      entryName: 'fan-out-sweeps',
      description: 'Every minute: queue one sweep per environment that is due',
      timeout: Duration.seconds(30),
      // The next minute brings a fresh fan-out; retrying an old one would only double the sweeps.
      retryAttempts: 0,
      environment: { SWEEP_QUEUE_URL: this.sweepQueue.queueUrl },
    });
    bindTable({ fn: this.fanOutFunction, table: props.table, access: 'read' });
    this.sweepQueue.grantSendMessages(this.fanOutFunction);

    this.collectorFunction = new DriftsbildeFunction(this, 'CollectEnvironmentFunction', {
      entryName: 'collect-environment',
      description: 'Probes one environment per queued sweep and records the results',
      timeout: COLLECTOR_TIMEOUT,
      vpc: this.vpc,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [collectorSecurityGroup],
    });
    bindTable({ fn: this.collectorFunction, table: props.table, access: 'read-write' });
    this.collectorFunction.allowPutMetricData(METRICS_NAMESPACE);
    this.collectorFunction.addEventSource(
      new SqsEventSource(this.sweepQueue, {
        batchSize: COLLECTOR_BATCH_SIZE,
        // One failed environment must not send the other back to the queue.
        reportBatchItemFailures: true,
        // Bounds the probe load on the VPN and the sites, whatever the backlog.
        maxConcurrency: 10,
      }),
    );

    // An own role for the scheduler so its one (suppressed) wildcard is visible here.
    const scheduleRole = new Role(this, 'SweepScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      description: 'EventBridge Scheduler: start the Driftsbilde sweep fan-out',
    });
    this.schedule = new Schedule(this, 'SweepSchedule', {
      description: 'Driftsbilde: start a health sweep every minute',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(this.fanOutFunction, {
        role: scheduleRole,
        // A late or failed fan-out is superseded by the next one a minute later.
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
      }),
    });
    // After the schedule: the target's grant creates the role's policy only when it binds.
    NagSuppressions.addResourceSuppressions(
      scheduleRole,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: "LambdaInvoke's grant adds the fan-out function's own versions and aliases (<arn>:*) beside its ARN; it reaches no other function.",
          appliesTo: [{ regex: '/^Resource::<FanOutSweepsFunction[0-9A-F]{8}\\.Arn>:\\*$/' }],
        },
      ],
      true,
    );
  }
}
