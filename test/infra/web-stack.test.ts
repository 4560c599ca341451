import type { Template } from 'aws-cdk-lib/assertions';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DriftsbildeStacks } from '#infra/driftsbilde.ts';
import { loadDeploymentConfig } from '#infra/config/index.ts';
import { krIkt } from '#infra/config/kr-ikt.ts';
import { parseDeploymentConfig } from '#infra/config/schema.ts';
import { INGEST_RATE_LIMIT_PER_5_MIN } from '#infra/stacks/edge-stack.ts';
import { ROUTES } from '#shared/api/routes.ts';
import { logicalId, resourcesOf, synthDriftsbilde } from './synth.ts';

let stacks: DriftsbildeStacks;
let web: Template;
let edge: Template;

beforeAll(() => {
  const synthesized = synthDriftsbilde();
  stacks = synthesized.stacks;
  web = synthesized.template(stacks.web);
  edge = synthesized.template(stacks.edge);
});

type Properties = Record<string, any>;
/** The bucket that receives the dashboard bucket's and CloudFront's access logs (construct id AccessLogBucket). */
const logBucketId = () => logicalId(stacks.web.node.findChild('AccessLogBucket') as Bucket, stacks.web);
const bucketPolicyOf = (bucketId: string) =>
  Object.values(resourcesOf(web, 'AWS::S3::BucketPolicy')).find((policy) => policy.Properties.Bucket.Ref === bucketId)?.Properties.PolicyDocument.Statement as Properties[];

describe('web stack', () => {
  it('keeps every bucket private, encrypted and TLS-only', () => {
    const buckets = resourcesOf(web, 'AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const [id, bucket] of Object.entries(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
      expect(bucketPolicyOf(id), id).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    }
  });

  it('serves the dashboard bucket only through CloudFront with Origin Access Control', () => {
    const bucketId = logicalId(stacks.web.bucket, stacks.web);
    const [oacId, oac] = Object.entries(resourcesOf(web, 'AWS::CloudFront::OriginAccessControl'))[0]!;
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    const [distributionId, distribution] = Object.entries(resourcesOf(web, 'AWS::CloudFront::Distribution'))[0]!;
    const config = distribution.Properties.DistributionConfig;
    const s3Origins = (config.Origins as Properties[]).filter((origin) => origin.S3OriginConfig);
    expect(s3Origins).toHaveLength(1);
    expect(s3Origins[0]!.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    expect(s3Origins[0]!.DomainName).toEqual({ 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] });
    expect(s3Origins[0]!.S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(s3Origins[0]!.Id);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultRootObject).toBe('index.html');
    expect(logBucketId()).not.toBe(bucketId);
    expect(config.Logging.Bucket).toEqual({ 'Fn::GetAtt': [logBucketId(), 'RegionalDomainName'] });
    // The bucket lets CloudFront read, for this distribution only; no one else is allowed anything.
    const allows = bucketPolicyOf(bucketId).filter((statement) => statement.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
    expect(JSON.stringify(allows[0]!.Condition)).toContain(distributionId);
  });

  it('forwards /api/* uncached to this HTTP API over HTTPS, with every method and the Authorization header', () => {
    const [, distribution] = Object.entries(resourcesOf(web, 'AWS::CloudFront::Distribution'))[0]!;
    const config = distribution.Properties.DistributionConfig;
    const behaviors = config.CacheBehaviors as Properties[];
    expect(behaviors).toHaveLength(1);
    const behavior = behaviors[0]!;
    expect(behavior.PathPattern).toBe('api/*');
    expect(behavior.ViewerProtocolPolicy).toBe('https-only');
    expect(behavior.AllowedMethods.sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    // AWS-managed policies: CachingDisabled and AllViewerExceptHostHeader.
    expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(behavior.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    const origin = (config.Origins as Properties[]).find((candidate) => candidate.Id === behavior.TargetOriginId)!;
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    const domain = JSON.stringify(origin.DomainName);
    expect(domain).toContain(`"Ref":"${logicalId(stacks.web.httpApi, stacks.web)}"`);
    expect(domain).toContain('.execute-api.');
  });

  it('has no website endpoint and no public ACLs on the dashboard bucket', () => {
    const bucket = web.toJSON().Resources[logicalId(stacks.web.bucket, stacks.web)].Properties;
    expect(bucket.WebsiteConfiguration).toBeUndefined();
    expect(bucket.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(bucket.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logBucketId() });
  });
});

const distributionConfig = () => Object.values(resourcesOf(web, 'AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;

describe('web stack: edge', () => {
  it('puts the us-east-1 web ACL on the distribution, with a rate-based rule scoped to the public ingest route', () => {
    expect(stacks.edge.region).toBe('us-east-1');
    const [aclId, acl] = Object.entries(resourcesOf(edge, 'AWS::WAFv2::WebACL'))[0]!;
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    const ingest = (acl.Properties.Rules as Properties[]).find((rule) => rule.Name === 'IngestRateLimit')!;
    expect(ingest.Action).toEqual({ Block: {} });
    expect(ingest.Statement.RateBasedStatement).toMatchObject({ Limit: INGEST_RATE_LIMIT_PER_5_MIN, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    expect(ingest.Statement.RateBasedStatement.ScopeDownStatement.ByteMatchStatement).toMatchObject({ FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/api/ingest/' });
    // The public ingest route of the contract is the one the rule covers.
    const publicPaths = ROUTES.filter((route) => route.allow === 'public' && route.method === 'POST').map((route) => route.path);
    expect(publicPaths.some((path) => path.startsWith('/api/ingest/'))).toBe(true);
    // Associated across regions: the web stack reads the ACL's ARN that the edge stack exports.
    expect(distributionConfig().WebACLId).toMatchObject({ 'Fn::GetStackOutput': { StackName: stacks.edge.stackName, Region: 'us-east-1' } });
    const outputName = distributionConfig().WebACLId['Fn::GetStackOutput'].OutputName as string;
    expect(JSON.stringify(Object.values(edge.toJSON().Outputs as Record<string, unknown>))).toContain(`"Fn::GetAtt":["${aclId}","Arn"]`);
    expect(outputName).toContain('WebAclArn');
  });

  it('sends a Content-Security-Policy with every dashboard file: own origin only, plus the Cognito domain for the token exchange', () => {
    const policy = Object.values(resourcesOf(web, 'AWS::CloudFront::ResponseHeadersPolicy'))[0]!.Properties.ResponseHeadersPolicyConfig;
    const csp = policy.SecurityHeadersConfig.ContentSecurityPolicy;
    expect(csp.Override).toBe(true);
    const text = JSON.stringify(csp.ContentSecurityPolicy);
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) expect(text).toContain(directive);
    expect(text).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(text).toMatch(/connect-src 'self' https:\/\/.*amazoncognito\.com/);
    expect(policy.SecurityHeadersConfig.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31536000, Override: true });
    const [policyId] = Object.keys(resourcesOf(web, 'AWS::CloudFront::ResponseHeadersPolicy'));
    expect(distributionConfig().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
  });

  it('without a custom domain uses the CloudFront name; with one, that name, its us-east-1 certificate and TLS 1.2+', () => {
    expect(distributionConfig().Aliases).toBeUndefined();
    const withDomain = synthDriftsbilde({
      config: parseDeploymentConfig('custom', {
        ...krIkt,
        customDomain: { domainName: 'driftsbilde.kr-ikt.no', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012' },
      }),
    });
    const template = withDomain.template(withDomain.stacks.web);
    const config = Object.values(resourcesOf(template, 'AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['driftsbilde.kr-ikt.no']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012',
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    const [client] = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient'));
    expect(client!.Properties.CallbackURLs).toEqual(['https://driftsbilde.kr-ikt.no/']);
    expect(client!.Properties.LogoutURLs).toEqual(['https://driftsbilde.kr-ikt.no/']);
  }, 120_000);
});

describe('web stack: sign-in', () => {
  it('has a dashboard client for the authorization-code flow only (PKCE from the browser), no secret, no implicit grant, callbacks on the distribution', () => {
    const [client] = Object.values(resourcesOf(web, 'AWS::Cognito::UserPoolClient'));
    const properties = client!.Properties;
    expect(properties.AllowedOAuthFlows).toEqual(['code']);
    expect(properties.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(properties.AllowedOAuthScopes.sort()).toEqual(['email', 'openid', 'profile']);
    expect(properties.GenerateSecret).toBe(false);
    expect(properties.SupportedIdentityProviders).toEqual(['COGNITO']);
    const distributionId = Object.keys(resourcesOf(web, 'AWS::CloudFront::Distribution'))[0];
    for (const urls of [properties.CallbackURLs, properties.LogoutURLs]) {
      expect(urls).toHaveLength(1);
      expect(JSON.stringify(urls[0])).toContain(`"Fn::GetAtt":["${distributionId}","DomainName"]`);
    }
  });

  it('has a managed-login domain with the configured prefix', () => {
    const [domain] = Object.values(resourcesOf(web, 'AWS::Cognito::UserPoolDomain'));
    expect(domain!.Properties.Domain).toBe(loadDeploymentConfig().cognitoDomainPrefix);
  });

  it('writes config.json for the dashboard with the client, the domain and the redirect, keeping the dashboard files (no prune)', () => {
    const [deployment] = Object.values(resourcesOf(web, 'Custom::CDKBucketDeployment'));
    expect(deployment!.Properties.Prune).toBe(false);
    expect(deployment!.Properties.DestinationBucketName).toEqual({ Ref: logicalId(stacks.web.bucket, stacks.web) });
    const markers = JSON.stringify(deployment!.Properties.SourceMarkers);
    const [clientId] = Object.keys(resourcesOf(web, 'AWS::Cognito::UserPoolClient'));
    expect(markers).toContain(clientId);
    expect(JSON.stringify(deployment!.Properties.DistributionPaths)).toContain('/config.json');
  });
});
