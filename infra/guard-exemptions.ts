/**
 * AWS Control Tower proactive controls (the CloudFormation Guard rules bundled with
 * @cdklabs/cdk-validator-cfnguard) that Driftsbilde's templates still fail, each with its reason —
 * in this one file. test/infra/guard.test.ts runs every rule offline against the synthesised
 * templates and fails on a finding not listed here, and on an entry here that no longer matches.
 * `resources` are logical ids (regular expressions) in `<stack>:<logical id>` form.
 */
export interface GuardExemption {
  readonly rule: string;
  readonly resources: RegExp;
  readonly reason: string;
}

const CDK_HANDLERS = 'CustomCDKBucketDeployment[0-9A-F]+|CustomVpcRestrictDefaultSGCustomResourceProvider';

export const GUARD_EXEMPTIONS: readonly GuardExemption[] = [
  {
    rule: 'api_gw_v2_authorization_type_configured_check',
    resources: /^Driftsbilde-Api:(GetApiOpenapiJson|PostApiIngestRegionIdEnvironmentIdBackupResults)Route[0-9A-F]{8}$/,
    reason: "The two routes the contract makes public (allow: 'public'): the OpenAPI document, and backup ingest, which checks the environment's ingest key itself and is rate-limited by the web ACL and route throttling.",
  },
  {
    rule: 'cloudwatch_alarm_action_check',
    resources: /^Driftsbilde-Monitoring:(Api|Collector)FunctionErrorRate.+ErrorRate[0-9A-F]{8}$/,
    reason: "Per-function error-rate alarms are members of one composite alarm per group, which notifies the topic (infra/constructs/function-error-rate-alarms.ts): one message for an outage instead of thirty.",
  },
  {
    rule: 'cloudwatch_log_group_encrypted_check',
    resources: /^Driftsbilde-(Api|Collectors|Web):.+$/,
    reason: 'Log groups are encrypted by CloudWatch Logs with AWS-owned keys; a customer KMS key per log group (1 USD a month each, ~40 groups) adds cost without a reader we need to exclude. Function logs hold no secrets (values never reach a log line).',
  },
  {
    rule: 'cloudwatch_log_group_retention_period_check',
    resources: /^Driftsbilde-(Api|Collectors|Web):.+$/,
    reason: "Retention comes from the deployment config (logRetentionDays, 90 days for KR-IKT): operational logs, not an audit record (the audit trail lives in DynamoDB). The control asks for at least a year.",
  },
  {
    rule: 'kms_create_grant_aws_service_check',
    resources: /^Driftsbilde-Monitoring:AlarmTopicKey[0-9A-F]{8}$/,
    reason: "The alarm topic's key policy is CDK's default account-root statement (so IAM policies govern the key) plus CloudWatch's Decrypt/GenerateDataKey; no grant-creating principal outside the account exists.",
  },
  {
    rule: 'lambda_function_public_access_prohibited_check',
    // One permission per capability function (scopePermissionToRoute: false), named after the route that created it.
    resources: /^Driftsbilde-Api:.+RouteApiPermissionApiScoped.+$/,
    reason: 'Each permission lets apigateway.amazonaws.com invoke one function, scoped by SourceArn to this HTTP API; the control cannot see the SourceArn condition as a restriction.',
  },
  {
    rule: 'lambda_inside_vpc_check',
    resources: new RegExp(`^Driftsbilde-(Api|Collectors|Web):(.+Function[0-9A-F]{8}|${CDK_HANDLERS}.*)$`),
    reason: 'Only the collector needs the sites, so only it runs in the VPC. API functions and the fan-out reach DynamoDB, SQS and CloudWatch over AWS endpoints; in a VPC they would need NAT or more interface endpoints and cold-start ENIs, for no added control.',
  },
  {
    rule: 'sqs_dlq_check',
    resources: /^Driftsbilde-Collectors:SweepDeadLetterQueue[0-9A-F]{8}$/,
    reason: 'The dead-letter queue itself; a dead-letter queue of the dead-letter queue would hold nothing new. An alarm fires on its first message.',
  },
  ...[
    ['cloudfront_origin_failover_enabled_check', 'One origin per behaviour: a second bucket or API in another region would double the deployment for a dashboard that is useless without its one API anyway.'],
    ['cloudfront_custom_ssl_certificate_check', 'KR-IKT has not configured customDomain yet; with it the distribution gets its ACM certificate (test/infra/web-stack.test.ts synthesises that case).'],
    ['cloudfront_sni_enabled_check', 'Follows from the *.cloudfront.net certificate until customDomain is configured; with it SNI-only is set.'],
    ['cloudfront_security_policy_check', 'CloudFront fixes the TLS policy of the *.cloudfront.net certificate; with customDomain the minimum is TLSv1.2_2021.'],
  ].map(([rule, reason]) => ({ rule: rule!, resources: /^Driftsbilde-Web:DashboardDistribution[0-9A-F]{8}$/, reason: reason! })),
  {
    rule: 's3_bucket_default_encryption_kms_check',
    resources: /^Driftsbilde-Web:(AccessLogBucket|DashboardBucket)[0-9A-F]{8}$/,
    reason: 'SSE-S3: the dashboard bucket holds the public static bundle, and CloudFront standard logs cannot be delivered to an SSE-KMS bucket.',
  },
  {
    rule: 's3_bucket_versioning_enabled_check',
    resources: /^Driftsbilde-Web:AccessLogBucket[0-9A-F]{8}$/,
    reason: 'Access logs are written once and expire after 90 days; versions would only keep deleted logs longer.',
  },
  {
    rule: 's3_bucket_logging_enabled_check',
    resources: /^Driftsbilde-Web:AccessLogBucket[0-9A-F]{8}$/,
    reason: 'The access-log bucket itself; logging it into itself would log its own log writes.',
  },
  {
    rule: 's3_version_lifecycle_policy_check',
    resources: /^Driftsbilde-Web:DashboardBucket[0-9A-F]{8}$/,
    reason: 'Old versions of the dashboard bundle are a few hundred KB each and are the rollback path; no expiry needed at this size.',
  },
  {
    rule: 's3_lifecycle_policy_check',
    resources: /^Driftsbilde-Web:DashboardBucket[0-9A-F]{8}$/,
    reason: 'The dashboard bucket holds the current bundle and config.json only; nothing in it should expire.',
  },
  {
    rule: 's3_event_notifications_enabled_check',
    resources: /^Driftsbilde-Web:(AccessLogBucket|DashboardBucket)[0-9A-F]{8}$/,
    reason: 'Nothing reacts to object writes in these buckets; releases are deliberate (docs/deploy.md).',
  },
  {
    rule: 's3_bucket_object_lock_enabled_check',
    resources: /^Driftsbilde-Web:(AccessLogBucket|DashboardBucket)[0-9A-F]{8}$/,
    reason: 'Object Lock (WORM) is for records that must not change; the dashboard bundle must change at every release, and access logs expire after 90 days.',
  },
];
