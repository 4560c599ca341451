import { App, Stack } from 'aws-cdk-lib';
import { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { capabilitiesOf } from '#shared/api/capabilities.ts';
import { ROUTES } from '#shared/api/routes.ts';
import { ROLES } from '#shared/domain/identity.ts';
import { TABLE_DEFINITION } from '#shared/adapters/dynamodb/table-definition.ts';
import { FUNCTION_RUNTIME, TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '#infra/constructs/driftsbilde-function.ts';
import { FUNCTION_SIZING, PUBLIC_ROUTE_THROTTLE, STAGE_THROTTLE } from '#infra/stacks/api-stack.ts';
import type { DriftsbildeStacks } from '#infra/driftsbilde.ts';
import { asArray, logicalId, resourcesOf, roleOfFunction, statementsOfRole, synthDriftsbilde, type PolicyStatementJson } from './synth.ts';

let stacks: DriftsbildeStacks;
let api: Template;
/** The HTTP API resource, the user pool and the authorizer live in the web stack (see WebStack). */
let web: Template;

beforeAll(() => {
  const synthesized = synthDriftsbilde();
  stacks = synthesized.stacks;
  api = synthesized.template(stacks.api);
  web = synthesized.template(stacks.web);
});

const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

/** The logical id of the function serving a route key, followed from route to integration to function. */
function functionOfRoute(key: string): string {
  const routes = Object.values(resourcesOf(api, 'AWS::ApiGatewayV2::Route')).filter((route) => route.Properties.RouteKey === key);
  expect(routes, key).toHaveLength(1);
  const integrationId = routes[0]!.Properties.Target['Fn::Join'][1][1].Ref as string;
  const integration = api.toJSON().Resources[integrationId];
  return integration.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
}

/** The deployed function that runs the handler file `functions/<functionName>.ts` (its capability's). */
function functionLogicalId(functionName: string): string {
  const route = ROUTES.find((candidate) => candidate.functionName === functionName);
  const fn = route && stacks.api.functionsByRouteKey.get(routeKey(route));
  if (!fn) throw new Error(`no function serves ${functionName} in the API stack`);
  return logicalId(fn, stacks.api);
}

describe('API stack: routes from the contract', () => {
  it('has one API Gateway route per contract route and no other', () => {
    const keys = Object.values(resourcesOf(api, 'AWS::ApiGatewayV2::Route')).map((route) => route.Properties.RouteKey as string);
    expect(keys.sort()).toEqual(ROUTES.map(routeKey).sort());
  });

  it.each(ROUTES.map((route) => [routeKey(route), route] as const))('%s: authorizer as the contract says, served by functions/<functionName>.ts', (key, route) => {
    const [resource] = Object.values(resourcesOf(api, 'AWS::ApiGatewayV2::Route')).filter((candidate) => candidate.Properties.RouteKey === key);
    if (route.allow === 'public') {
      expect(resource!.Properties.AuthorizationType).toBe('NONE');
      expect(resource!.Properties.AuthorizerId).toBeUndefined();
    } else {
      expect(resource!.Properties.AuthorizationType).toBe('JWT');
      const [authorizerId] = Object.keys(resourcesOf(web, 'AWS::ApiGatewayV2::Authorizer'));
      expect(JSON.stringify(resource!.Properties.AuthorizerId)).toContain(`Ref${authorizerId}`);
    }
    expect(functionOfRoute(key)).toBe(functionLogicalId(route.functionName));
  });

  it('builds one function per capability, and runs every route\'s handlers of one capability in the same function', () => {
    const capabilities = capabilitiesOf(ROUTES);
    expect(stacks.api.functions.map((fn) => fn.entryName).sort()).toEqual(capabilities.map((capability) => capability.name).sort());
    for (const capability of capabilities) {
      const functions = new Set(capability.routes.map((route) => functionOfRoute(routeKey(route))));
      expect(functions.size, capability.name).toBe(1);
    }
  });

  it('checks Cognito ID tokens of the dashboard client (issuer = user pool, audience = app client)', () => {
    expect(Object.keys(resourcesOf(api, 'AWS::ApiGatewayV2::Authorizer'))).toHaveLength(0);
    const authorizers = Object.values(resourcesOf(web, 'AWS::ApiGatewayV2::Authorizer'));
    expect(authorizers).toHaveLength(1);
    const [userPoolId] = Object.keys(resourcesOf(web, 'AWS::Cognito::UserPool'));
    const [clientId] = Object.keys(resourcesOf(web, 'AWS::Cognito::UserPoolClient'));
    expect(authorizers[0]!.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: { 'Fn::GetAtt': [userPoolId, 'ProviderURL'] }, Audience: [{ Ref: clientId }] },
    });
  });

  it('logs every request and throttles, public routes harder', () => {
    const stages = Object.values(resourcesOf(api, 'AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    const stage = stages[0]!.Properties;
    expect(stage.StageName).toBe('$default');
    expect(stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][1]).toBe('Arn');
    const format = JSON.parse(stage.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: STAGE_THROTTLE.rateLimit, ThrottlingBurstLimit: STAGE_THROTTLE.burstLimit });
    const publicKeys = ROUTES.filter((route) => route.allow === 'public').map(routeKey);
    expect(Object.keys(stage.RouteSettings ?? {}).sort()).toEqual(publicKeys.sort());
    for (const key of publicKeys) {
      expect(stage.RouteSettings[key]).toEqual({ ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit, ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit });
    }
    // The stage waits for the routes its settings name (API Gateway refuses an unknown route key).
    const routeIds = Object.entries(resourcesOf(api, 'AWS::ApiGatewayV2::Route')).filter(([, route]) => publicKeys.includes(route.Properties.RouteKey)).map(([id]) => id);
    const [stageDefinition] = Object.values(resourcesOf(api, 'AWS::ApiGatewayV2::Stage'));
    for (const id of routeIds) expect(stageDefinition!.DependsOn).toContain(id);
  });

  it('writes RouteSettings with the property names CloudFormation defines for AWS::ApiGatewayV2::Stage RouteSettings', () => {
    // RouteSettings is untyped JSON in aws-cdk-lib, so nothing renames our keys. The names
    // CloudFormation expects are those aws-cdk-lib's generated L1 (from the CloudFormation
    // resource specification) renders for the typed CfnStage.RouteSettingsProperty. (The probe app skips
    // the built-in CloudFormation validation, which takes tens of seconds per app on a busy machine.)
    const probe = new Stack(new App({ builtinCloudFormationValidation: false }), 'Probe');
    new CfnStage(probe, 'Probe', {
      apiId: 'x',
      stageName: 'x',
      defaultRouteSettings: { throttlingRateLimit: 1, throttlingBurstLimit: 1, detailedMetricsEnabled: true, loggingLevel: 'OFF', dataTraceEnabled: false },
    });
    const specNames = Object.keys(Template.fromStack(probe).toJSON().Resources.Probe.Properties.DefaultRouteSettings as object);
    expect(specNames.sort()).toEqual(['DataTraceEnabled', 'DetailedMetricsEnabled', 'LoggingLevel', 'ThrottlingBurstLimit', 'ThrottlingRateLimit']);
    const [stage] = Object.values(resourcesOf(api, 'AWS::ApiGatewayV2::Stage'));
    const settings = Object.values(stage!.Properties.RouteSettings as Record<string, Record<string, unknown>>);
    expect(settings.length).toBeGreaterThan(0);
    for (const setting of settings) for (const name of Object.keys(setting)) expect(specNames).toContain(name);
  });

  it('has no CORS: browsers reach it on the dashboard’s own origin through CloudFront', () => {
    const [httpApi] = Object.values(resourcesOf(web, 'AWS::ApiGatewayV2::Api'));
    expect(httpApi!.Properties.CorsConfiguration).toBeUndefined();
  });
});

describe('web stack: Cognito', () => {
  it('has exactly one group per role', () => {
    const groups = Object.values(resourcesOf(web, 'AWS::Cognito::UserPoolGroup')).map((group) => group.Properties.GroupName as string);
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it('carries custom:memberId, requires MFA, and runs threat protection', () => {
    const [pool] = Object.values(resourcesOf(web, 'AWS::Cognito::UserPool'));
    const properties = pool!.Properties;
    expect(properties.Schema).toContainEqual(expect.objectContaining({ Name: 'memberId', AttributeDataType: 'String', Mutable: true }));
    expect(properties.MfaConfiguration).toBe('ON');
    expect(properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(properties.UserPoolTier).toBe('PLUS');
    expect(properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    expect(properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(properties.Policies.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireSymbols: true, RequireNumbers: true });
    expect(pool!.DeletionPolicy).toBe('Retain');
  });

  it('carries custom:regionIds too, and lets the dashboard read both custom attributes but never write them', () => {
    const [pool] = Object.values(resourcesOf(web, 'AWS::Cognito::UserPool'));
    expect(pool!.Properties.Schema).toContainEqual(expect.objectContaining({ Name: 'regionIds', AttributeDataType: 'String', Mutable: true }));
    const [client] = Object.values(resourcesOf(web, 'AWS::Cognito::UserPoolClient'));
    for (const attribute of ['custom:memberId', 'custom:regionIds']) {
      expect(client!.Properties.ReadAttributes).toContain(attribute);
      expect(client!.Properties.WriteAttributes).not.toContain(attribute);
    }
    expect(client!.Properties.GenerateSecret).toBe(false);
    expect(client!.Properties.ExplicitAuthFlows).toContain('ALLOW_USER_SRP_AUTH');
    expect(client!.Properties.ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
  });
});

describe('API stack: functions', () => {
  const newestNode = () =>
    Runtime.ALL.filter((runtime) => /^nodejs\d+\.x$/.test(runtime.name))
      .map((runtime) => runtime.name)
      .sort((a, b) => Number(/\d+/.exec(b)![0]) - Number(/\d+/.exec(a)![0]))[0];

  it('runs on the newest Node.js runtime aws-cdk-lib knows', () => {
    expect(FUNCTION_RUNTIME.name).toBe(newestNode());
  });

  it('every function: that runtime, arm64, ESM bundle handler, X-Ray, source maps, JSON logs to its own 3-month log group', () => {
    const logGroups = resourcesOf(api, 'AWS::Logs::LogGroup');
    for (const fn of stacks.api.functions) {
      const id = logicalId(fn, stacks.api);
      const properties = api.toJSON().Resources[id].Properties;
      expect(properties.Runtime, fn.entryName).toBe(FUNCTION_RUNTIME.name);
      expect(properties.Architectures).toEqual(['arm64']);
      expect(properties.Handler).toBe('index.handler');
      expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(properties.LoggingConfig.LogFormat).toBe('JSON');
      const logGroupId = properties.LoggingConfig.LogGroup.Ref as string;
      expect(logGroups[logGroupId]?.Properties.RetentionInDays).toBe(90);
    }
  });
});

describe('API stack: sizing', () => {
  it('gives the heavy handlers more memory and time, within API Gateway’s 30 s, and only handlers that exist', () => {
    for (const [name, sizing] of Object.entries(FUNCTION_SIZING)) {
      expect(ROUTES.map((route) => route.functionName as string), name).toContain(name);
      const properties = api.toJSON().Resources[functionLogicalId(name)].Properties;
      expect(properties.MemorySize).toBe(sizing.memorySize);
      expect(properties.Timeout).toBe(sizing.timeout.toSeconds());
      expect(properties.Timeout).toBeLessThan(30);
    }
    const sized = new Set(Object.keys(FUNCTION_SIZING).map(functionLogicalId));
    const others = stacks.api.functions.filter((fn) => !sized.has(logicalId(fn, stacks.api)));
    for (const fn of others) expect(api.toJSON().Resources[logicalId(fn, stacks.api)].Properties).toMatchObject({ MemorySize: 512, Timeout: 10 });
  });
});

describe('API stack: least-privilege table access', () => {
  const tableLogicalId = () => logicalId(stacks.data.table, stacks.data);
  const isTableArn = (value: any) =>
    value?.['Fn::GetStackOutput']?.StackName === stacks.data.stackName && String(value['Fn::GetStackOutput'].OutputName).includes(`${tableLogicalId()}Arn`);
  const indexOf = (value: any): string | undefined => {
    const parts = value?.['Fn::Join']?.[1];
    if (!Array.isArray(parts) || parts.length !== 2 || !isTableArn(parts[0])) return undefined;
    return /^\/index\/(.+)$/.exec(String(parts[1]))?.[1];
  };
  const dynamoStatements = (functionName: string): PolicyStatementJson[] =>
    statementsOfRole(api, roleOfFunction(api, functionLogicalId(functionName))).filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('dynamodb:')),
    );
  const actionsOf = (statements: PolicyStatementJson[]) => new Set(statements.flatMap((statement) => asArray(statement.Action)));

  const functionNames = [...new Set(ROUTES.map((route) => route.functionName))];
  const writes = (functionName: string) => ROUTES.some((route) => route.functionName === functionName && route.method !== 'GET');

  it.each(functionNames.filter((name) => name !== 'get-openapi' && !writes(name)))('%s (GET only): reads the table and its indexes, writes nothing', (name) => {
    const statements = dynamoStatements(name);
    expect([...actionsOf(statements)].sort()).toEqual([...TABLE_READ_ACTIONS].sort());
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      const resources = asArray(statement.Resource as unknown[]);
      expect(resources.filter(isTableArn)).toHaveLength(1);
      expect(resources.map(indexOf).filter(Boolean).sort()).toEqual(TABLE_DEFINITION.globalSecondaryIndexes.map((index) => index.indexName).sort());
      expect(resources.every((resource) => isTableArn(resource) || indexOf(resource))).toBe(true);
    }
  });

  it.each(functionNames.filter(writes))('%s (writes): reads, and writes the table only (not its indexes)', (name) => {
    const statements = dynamoStatements(name);
    expect([...actionsOf(statements)].sort()).toEqual([...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS].sort());
    for (const statement of statements) {
      const resources = asArray(statement.Resource as unknown[]);
      expect(resources.every((resource) => isTableArn(resource) || indexOf(resource))).toBe(true);
      if (asArray(statement.Action).some((action) => (TABLE_WRITE_ACTIONS as readonly string[]).includes(action))) {
        expect(resources.every(isTableArn)).toBe(true);
      }
    }
  });

  it('never grants Scan, table management or a dynamodb:* wildcard', () => {
    for (const name of functionNames) {
      for (const action of actionsOf(dynamoStatements(name))) {
        expect(action, name).not.toMatch(/\*|Scan|CreateTable|DeleteTable|UpdateTable/);
      }
    }
  });

  it('gives TABLE_NAME to every function that uses the table, and nothing to get-openapi', () => {
    for (const fn of stacks.api.functions) {
      const variables = api.toJSON().Resources[logicalId(fn, stacks.api)].Properties.Environment.Variables;
      if (logicalId(fn, stacks.api) === functionLogicalId('get-openapi')) {
        expect(variables.TABLE_NAME).toBeUndefined();
        expect(dynamoStatements('get-openapi')).toEqual([]);
      } else {
        expect(JSON.stringify(variables.TABLE_NAME), fn.entryName).toContain(`Ref${tableLogicalId()}`);
      }
    }
  });
});
