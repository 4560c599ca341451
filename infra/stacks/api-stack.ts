import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination, type HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { RouteContract } from '#shared/api/contract.ts';
import { capabilitiesOf, routeKeyOf } from '#shared/api/capabilities.ts';
import { ROUTES } from '#shared/api/routes.ts';
import { bindTable, DriftsbildeFunction } from '../constructs/driftsbilde-function.ts';
import type { DriftsbildeTable } from '../constructs/driftsbilde-table.ts';
import { pascalCase } from '../names.ts';
import { writeRouter } from '../routers.ts';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SECRET_NAME_PREFIX_VARIABLE, secretNamePrefix } from '#shared/adapters/secrets/secret-names.ts';

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
  /** The HTTP API and its Cognito JWT authorizer (web stack; see there why). */
  readonly httpApi: HttpApi;
  readonly authorizer: HttpJwtAuthorizer;
  /** The region whose secret names operators may list (`driftsbilde/<regionId>/…` in Secrets Manager). */
  readonly regionId?: string;
}

/**
 * The HTTP API's routes: a Lambda per capability of the shared contract (a router over its routes'
 * handlers), the Cognito JWT authorizer (web stack) in front of every route that is not public,
 * and the stage with its throttling.
 */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** One function per capability of the contract (shared/api/capabilities.ts), in contract order. */
  readonly functions: DriftsbildeFunction[] = [];
  /** The function serving each route key. */
  readonly functionsByRouteKey = new Map<string, DriftsbildeFunction>();
  /** The API Gateway route of each contract route, by route key (`GET /api/regions`). */
  readonly routesByKey = new Map<string, HttpRoute>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, { description: "Driftsbilde: the HTTP API's routes, stage and Lambda functions", ...props });
    const routes: readonly RouteContract[] = props.routes ?? ROUTES;

    this.httpApi = props.httpApi;
    const noAuthorizer = new HttpNoneAuthorizer();

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
      if (props.regionId && capability.routes.some((route) => route.functionName === 'list-secret-names')) allowListingSecretNames(fn, props.regionId);
      // Invocation allowed from this API's routes (`*/*/*`), one permission instead of one per route.
      const integration = new HttpLambdaIntegration(`${pascalCase(capability.name)}Integration`, fn, { scopePermissionToRoute: false });

      for (const route of capability.routes) {
        const routeKey = routeKeyOf(route);
        const isPublic = route.allow === 'public';
        // A Route of this stack (the API itself lives in the web stack), so its resources count here.
        const httpRoute = new HttpRoute(this, `${pascalCase(route.method.toLowerCase())}${pascalCase(route.path)}Route`, {
          httpApi: this.httpApi,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
          integration,
          authorizer: isPublic ? noAuthorizer : props.authorizer,
        });
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
    // Routes anyone can call (no token) get a tighter limit than the stage default. RouteSettings
    // is untyped JSON in aws-cdk-lib, so CDK does not capitalise its keys: they are written the way
    // CloudFormation's AWS::ApiGatewayV2::Stage RouteSettings spells them (test/infra checks them
    // against the L1 type CfnStage.RouteSettingsProperty). The stage waits for those routes:
    // API Gateway refuses settings for a route key that does not exist yet.
    const stageResource = this.stage.node.defaultChild as CfnStage;
    stageResource.routeSettings = Object.fromEntries(
      publicRouteKeys.map((routeKey) => [routeKey, { ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit, ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit }]),
    );
    for (const routeKey of publicRouteKeys) this.stage.node.addDependency(this.routesByKey.get(routeKey)!);

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url });
  }
}

/**
 * The secret-names route lists names under `driftsbilde/<regionId>/<environmentId>/` (ListSecrets:
 * names and metadata, never a value; GetSecretValue is not granted). ListSecrets has no resource
 * level permission, so it is granted on `*` and the handler filters by the region's prefix (the
 * function role's IAM5 suppression names it; test/infra/checks.test.ts holds the list).
 */
function allowListingSecretNames(fn: DriftsbildeFunction, regionId: string): void {
  fn.addEnvironment(SECRET_NAME_PREFIX_VARIABLE, secretNamePrefix(regionId));
  fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:ListSecrets'], resources: ['*'] }));
}
