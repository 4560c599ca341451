import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { beforeAll, describe, expect, it } from 'vitest';
import { GUARD_EXEMPTIONS } from '#infra/guard-exemptions.ts';
import { synthDriftsbilde } from './synth.ts';

/**
 * AWS Control Tower proactive controls through @cdklabs/cdk-validator-cfnguard, which ships the
 * cfn-guard binary and the rules: runs offline. Every finding must be justified in
 * infra/guard-exemptions.ts, and every justification must still be needed.
 */
let findings: Array<{ rule: string; resource: string }>;

beforeAll(() => {
  const assembly = synthDriftsbilde().app.synth({ force: true });
  const templatePaths = readdirSync(assembly.directory)
    .filter((file) => file.endsWith('.template.json'))
    .map((file) => join(assembly.directory, file));
  expect(templatePaths.length).toBe(6);
  const report = new CfnGuardValidator().validate({ templatePaths } as never);
  findings = report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({ rule: violation.ruleName, resource: `${basename(resource.templatePath, '.template.json')}:${resource.resourceLogicalId}` })),
  );
}, 400_000);

describe('Control Tower proactive controls (cfn-guard)', () => {
  it('run and find something (so an empty list of unjustified findings means something)', () => {
    expect(findings.length).toBeGreaterThan(0);
  });

  it('leave no finding without a justification in infra/guard-exemptions.ts', () => {
    const unjustified = findings.filter(({ rule, resource }) => !GUARD_EXEMPTIONS.some((exemption) => exemption.rule === rule && exemption.resources.test(resource)));
    expect(unjustified).toEqual([]);
  });

  it('keep no stale justification, and each says why in a sentence', () => {
    for (const exemption of GUARD_EXEMPTIONS) {
      expect(findings.some(({ rule, resource }) => rule === exemption.rule && exemption.resources.test(resource)), `${exemption.rule} ${exemption.resources}`).toBe(true);
      expect(exemption.reason.length, exemption.rule).toBeGreaterThanOrEqual(40);
    }
  });

  it('pass the controls Driftsbilde meets: none of these rules finds anything', () => {
    const failing = new Set(findings.map((finding) => finding.rule));
    for (const rule of ['dynamodb_pitr_enabled_check', 'sqs_queue_encrypted_check', 'sns_encrypted_kms', 'lambda_concurrency_check']) expect(failing.has(rule), rule).toBe(false);
  });
});
