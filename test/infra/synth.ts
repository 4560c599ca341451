import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { REPO_ROOT } from '#infra/constructs/driftsbilde-function.ts';
import { loadDeploymentConfig } from '#infra/config/index.ts';
import type { DeploymentConfig } from '#infra/config/schema.ts';
import { buildDriftsbilde, type DriftsbildeStacks } from '#infra/driftsbilde.ts';

/** The feature flags of cdk.json, so the tests build the same templates `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export interface SynthOptions {
  /**
   * Run aws-cdk-lib's built-in CloudFormation validation (as `cdk synth` does). It costs ~10 s of
   * WASM per synth and does not change a template, so only the checks test turns it on.
   */
  readonly validation?: boolean;
  /** The deployment config; KR-IKT's (infra/config/kr-ikt.ts) by default. */
  readonly config?: DeploymentConfig;
}

export interface SynthesizedDriftsbilde {
  readonly app: App;
  readonly stacks: DriftsbildeStacks;
  template(stack: Stack): Template;
}

/**
 * The whole app as infra/app.ts builds it, with bundling skipped: `aws:cdk:bundling-stacks` = []
 * makes NodejsFunction stage a placeholder instead of running esbuild ~35 times.
 * (test/infra/bundling.test.ts bundles for real.)
 */
export function synthDriftsbilde(options: SynthOptions = {}): SynthesizedDriftsbilde {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: options.validation ?? false,
  });
  const stacks = buildDriftsbilde(app, { config: options.config ?? loadDeploymentConfig() });
  const templates = new Map<Stack, Template>();
  return {
    app,
    stacks,
    template(stack) {
      let template = templates.get(stack);
      if (!template) {
        template = Template.fromStack(stack);
        templates.set(stack, template);
      }
      return template;
    },
  };
}

/** CloudFormation resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, { Properties: Record<string, any>; [key: string]: any }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, any> }>;
}

/** The logical id CloudFormation gives a construct's default resource. */
export function logicalId(construct: { node: { defaultChild?: unknown } }, stack: Stack): string {
  const child = construct.node.defaultChild;
  if (!child) throw new Error('construct has no default resource');
  return stack.getLogicalId(child as never);
}

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Sid?: string;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every statement of the IAM policies attached to the role with this logical id (managed policies aside). */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const statements: PolicyStatementJson[] = [];
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const roles = asArray(policy.Properties.Roles as Array<{ Ref?: string }>);
    if (roles.some((role) => role.Ref === roleLogicalId)) statements.push(...asArray(policy.Properties.PolicyDocument.Statement as PolicyStatementJson[]));
  }
  const role = template.toJSON().Resources[roleLogicalId];
  for (const inline of asArray(role?.Properties?.Policies as Array<{ PolicyDocument: { Statement: PolicyStatementJson[] } }>)) {
    statements.push(...asArray(inline.PolicyDocument.Statement));
  }
  return statements;
}

/** The role logical id of a Lambda function resource (`Role: { Fn::GetAtt: [id, 'Arn'] }`). */
export function roleOfFunction(template: Template, functionLogicalId: string): string {
  const fn = template.toJSON().Resources[functionLogicalId];
  const roleId = fn?.Properties?.Role?.['Fn::GetAtt']?.[0] as string | undefined;
  if (!roleId) throw new Error(`function ${functionLogicalId} has no role in this template`);
  return roleId;
}
