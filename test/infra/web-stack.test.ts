import type { Template } from 'aws-cdk-lib/assertions';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DriftsbildeStacks } from '#infra/driftsbilde.ts';
import { logicalId, resourcesOf, synthDriftsbilde } from './synth.ts';

let stacks: DriftsbildeStacks;
let web: Template;

beforeAll(() => {
  const synthesized = synthDriftsbilde();
  stacks = synthesized.stacks;
  web = synthesized.template(stacks.web);
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
    expect(domain).toContain(stacks.api.stackName);
    expect(domain).toContain(`Ref${logicalId(stacks.api.httpApi, stacks.api)}`);
    expect(domain).toContain('.execute-api.');
  });

  it('has no website endpoint and no public ACLs on the dashboard bucket', () => {
    const bucket = web.toJSON().Resources[logicalId(stacks.web.bucket, stacks.web)].Properties;
    expect(bucket.WebsiteConfiguration).toBeUndefined();
    expect(bucket.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(bucket.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logBucketId() });
  });
});
