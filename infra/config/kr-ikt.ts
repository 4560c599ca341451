import { PLACEHOLDER_PREFIX_LIST_ID, type DeploymentConfigInput } from './schema.ts';

/**
 * KR-IKT's deployment: Stockholm, the three operating environments, each reached over its own
 * site-to-site VPN. The firewall addresses below are documentation addresses (RFC 5737) standing
 * in for the real ones, and the DynamoDB prefix-list id is a placeholder; KR-IKT's network team fills them in before the first deploy (`cdk synth`
 * warns while they are there); see docs/deploy.md, "Config".
 */
export const krIkt: DeploymentConfigInput = {
  regionId: 'kr-ikt',
  awsRegion: 'eu-north-1',
  vpcCidr: '10.250.0.0/22',
  // Placeholder: the id of com.amazonaws.eu-north-1.dynamodb in KR-IKT's account, read with
  // describe-managed-prefix-lists (docs/deploy.md).
  dynamoDbPrefixListId: PLACEHOLDER_PREFIX_LIST_ID,
  environments: [
    {
      id: 'felles-kristiansand',
      siteNetworks: { cidrs: ['10.10.0.0/16'], hostSuffixes: ['.kristiansand.kommune.no'] },
      customerGatewayIp: '203.0.113.10',
      routing: { type: 'bgp', asn: 65010 },
      extraTcpPorts: [22, 3389],
    },
    {
      id: 'lillesand-datapark',
      siteNetworks: { cidrs: ['10.20.0.0/16'], hostSuffixes: ['.lillesand.kommune.no'] },
      customerGatewayIp: '203.0.113.20',
      routing: { type: 'static' },
    },
    {
      id: 'birkenes-datapark',
      siteNetworks: { cidrs: ['10.30.0.0/16', '192.168.30.0/24'], hostSuffixes: ['.birkenes.kommune.no'] },
      customerGatewayIp: '203.0.113.30',
      routing: { type: 'static' },
    },
  ],
  alarmEmails: ['drift@kr-ikt.no'],
  logRetentionDays: 90,
  cognitoDomainPrefix: 'driftsbilde-kr-ikt',
  sweepIntervalMinutes: 1,
};
