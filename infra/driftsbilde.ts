import { Aspects, Tags, type App, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './stacks/api-stack.ts';
import { CollectorsStack } from './stacks/collectors-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { MonitoringStack } from './stacks/monitoring-stack.ts';
import { WebStack } from './stacks/web-stack.ts';

/** Stockholm: the AWS region nearest to the Norwegian municipalities. */
export const DEFAULT_REGION = 'eu-north-1';

export interface DriftsbildeOptions {
  /** Defaults to the CLI's account (unresolved when there is none) in DEFAULT_REGION. */
  readonly env?: Environment;
  readonly alarmEmail?: string;
}

export interface DriftsbildeStacks {
  readonly data: DataStack;
  readonly web: WebStack;
  readonly api: ApiStack;
  readonly collectors: CollectorsStack;
  readonly monitoring: MonitoringStack;
}

/**
 * The whole cloud side, stacks split by concern. Used by `infra/app.ts` and by the tests, so the
 * tests check exactly what `cdk synth` produces. cdk-nag's AWS Solutions rules run on every stack;
 * each suppression sits beside the resource it concerns, with its reason.
 */
export function buildDriftsbilde(app: App, options: DriftsbildeOptions = {}): DriftsbildeStacks {
  // The region is never taken from the CLI profile: the data must stay where we decided.
  const env: Environment = options.env ?? { account: process.env.CDK_DEFAULT_ACCOUNT, region: DEFAULT_REGION };

  const data = new DataStack(app, 'Driftsbilde-Data', { env });
  const api = new ApiStack(app, 'Driftsbilde-Api', { env, table: data.table });
  const web = new WebStack(app, 'Driftsbilde-Web', { env, httpApi: api.httpApi });
  const collectors = new CollectorsStack(app, 'Driftsbilde-Collectors', { env, table: data.table });
  const monitoring = new MonitoringStack(app, 'Driftsbilde-Monitoring', {
    env,
    apiFunctions: api.functions,
    collectorFunctions: [collectors.fanOutFunction, collectors.collectorFunction],
    httpApi: api.httpApi,
    sweepQueue: collectors.sweepQueue,
    deadLetterQueue: collectors.deadLetterQueue,
    ...(options.alarmEmail ? { alarmEmail: options.alarmEmail } : {}),
  });

  Tags.of(app).add('project', 'driftsbilde');
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { data, web, api, collectors, monitoring };
}
