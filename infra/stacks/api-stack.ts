import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
  type HttpRoute,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { RouteContract } from '#shared/api/contract.ts';
import { ROUTES } from '#shared/api/routes.ts';
import { ROLES } from '#shared/domain/identity.ts';
import { bindTable, DriftsbildeFunction, type TableAccess } from '../constructs/driftsbilde-function.ts';
import type { DriftsbildeTable } from '../constructs/driftsbilde-table.ts';
import { pascalCase } from '../names.ts';

/** Handlers that never touch the table get neither TABLE_NAME nor any DynamoDB permission. */
const FUNCTIONS_WITHOUT_TABLE = new Set(['get-openapi']);

/**
 * Handlers that need more than the defaults (512 MB, 10 s): building an XLSX workbook and
 * importing a CSV of devices. API Gateway gives up on an integration after 30 s.
 */
export const FUNCTION_SIZING: Readonly<Record<string, { memorySize: number; timeout: Duration }>> = {
  'get-reinvestment-plan': { memorySize: 1024, timeout: Duration.seconds(29) },
  'import-devices': { memorySize: 1024, timeout: Duration.seconds(29) },
};

/** Requests per second (steady, burst) for every route of the stage, and for the public ones. */
export const STAGE_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;
export const PUBLIC_ROUTE_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;

export interface ApiStackProps extends StackProps {
  readonly table: DriftsbildeTable;
}

/**
 * The HTTP API: one Lambda per route of the shared contract, a Cognito user pool whose groups are
 * the roles, and a JWT authorizer in front of every route that is not public.
 */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** One function per functionName of the contract, in contract order. */
  readonly functions: DriftsbildeFunction[] = [];
  /** The API Gateway route of each contract route, by route key (`GET /api/regions`). */
  readonly routesByKey = new Map<string, HttpRoute>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, { description: 'Driftsbilde: HTTP API, its Lambda functions and the Cognito user pool', ...props });
    const routes: readonly RouteContract[] = ROUTES;

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
      // Authenticator apps only: SMS would need an SNS origination setup and costs per message.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // The Plus plan's threat protection blocks credential stuffing and compromised passwords.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        // Arrives in ID tokens as `custom:memberId`: the municipality a `member` user acts for.
        memberId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of ROLES) {
      new UserPoolGroup(this, `${pascalCase(role)}Group`, {
        userPool: this.userPool,
        groupName: role,
        description: `Driftsbilde role ${role}`,
      });
    }

    this.userPoolClient = this.userPool.addClient('DashboardClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // Users may read custom:memberId but never write it: otherwise a member user could
      // UpdateUserAttributes itself into another municipality.
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true, fullname: true }).withCustomAttributes('memberId'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    // Cognito ID tokens carry both `cognito:groups` and `custom:memberId` (access tokens lack the
    // latter), so clients send the ID token; its `aud` is the app client id checked here.
    const authorizer = new HttpJwtAuthorizer('CognitoAuthorizer', this.userPool.userPoolProviderUrl, {
      authorizerName: 'cognito-jwt',
      jwtAudience: [this.userPoolClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    const noAuthorizer = new HttpNoneAuthorizer();

    // Request bodies: API Gateway accepts up to 10 MB; the handlers refuse more than 256 KiB
    // themselves (MAX_BODY_BYTES), with the API's own error shape.
    // No CORS: the dashboard calls `/api/...` on its own origin, which CloudFront forwards here
    // (web stack), so browsers never make a cross-origin request.
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: 'driftsbilde',
      description: 'Driftsbilde API',
      createDefaultStage: false,
    });

    const accessLogs = new LogGroup(this, 'AccessLogGroup', { retention: RetentionDays.THREE_MONTHS });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      // Per-route defaults; a runaway client cannot eat the account's Lambda concurrency.
      throttle: { ...STAGE_THROTTLE },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            // Behind CloudFront this is the edge's address; CloudFront's logs hold the viewer's.
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            subject: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    // One function per handler file; a function serving any write route gets write access.
    const byName = new Map<string, { fn: DriftsbildeFunction; access: TableAccess }>();
    const publicRouteKeys: string[] = [];
    for (const route of routes) {
      const access: TableAccess = route.method === 'GET' ? 'read' : 'read-write';
      let entry = byName.get(route.functionName);
      if (!entry) {
        const fn = new DriftsbildeFunction(this, `${pascalCase(route.functionName)}Function`, {
          entryName: route.functionName,
          // Lambda allows 256 characters of description.
          description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
          ...FUNCTION_SIZING[route.functionName],
        });
        entry = { fn, access };
        byName.set(route.functionName, entry);
        this.functions.push(fn);
      } else if (access === 'read-write') {
        entry.access = 'read-write';
      }

      const routeKey = `${route.method} ${route.path}`;
      const isPublic = route.allow === 'public';
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascalCase(route.method.toLowerCase())}${pascalCase(route.path)}Integration`, entry.fn),
        authorizer: isPublic ? noAuthorizer : authorizer,
      });
      if (!httpRoute) throw new Error(`no API Gateway route was created for ${routeKey}`);
      this.routesByKey.set(routeKey, httpRoute);
      if (isPublic) {
        publicRouteKeys.push(routeKey);
        NagSuppressions.addResourceSuppressions(httpRoute, [
          { id: 'AwsSolutions-APIG4', reason: `${routeKey} is public by contract (allow: 'public'): ${route.summary}.` },
        ]);
      }
    }
    // Routes anyone can call (no token) get a tighter limit than the stage default.
    (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      publicRouteKeys.map((routeKey) => [routeKey, { throttlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit, throttlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit }]),
    );
    for (const [name, { fn, access }] of byName) {
      if (!FUNCTIONS_WITHOUT_TABLE.has(name)) bindTable({ fn, table: props.table, access });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }
}
