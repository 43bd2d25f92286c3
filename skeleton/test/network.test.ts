import type { Answers, AnswersInput } from '../lib/config/answers-schema';
import { NAME_LIMITS, vpcEndpointServices } from '../lib/config/aws-facts';
import { blocksOverlap, engineFact, parseIpv4Cidr, type Ipv4Block } from '../lib/config/rules';
import { Network } from '../lib/network';
import type { Side } from '../lib/regions';
import { runComponents, sharedRuns } from './helpers/components';
import { mockId } from '../scripts/offline/aws-mocks';
import type { OfflineRun, RecordedResource } from '../scripts/offline/recorder';

/** The network shapes of both presets, and one with several NAT gateways, the CloudWatch endpoints and the smallest VPCs. */
const SHAPES: Record<string, AnswersInput> = {
  'trading: 3 AZs, 1 NAT gateway': {
    primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', azCount: 3, natGatewayCount: 1,
  },
  'healthcare: 2 AZs, no NAT gateway': {
    primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', azCount: 2, natGatewayCount: 0, environmentSuffix: 'synthj5p6r0e5',
  },
  'aurora-mysql, 3 AZs, 2 NAT gateways, CloudWatch endpoints, /24 VPCs': {
    primaryRegion: 'eu-central-1', secondaryRegion: 'eu-west-1', engine: 'aurora-mysql', azCount: 3, natGatewayCount: 2, cloudWatchEndpoints: true,
    primaryVpcCidr: '192.168.10.0/24', secondaryVpcCidr: '192.168.20.0/24', environmentSuffix: 'pr4711',
  },
};

const TYPE = {
  vpc: 'aws:ec2/vpc:Vpc',
  subnet: 'aws:ec2/subnet:Subnet',
  internetGateway: 'aws:ec2/internetGateway:InternetGateway',
  eip: 'aws:ec2/eip:Eip',
  natGateway: 'aws:ec2/natGateway:NatGateway',
  routeTable: 'aws:ec2/routeTable:RouteTable',
  association: 'aws:ec2/routeTableAssociation:RouteTableAssociation',
  route: 'aws:ec2/route:Route',
  securityGroup: 'aws:ec2/securityGroup:SecurityGroup',
  ingress: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  egress: 'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule',
  endpoint: 'aws:ec2/vpcEndpoint:VpcEndpoint',
} as const;

const ANYWHERE = '0.0.0.0/0';
/** The id the mocks gave a resource, which other resources' inputs carry where they refer to it. */
const id = (r: RecordedResource) => mockId(r);
const block = (cidr: string) => parseIpv4Cidr(cidr) as Ipv4Block;
/** Resources register in the order their inputs resolve, so compare lists as sets. */
function expectSameMembers(received: unknown[], expected: unknown[]): void {
  expect(received).toHaveLength(expected.length);
  expect(received).toEqual(expect.arrayContaining(expected));
}

const deployNetworks = sharedRuns(async (input: AnswersInput): Promise<{ answers: Answers; run: OfflineRun }> => {
  let parsed: Answers | undefined;
  const run = await runComponents(input, ({ answers, sides, root }) => {
    parsed = answers;
    const network = (side: Side, cidr: string, peerCidr: string) => new Network(`network-${side.role}`, {
      side,
      cidr,
      peerCidr,
      azCount: answers.azCount,
      natGatewayCount: answers.natGatewayCount,
      cloudWatchEndpoints: answers.cloudWatchEndpoints,
      databasePort: engineFact(answers.engine).port,
    }, { parent: root });
    const outputs = (n: Network) => ({
      vpcId: n.vpcId,
      publicSubnetIds: n.publicSubnetIds,
      privateSubnetIds: n.privateSubnetIds,
      publicRouteTableIds: n.publicRouteTableIds,
      privateRouteTableIds: n.privateRouteTableIds,
      lambdaSecurityGroupId: n.lambdaSecurityGroupId,
      databaseSecurityGroupId: n.databaseSecurityGroupId,
    });
    return {
      primary: outputs(network(sides.primary, answers.primaryVpcCidr, answers.secondaryVpcCidr)),
      secondary: outputs(network(sides.secondary, answers.secondaryVpcCidr, answers.primaryVpcCidr)),
    };
  });
  return { answers: parsed as Answers, run };
});

describe.each(Object.entries(SHAPES))('Network (%s)', (_title, input) => {
  let answers: Answers;
  let run: OfflineRun;
  beforeAll(async () => {
    ({ answers, run } = await deployNetworks(input));
  });

  describe.each(['primary', 'secondary'] as const)('in the %s region', (role) => {
    let region: string;
    let cidr: string;
    let peerCidr: string;
    let port: number;
    let own: RecordedResource[];
    const ofType = (type: string) => own.filter((r) => r.type === type).sort((a, b) => a.name.localeCompare(b.name));
    const named = (type: string, name: string) => ofType(type).filter((r) => r.name === `network-${role}-${name}`)[0];
    const rulesOf = (type: string, group: string) =>
      ofType(type).filter((r) => r.inputs.securityGroupId === id(named(TYPE.securityGroup, group)));

    beforeAll(() => {
      region = role === 'primary' ? answers.primaryRegion : answers.secondaryRegion;
      cidr = role === 'primary' ? answers.primaryVpcCidr : answers.secondaryVpcCidr;
      peerCidr = role === 'primary' ? answers.secondaryVpcCidr : answers.primaryVpcCidr;
      port = engineFact(answers.engine).port;
      own = run.resources.filter((r) => r.parent === `tap:dr:Network::network-${role}`);
    });

    it(`creates every resource in the ${role} region through the aws-${role} provider`, () => {
      expect(own.length).toBeGreaterThan(0);
      for (const resource of own) {
        expect(resource).toMatchObject({ custom: true, region, provider: `aws-${role}` });
      }
    });

    it('creates one VPC with the configured block and DNS hostnames and resolution on', () => {
      expect(ofType(TYPE.vpc).map((r) => r.inputs)).toEqual([
        expect.objectContaining({ cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true }),
      ]);
    });

    it('creates a public and a private subnet in each AZ, inside the VPC block and disjoint', () => {
      const subnets = ofType(TYPE.subnet);
      expect(subnets).toHaveLength(2 * answers.azCount);
      const zones = Array.from({ length: answers.azCount }, (_, i) => `${region}${'abc'[i]}`);
      for (const tier of ['public', 'private']) {
        const tierSubnets = subnets.filter((s) => s.name.startsWith(`network-${role}-${tier}-`));
        expect(tierSubnets.map((s) => s.inputs.availabilityZone)).toEqual(zones);
      }
      const blocks = subnets.map((s) => block(s.inputs.cidrBlock as string));
      const vpc = block(cidr);
      for (const [i, subnet] of blocks.entries()) {
        expect(subnet.network).toBeGreaterThanOrEqual(vpc.network);
        expect(subnet.network + 2 ** (32 - subnet.prefix)).toBeLessThanOrEqual(vpc.network + 2 ** (32 - vpc.prefix));
        for (const other of blocks.slice(i + 1)) expect(blocksOverlap(subnet, other)).toBe(false);
      }
      for (const subnet of subnets) expect(subnet.inputs.vpcId).toBe(id(ofType(TYPE.vpc)[0]));
    });

    it('routes the public subnets to the internet gateway through one public route table', () => {
      const publicTable = named(TYPE.routeTable, 'public');
      const publicSubnets = ofType(TYPE.subnet).filter((s) => s.name.includes('-public-'));
      const associations = ofType(TYPE.association).filter((a) => a.inputs.routeTableId === id(publicTable));
      expect(associations.map((a) => a.inputs.subnetId)).toEqual(publicSubnets.map(id));
      const routes = ofType(TYPE.route).filter((r) => r.inputs.routeTableId === id(publicTable));
      expect(routes.map((r) => r.inputs)).toEqual([
        { routeTableId: id(publicTable), destinationCidrBlock: ANYWHERE, gatewayId: id(named(TYPE.internetGateway, 'igw')) },
      ]);
      expect(ofType(TYPE.internetGateway)).toHaveLength(1);
    });

    it('creates the configured number of NAT gateways, each with an Elastic IP, in the first public subnets', () => {
      const nats = ofType(TYPE.natGateway);
      const eips = ofType(TYPE.eip);
      expect(nats).toHaveLength(answers.natGatewayCount);
      expect(eips).toHaveLength(answers.natGatewayCount);
      for (let n = 1; n <= answers.natGatewayCount; n++) {
        const nat = named(TYPE.natGateway, `nat-${n}`);
        const eip = named(TYPE.eip, `nat-${n}`);
        expect(nat.inputs).toMatchObject({ allocationId: id(eip), subnetId: id(named(TYPE.subnet, `public-${n}`)) });
        expect(eip.inputs.domain).toBe('vpc');
      }
    });

    it('gives each private subnet its own route table, with internet access only through a NAT gateway', () => {
      expect(ofType(TYPE.routeTable)).toHaveLength(answers.azCount + 1);
      Array.from({ length: answers.azCount }, (_, i) => named(TYPE.routeTable, `private-${i + 1}`)).forEach((table, i) => {
        const associated = ofType(TYPE.association).filter((a) => a.inputs.routeTableId === id(table));
        expect(associated.map((a) => a.inputs.subnetId)).toEqual([id(named(TYPE.subnet, `private-${i + 1}`))]);
        const routes = ofType(TYPE.route).filter((r) => r.inputs.routeTableId === id(table));
        if (answers.natGatewayCount === 0) {
          expect(routes).toEqual([]);
        } else {
          const nat = named(TYPE.natGateway, `nat-${(i % answers.natGatewayCount) + 1}`);
          expect(routes.map((r) => r.inputs)).toEqual([
            { routeTableId: id(table), destinationCidrBlock: ANYWHERE, natGatewayId: id(nat) },
          ]);
        }
      });
    });

    it('admits the database port to the database only from the Lambda security group and the peer VPC', () => {
      const lambdaGroup = named(TYPE.securityGroup, 'lambda');
      expectSameMembers(rulesOf(TYPE.ingress, 'database').map((r) => r.inputs), [
        expect.objectContaining({ ipProtocol: 'tcp', fromPort: port, toPort: port, referencedSecurityGroupId: id(lambdaGroup) }),
        expect.objectContaining({ ipProtocol: 'tcp', fromPort: port, toPort: port, cidrIpv4: peerCidr }),
      ]);
      expect(rulesOf(TYPE.egress, 'database')).toEqual([]);
    });

    it('opens nothing to 0.0.0.0/0 in any security group', () => {
      const rules = [...ofType(TYPE.ingress), ...ofType(TYPE.egress)];
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) expect(rule.inputs.cidrIpv4).not.toBe(ANYWHERE);
      for (const group of ofType(TYPE.securityGroup)) {
        expect(group.inputs.ingress).toBeUndefined();
        expect(group.inputs.egress).toBeUndefined();
      }
    });

    it('lets the Lambdas out only to the databases of both VPCs and to HTTPS endpoints in their own VPC', () => {
      expect(rulesOf(TYPE.ingress, 'lambda')).toEqual([]);
      expectSameMembers(rulesOf(TYPE.egress, 'lambda').map((r) => r.inputs), [
        expect.objectContaining({ ipProtocol: 'tcp', fromPort: port, toPort: port, cidrIpv4: cidr }),
        expect.objectContaining({ ipProtocol: 'tcp', fromPort: port, toPort: port, cidrIpv4: peerCidr }),
        expect.objectContaining({ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: cidr }),
      ]);
    });

    it('reaches Secrets Manager through a private-DNS interface endpoint; CloudWatch Logs and metrics only when asked for', () => {
      const endpointGroup = named(TYPE.securityGroup, 'endpoints');
      const privateSubnetIds = ofType(TYPE.subnet).filter((s) => s.name.includes('-private-')).map(id);
      const services = vpcEndpointServices(answers.cloudWatchEndpoints);
      expect(services).toEqual(answers.cloudWatchEndpoints ? ['secretsmanager', 'logs', 'monitoring'] : ['secretsmanager']);
      expectSameMembers(ofType(TYPE.endpoint).map((e) => e.inputs), services.map((service) => expect.objectContaining({
        serviceName: `com.amazonaws.${region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: privateSubnetIds,
        securityGroupIds: [id(endpointGroup)],
      })));
      expect(rulesOf(TYPE.ingress, 'endpoints').map((r) => r.inputs)).toEqual([
        expect.objectContaining({ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: cidr }),
      ]);
      expect(rulesOf(TYPE.egress, 'endpoints')).toEqual([]);
    });

    it('names every security group and Name tag {service}-{purpose}-{region}-{suffix} within the EC2 limit', () => {
      const names = [
        ...ofType(TYPE.securityGroup).map((g) => g.inputs.name),
        ...own.map((r) => (r.inputs.tags as Record<string, string> | undefined)?.Name).filter((n) => n !== undefined),
      ] as string[];
      expect(names.length).toBe(ofType(TYPE.securityGroup).length + own.filter((r) => r.inputs.tags).length);
      expect(new Set(names).size).toBe(names.length);
      for (const name of names) {
        expect(name).toMatch(new RegExp(`^vpc-[a-z0-9-]+-${region}-${answers.environmentSuffix}$`));
        expect(name.length).toBeLessThanOrEqual(NAME_LIMITS.securityGroup);
      }
    });

    it('exposes the ids of what it created', () => {
      const ids = (type: string, tier: string) => ofType(type).filter((r) => r.name.includes(`-${tier}`)).map(id);
      expect(run.outputs[role]).toEqual({
        vpcId: id(named(TYPE.vpc, 'vpc')),
        publicSubnetIds: ids(TYPE.subnet, 'public-'),
        privateSubnetIds: ids(TYPE.subnet, 'private-'),
        publicRouteTableIds: [id(named(TYPE.routeTable, 'public'))],
        privateRouteTableIds: ids(TYPE.routeTable, 'private-'),
        lambdaSecurityGroupId: id(named(TYPE.securityGroup, 'lambda')),
        databaseSecurityGroupId: id(named(TYPE.securityGroup, 'database')),
      });
    });
  });
});

describe('Network arguments', () => {
  // Never used: the arguments are checked before the component registers or touches its side.
  const side = { role: 'primary', region: 'us-east-1' } as Side;

  it.each([
    [3, 2],
    [-1, 2],
    [0.5, 3],
  ])('refuse %p NAT gateways for %p AZs', (natGatewayCount, azCount) => {
    expect(() => new Network('network', { side, cidr: '10.0.0.0/16', peerCidr: '10.1.0.0/16', azCount, natGatewayCount, cloudWatchEndpoints: false, databasePort: 5432 }))
      .toThrow(`natGatewayCount ${natGatewayCount} is not an integer from 0 to the AZ count (${azCount})`);
  });

  it('refuse a VPC block too small for its subnets', () => {
    expect(() => new Network('network', { side, cidr: '10.0.0.0/27', peerCidr: '10.1.0.0/16', azCount: 2, natGatewayCount: 0, cloudWatchEndpoints: false, databasePort: 5432 }))
      .toThrow('VPC CIDR "10.0.0.0/27" is too small');
  });
});
