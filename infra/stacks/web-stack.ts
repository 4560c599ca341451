import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { ROLES } from '#shared/domain/identity.ts';
import type { DeploymentConfig } from '../config/schema.ts';
import { pascalCase } from '../names.ts';

export interface WebStackProps extends StackProps {
  readonly config: DeploymentConfig;
  /** The CloudFront web ACL (Edge stack, us-east-1) in front of the distribution. */
  readonly webAclArn: string;
}

/** The settings the dashboard reads from `/config.json` (web/src/config.ts reads the same shape). */
export interface DashboardCloudConfig {
  signIn: 'cognito';
  cognito: { domain: string; clientId: string; redirectUri: string; logoutUri: string };
}

/**
 * The Content-Security-Policy of every dashboard file: scripts, styles and fonts from the origin
 * only (the bundle is one file, no inline script or style), API calls to the same origin, and the
 * token exchange with the Cognito domain. (The dashboard sets no inline script or style and uses
 * no eval; a browser test loading it under this policy is still to be written.)
 */
export function contentSecurityPolicy(cognitoDomainUrl: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${cognitoDomainUrl}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * The front door: one CloudFront origin for the dashboard (a private bucket behind Origin Access
 * Control) and the API (`/api/*` forwarded to the HTTP API, so no CORS), the Cognito user pool the
 * dashboard signs in to, and the HTTP API resource whose routes the API stack adds.
 *
 * Why the HTTP API and the user pool live here and not in the API stack: the app client's callback
 * URL is the distribution's name, the distribution forwards to the HTTP API, and the JWT
 * authorizer checks the app client's id. Inside one stack CloudFormation orders that chain
 * itself; split over two it would be a cycle between stacks.
 *
 * The dashboard's files are uploaded by the release step (docs/deploy.md); `config.json` is written
 * here, by a BucketDeployment, because only the deploy knows the client id and the domains.
 */
export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly httpApi: HttpApi;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly userPoolDomain: UserPoolDomain;
  readonly authorizer: HttpJwtAuthorizer;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  /** `https://<custom domain or distribution domain>` without a trailing slash. */
  readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, { description: 'Driftsbilde: dashboard and API behind CloudFront, and the Cognito user pool', ...props });
    const { config } = props;

    // No CORS: the dashboard calls `/api/...` on its own origin, which CloudFront forwards here.
    this.httpApi = new HttpApi(this, 'HttpApi', { apiName: 'driftsbilde', description: 'Driftsbilde API', createDefaultStage: false });

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are created by KR-IKT admins, never by sign-up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Authenticator apps (TOTP) only: SMS would need an SNS origination setup and costs per message.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // The Plus plan's threat protection blocks credential stuffing and compromised passwords.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        // `custom:memberId`: the municipality a `member` user acts for.
        memberId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        // `custom:regionIds`: comma-separated region ids, or `*` (honoured for admins only).
        regionIds: new StringAttribute({ minLen: 1, maxLen: 512, mutable: true }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new UserPoolGroup(this, `${pascalCase(role)}Group`, { userPool: this.userPool, groupName: role, description: `Driftsbilde role ${role}` });
    }
    this.userPoolDomain = this.userPool.addDomain('ManagedLoginDomain', { cognitoDomain: { domainPrefix: config.cognitoDomainPrefix } });
    const cognitoDomainUrl = this.userPoolDomain.baseUrl();

    // Security headers on every dashboard file, the CSP included.
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'DashboardHeaders', {
      comment: 'Driftsbilde dashboard: CSP, HSTS, no framing, no sniffing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(cognitoDomainUrl), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

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

    const customDomain = config.customDomain;
    this.distribution = new Distribution(this, 'DashboardDistribution', {
      comment: 'Driftsbilde dashboard',
      defaultRootObject: 'index.html',
      ...(customDomain
        ? {
            domainNames: [customDomain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'DashboardCertificate', customDomain.certificateArn),
            // TLS 1.2 and newer, modern ciphers only.
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      webAclId: props.webAclArn,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
      additionalBehaviors: {
        'api/*': {
          origin: new HttpOrigin(`${this.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          // HTTPS only, no redirect: a redirected POST would lose its body.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Never cached; with caching off, this policy forwards Authorization, query strings and
          // bodies. Host stays CloudFront's: API Gateway answers only to its own host name.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
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
      ...(customDomain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason: 'No custom domain is configured, so the distribution uses the *.cloudfront.net certificate, for which CloudFront fixes the TLS policy. Configure customDomain (deployment config) and TLS 1.2+ (TLSv1.2_2021) is set with it.',
            },
          ]),
    ]);
    this.dashboardUrl = `https://${customDomain ? customDomain.domainName : this.distribution.distributionDomainName}`;

    this.userPoolClient = this.userPool.addClient('DashboardClient', {
      // A browser app: a public client, no secret. The dashboard uses the authorization-code
      // flow with PKCE (S256) through the managed login pages; the implicit grant is off.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${this.dashboardUrl}/`],
        logoutUrls: [`${this.dashboardUrl}/`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      // Users may read their region and member attributes but never write them: otherwise a user
      // could UpdateUserAttributes itself into another municipality or region.
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true, fullname: true }).withCustomAttributes('memberId', 'regionIds'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    // Cognito ID tokens carry `cognito:groups`, `custom:memberId` and `custom:regionIds` (access
    // tokens lack the custom ones), so the dashboard sends the ID token; its `aud` is checked here.
    this.authorizer = new HttpJwtAuthorizer('CognitoAuthorizer', this.userPool.userPoolProviderUrl, {
      authorizerName: 'cognito-jwt',
      jwtAudience: [this.userPoolClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    // config.json beside the dashboard's files. prune: false leaves those files alone.
    const dashboardConfig: DashboardCloudConfig = {
      signIn: 'cognito',
      cognito: { domain: cognitoDomainUrl, clientId: this.userPoolClient.userPoolClientId, redirectUri: `${this.dashboardUrl}/`, logoutUri: `${this.dashboardUrl}/` },
    };
    const configDeployment = new BucketDeployment(this, 'DashboardConfig', {
      destinationBucket: this.bucket,
      sources: [Source.jsonData('config.json', dashboardConfig)],
      prune: false,
      cacheControl: [],
      distribution: this.distribution,
      distributionPaths: ['/config.json'],
    });
    void configDeployment;

    new CfnOutput(this, 'DashboardUrl', { value: this.dashboardUrl });
    new CfnOutput(this, 'DashboardBucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'ManagedLoginUrl', { value: cognitoDomainUrl });
  }
}
