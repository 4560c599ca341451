import { describe, expect, it } from 'vitest';
import { ROUTES } from '#shared/api/routes.ts';
import type { RouteContract } from '#shared/api/contract.ts';
import {
  assertMayRankFor,
  assertProjectWrite,
  assertChecksBelongToEnvironment,
  assertMayActInRegion,
  assertMemberChangeAllowed,
  assertMemberDeviceWrite,
  redactForViewer,
  servesOn,
  WRITE_RULES,
  writeRuleOf,
} from '#shared/domain/authorisation.ts';
import { DriftsbildeError, ForbiddenError, ValidationError } from '#shared/domain/errors.ts';
import type { Identity } from '#shared/domain/identity.ts';
import { checkPlacementProblems, hostInNetworks, isCidr } from '#shared/domain/networks.ts';
import { identityFromClaims } from '#shared/http/middlewares.ts';
import { CheckDefinition } from '#shared/schemas/checks.ts';

const admin: Identity = { subject: 'a', roles: ['admin'], regionIds: '*' };
const operator: Identity = { subject: 'o', roles: ['operator'], regionIds: ['kr-ikt'] };
const lillesand: Identity = { subject: 'l', roles: ['member'], memberId: 'lillesand', regionIds: ['kr-ikt'] };

const writeRoutes = (ROUTES as readonly RouteContract[]).filter((route) => route.method !== 'GET');

function codeOf(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (error instanceof DriftsbildeError) return `${error.statusCode} ${error.code}`;
    throw error;
  }
}

describe('the write rules are data, one per write route of the contract', () => {
  it('has a rule for every write route (a route added without a rule fails here)', () => {
    const missing = writeRoutes.map((route) => route.functionName).filter((name) => writeRuleOf(name) === undefined);
    expect(missing).toEqual([]);
  });

  it('has no rule for a route that does not exist', () => {
    const names = new Set(writeRoutes.map((route) => route.functionName));
    expect(Object.keys(WRITE_RULES).filter((name) => !names.has(name))).toEqual([]);
  });

  it('agrees with the roles the contract documents (OpenAPI, CDK)', () => {
    for (const route of writeRoutes) {
      const rule = writeRuleOf(route.functionName)!;
      expect(route.allow, route.functionName).toEqual(rule.roles === 'ingest-key' ? 'public' : rule.roles);
    }
  });

  it('lets members call only the routes whose records a member can own', () => {
    const memberRoutes = Object.entries(WRITE_RULES).filter(([, rule]) => rule.roles !== 'ingest-key' && (rule.roles as readonly string[]).includes('member'));
    expect(memberRoutes.map(([, rule]) => rule.scope).every((scope) => ['own-member', 'own-device', 'own-proposal', 'own-ranking'].includes(scope))).toBe(true);
  });
});

describe('the project portfolio', () => {
  const budgetOwner: Identity = { subject: 'b', roles: ['budget-owner'], regionIds: ['kr-ikt'] };
  const idea = { id: 'p', proposedBy: 'lillesand', participants: ['lillesand'], status: 'idea' as const, title: 'T', ratings: {}, costs: [], forced: undefined };

  it('lets a member rank for itself only; no other role ranks', () => {
    expect(codeOf(() => assertMayRankFor(lillesand, 'lillesand'))).toBeUndefined();
    expect(codeOf(() => assertMayRankFor(lillesand, 'birkenes'))).toBe('403 ranking-not-own');
    expect(codeOf(() => assertMayRankFor(operator, 'lillesand'))).toBe('403 ranking-not-own');
    expect(codeOf(() => assertMayRankFor(admin, 'lillesand'))).toBe('403 ranking-not-own');
  });

  it('lets a member propose as itself without the assessment, and change its own idea only', () => {
    expect(codeOf(() => assertProjectWrite(lillesand, undefined, idea))).toBeUndefined();
    // An empty list or map sets nothing: a proposal with `ratings: {}` is not an assessment.
    expect(codeOf(() => assertProjectWrite(lillesand, undefined, { ...idea, ratings: { benefit: 4 } }))).toBe('403 project-field-not-allowed');
    expect(codeOf(() => assertProjectWrite(lillesand, undefined, { ...idea, proposedBy: 'birkenes' }))).toBe('403 project-not-own-idea');
    expect(codeOf(() => assertProjectWrite(lillesand, { ...idea, status: 'assessed' }, { ...idea, status: 'assessed', title: 'U' }))).toBe('403 project-not-own-idea');
    expect(codeOf(() => assertProjectWrite(lillesand, idea, undefined))).toBeUndefined();
  });

  it('keeps forcing to budget owners and admins; a status change is not an edit', () => {
    expect(codeOf(() => assertProjectWrite(operator, idea, { ...idea, forced: 'in' as never }))).toBe('403 project-field-not-allowed');
    expect(codeOf(() => assertProjectWrite(budgetOwner, idea, { ...idea, forced: 'in' as never }))).toBeUndefined();
    expect(codeOf(() => assertProjectWrite(operator, idea, { ...idea, status: 'assessed', ratings: { benefit: 3 } }))).toBeUndefined();
  });
});

describe('region binding', () => {
  it('reads custom:regionIds as a list or *', () => {
    expect(identityFromClaims({ sub: 'u', 'cognito:groups': '[operator]', 'custom:regionIds': 'kr-ikt, agder' })?.regionIds).toEqual(['kr-ikt', 'agder']);
    expect(identityFromClaims({ sub: 'u', 'cognito:groups': '[admin]', 'custom:regionIds': '*' })?.regionIds).toBe('*');
    expect(identityFromClaims({ sub: 'u', 'cognito:groups': '[admin]' })?.regionIds).toBeUndefined();
  });

  it('refuses another region with 403 region-not-allowed, and honours * for admins only', () => {
    expect(codeOf(() => assertMayActInRegion(operator, 'kr-ikt'))).toBeUndefined();
    expect(codeOf(() => assertMayActInRegion(operator, 'vestland'))).toBe('403 region-not-allowed');
    expect(codeOf(() => assertMayActInRegion(admin, 'vestland'))).toBeUndefined();
    expect(codeOf(() => assertMayActInRegion({ ...operator, regionIds: '*' }, 'kr-ikt'))).toBe('403 region-not-allowed');
    expect(codeOf(() => assertMayActInRegion({ subject: 'x', roles: ['operator'] }, 'kr-ikt'))).toBe('403 region-not-allowed');
  });
});

describe('membership facts', () => {
  const before = { id: 'lillesand', name: 'Lillesand kommune', joinedOn: '2014-05-01', population: [{ from: '2016-01-01', value: 10_000 }] };

  it('lets a member change only contact person, e-mail, phone and notes of its own record', () => {
    expect(codeOf(() => assertMemberChangeAllowed(lillesand, before, { ...before, contactPerson: 'Kari', email: 'kari@lillesand.kommune.no', notes: 'x' }, undefined))).toBeUndefined();
    expect(codeOf(() => assertMemberChangeAllowed(lillesand, before, { ...before, name: 'Lillesand' }, 'why'))).toBe('403 member-field-admin-only');
    expect(codeOf(() => assertMemberChangeAllowed(lillesand, { ...before, id: 'birkenes' }, { ...before, id: 'birkenes', notes: 'x' }, undefined))).toBe('403 forbidden');
  });

  for (const [field, value] of [
    ['population', [{ from: '2000-01-01', value: 0 }]],
    ['mergedInto', 'kristiansand'],
    ['mergedOn', '2020-01-01'],
    ['leftOn', '2021-01-01'],
    ['joinedOn', '2019-01-01'],
  ] as const) {
    it(`keeps ${field} to admins, and an admin's change needs a reason (400 naming body.reason)`, () => {
      const after = { ...before, [field]: value };
      expect(codeOf(() => assertMemberChangeAllowed(lillesand, before, after, 'we merged'))).toBe('403 member-field-admin-only');
      try {
        assertMemberChangeAllowed(admin, before, after, undefined);
        expect.unreachable('an admin change without a reason went through');
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).details).toEqual([expect.objectContaining({ field: 'body.reason' })]);
      }
      expect(codeOf(() => assertMemberChangeAllowed(admin, before, after, 'bystyrevedtak 2019-06-20'))).toBeUndefined();
    });
  }

  it('needs a reason to create a member, and not for an admin renaming one', () => {
    expect(codeOf(() => assertMemberChangeAllowed(admin, undefined, before, undefined))).toBe('400 validation-failed');
    expect(codeOf(() => assertMemberChangeAllowed(admin, before, { ...before, name: 'Lillesand kommune (Agder)' }, undefined))).toBeUndefined();
  });

  it('sees no change where only the key order of a stored figure differs', () => {
    expect(codeOf(() => assertMemberChangeAllowed(lillesand, before, { ...before, population: [{ value: 10_000, from: '2016-01-01' }] as never }, undefined))).toBeUndefined();
  });
});

describe('member devices', () => {
  const environment = { id: 'lillesand-datapark', serves: [{ memberId: 'lillesand', from: '2014-05-01', to: '2024-12-31' }] };
  const device = { id: 'srv-1', environmentId: 'lillesand-datapark', payer: { type: 'member' as const, memberId: 'lillesand' } };

  it('serves on a day inside a service period, both ends included', () => {
    expect(servesOn(environment, 'lillesand', '2014-05-01')).toBe(true);
    expect(servesOn(environment, 'lillesand', '2024-12-31')).toBe(true);
    expect(servesOn(environment, 'lillesand', '2025-01-01')).toBe(false);
    expect(servesOn(environment, 'birkenes', '2020-01-01')).toBe(false);
  });

  it('lets a member write its own device where it is served, without monitoring', () => {
    const write = { after: device, bodyHasMonitoring: false, environments: [environment], day: '2020-06-01' };
    expect(codeOf(() => assertMemberDeviceWrite(lillesand, write))).toBeUndefined();
    expect(codeOf(() => assertMemberDeviceWrite(lillesand, { ...write, bodyHasMonitoring: true }))).toBe('403 monitoring-operators-only');
    expect(codeOf(() => assertMemberDeviceWrite(lillesand, { ...write, day: '2025-02-01' }))).toBe('403 environment-does-not-serve-member');
    expect(codeOf(() => assertMemberDeviceWrite(lillesand, { ...write, after: { ...device, payer: { type: 'shared' } } }))).toBe('403 forbidden');
    expect(codeOf(() => assertMemberDeviceWrite(operator, { ...write, bodyHasMonitoring: true, day: '2025-02-01' }))).toBeUndefined();
  });
});

describe('checks belong to their environment', () => {
  const networks = { cidrs: ['10.20.0.0/16', '127.0.0.1/32', 'fd00:20::/32'], hostSuffixes: ['lillesand.kr-ikt.no'] };
  const environment = { id: 'lillesand-datapark', serves: [], siteNetworks: networks };
  const snmp = (host: string, secretRef = 'lillesand-datapark/snmp-ro') => CheckDefinition.parse({ type: 'snmp', name: 'snmp', host, version: '2c', secretRef });

  it('parses CIDRs strictly', () => {
    expect(['10.0.0.0/8', '127.0.0.1/32', '::1/128', 'fd00::/8'].every(isCidr)).toBe(true);
    expect(['10.0.0.0', '10.0.0.0/33', '256.0.0.0/8', '::1/129', '010.0.0.0/8', 'x/8'].some(isCidr)).toBe(false);
  });

  it('places addresses and names in the networks, and nothing else', () => {
    for (const inside of ['10.20.3.4', '127.0.0.1', '::ffff:127.0.0.1', '[fd00:20::5]', 'fw-01.lillesand.kr-ikt.no', 'FW-01.Lillesand.KR-IKT.no.']) expect(hostInNetworks(inside, networks), inside).toBe(true);
    for (const outside of ['10.21.0.1', '127.0.0.2', '169.254.169.254', '::1', 'localhost', 'lillesand.kr-ikt.no', 'evil-lillesand.kr-ikt.no.attacker.net', 'xlillesand.kr-ikt.no', '2130706433', '0x7f.0.0.1', '127.1']) {
      expect(hostInNetworks(outside, networks), outside).toBe(false);
    }
  });

  it('refuses a target outside, or another environment’s secret, naming the field', () => {
    expect(checkPlacementProblems(snmp('10.20.0.1'), environment)).toEqual([]);
    expect(checkPlacementProblems(snmp('10.30.0.1'), environment).map((p) => [p.field, p.code])).toEqual([['host', 'target-outside-environment']]);
    expect(checkPlacementProblems(snmp('10.20.0.1', 'birkenes-datapark/snmp-ro'), environment).map((p) => [p.field, p.code])).toEqual([['secretRef', 'secret-of-another-environment']]);
    expect(checkPlacementProblems(snmp('10.20.0.1', 'lillesand-datapark-2/x'), environment)).toHaveLength(1);
    expect(checkPlacementProblems(snmp('10.20.0.1', 'lillesand-datapark/../birkenes-datapark/x'), environment)).toHaveLength(1);
    const web = CheckDefinition.parse({ type: 'http', name: 'web', url: 'http://169.254.169.254/latest/meta-data/', caRef: 'birkenes-datapark/ca' });
    expect(checkPlacementProblems(web, environment).map((p) => p.field)).toEqual(['url', 'caRef']);
    const decimal = CheckDefinition.parse({ type: 'prometheus', name: 'node', url: 'http://2130706433:9100/metrics' });
    // WHATWG URL turns 2130706433 into 127.0.0.1, which is inside; the check is judged by where it really goes.
    expect(checkPlacementProblems(decimal, environment)).toEqual([]);
    expect(checkPlacementProblems(decimal, { ...environment, siteNetworks: { cidrs: ['10.20.0.0/16'], hostSuffixes: [] } })).toHaveLength(1);
    expect(checkPlacementProblems(snmp('10.20.0.1'), { id: 'lillesand-datapark' })[0]?.problem).toMatch(/none declared/);
  });

  it('answers 400 naming body.monitoring.checks.<i>.<field>', () => {
    try {
      assertChecksBelongToEnvironment([snmp('10.20.0.1'), snmp('8.8.8.8', 'birkenes-datapark/x')], environment);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details).toEqual([
        expect.objectContaining({ field: 'body.monitoring.checks.1.host', code: 'target-outside-environment' }),
        expect.objectContaining({ field: 'body.monitoring.checks.1.secretRef', code: 'secret-of-another-environment' }),
      ]);
    }
  });
});

describe('what members see', () => {
  const device = {
    id: 'fw-1',
    monitoring: { checks: [{ type: 'snmp', host: '10.20.0.1', secretRef: 'lillesand-datapark/snmp' }] },
    checks: [{ name: 'snmp', message: 'no answer from 10.20.0.1:161 (udp://10.20.0.1:161), see https://fw-1.lillesand.kr-ikt.no:8443/x' }],
    timeline: [{ text: "'fw-01.lillesand.kr-ikt.no' is not in the site networks" }],
    firmware: 'FortiOS 6.0.4.1',
  };

  it('keeps everything for operators and admins', () => {
    expect(redactForViewer(operator, device)).toBe(device);
    expect(redactForViewer(admin, device)).toBe(device);
  });

  it('drops monitoring and secret references and blanks targets out of probe texts for everyone else', () => {
    const seen = redactForViewer(lillesand, [device]);
    const text = JSON.stringify(seen);
    expect(text).not.toMatch(/secretRef|monitoring|10\.20\.0\.1|lillesand\.kr-ikt\.no/);
    expect(seen[0]?.firmware).toBe('FortiOS 6.0.4.1');
    expect(redactForViewer(undefined, { secretRef: 'x', a: 1 })).toEqual({ a: 1 });
  });

  it('hides secret names in probe texts, keeping the rest of the sentence', () => {
    const message = "secret 'lillesand-datapark/snmp' does not exist (expected in /var/lib/driftsbilde/secrets/lillesand-datapark/snmp); /data 97 % full";
    expect(redactForViewer(lillesand, { message })).toEqual({ message: "secret '[hidden]' does not exist (expected in [hidden]); /data 97 % full" });
    expect(redactForViewer(operator, { message })).toEqual({ message });
  });

  it('hides targets and secret names in the parameters of coded texts too, which the dashboard renders', () => {
    const check = {
      message: 'connection refused by 10.20.0.1:161 (nothing listening?)',
      messageCode: 'check.connection-refused',
      messageParams: { host: '10.20.0.1', port: '161', error: 'connect ECONNREFUSED 10.20.0.1:161' },
    };
    expect(redactForViewer(lillesand, check)).toEqual({
      message: 'connection refused by [target hidden] (nothing listening?)',
      messageCode: 'check.connection-refused',
      messageParams: { host: '[target hidden]', port: '161', error: 'connect ECONNREFUSED [target hidden]' },
    });
    const entry = { textCode: 'check.secret-unreadable', textParams: { ref: 'lillesand-datapark/snmp', error: 'not found' } };
    expect(redactForViewer(lillesand, entry).textParams).toEqual({ ref: '[hidden]', error: 'not found' });
    expect(redactForViewer(operator, check)).toBe(check);
  });
});

it('ForbiddenError keeps the plain code unless a rule names its own', () => {
  expect(new ForbiddenError('x').code).toBe('forbidden');
  expect(new ForbiddenError('x', { code: 'region-not-allowed' }).code).toBe('region-not-allowed');
});
