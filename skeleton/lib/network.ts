import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { vpcEndpointServices } from './config/aws-facts';
import type { Side } from './regions';
import { subnetCidrs } from './subnets';

export interface NetworkArgs {
  readonly side: Side;
  readonly cidr: string;
  /** Block of the other region's VPC: database clients there reach this VPC over peering. */
  readonly peerCidr: string;
  readonly azCount: number;
  /** For the team's own code: the stack's functions reach only the databases and the Secrets Manager endpoint. */
  readonly natGatewayCount: number;
  /** Also the CloudWatch Logs and metrics endpoints, for the team's own code in the VPC. */
  readonly cloudWatchEndpoints: boolean;
  readonly databasePort: number;
}

const HTTPS = 443;
const ANYWHERE = '0.0.0.0/0';

/**
 * The VPC of one region: public subnets (load balancers, NAT gateways), private subnets (database,
 * Lambdas), routing, interface endpoints and the security groups of the database and its clients.
 */
export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly publicSubnetIds: pulumi.Output<string[]>;
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  /** The AZ of each private subnet, in order: where the database's instances are placed, one each in turn. */
  public readonly privateSubnetZones: pulumi.Output<string[]>;
  public readonly publicRouteTableIds: pulumi.Output<string[]>;
  public readonly privateRouteTableIds: pulumi.Output<string[]>;
  public readonly lambdaSecurityGroupId: pulumi.Output<string>;
  public readonly databaseSecurityGroupId: pulumi.Output<string>;
  /** The route tables themselves: their number is known now, so others can add a route to each. */
  public readonly publicRouteTables: readonly aws.ec2.RouteTable[];
  public readonly privateRouteTables: readonly aws.ec2.RouteTable[];

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    const { side, azCount, natGatewayCount } = args;
    // Checked before anything registers, so bad arguments leave no half-built network behind.
    if (!Number.isInteger(natGatewayCount) || natGatewayCount < 0 || natGatewayCount > azCount) {
      throw new Error(`natGatewayCount ${natGatewayCount} is not an integer from 0 to the AZ count (${azCount})`);
    }
    const cidrs = subnetCidrs(args.cidr, azCount);
    super('tap:dr:Network', name, {}, opts);
    const options = { parent: this, provider: side.provider };
    const at: Placement = { side, options };

    const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
      cidrBlock: args.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: ec2NameTag(side, 'main'),
    }, options);

    // The Region's own AZs only: opt-in Local and Wavelength Zones do not offer Aurora.
    const zones = aws.getAvailabilityZonesOutput({
      state: 'available',
      filters: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    }, options);
    const subnet = (tier: 'public' | 'private', cidr: string, i: number) =>
      new aws.ec2.Subnet(`${name}-${tier}-${i + 1}`, {
        vpcId: vpc.id,
        cidrBlock: cidr,
        availabilityZone: zones.names[i],
        tags: ec2NameTag(side, `${tier}-${i + 1}`),
      }, options);
    const publicSubnets = cidrs.public.map((cidr, i) => subnet('public', cidr, i));
    const privateSubnets = cidrs.private.map((cidr, i) => subnet('private', cidr, i));

    const internetGateway = new aws.ec2.InternetGateway(`${name}-igw`, {
      vpcId: vpc.id,
      tags: ec2NameTag(side, 'igw'),
    }, options);
    const routeTable = (purpose: string) =>
      new aws.ec2.RouteTable(`${name}-${purpose}`, { vpcId: vpc.id, tags: ec2NameTag(side, `${purpose}-rt`) }, options);
    const associate = (associationName: string, table: aws.ec2.RouteTable, subnet: aws.ec2.Subnet) =>
      new aws.ec2.RouteTableAssociation(associationName, { routeTableId: table.id, subnetId: subnet.id }, options);

    const publicTable = routeTable('public');
    publicSubnets.forEach((s, i) => associate(`${name}-public-${i + 1}`, publicTable, s));
    new aws.ec2.Route(`${name}-public-internet`, {
      routeTableId: publicTable.id,
      destinationCidrBlock: ANYWHERE,
      gatewayId: internetGateway.id,
    }, options);

    const natGateways = publicSubnets.slice(0, natGatewayCount).map((publicSubnet, n) => {
      const address = new aws.ec2.Eip(`${name}-nat-${n + 1}`, {
        domain: 'vpc',
        tags: ec2NameTag(side, `nat-${n + 1}-ip`),
      }, options);
      return new aws.ec2.NatGateway(`${name}-nat-${n + 1}`, {
        allocationId: address.id,
        subnetId: publicSubnet.id,
        tags: ec2NameTag(side, `nat-${n + 1}`),
      }, { ...options, dependsOn: [internetGateway] });
    });
    // One table per AZ, so each can use its own NAT gateway and carry its own route to the peer.
    const privateTables = privateSubnets.map((privateSubnet, i) => {
      const table = routeTable(`private-${i + 1}`);
      associate(`${name}-private-${i + 1}`, table, privateSubnet);
      if (natGateways.length > 0) {
        new aws.ec2.Route(`${name}-private-${i + 1}-internet`, {
          routeTableId: table.id,
          destinationCidrBlock: ANYWHERE,
          natGatewayId: natGateways[i % natGateways.length].id,
        }, options);
      }
      return table;
    });

    const lambdaGroup = securityGroup(at, `${name}-lambda`, vpc, 'lambda', 'Database clients (Lambdas): outbound to the databases and the VPC endpoints only');
    allow(at, 'egress', `${name}-lambda-to-database`, lambdaGroup, args.databasePort, { cidrIpv4: args.cidr }, 'Database in this VPC');
    allow(at, 'egress', `${name}-lambda-to-peer-database`, lambdaGroup, args.databasePort, { cidrIpv4: args.peerCidr }, 'Database in the peer VPC');
    allow(at, 'egress', `${name}-lambda-to-endpoints`, lambdaGroup, HTTPS, { cidrIpv4: args.cidr }, 'Interface VPC endpoints');

    const databaseGroup = securityGroup(at, `${name}-database`, vpc, 'database', 'Aurora: database port from the Lambda security group and the peer VPC only');
    allow(at, 'ingress', `${name}-database-from-lambda`, databaseGroup, args.databasePort, { referencedSecurityGroupId: lambdaGroup.id }, 'Lambdas in this VPC');
    allow(at, 'ingress', `${name}-database-from-peer`, databaseGroup, args.databasePort, { cidrIpv4: args.peerCidr }, 'Clients in the peer VPC');

    const endpointGroup = securityGroup(at, `${name}-endpoints`, vpc, 'endpoints', 'Interface VPC endpoints: HTTPS from this VPC');
    allow(at, 'ingress', `${name}-endpoints-from-vpc`, endpointGroup, HTTPS, { cidrIpv4: args.cidr }, 'HTTPS from this VPC');
    // Secrets Manager, which the canaries call from the private subnets; CloudWatch Logs and metrics only
    // when asked for: Lambda delivers the functions' logs and EMF metrics itself, outside the VPC.
    for (const service of vpcEndpointServices(args.cloudWatchEndpoints)) {
      new aws.ec2.VpcEndpoint(`${name}-${service}`, {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${side.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: privateSubnets.map((s) => s.id),
        securityGroupIds: [endpointGroup.id],
        tags: ec2NameTag(side, `endpoint-${service}`),
      }, options);
    }

    this.vpcId = vpc.id;
    this.publicSubnetIds = pulumi.output(publicSubnets.map((s) => s.id));
    this.privateSubnetIds = pulumi.output(privateSubnets.map((s) => s.id));
    // From the zones lookup, not the subnets' outputs: known at preview, so the policy pack sees the placement.
    this.privateSubnetZones = zones.names.apply((names) => names.slice(0, azCount));
    this.publicRouteTables = [publicTable];
    this.privateRouteTables = privateTables;
    this.publicRouteTableIds = pulumi.output(this.publicRouteTables.map((t) => t.id));
    this.privateRouteTableIds = pulumi.output(privateTables.map((t) => t.id));
    this.lambdaSecurityGroupId = lambdaGroup.id;
    this.databaseSecurityGroupId = databaseGroup.id;
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      publicRouteTableIds: this.publicRouteTableIds,
      privateRouteTableIds: this.privateRouteTableIds,
      lambdaSecurityGroupId: this.lambdaSecurityGroupId,
      databaseSecurityGroupId: this.databaseSecurityGroupId,
    });
  }
}

/** Where a resource goes: the side's provider, under the component. */
interface Placement {
  readonly side: Side;
  readonly options: { readonly parent: pulumi.Resource; readonly provider: aws.Provider };
}

/** `Name` tag of EC2 resources, which have no name argument; EC2 allows 255 characters, as for a security group name. */
export function ec2NameTag(side: Side, purpose: string): Record<string, string> {
  return { Name: side.name('securityGroup', 'vpc', purpose) };
}

/** A security group without rules: AWS's default allow-all egress is removed when it is created. */
function securityGroup(at: Placement, name: string, vpc: aws.ec2.Vpc, purpose: string, description: string): aws.ec2.SecurityGroup {
  return new aws.ec2.SecurityGroup(name, {
    name: at.side.name('securityGroup', 'vpc', `${purpose}-sg`),
    description,
    vpcId: vpc.id,
  }, at.options);
}

type RulePeer = { cidrIpv4: pulumi.Input<string> } | { referencedSecurityGroupId: pulumi.Input<string> };

/** One TCP port to or from one peer. */
function allow(at: Placement, direction: 'ingress' | 'egress', name: string, group: aws.ec2.SecurityGroup, port: number, peer: RulePeer, description: string): void {
  const rule = { securityGroupId: group.id, ipProtocol: 'tcp', fromPort: port, toPort: port, description, ...peer };
  if (direction === 'ingress') new aws.vpc.SecurityGroupIngressRule(name, rule, at.options);
  else new aws.vpc.SecurityGroupEgressRule(name, rule, at.options);
}
