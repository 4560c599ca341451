import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';

export interface WebStackProps extends StackProps {
  /** Served under `/api/*` of the dashboard's own origin. */
  readonly httpApi: IHttpApi;
}

/**
 * The dashboard (web/) and the API on one origin: a private bucket served only through CloudFront
 * with Origin Access Control, and `/api/*` forwarded to the HTTP API (the dashboard fetches
 * relative `/api/...` paths, so no CORS is needed). The files are uploaded by the release
 * pipeline after `web/build.ts`, not by CDK (a BucketDeployment would need the built bundle at
 * synth time and adds a custom-resource Lambda):
 *   aws s3 sync web s3://<DashboardBucketName> --delete --exclude 'src/*' --exclude '*.ts' --exclude 'tsconfig.json'
 *   aws cloudfront create-invalidation --distribution-id <DistributionId> --paths '/index.html' '/dist/*' '/styles.css'
 */
export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<id>.cloudfront.net`: the dashboard, and the API under `/api/`. */
  readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, { description: 'Driftsbilde: dashboard bucket and CloudFront distribution (dashboard and /api/*)', ...props });

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
      additionalBehaviors: {
        'api/*': {
          origin: new HttpOrigin(`${props.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          }),
          // HTTPS only, no redirect: a redirected POST would lose its body.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Never cached; with caching off, this policy forwards Authorization, query strings and
          // bodies. Host stays CloudFront's: API Gateway answers only to its own host name.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          compress: true,
        },
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
        reason: 'Country blocking is not the control here: the dashboard bundle holds no data and every /api/* call needs a Cognito JWT (or, for backup ingest, the environment key). Blocking by country would lock out staff working abroad.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'A CloudFront web ACL must be created in us-east-1 (a stack of its own) and costs a monthly fee per ACL and rule; the static files need none, and every /api/* route but two public ones requires a Cognito JWT and is throttled per route by API Gateway. Revisit if the public ingest route is abused.',
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
