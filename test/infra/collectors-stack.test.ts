import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRICS_NAMESPACE } from '#shared/domain/health/metrics.ts';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '#infra/constructs/driftsbilde-function.ts';
import type { DriftsbildeStacks } from '#infra/driftsbilde.ts';
import { loadDeploymentConfig } from '#infra/config/index.ts';
import { asArray, logicalId, resourcesOf, roleOfFunction, statementsOfRole, synthDriftsbilde } from './synth.ts';

let stacks: DriftsbildeStacks;
let collectors: Template;
let ids: { fanOut: string; collector: string; queue: string; deadLetters: string };

beforeAll(() => {
  const synthesized = synthDriftsbilde();
  stacks = synthesized.stacks;
  collectors = synthesized.template(stacks.collectors);
  const stack = stacks.collectors;
  ids = {
    fanOut: logicalId(stack.fanOutFunction, stack),
    collector: logicalId(stack.collectorFunction, stack),
    queue: logicalId(stack.sweepQueue, stack),
    deadLetters: logicalId(stack.deadLetterQueue, stack),
  };
});

const only = (type: string) => {
  const found = Object.values(resourcesOf(collectors, type));
  expect(found, type).toHaveLength(1);
  return found[0]!.Properties;
};
const functionProperties = (id: string) => collectors.toJSON().Resources[id].Properties;
const actionsOfFunction = (id: string) => new Set(statementsOfRole(collectors, roleOfFunction(collectors, id)).flatMap((statement) => asArray(statement.Action)));

describe('collectors stack: schedule', () => {
  it('invokes the fan-out function every minute, without retries', () => {
    const schedule = only('AWS::Scheduler::Schedule');
    expect(schedule.ScheduleExpression).toBe('rate(1 minute)');
    expect(schedule.State).toBe('ENABLED');
    expect(schedule.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(schedule.Target.Arn).toEqual({ 'Fn::GetAtt': [ids.fanOut, 'Arn'] });
    expect(schedule.Target.RetryPolicy.MaximumRetryAttempts).toBe(0);
    const roleId = schedule.Target.RoleArn['Fn::GetAtt'][0] as string;
    const statements = statementsOfRole(collectors, roleId);
    expect(new Set(statements.flatMap((statement) => asArray(statement.Action)))).toEqual(new Set(['lambda:InvokeFunction']));
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"/);
  });

  it('does not let Lambda retry a failed fan-out either', () => {
    const config = only('AWS::Lambda::EventInvokeConfig');
    expect(config.FunctionName).toEqual({ Ref: ids.fanOut });
    expect(config.MaximumRetryAttempts).toBe(0);
  });
});

describe('collectors stack: queue', () => {
  it('sends a sweep to the dead-letter queue after three failed receives', () => {
    const queue = collectors.toJSON().Resources[ids.queue].Properties;
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [ids.deadLetters, 'Arn'] }, maxReceiveCount: 3 });
  });

  it('encrypts both queues and refuses requests without TLS', () => {
    const policies = Object.values(resourcesOf(collectors, 'AWS::SQS::QueuePolicy'));
    for (const id of [ids.queue, ids.deadLetters]) {
      expect(collectors.toJSON().Resources[id].Properties.SqsManagedSseEnabled).toBe(true);
      const policy = policies.find((candidate) => candidate.Properties.Queues.some((queue: { Ref: string }) => queue.Ref === id));
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('fits three attempts inside the collector’s 5-minute staleness limit, each longer than the function may run', () => {
    const visibility = collectors.toJSON().Resources[ids.queue].Properties.VisibilityTimeout as number;
    expect(visibility).toBeGreaterThanOrEqual(functionProperties(ids.collector).Timeout as number);
    expect(2 * visibility).toBeLessThan(5 * 60);
  });
});

describe('collectors stack: collector', () => {
  it('consumes the queue in small batches, reports partial failures, and is bounded in concurrency', () => {
    const mapping = only('AWS::Lambda::EventSourceMapping');
    expect(mapping.EventSourceArn).toEqual({ 'Fn::GetAtt': [ids.queue, 'Arn'] });
    expect(mapping.FunctionName).toEqual({ Ref: ids.collector });
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.BatchSize).toBeGreaterThanOrEqual(1);
    expect(mapping.BatchSize).toBeLessThanOrEqual(10);
    expect(mapping.ScalingConfig.MaximumConcurrency).toBeGreaterThanOrEqual(2);
    expect(mapping.ScalingConfig.MaximumConcurrency).toBeLessThanOrEqual(20);
  });

  it('runs in the isolated subnets of the VPC behind its own security group, which admits nothing', () => {
    const vpcConfig = functionProperties(ids.collector).VpcConfig;
    const subnetIds = stacks.collectors.vpc.isolatedSubnets.map((subnet) => logicalId(subnet, stacks.collectors));
    expect(subnetIds).toHaveLength(2);
    expect(vpcConfig.SubnetIds.map((subnet: { Ref: string }) => subnet.Ref).sort()).toEqual(subnetIds.sort());
    const securityGroupId = logicalId(stacks.collectors.collectorSecurityGroup, stacks.collectors);
    expect(vpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [securityGroupId, 'GroupId'] }]);
    expect(collectors.toJSON().Resources[securityGroupId].Properties.SecurityGroupIngress).toBeUndefined();
  });

  it('egresses only to each site’s CIDRs on the checks’ ports, to DynamoDB’s prefix list and to the interface endpoints', () => {
    const securityGroupId = logicalId(stacks.collectors.collectorSecurityGroup, stacks.collectors);
    const inline = collectors.toJSON().Resources[securityGroupId].Properties.SecurityGroupEgress as Array<Record<string, any>>;
    const separate = Object.values(resourcesOf(collectors, 'AWS::EC2::SecurityGroupEgress'))
      .map((rule) => rule.Properties)
      .filter((rule) => rule.GroupId['Fn::GetAtt']?.[0] === securityGroupId);
    const rules = [...inline, ...separate];
    const config = loadDeploymentConfig();
    const siteCidrs = new Set(config.environments.flatMap((environment) => environment.siteNetworks.cidrs));
    const expected = new Set<string>();
    for (const environment of config.environments) {
      const ports = [['udp', 161], ['tcp', 443], ['tcp', 80], ['tcp', 9100], ...environment.extraTcpPorts.map((port) => ['tcp', port])];
      for (const cidr of environment.siteNetworks.cidrs) for (const [protocol, port] of ports) expected.add(`${cidr} ${protocol} ${port}`);
    }
    const toSites = rules.filter((rule) => rule.CidrIp !== undefined);
    // Exactly the configured pairs: nothing to 0.0.0.0/0, no blanket RFC 1918 range, no all-ports rule.
    expect(new Set(toSites.map((rule) => `${rule.CidrIp} ${rule.IpProtocol} ${rule.FromPort}`))).toEqual(expected);
    for (const rule of toSites) {
      expect(siteCidrs.has(rule.CidrIp), rule.CidrIp).toBe(true);
      expect(rule.FromPort).toBe(rule.ToPort);
      expect(rule.IpProtocol).not.toBe('-1');
    }
    // Lillesand's networks are not opened for the Kristiansand-only SSH/RDP ports.
    expect(expected.has('10.20.0.0/16 tcp 22')).toBe(false);
    const others = rules.filter((rule) => rule.CidrIp === undefined);
    expect(others).toContainEqual(expect.objectContaining({ DestinationPrefixListId: config.dynamoDbPrefixListId, IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }));
    const endpointGroups = stacks.collectors.interfaceEndpoints.map((endpoint) => logicalId(endpoint.connections.securityGroups[0]!, stacks.collectors));
    expect(endpointGroups).toHaveLength(2);
    for (const groupId of endpointGroups) {
      expect(others).toContainEqual(expect.objectContaining({ DestinationSecurityGroupId: { 'Fn::GetAtt': [groupId, 'GroupId'] }, IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }));
    }
    expect(others).toHaveLength(1 + endpointGroups.length);
  });

  it('has no NAT and no internet gateway; DynamoDB through a gateway endpoint, CloudWatch and Secrets Manager through interface endpoints; flow logs', () => {
    expect(Object.keys(resourcesOf(collectors, 'AWS::EC2::NatGateway'))).toHaveLength(0);
    expect(Object.keys(resourcesOf(collectors, 'AWS::EC2::InternetGateway'))).toHaveLength(0);
    const endpoints = Object.values(resourcesOf(collectors, 'AWS::EC2::VPCEndpoint')).map((endpoint) => endpoint.Properties);
    const serviceOf = (endpoint: Record<string, any>) => /\.([a-z]+)"?\]?\]?\}?"?$/.exec(JSON.stringify(endpoint.ServiceName))?.[1];
    expect(endpoints.map(serviceOf).sort()).toEqual(['dynamodb', 'monitoring', 'secretsmanager']);
    for (const endpoint of endpoints.filter((candidate) => candidate.VpcEndpointType === 'Interface')) expect(endpoint.PrivateDnsEnabled).toBe(true);
    expect(only('AWS::EC2::FlowLog')).toMatchObject({ ResourceType: 'VPC', TrafficType: 'ALL' });
  });

  it('may publish metrics only to the Driftsbilde namespace', () => {
    const statements = statementsOfRole(collectors, roleOfFunction(collectors, ids.collector)).filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('cloudwatch:')),
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': METRICS_NAMESPACE } },
    });
    expect(METRICS_NAMESPACE).toBe('Driftsbilde');
  });

  it('reads and writes the table', () => {
    const actions = actionsOfFunction(ids.collector);
    for (const action of [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS]) expect(actions).toContain(action);
    expect(JSON.stringify(functionProperties(ids.collector).Environment.Variables.TABLE_NAME)).toContain(stacks.data.stackName);
  });
});

describe('collectors stack: fan-out', () => {
  it('reads the table, sends to the sweep queue it is told about, and lives outside the VPC', () => {
    const actions = actionsOfFunction(ids.fanOut);
    for (const action of TABLE_READ_ACTIONS) expect(actions).toContain(action);
    for (const action of TABLE_WRITE_ACTIONS) expect(actions).not.toContain(action);
    expect(actions).toContain('sqs:SendMessage');
    const properties = functionProperties(ids.fanOut);
    expect(properties.Environment.Variables.SWEEP_QUEUE_URL).toEqual({ Ref: ids.queue });
    expect(properties.VpcConfig).toBeUndefined();
    expect(actions).not.toContain('cloudwatch:PutMetricData');
  });
});

describe('collectors stack: site-to-site VPN', () => {
  const config = () => loadDeploymentConfig();
  const vpnOf = (environmentId: string) => stacks.collectors.siteVpns.get(environmentId)!;

  it('has one virtual private gateway, attached to the VPC, and one VPN connection per environment to its firewall', () => {
    const gateways = Object.keys(resourcesOf(collectors, 'AWS::EC2::VPNGateway'));
    expect(gateways).toHaveLength(1);
    expect(only('AWS::EC2::VPCGatewayAttachment').VpnGatewayId).toEqual({ 'Fn::GetAtt': [gateways[0], 'VPNGatewayId'] });
    expect(Object.keys(resourcesOf(collectors, 'AWS::EC2::VPNConnection'))).toHaveLength(config().environments.length);
    for (const environment of config().environments) {
      const vpn = vpnOf(environment.id);
      const connection = collectors.toJSON().Resources[stacks.collectors.getLogicalId(vpn.connection)].Properties;
      const gateway = collectors.toJSON().Resources[stacks.collectors.getLogicalId(vpn.customerGateway)].Properties;
      expect(gateway.IpAddress).toBe(environment.customerGatewayIp);
      expect(gateway.BgpAsn).toBe(environment.routing.type === 'bgp' ? environment.routing.asn : 65000);
      expect(connection.StaticRoutesOnly).toBe(environment.routing.type === 'static');
      expect(connection.VpnGatewayId).toEqual({ 'Fn::GetAtt': [gateways[0], 'VPNGatewayId'] });
      expect(connection.CustomerGatewayId).toEqual({ 'Fn::GetAtt': [stacks.collectors.getLogicalId(vpn.customerGateway), 'CustomerGatewayId'] });
      for (const tunnel of connection.VpnTunnelOptionsSpecifications) expect(tunnel.IKEVersions).toEqual([{ Value: 'ikev2' }]);
    }
    // KR-IKT's config has both kinds.
    expect(new Set(config().environments.map((environment) => environment.routing.type))).toEqual(new Set(['static', 'bgp']));
  });

  it('routes exactly each site’s CIDRs to the gateway, from every collector subnet, and nothing else; static connections carry the same CIDRs', () => {
    const gatewayId = Object.keys(resourcesOf(collectors, 'AWS::EC2::VPNGateway'))[0];
    const routeTables = stacks.collectors.vpc.isolatedSubnets.map((subnet) => JSON.stringify(stacks.collectors.resolve(subnet.routeTable.routeTableId)));
    const toGateway = Object.values(resourcesOf(collectors, 'AWS::EC2::Route')).filter((route) => route.Properties.GatewayId?.['Fn::GetAtt']?.[0] === gatewayId);
    const expected = config().environments.flatMap((environment) => environment.siteNetworks.cidrs.flatMap((cidr) => routeTables.map((table) => `${cidr} ${table}`)));
    expect(toGateway.map((route) => `${route.Properties.DestinationCidrBlock} ${JSON.stringify(route.Properties.RouteTableId)}`).sort()).toEqual(expected.sort());
    for (const route of Object.values(resourcesOf(collectors, 'AWS::EC2::Route'))) {
      if (route.Properties.GatewayId?.['Fn::GetAtt']?.[0] === gatewayId) expect(route.DependsOn?.some((id: string) => id.includes('VpnGatewayAttachment'))).toBe(true);
    }
    // No propagation of whatever a BGP peer advertises.
    expect(Object.keys(resourcesOf(collectors, 'AWS::EC2::VPNGatewayRoutePropagation'))).toHaveLength(0);
    const staticRoutes = Object.values(resourcesOf(collectors, 'AWS::EC2::VPNConnectionRoute')).map((route) => route.Properties);
    for (const environment of config().environments) {
      const connectionId = stacks.collectors.getLogicalId(vpnOf(environment.id).connection);
      const cidrs = staticRoutes.filter((route) => route.VpnConnectionId['Fn::GetAtt']?.[0] === connectionId).map((route) => route.DestinationCidrBlock);
      expect(cidrs.sort(), environment.id).toEqual(environment.routing.type === 'static' ? [...environment.siteNetworks.cidrs].sort() : []);
    }
  });
});

describe('collectors stack: secrets', () => {
  it('lets the collector read exactly driftsbilde/<region>/<environment>/* of each configured environment, and no secret value is in its environment', () => {
    const config = loadDeploymentConfig();
    const statements = statementsOfRole(collectors, roleOfFunction(collectors, ids.collector)).filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('secretsmanager:')),
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Action).toBe('secretsmanager:GetSecretValue');
    const resources = asArray(statements[0]!.Resource as unknown[]).map((resource) => JSON.stringify(resource));
    expect(resources).toHaveLength(config.environments.length);
    for (const environment of config.environments) {
      expect(resources.filter((resource) => resource.includes(`:secret:driftsbilde/${config.regionId}/${environment.id}/*`)), environment.id).toHaveLength(1);
    }
    for (const resource of resources) expect(resource).toMatch(/^"arn:aws:secretsmanager:eu-north-1:|"arn:",\{"Ref":"AWS::Partition"\}|secretsmanager:eu-north-1:/);
    const variables = functionProperties(ids.collector).Environment.Variables as Record<string, unknown>;
    expect(variables.SECRET_NAME_PREFIX).toBe(`driftsbilde/${config.regionId}/`);
    expect(Object.keys(variables).filter((name) => /^SECRET_(?!NAME_PREFIX$)/.test(name))).toEqual([]);
    // No other function may read secrets.
    const fanOutActions = actionsOfFunction(ids.fanOut);
    expect([...fanOutActions].some((action) => action.startsWith('secretsmanager:'))).toBe(false);
  });
});
