import { NagSuppressions } from 'cdk-nag';
import type { DriftsbildeStacks } from './driftsbilde.ts';

/**
 * cdk-nag's Serverless pack findings that do not fit how Driftsbilde invokes its functions, each
 * with its reason, in one place. Everything else the pack asks for is done (tracing, structured
 * logs, retention, memory and timeouts set, queues with a dead-letter queue).
 */
export function suppressServerlessFindings(stacks: DriftsbildeStacks): void {
  // API functions are invoked synchronously by API Gateway: the caller gets the error, nothing is queued.
  for (const fn of stacks.api.functions) {
    NagSuppressions.addResourceSuppressions(fn, [
      { id: 'Serverless-LambdaDLQ', reason: `${fn.entryName} is invoked synchronously by API Gateway: the caller receives the error response; there is no asynchronous event to keep.` },
    ]);
  }

  const { fanOutFunction, collectorFunction, deadLetterQueue } = stacks.collectors;
  NagSuppressions.addResourceSuppressions(
    fanOutFunction,
    [
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'The fan-out is started every minute by EventBridge Scheduler with no retries; a failed fan-out is superseded by the next one a minute later, and the per-environment heartbeat alarm fires if sweeps stop. A kept event would be stale by then.',
      },
      {
        id: 'Serverless-LambdaAsyncFailureDestination',
        reason: 'As for the DLQ: a failed fan-out event is worthless a minute later (the next one replaces it); failures show as the function error-rate alarm and the heartbeat alarms.',
      },
    ],
    true,
  );
  NagSuppressions.addResourceSuppressions(
    collectorFunction,
    [
      { id: 'Serverless-LambdaDLQ', reason: 'The collector is invoked by an SQS event source mapping, not asynchronously: failed sweeps go to the sweep queue’s own dead-letter queue (redrive after 3 receives).' },
      {
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason: 'On-failure destinations of event source mappings exist for stream and Kafka sources only; for an SQS source the queue’s redrive policy (to the sweep dead-letter queue, alarmed) is the failure path.',
      },
    ],
    true,
  );
  NagSuppressions.addResourceSuppressions(deadLetterQueue, [
    { id: 'Serverless-SQSRedrivePolicy', reason: 'This is the dead-letter queue itself; messages stay 14 days for inspection and redrive, and an alarm fires on the first one.' },
  ]);

  for (const subscription of stacks.monitoring.node.findAll().filter((node) => node.node.id.startsWith('AlarmEmailSubscription'))) {
    NagSuppressions.addResourceSuppressions(subscription, [
      {
        id: 'Serverless-SNSRedrivePolicy',
        reason: 'E-mail subscriptions: SNS retries e-mail delivery itself, and every alarm is also visible on the CloudWatch dashboard and in the alarm history, so a dead-letter queue of undelivered alarm mails would hold nothing actionable.',
      },
    ]);
  }

  // The handler aws-cdk-lib adds for BucketDeployment (config.json): its code, role and runtime are CDK's.
  const handler = stacks.web.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('the web stack has no BucketDeployment handler; remove its suppressions');
  const why = "CDK's BucketDeployment handler (writes config.json during deployments, never at run time)";
  const handlerRole = handler.node.tryFindChild('ServiceRole');
  if (!handlerRole) throw new Error("the BucketDeployment handler has no ServiceRole; revisit its suppressions");
  NagSuppressions.addResourceSuppressions(handler.node.defaultChild ?? handler, [
      { id: 'Serverless-LambdaDLQ', reason: `${why} is a CloudFormation custom resource: a failure fails the deployment, there is no event to keep.` },
      { id: 'Serverless-LambdaTracing', reason: `${why}: its function settings are aws-cdk-lib's.` },
      { id: 'Serverless-LambdaLatestVersion', reason: `${why}: its Python runtime is chosen by aws-cdk-lib and moves with its releases.` },
      { id: 'AwsSolutions-L1', reason: `${why}: its Python runtime is chosen by aws-cdk-lib and moves with its releases.` },
  ]);
  NagSuppressions.addResourceSuppressions(
    handlerRole,
    [
      {
        id: 'AwsSolutions-IAM4',
        reason: `${why} writes its own logs through the AWS-managed basic execution policy.`,
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: `${why} reads its asset from the CDK staging bucket, writes to the dashboard bucket's objects, and creates a CloudFront invalidation (no resource-level permission).`,
        appliesTo: [
          'Action::s3:Abort*',
          'Action::s3:DeleteObject*',
          'Action::s3:GetBucket*',
          'Action::s3:GetObject*',
          'Action::s3:List*',
          'Resource::*',
          { regex: '/^Resource::<DashboardBucket[0-9A-F]{8}\\.Arn>\\/\\*$/' },
          { regex: '/^Resource::arn:[^:]+:s3:::cdk-[a-z0-9]+-assets-<AWS::AccountId>-[a-z0-9-]+\\/\\*$/' },
        ],
      },
    ],
    true,
  );
}
