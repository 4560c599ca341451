import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  CachePolicy,
  Distribution,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';

/**
 * The dashboard (web/): a private bucket served only through CloudFront with Origin Access
 * Control. The bundle is uploaded by the release pipeline, not by CDK (a BucketDeployment would
 * need the built web/ at synth time):
 *   aws s3 sync web/dist s3://<DashboardBucketName> --delete
 *   aws cloudfront create-invalidation --distribution-id <DistributionId> --paths '/index.html'
 */
export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<id>.cloudfront.net`: the origin the API allows for CORS. */
  readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { description: 'Driftsbilde: dashboard bucket and CloudFront distribution', ...props });

    // Access logs of the bucket and of CloudFront. CloudFront's standard logs are written with
    // ACLs, hence BUCKET_OWNER_PREFERRED here (and only here).
    const accessLogs = new Bucket(this, 'AccessLogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(accessLogs, [
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket itself; logging it into itself would log its own log writes.' },
    ]);

    this.bucket = new Bucket(this, 'DashboardBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 's3/dashboard/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.distribution = new Distribution(this, 'DashboardDistribution', {
      comment: 'Driftsbilde dashboard',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
      // North America and Europe edge locations only: the users are in Norway.
      priceClass: PriceClass.PRICE_CLASS_100,
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'cloudfront/',
    });
    NagSuppressions.addResourceSuppressions(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The distribution serves only the static dashboard bundle, which holds no data; data is behind the Cognito-protected API. Geo-blocking would lock out staff working abroad.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'Static files only, no dynamic origin to protect; a CloudFront WAF web ACL would have to live in us-east-1 and costs more than the risk it removes here. The API has its own JWT authorizer and throttling.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'Until a custom domain with an ACM certificate is assigned, the distribution uses the *.cloudfront.net certificate, for which CloudFront fixes the minimum TLS version. Set minimumProtocolVersion TLS_V1_2_2021 together with the certificate.',
      },
    ]);

    this.dashboardUrl = `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'DashboardUrl', { value: this.dashboardUrl });
    new CfnOutput(this, 'DashboardBucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
  }
}
