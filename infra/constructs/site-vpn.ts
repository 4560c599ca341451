import { CfnCustomerGateway, CfnRoute, CfnVPNConnection, CfnVPNConnectionRoute, type CfnVPCGatewayAttachment, type CfnVPNGateway, type ISubnet } from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema.ts';

/**
 * With static routing the customer gateway's ASN is not used, but CloudFormation requires one;
 * 65000 is the first private ASN.
 */
const UNUSED_STATIC_ASN = 65_000;

/** Both tunnels: IKEv2 only, AES-256-GCM / SHA-2 and DH groups ≥ 19, no legacy suites. */
const TUNNEL_OPTIONS: CfnVPNConnection.VpnTunnelOptionsSpecificationProperty = {
  ikeVersions: [{ value: 'ikev2' }],
  phase1EncryptionAlgorithms: [{ value: 'AES256-GCM-16' }, { value: 'AES256' }],
  phase2EncryptionAlgorithms: [{ value: 'AES256-GCM-16' }, { value: 'AES256' }],
  phase1IntegrityAlgorithms: [{ value: 'SHA2-256' }, { value: 'SHA2-384' }],
  phase2IntegrityAlgorithms: [{ value: 'SHA2-256' }, { value: 'SHA2-384' }],
  phase1DhGroupNumbers: [{ value: 19 }, { value: 20 }, { value: 21 }],
  phase2DhGroupNumbers: [{ value: 19 }, { value: 20 }, { value: 21 }],
  // The firewall may start the tunnel; AWS keeps it up once it is.
  startupAction: 'add',
};

export interface SiteVpnProps {
  readonly environment: EnvironmentConfig;
  readonly vpnGateway: CfnVPNGateway;
  /** Routes towards the gateway need it attached first. */
  readonly attachment: CfnVPCGatewayAttachment;
  /** The subnets whose route tables get the site's networks (the collectors'). */
  readonly subnets: readonly ISubnet[];
}

/**
 * One site-to-site VPN: the site firewall as customer gateway, a connection to the VPC's virtual
 * private gateway, and routes to exactly the site's networks — in the collectors' route tables
 * and, with static routing, in the connection itself. Route propagation stays off, so whatever a
 * BGP peer advertises never reaches a route table: the VPC sends only the configured CIDRs to the
 * gateway, and the security group (collectors stack) limits what goes to each of them.
 */
export class SiteVpn extends Construct {
  readonly customerGateway: CfnCustomerGateway;
  readonly connection: CfnVPNConnection;

  constructor(scope: Construct, id: string, props: SiteVpnProps) {
    super(scope, id);
    const { environment } = props;
    const isStatic = environment.routing.type === 'static';

    this.customerGateway = new CfnCustomerGateway(this, 'CustomerGateway', {
      type: 'ipsec.1',
      ipAddress: environment.customerGatewayIp,
      bgpAsn: environment.routing.type === 'bgp' ? environment.routing.asn : UNUSED_STATIC_ASN,
      tags: [{ key: 'Name', value: `driftsbilde-${environment.id}` }],
    });
    this.connection = new CfnVPNConnection(this, 'Connection', {
      type: 'ipsec.1',
      customerGatewayId: this.customerGateway.attrCustomerGatewayId,
      vpnGatewayId: props.vpnGateway.attrVpnGatewayId,
      staticRoutesOnly: isStatic,
      vpnTunnelOptionsSpecifications: [TUNNEL_OPTIONS, TUNNEL_OPTIONS],
      tags: [{ key: 'Name', value: `driftsbilde-${environment.id}` }],
    });

    environment.siteNetworks.cidrs.forEach((cidr, cidrIndex) => {
      if (isStatic) {
        new CfnVPNConnectionRoute(this, `StaticRoute${cidrIndex}`, { vpnConnectionId: this.connection.attrVpnConnectionId, destinationCidrBlock: cidr });
      }
      props.subnets.forEach((subnet, subnetIndex) => {
        const route = new CfnRoute(this, `Route${cidrIndex}Subnet${subnetIndex}`, {
          routeTableId: subnet.routeTable.routeTableId,
          destinationCidrBlock: cidr,
          gatewayId: props.vpnGateway.attrVpnGatewayId,
        });
        route.node.addDependency(props.attachment);
      });
    });
  }
}
