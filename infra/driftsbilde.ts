import { Annotations, Aspects, Tags, type App, type Environment, type IAspect } from 'aws-cdk-lib';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { placeholderValues, type DeploymentConfig } from './config/schema.ts';
import { suppressServerlessFindings } from './nag-serverless.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { CollectorsStack } from './stacks/collectors-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EdgeStack } from './stacks/edge-stack.ts';
import { MonitoringStack } from './stacks/monitoring-stack.ts';
import { WebStack } from './stacks/web-stack.ts';

/** CloudFront's certificates and web ACLs live in us-east-1, whatever region the rest is in. */
export const CLOUDFRONT_REGION = 'us-east-1';

export interface DriftsbildeOptions {
  /** The validated deployment config (infra/config): region, VPC, sites, e-mails, domain, … */
  readonly config: DeploymentConfig;
  /** Defaults to the CLI's account (unresolved when there is none). The region is always the config's. */
  readonly account?: string;
}

export interface DriftsbildeStacks {
  readonly data: DataStack;
  readonly edge: EdgeStack;
  readonly web: WebStack;
  readonly api: ApiStack;
  readonly collectors: CollectorsStack;
  readonly monitoring: MonitoringStack;
}

/** Every log group keeps its events for the config's `logRetentionDays`, whoever created it. */
class LogRetentionFromConfig implements IAspect {
  constructor(private readonly days: number) {}

  visit(node: IConstruct): void {
    if (node instanceof CfnLogGroup) node.retentionInDays = this.days;
  }
}

/**
 * The whole cloud side, stacks split by concern. Used by `infra/app.ts` and by the tests, so the
 * tests check exactly what `cdk synth` produces. cdk-nag's AWS Solutions and Serverless rules run
 * on every stack; each suppression sits beside the resource it concerns, with its reason.
 */
export function buildDriftsbilde(app: App, options: DriftsbildeOptions): DriftsbildeStacks {
  const { config } = options;
  // The region is never taken from the CLI profile: the data must stay where we decided.
  const account = options.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const env: Environment = { account, region: config.awsRegion };

  const data = new DataStack(app, 'Driftsbilde-Data', { env });
  const edge = new EdgeStack(app, 'Driftsbilde-Edge', { env: { account, region: CLOUDFRONT_REGION }, crossRegionReferences: true });
  const web = new WebStack(app, 'Driftsbilde-Web', { env, crossRegionReferences: true, config, webAclArn: edge.webAcl.attrArn });
  const api = new ApiStack(app, 'Driftsbilde-Api', { env, table: data.table, httpApi: web.httpApi, authorizer: web.authorizer, regionId: config.regionId });
  const collectors = new CollectorsStack(app, 'Driftsbilde-Collectors', { env, table: data.table, config });
  const monitoring = new MonitoringStack(app, 'Driftsbilde-Monitoring', {
    env,
    config,
    apiFunctions: api.functions,
    collectorFunctions: [collectors.fanOutFunction, collectors.collectorFunction],
    httpApi: web.httpApi,
    sweepQueue: collectors.sweepQueue,
    deadLetterQueue: collectors.deadLetterQueue,
    vpnConnectionIds: new Map([...collectors.siteVpns].map(([environmentId, vpn]) => [environmentId, vpn.connection.attrVpnConnectionId])),
  });

  const stacks = { data, edge, web, api, collectors, monitoring };
  suppressServerlessFindings(stacks);
  for (const placeholder of placeholderValues(config)) {
    Annotations.of(collectors).addWarningV2('driftsbilde:config-placeholder', `Replace before deploying: ${placeholder} (infra/config).`);
  }
  Tags.of(app).add('project', 'driftsbilde');
  Aspects.of(app).add(new LogRetentionFromConfig(config.logRetentionDays));
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  Aspects.of(app).add(new ServerlessChecks({ verbose: true }));
  return stacks;
}
