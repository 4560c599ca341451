import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#infra/constructs/driftsbilde-function.ts';
import { krIkt } from '#infra/config/kr-ikt.ts';
import { cidrsOverlap, DeploymentConfigError, parseDeploymentConfig, placeholderValues, type DeploymentConfigInput } from '#infra/config/schema.ts';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'driftsbilde-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** KR-IKT's config with one change. */
const variant = (change: (config: Record<string, any>) => void): unknown => {
  const copy = structuredClone(krIkt) as Record<string, any>;
  change(copy);
  return copy;
};
const problemsOf = (input: unknown) => {
  try {
    parseDeploymentConfig('test', input);
  } catch (error) {
    expect(error).toBeInstanceOf(DeploymentConfigError);
    return (error as DeploymentConfigError).problems;
  }
  throw new Error('the config was accepted');
};

describe('deployment config', () => {
  it("accepts KR-IKT's config and flags its placeholders", () => {
    const config = parseDeploymentConfig('kr-ikt', krIkt);
    expect(config.environments.map((environment) => environment.id)).toEqual(['felles-kristiansand', 'lillesand-datapark', 'birkenes-datapark']);
    expect(placeholderValues(config).length).toBe(4);
  });

  it.each([
    ['a missing alarm e-mail list', (c: any) => delete c.alarmEmails, 'alarmEmails'],
    ['an empty alarm e-mail list', (c: any) => (c.alarmEmails = []), 'alarmEmails'],
    ['a malformed e-mail', (c: any) => (c.alarmEmails = ['drift-at-kr-ikt.no']), 'alarmEmails.0'],
    ['a VPC overlapping a site', (c: any) => (c.vpcCidr = '10.20.0.0/20'), 'environments.1.siteNetworks.cidrs.0'],
    ['two overlapping sites', (c: any) => (c.environments[2].siteNetworks.cidrs = ['10.10.128.0/17']), 'environments.2.siteNetworks.cidrs.0'],
    ['a CIDR with host bits', (c: any) => (c.environments[0].siteNetworks.cidrs = ['10.10.1.0/16']), 'environments.0.siteNetworks.cidrs.0'],
    ['a private gateway address', (c: any) => (c.environments[1].customerGatewayIp = '192.168.1.1'), 'environments.1.customerGatewayIp'],
    ['a BGP ASN out of range', (c: any) => (c.environments[0].routing = { type: 'bgp', asn: 0 }), 'environments.0.routing.asn'],
    ['an unknown routing type', (c: any) => (c.environments[0].routing = { type: 'ospf' }), 'environments.0.routing.type'],
    ['a certificate outside us-east-1', (c: any) => (c.customDomain = { domainName: 'driftsbilde.kr-ikt.no', certificateArn: 'arn:aws:acm:eu-north-1:123456789012:certificate/12345678-1234-1234-1234-123456789012' }), 'customDomain.certificateArn'],
    ['a retention CloudWatch does not offer', (c: any) => (c.logRetentionDays = 100), 'logRetentionDays'],
    ['a Cognito prefix with "aws"', (c: any) => (c.cognitoDomainPrefix = 'aws-driftsbilde'), 'cognitoDomainPrefix'],
    ['a missing AWS region', (c: any) => delete c.awsRegion, 'awsRegion'],
    ['an environment listed twice', (c: any) => (c.environments[2].id = 'lillesand-datapark'), 'environments.2.id'],
    ['an unknown field (a typo)', (c: any) => (c.alarmEmail = 'drift@kr-ikt.no'), '(config)'],
  ])('refuses %s, naming the field', (_, change, field) => {
    const problems = problemsOf(variant(change));
    expect(problems.map((problem) => problem.field)).toContain(field);
  });

  it('knows which networks overlap', () => {
    expect(cidrsOverlap('10.0.0.0/8', '10.250.0.0/22')).toBe(true);
    expect(cidrsOverlap('10.250.0.0/22', '10.250.3.0/24')).toBe(true);
    expect(cidrsOverlap('10.250.0.0/22', '10.250.4.0/24')).toBe(false);
    expect(cidrsOverlap('192.168.30.0/24', '192.168.31.0/24')).toBe(false);
  });

  it('stops `cdk synth` before anything is built, naming the missing field', async () => {
    const file = join(scratch, 'broken.json');
    const broken = variant((c) => delete c.alarmEmails) as DeploymentConfigInput;
    writeFileSync(file, JSON.stringify(broken));
    const failure = await run('npx', ['tsx', 'infra/app.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ configFile: file }), CDK_OUTDIR: join(scratch, 'out') },
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain(`Deployment config '${file}' is invalid`);
    expect(failure?.stderr).toMatch(/- alarmEmails: /);
  }, 60_000);
});
