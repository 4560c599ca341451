import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#shared/api/routes.ts';
import { ACTIONS_WITHOUT_RESOURCE_SCOPE } from '#infra/constructs/driftsbilde-function.ts';
import { asArray, synthDriftsbilde, type PolicyStatementJson, type SynthesizedDriftsbilde } from './synth.ts';

/**
 * The gate `cdk synth` applies, checked here too: cdk-nag's AWS Solutions rules (errors and
 * warnings) and aws-cdk-lib's built-in CloudFormation validation, both with the cdk.json flags.
 */
let synthesized: SynthesizedDriftsbilde;
let stacks: Stack[];
/** Annotations.fromStack re-synthesizes the app each time; read each stack's once. */
let annotations: Map<Stack, Annotations>;
/** Both packs run: AWS Solutions and Serverless. */
const NAG = Match.stringLikeRegexp('^(AwsSolutions|Serverless)-.*');

beforeAll(() => {
  synthesized = synthDriftsbilde({ validation: true });
  // Throws here, naming every finding, if a rule or the built-in validation fails.
  synthesized.app.synth();
  stacks = Object.values(synthesized.stacks);
  annotations = new Map(stacks.map((stack) => [stack, Annotations.fromStack(stack)]));
}, 400_000);

describe('cdk-nag AwsSolutionsChecks and ServerlessChecks', () => {
  it('finds no unsuppressed error in any stack', () => {
    for (const stack of stacks) expect(annotations.get(stack)!.findError('*', NAG), stack.stackName).toEqual([]);
  });

  it('finds no unsuppressed warning in any stack', () => {
    for (const stack of stacks) expect(annotations.get(stack)!.findWarning('*', NAG), stack.stackName).toEqual([]);
  });

  it('leaves no error annotation of any kind', () => {
    for (const stack of stacks) expect(annotations.get(stack)!.findError('*', Match.anyValue()), stack.stackName).toEqual([]);
  });

  it('suppresses CDK-owned handlers only where aws-cdk-lib decides (IAM4, L1, latest runtime, tracing)', () => {
    for (const rule of suppressions().filter((candidate) => ['AwsSolutions-IAM4', 'AwsSolutions-L1', 'Serverless-LambdaLatestVersion', 'Serverless-LambdaTracing'].includes(candidate.id))) {
      expect(rule.resource, rule.id).toMatch(/^CustomCDKBucketDeployment/);
    }
  });

  it('does fire on a non-compliant resource (so silence above means something)', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'NonCompliant');
    new Queue(stack, 'PlainQueue', { encryption: QueueEncryption.UNENCRYPTED });
    Aspects.of(app).add(new AwsSolutionsChecks());
    const findings = Annotations.fromStack(stack).findError('*', NAG).map((finding) => String(finding.entry.data));
    expect(findings.some((finding) => finding.startsWith('AwsSolutions-SQS3'))).toBe(true);
    expect(findings.some((finding) => finding.startsWith('AwsSolutions-SQS4'))).toBe(true);
  });
});

interface Suppression {
  id: string;
  reason: string;
  applies_to?: unknown[];
}

function suppressions(): Array<Suppression & { stack: string; resource: string; type: string }> {
  return stacks.flatMap((stack) =>
    Object.entries(synthesized.template(stack).toJSON().Resources as Record<string, { Type: string; Metadata?: { cdk_nag?: { rules_to_suppress?: Suppression[] } } }>).flatMap(
      ([resource, definition]) => (definition.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((rule) => ({ ...rule, stack: stack.stackName, resource, type: definition.Type })),
    ),
  );
}

describe('nag suppressions', () => {
  it('are only the known, reviewed ones', () => {
    expect([...new Set(suppressions().map((rule) => rule.id))].sort()).toEqual(
      [
        'AwsSolutions-APIG4',
        'AwsSolutions-CFR1',
        'AwsSolutions-CFR4',
        'AwsSolutions-IAM4',
        'AwsSolutions-IAM5',
        'AwsSolutions-L1',
        'AwsSolutions-S1',
        'Serverless-LambdaAsyncFailureDestination',
        'Serverless-LambdaDLQ',
        'Serverless-LambdaEventSourceMappingDestination',
        'Serverless-LambdaLatestVersion',
        'Serverless-LambdaTracing',
        'Serverless-SNSRedrivePolicy',
        'Serverless-SQSRedrivePolicy',
      ].sort(),
    );
  });

  it('each say why, in a sentence', () => {
    for (const rule of suppressions()) expect(rule.reason.length, `${rule.stack}/${rule.resource} ${rule.id}`).toBeGreaterThanOrEqual(40);
  });

  it('IAM4 and IAM5 are only ever suppressed for named findings, on IAM policies', () => {
    for (const rule of suppressions().filter((candidate) => candidate.id === 'AwsSolutions-IAM5' || candidate.id === 'AwsSolutions-IAM4')) {
      expect(rule.applies_to?.length, `${rule.stack}/${rule.resource}`).toBeGreaterThan(0);
      expect(rule.type).toMatch(/^AWS::IAM::(Policy|Role)$/);
    }
  });

  it('APIG4 (no authorizer) is suppressed exactly on the routes the contract makes public', () => {
    const api = synthesized.template(synthesized.stacks.api).toJSON().Resources as Record<string, { Properties: { RouteKey: string } }>;
    const suppressedRoutes = suppressions()
      .filter((rule) => rule.id === 'AwsSolutions-APIG4')
      .map((rule) => api[rule.resource]!.Properties.RouteKey);
    expect(suppressedRoutes.sort()).toEqual(ROUTES.filter((route) => route.allow === 'public').map((route) => `${route.method} ${route.path}`).sort());
  });
});

describe('IAM across all stacks', () => {
  /** CDK's own provider for restricting the VPC's default security group (a plain CfnResource nag cannot inspect). */
  const CDK_INTERNAL_ROLES = /^(CustomVpcRestrictDefaultSGCustomResourceProviderRole|CustomCrossRegionExport(Reader|Writer)CustomResourceProviderRole|CustomCDKBucketDeployment[0-9A-F]+ServiceRole)/;

  const identityStatements = () =>
    stacks.flatMap((stack) =>
      Object.entries(synthesized.template(stack).toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>).flatMap(([id, resource]) => {
        if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
          return asArray(resource.Properties.PolicyDocument.Statement as PolicyStatementJson[]).map((statement) => ({ where: `${stack.stackName}/${id}`, statement }));
        }
        if (resource.Type === 'AWS::IAM::Role') {
          return asArray(resource.Properties.Policies as Array<{ PolicyDocument: { Statement: PolicyStatementJson[] } }>).flatMap((policy) =>
            asArray(policy.PolicyDocument.Statement).map((statement) => ({ where: `${stack.stackName}/${id}`, statement })),
          );
        }
        return [];
      }),
    );

  it('grants on "*" only actions that have no resource-level permissions, PutMetricData only with its namespace condition', () => {
    const onStar = identityStatements().filter(({ statement }) => asArray(statement.Resource as unknown[]).some((resource) => typeof resource === 'string' && resource.includes('*')));
    expect(onStar.length).toBeGreaterThan(0);
    for (const { where, statement } of onStar) {
      expect(statement.Resource, where).toBe('*');
      for (const action of asArray(statement.Action)) {
        // CDK's BucketDeployment handler (config.json) may also create a CloudFront invalidation, which has no resource scope.
        const allowed = /CustomCDKBucketDeployment/.test(where) ? [...ACTIONS_WITHOUT_RESOURCE_SCOPE, 'cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'] : ACTIONS_WITHOUT_RESOURCE_SCOPE;
        expect(allowed as readonly string[], `${where}: ${action}`).toContain(action);
        if (action === 'cloudwatch:PutMetricData') expect(statement.Condition?.StringEquals?.['cloudwatch:namespace'], where).toBe('Driftsbilde');
      }
    }
  });

  it('never allows a wildcard action', () => {
    for (const { where, statement } of identityStatements()) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of asArray(statement.Action)) expect(action, where).not.toMatch(/(^\*$|:\*$)/);
    }
  });

  it('attaches no AWS-managed policy to our roles', () => {
    for (const stack of stacks) {
      for (const [id, resource] of Object.entries(synthesized.template(stack).findResources('AWS::IAM::Role'))) {
        if (CDK_INTERNAL_ROLES.test(id)) continue;
        expect((resource as { Properties: { ManagedPolicyArns?: unknown } }).Properties.ManagedPolicyArns, `${stack.stackName}/${id}`).toBeUndefined();
      }
    }
  });
});
