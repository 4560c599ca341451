import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Charset, LogLevel, NodejsFunction, OutputFormat, SourceMapMode, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { DriftsbildeTable } from './driftsbilde-table.ts';

/** The repository root: entries, package-lock.json and tsconfig.json are found from here. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest Node.js runtime this aws-cdk-lib knows; `determineLatestNodeRuntime` may lag behind it. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/** The only actions a Driftsbilde role may hold on `*`: none of them supports resource-level permissions. */
export const ACTIONS_WITHOUT_RESOURCE_SCOPE = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  'cloudwatch:PutMetricData',
  // Only the secret-names function holds it (names under the region's prefix, never values).
  'secretsmanager:ListSecrets',
] as const;

/**
 * ESM bundles have no `require`; a CommonJS dependency that requires a Node built-in would throw
 * "Dynamic require of 'x' is not supported". The alias keeps the name from clashing with bundled code.
 */
const ESM_REQUIRE_SHIM = "import { createRequire as __driftsbildeCreateRequire } from 'node:module'; const require = __driftsbildeCreateRequire(import.meta.url);";

export interface DriftsbildeFunctionProps
  extends Omit<
    NodejsFunctionProps,
    'entry' | 'handler' | 'runtime' | 'architecture' | 'role' | 'logGroup' | 'logRetention' | 'bundling' | 'projectRoot' | 'depsLockFilePath' | 'tracing'
  > {
  /** The handler file `functions/<entryName>.ts`, which exports `handler`; or the function's name when `entryFile` is given. */
  readonly entryName: string;
  /** Another entry file (absolute path), e.g. a capability's generated router (infra/routers.ts). */
  readonly entryFile?: string;
  /** Bundle the real AWS SDK instead of the lean stand-ins (the bundle benchmark's SDK baseline only). */
  readonly realAwsSdk?: boolean;
}

/**
 * The AWS SDK clients the bundles use, replaced by small signed-request clients with the same
 * names (shared/adapters/aws/lean/): the SDK's DynamoDB document client alone is ~220 KB of every
 * bundle and ~100 ms of its cold start (issue 10). Code keeps importing the SDK's package names, so
 * tests and the local host run the real SDK; test/integration/lean-aws.test.ts holds the two alike.
 */
export const LEAN_AWS_ALIASES = {
  '--alias:@aws-sdk/client-dynamodb': join(REPO_ROOT, 'shared', 'adapters', 'aws', 'lean', 'client-dynamodb.ts'),
  '--alias:@aws-sdk/lib-dynamodb': join(REPO_ROOT, 'shared', 'adapters', 'aws', 'lean', 'lib-dynamodb.ts'),
  '--alias:@aws-sdk/client-sqs': join(REPO_ROOT, 'shared', 'adapters', 'aws', 'lean', 'client-sqs.ts'),
  '--alias:@aws-sdk/client-secrets-manager': join(REPO_ROOT, 'shared', 'adapters', 'aws', 'lean', 'client-secrets-manager.ts'),
  '--alias:@aws-sdk/client-cloudwatch': join(REPO_ROOT, 'shared', 'adapters', 'aws', 'lean', 'client-cloudwatch.ts'),
} as const;

/**
 * Every Driftsbilde Lambda: newest Node runtime on Graviton, one ESM bundle with the small
 * AWS clients of shared/adapters/aws/lean inside (no SDK), source-mapped stack traces, X-Ray, a log group
 * with a retention and an own role that starts with nothing but writing to that log group.
 */
export class DriftsbildeFunction extends NodejsFunction {
  readonly entryName: string;
  /** The function's log group (Function#logGroup is only the interface). */
  readonly functionLogGroup: LogGroup;
  /** The function's own role (NodejsFunction types it as optional). */
  readonly executionRole: Role;

  constructor(scope: Construct, id: string, props: DriftsbildeFunctionProps) {
    const { entryName, entryFile, environment, realAwsSdk, ...rest } = props;
    const entry = entryFile ?? join(REPO_ROOT, 'functions', `${entryName}.ts`);
    if (!existsSync(entry)) throw new Error(`DriftsbildeFunction ${id}: no handler file ${entryFile ?? `functions/${entryName}.ts`}`);

    // Created beside the function because `this` cannot own children before super() runs.
    const logGroup = new LogGroup(scope, `${id}LogGroup`, { retention: RetentionDays.THREE_MONTHS });
    // An own role instead of the AWS-managed AWSLambdaBasicExecutionRole, which may write to any log group.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Driftsbilde ${entryName}`,
    });

    super(scope, id, {
      memorySize: 512,
      timeout: Duration.seconds(10),
      ...rest,
      entry,
      handler: 'handler',
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        // Prefer the ES module builds of dependencies: they tree-shake.
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_SHIM,
        minify: true,
        keepNames: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        // Stack traces only need the mappings, not a copy of the sources.
        sourcesContent: false,
        charset: Charset.UTF8,
        // Bundle everything instead of using the runtime's SDK copy: what runs is what we test.
        externalModules: [],
        esbuildArgs: realAwsSdk ? {} : { ...LEAN_AWS_ALIASES },
        logLevel: LogLevel.WARNING,
      },
    });

    this.entryName = entryName;
    this.functionLogGroup = logGroup;
    this.executionRole = role;
    logGroup.grantWrite(role);

    if (props.vpc) {
      // What AWSLambdaVPCAccessExecutionRole grants, minus its logs:* on every log group.
      role.addToPolicy(
        new PolicyStatement({
          sid: 'ManageVpcNetworkInterfaces',
          actions: ACTIONS_WITHOUT_RESOURCE_SCOPE.filter((action) => action.startsWith('ec2:')),
          resources: ['*'],
        }),
      );
    }

    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Only actions without resource-level permissions are granted on "*": X-Ray trace upload, the EC2 network-interface actions a VPC function needs, cloudwatch:PutMetricData, which is limited by a cloudwatch:namespace condition instead, and (the secret-names function only) secretsmanager:ListSecrets, which returns names, never values. test/infra checks that nothing else is.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }

  /** Lets the function publish metrics to the Driftsbilde namespace and no other. */
  allowPutMetricData(namespace: string): void {
    this.addToRolePolicy(
      new PolicyStatement({
        sid: 'PutDriftsbildeMetrics',
        effect: Effect.ALLOW,
        actions: ['cloudwatch:PutMetricData'],
        // PutMetricData has no resource ARN; the namespace condition is its only scope.
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
      }),
    );
  }
}

export type TableAccess = 'read' | 'read-write';

/** Reads: single items, batches and queries (on the table and its indexes). No Scan. */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
/** Writes, including the per-item actions a TransactWriteItems call is authorised against. */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/**
 * Points the function at the table (TABLE_NAME, read by `shared/config.ts`) and grants exactly
 * the access it needs: reads on the table and on each named index, writes on the table only.
 * The indexes are listed one by one rather than as `index/*`.
 */
export function bindTable({ fn, table, access }: { fn: DriftsbildeFunction; table: DriftsbildeTable; access: TableAccess }): void {
  fn.addEnvironment('TABLE_NAME', table.tableName);
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'ReadTable',
      actions: [...TABLE_READ_ACTIONS],
      resources: [table.tableArn, ...table.indexArns()],
    }),
  );
  if (access === 'read-write') {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'WriteTable',
        actions: [...TABLE_WRITE_ACTIONS],
        resources: [table.tableArn],
      }),
    );
  }
}
