import { ArnFormat, Duration, Stack, Token, type StackProps } from 'aws-cdk-lib';
import {
  CfnSecurityGroup,
  CfnVPCGatewayAttachment,
  CfnVPNGateway,
  InterfaceVpcEndpoint,
  InterfaceVpcEndpointAwsService,
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
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '#shared/domain/health/metrics.ts';
import { SECRET_NAME_PREFIX_VARIABLE, secretNamePrefix } from '#shared/adapters/secrets/secret-names.ts';
import type { DeploymentConfig } from '../config/schema.ts';
import { bindTable, DriftsbildeFunction } from '../constructs/driftsbilde-function.ts';
import { SiteVpn } from '../constructs/site-vpn.ts';
import { pascalCase } from '../names.ts';
import type { DriftsbildeTable } from '../constructs/driftsbilde-table.ts';

/**
 * What the checks need on a site network (shared/schemas/checks.ts): SNMP agents, HTTPS and HTTP
 * health pages, Prometheus node_exporter. Plain `tcp` checks on other ports are allowed per
 * environment (`extraTcpPorts` in the deployment config). restic checks do not run in AWS (the
 * backup system pushes its results through ingest instead; docs/deploy.md).
 */
export const COLLECTOR_PORTS: ReadonlyArray<{ port: Port; use: string }> = [
  { port: Port.udp(161), use: 'SNMP' },
  { port: Port.tcp(443), use: 'HTTPS checks' },
  { port: Port.tcp(80), use: 'HTTP checks' },
  { port: Port.tcp(9100), use: 'node_exporter' },
];
/** EC2's default quota of rules per direction in one security group. */
const SECURITY_GROUP_RULE_QUOTA = 60;

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
  readonly config: DeploymentConfig;
}

/**
 * Health collection (issue 3): every minute the scheduler starts `fan-out-sweeps`, which puts one
 * message per environment due for a sweep on a queue; `collect-environment` probes that
 * environment from inside the VPC and writes the results.
 */
export class CollectorsStack extends Stack {
  readonly vpc: Vpc;
  readonly vpnGateway: CfnVPNGateway;
  /** The site-to-site VPN of each environment, by environment id. */
  readonly siteVpns = new Map<string, SiteVpn>();
  readonly collectorSecurityGroup: SecurityGroup;
  readonly interfaceEndpoints: InterfaceVpcEndpoint[] = [];
  readonly sweepQueue: Queue;
  readonly deadLetterQueue: Queue;
  readonly fanOutFunction: DriftsbildeFunction;
  readonly collectorFunction: DriftsbildeFunction;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: CollectorsStackProps) {
    super(scope, id, { description: 'Driftsbilde: scheduled health collection (scheduler, queue, collectors in a VPC)', ...props });

    const { config } = props;
    const flowLogs = new LogGroup(this, 'VpcFlowLogGroup', { retention: RetentionDays.ONE_MONTH });
    // No public subnet, no internet gateway and no NAT: the collectors talk to the sites over the
    // VPN and to AWS through endpoints, and have no business anywhere else. (A NAT gateway would
    // cost about as much as the two interface endpoints, and would open the internet.)
    this.vpc = new Vpc(this, 'CollectorVpc', {
      ipAddresses: IpAddresses.cidr(config.vpcCidr),
      // Named zones keep synth offline: no availability-zone lookup against the account.
      ...(Token.isUnresolved(this.region) ? { maxAzs: 2 } : { availabilityZones: [`${this.region}a`, `${this.region}b`] }),
      natGateways: 0,
      subnetConfiguration: [{ name: 'Collectors', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      // DynamoDB over a gateway endpoint: free, and the table's traffic never leaves AWS's network.
      gatewayEndpoints: { DynamoDb: { service: GatewayVpcEndpointAwsService.DYNAMODB, subnets: [{ subnetType: SubnetType.PRIVATE_ISOLATED }] } },
      flowLogs: {
        AllTraffic: { destination: FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: FlowLogTrafficType.ALL },
      },
    });
    const collectorSubnets = this.vpc.isolatedSubnets;

    // One virtual private gateway, one VPN connection per environment's site (docs/deploy.md explains
    // why not a transit gateway).
    this.vpnGateway = new CfnVPNGateway(this, 'VpnGateway', { type: 'ipsec.1', tags: [{ key: 'Name', value: 'driftsbilde' }] });
    const attachment = new CfnVPCGatewayAttachment(this, 'VpnGatewayAttachment', { vpcId: this.vpc.vpcId, vpnGatewayId: this.vpnGateway.attrVpnGatewayId });
    for (const environment of config.environments) {
      this.siteVpns.set(environment.id, new SiteVpn(this, `${pascalCase(environment.id)}Vpn`, { environment, vpnGateway: this.vpnGateway, attachment, subnets: collectorSubnets }));
    }

    this.collectorSecurityGroup = new SecurityGroup(this, 'CollectorSecurityGroup', {
      vpc: this.vpc,
      description: 'Driftsbilde collectors: probes to the site networks and AWS endpoints only, nothing inbound',
      allowAllOutbound: false,
    });
    // Each site's networks, on the ports the checks use, and nothing else on them.
    for (const environment of config.environments) {
      const ports = [...COLLECTOR_PORTS, ...environment.extraTcpPorts.map((port) => ({ port: Port.tcp(port), use: `tcp check on ${port}` }))];
      for (const cidr of environment.siteNetworks.cidrs) {
        for (const { port, use } of ports) this.collectorSecurityGroup.addEgressRule(Peer.ipv4(cidr), port, `${environment.id}: ${use}`);
      }
    }
    // The table, through the gateway endpoint (its prefix list is DynamoDB's public ranges in this region).
    this.collectorSecurityGroup.addEgressRule(Peer.prefixList(config.dynamoDbPrefixListId), Port.tcp(443), 'DynamoDB through the gateway endpoint');
    // CloudWatch (PutMetricData) and Secrets Manager (the checks' secrets), through interface endpoints.
    for (const [name, service] of [
      ['CloudWatchEndpoint', InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING],
      ['SecretsManagerEndpoint', InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
    ] as const) {
      const endpoint = this.vpc.addInterfaceEndpoint(name, { service, subnets: { subnets: collectorSubnets }, privateDnsEnabled: true, open: false });
      // Opens 443 on the endpoint's group from the collectors', and the collectors' egress to it.
      endpoint.connections.allowFrom(this.collectorSecurityGroup, Port.tcp(443), 'Driftsbilde collectors');
      this.interfaceEndpoints.push(endpoint);
    }
    const egressRules = (this.collectorSecurityGroup.node.defaultChild as CfnSecurityGroup).securityGroupEgress;
    if (Array.isArray(egressRules) && egressRules.length > SECURITY_GROUP_RULE_QUOTA) {
      throw new Error(`the collectors' security group would need ${egressRules.length} egress rules; EC2 allows ${SECURITY_GROUP_RULE_QUOTA} unless the quota is raised (fewer site CIDRs or ports)`);
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
      vpcSubnets: { subnets: collectorSubnets },
      securityGroups: [this.collectorSecurityGroup],
    });
    bindTable({ fn: this.collectorFunction, table: props.table, access: 'read-write' });
    this.collectorFunction.allowPutMetricData(METRICS_NAMESPACE);
    grantEnvironmentSecrets(this.collectorFunction, config);
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
      description: `Driftsbilde: start a health sweep every ${config.sweepIntervalMinutes} minute(s)`,
      schedule: ScheduleExpression.rate(Duration.minutes(config.sweepIntervalMinutes)),
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

/**
 * The collector reads the checks' secrets (SNMP communities, v3 keys) at run time from Secrets
 * Manager, under `driftsbilde/<regionId>/<environmentId>/<name>`: one statement per configured
 * environment, so it can read no other path (and no other region's). Only the prefix is in its
 * environment, never a value. The trailing `*` covers the names below the environment and the
 * six random characters Secrets Manager appends to every secret's ARN.
 */
export function grantEnvironmentSecrets(fn: DriftsbildeFunction, config: DeploymentConfig): void {
  const stack = Stack.of(fn);
  fn.addEnvironment(SECRET_NAME_PREFIX_VARIABLE, secretNamePrefix(config.regionId));
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'ReadEnvironmentSecrets',
      actions: ['secretsmanager:GetSecretValue'],
      resources: config.environments.map((environment) =>
        stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${secretNamePrefix(config.regionId)}${environment.id}/*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ),
    }),
  );
  NagSuppressions.addResourceSuppressions(
    fn.executionRole,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason: `GetSecretValue on driftsbilde/${config.regionId}/<environmentId>/* for the configured environments only: the collector reads each environment's check secrets by name, and Secrets Manager appends a random suffix to every ARN.`,
        appliesTo: [{ regex: `/^Resource::arn:[^:]+:secretsmanager:[^:]+:<AWS::AccountId>:secret:driftsbilde\\/${config.regionId}\\/[a-z0-9-]+\\/\\*$/` }],
      },
    ],
    true,
  );
}
