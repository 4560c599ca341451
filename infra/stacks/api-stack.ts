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
import { capabilitiesOf, routeKeyOf } from '#shared/api/capabilities.ts';
import { ROUTES } from '#shared/api/routes.ts';
import { ROLES } from '#shared/domain/identity.ts';
import { bindTable, DriftsbildeFunction } from '../constructs/driftsbilde-function.ts';
import type { DriftsbildeTable } from '../constructs/driftsbilde-table.ts';
import { pascalCase } from '../names.ts';
import { writeRouter } from '../routers.ts';

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

/** The largest memory and timeout any of the handlers needs (a capability runs them all). */
function sizingOf(functionNames: readonly string[]): { memorySize?: number; timeout?: Duration } {
  const sizings = functionNames.flatMap((name) => (FUNCTION_SIZING[name] ? [FUNCTION_SIZING[name]] : []));
  if (sizings.length === 0) return {};
  return {
    memorySize: Math.max(...sizings.map((sizing) => sizing.memorySize)),
    timeout: Duration.seconds(Math.max(...sizings.map((sizing) => sizing.timeout.toSeconds()))),
  };
}

/** Requests per second (steady, burst) for every route of the stage, and for the public ones. */
export const STAGE_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;
export const PUBLIC_ROUTE_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;

export interface ApiStackProps extends StackProps {
  readonly table: DriftsbildeTable;
  /** The contract's routes (default ROUTES); tests pass more to measure what a route costs. */
  readonly routes?: readonly RouteContract[];
}

/**
 * The HTTP API: a Lambda per capability of the shared contract (a router over its routes' handlers), a Cognito user pool whose groups are
 * the roles, and a JWT authorizer in front of every route that is not public.
 */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** One function per capability of the contract (shared/api/capabilities.ts), in contract order. */
  readonly functions: DriftsbildeFunction[] = [];
  /** The function serving each route key. */
  readonly functionsByRouteKey = new Map<string, DriftsbildeFunction>();
  /** The API Gateway route of each contract route, by route key (`GET /api/regions`). */
  readonly routesByKey = new Map<string, HttpRoute>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, { description: 'Driftsbilde: HTTP API, its Lambda functions and the Cognito user pool', ...props });
    const routes: readonly RouteContract[] = props.routes ?? ROUTES;

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

    // One function per capability (shared/api/capabilities.ts: why, and the grouping rule), its
    // entry a router generated from the contract; one integration and one invoke permission per
    // function, so each further route costs the stack one resource, its Route.
    const publicRouteKeys: string[] = [];
    for (const capability of capabilitiesOf(routes)) {
      const sizing = sizingOf(capability.routes.map((route) => route.functionName));
      const fn = new DriftsbildeFunction(this, `${pascalCase(capability.name)}Function`, {
        entryName: capability.name,
        entryFile: writeRouter(capability),
        // Lambda allows 256 characters of description.
        description: `Driftsbilde ${capability.name}: ${capability.routes.map(routeKeyOf).join(', ')}`.slice(0, 256),
        ...sizing,
      });
      this.functions.push(fn);
      if (!capability.routes.every((route) => FUNCTIONS_WITHOUT_TABLE.has(route.functionName))) {
        bindTable({ fn, table: props.table, access: capability.writes ? 'read-write' : 'read' });
      }
      // Invocation allowed from this API's routes (`*/*/*`), one permission instead of one per route.
      const integration = new HttpLambdaIntegration(`${pascalCase(capability.name)}Integration`, fn, { scopePermissionToRoute: false });

      for (const route of capability.routes) {
        const routeKey = routeKeyOf(route);
        const isPublic = route.allow === 'public';
        const [httpRoute] = this.httpApi.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration,
          authorizer: isPublic ? noAuthorizer : authorizer,
        });
        if (!httpRoute) throw new Error(`no API Gateway route was created for ${routeKey}`);
        this.routesByKey.set(routeKey, httpRoute);
        this.functionsByRouteKey.set(routeKey, fn);
        if (isPublic) {
          publicRouteKeys.push(routeKey);
          NagSuppressions.addResourceSuppressions(httpRoute, [
            { id: 'AwsSolutions-APIG4', reason: `${routeKey} is public by contract (allow: 'public'): ${route.summary}.` },
          ]);
        }
      }
    }
    // Routes anyone can call (no token) get a tighter limit than the stage default.
    (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      publicRouteKeys.map((routeKey) => [routeKey, { throttlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit, throttlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit }]),
    );

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }
}
