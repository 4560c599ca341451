import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Requests per 5 minutes per client address: ingest (backup systems push a few times an hour) and the whole API. */
export const INGEST_RATE_LIMIT_PER_5_MIN = 100;
export const API_RATE_LIMIT_PER_5_MIN = 3_000;
/** The public ingest route's path prefix (shared/api: POST /api/ingest/{region}/{environment}/backup-results). */
export const INGEST_PATH_PREFIX = '/api/ingest/';

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
const pathStartsWith = (prefix: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: prefix,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

/**
 * The CloudFront web ACL. An HTTP API cannot carry a WAF association itself (WAF protects REST
 * APIs, not HTTP APIs), so the ACL sits on the distribution in front of it, and a web ACL for
 * CloudFront must be created in us-east-1: hence this small stack of its own.
 * The rate-based rule blocks a client sending more than INGEST_RATE_LIMIT_PER_5_MIN requests to
 * the public ingest route (the only API route without a Cognito token), on top of API Gateway's
 * per-route throttling; a second, looser one covers the whole API. Two AWS managed rule groups
 * drop known-bad addresses and request patterns.
 */
export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, { description: 'Driftsbilde: CloudFront web ACL (us-east-1)', ...props });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('driftsbilde-web-acl'),
      rules: [
        {
          name: 'IngestRateLimit',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: INGEST_RATE_LIMIT_PER_5_MIN,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: pathStartsWith(INGEST_PATH_PREFIX),
            },
          },
          visibilityConfig: visibility('driftsbilde-ingest-rate-limit'),
        },
        {
          name: 'ApiRateLimit',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: { limit: API_RATE_LIMIT_PER_5_MIN, evaluationWindowSec: 300, aggregateKeyType: 'IP', scopeDownStatement: pathStartsWith('/api/') },
          },
          visibilityConfig: visibility('driftsbilde-api-rate-limit'),
        },
        ...['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet'].map((name, index) => ({
          name,
          priority: 10 + index,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
          visibilityConfig: visibility(`driftsbilde-${name}`),
        })),
      ],
    });
    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn });
  }
}
