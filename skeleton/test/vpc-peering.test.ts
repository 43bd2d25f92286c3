import type * as pulumi from '@pulumi/pulumi';
import type { Answers, AnswersInput } from '../lib/config/answers-schema';
import { NAME_LIMITS } from '../lib/config/aws-facts';
import { engineFact } from '../lib/config/rules';
import { Network } from '../lib/network';
import { VpcPeering } from '../lib/vpc-peering';
import { runComponents } from './helpers/components';
import { mockId } from '../scripts/offline/aws-mocks';
import type { OfflineRun, RecordedResource } from '../scripts/offline/recorder';

const SHAPES: Record<string, AnswersInput> = {
  'trading: us-east-1 → eu-west-1, 3 AZs': {
    primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', azCount: 3, natGatewayCount: 1,
  },
  'healthcare: us-east-1 → us-west-2, 2 AZs, no NAT': {
    primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', azCount: 2, natGatewayCount: 0, environmentSuffix: 'synthj5p6r0e5',
  },
};

const TYPE = {
  connection: 'aws:ec2/vpcPeeringConnection:VpcPeeringConnection',
  accepter: 'aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter',
  options: 'aws:ec2/peeringConnectionOptions:PeeringConnectionOptions',
  route: 'aws:ec2/route:Route',
  routeTable: 'aws:ec2/routeTable:RouteTable',
} as const;

const id = (r: RecordedResource) => mockId(r);
let vpcOf: (role: 'primary' | 'secondary') => RecordedResource;

interface Deployed {
  answers: Answers;
  run: OfflineRun;
  /** `type::name` of the peering component and each of its resources → `type::name` of the resources it explicitly depends on. */
  dependsOn: Map<string, string[]>;
}

async function deployPeering(input: AnswersInput): Promise<Deployed> {
  let parsed: Answers | undefined;
  const dependsOn = new Map<string, string[]>();
  const recordDependsOn: pulumi.ResourceTransformation = (args) => {
    const resources = (args.opts.dependsOn ?? []) as pulumi.Resource[];
    dependsOn.set(`${args.type}::${args.name}`, resources.map(typeAndName));
    return undefined;
  };
  const run = await runComponents(input, ({ answers, sides, root }) => {
    parsed = answers;
    const common = { azCount: answers.azCount, natGatewayCount: answers.natGatewayCount, cloudWatchEndpoints: answers.cloudWatchEndpoints, databasePort: engineFact(answers.engine).port };
    const primary = new Network('network-primary', {
      ...common, side: sides.primary, cidr: answers.primaryVpcCidr, peerCidr: answers.secondaryVpcCidr,
    }, { parent: root });
    const secondary = new Network('network-secondary', {
      ...common, side: sides.secondary, cidr: answers.secondaryVpcCidr, peerCidr: answers.primaryVpcCidr,
    }, { parent: root });
    // Recorded through the component, not the stack: the test root exists before this callback runs,
    // and a resource inherits only the transformations its parent had when the parent was created.
    const peering = new VpcPeering('peering', {
      requester: { side: sides.primary, network: primary, cidr: answers.primaryVpcCidr },
      accepter: { side: sides.secondary, network: secondary, cidr: answers.secondaryVpcCidr },
    }, { parent: root, transformations: [recordDependsOn] });
    return { peeringConnectionId: peering.peeringConnectionId };
  });
  return { answers: parsed as Answers, run, dependsOn };
}

function typeAndName(resource: pulumi.Resource): string {
  const internal = resource as unknown as { __pulumiType: string; __name: string };
  return `${internal.__pulumiType}::${internal.__name}`;
}

describe.each(Object.entries(SHAPES))('VpcPeering (%s)', (_title, input) => {
  let answers: Answers;
  let run: OfflineRun;
  let dependsOn: Map<string, string[]>;
  let own: RecordedResource[];
  const ofType = (type: string) => own.filter((r) => r.type === type);
  const single = (type: string) => {
    expect(ofType(type)).toHaveLength(1);
    return ofType(type)[0];
  };
  const dependencies = (r: RecordedResource) => dependsOn.get(`${r.type}::${r.name}`);

  beforeAll(async () => {
    ({ answers, run, dependsOn } = await deployPeering(input));
    own = run.resources.filter((r) => r.parent === 'tap:dr:VpcPeering::peering');
    vpcOf = (role) => run.resources.filter((r) => r.type === 'aws:ec2/vpc:Vpc' && r.parent === `tap:dr:Network::network-${role}`)[0] as RecordedResource;
  });

  it('requests the connection from the primary VPC to the secondary VPC in its region', () => {
    const connection = single(TYPE.connection);
    expect(connection).toMatchObject({ region: answers.primaryRegion, provider: 'aws-primary' });
    expect(connection.inputs).toMatchObject({
      vpcId: id(vpcOf('primary')),
      peerVpcId: id(vpcOf('secondary')),
      peerRegion: answers.secondaryRegion,
    });
    // Cross-region requests cannot be accepted by the requester.
    expect(connection.inputs.autoAccept).toBeUndefined();
  });

  it('accepts the connection in the secondary region', () => {
    const accepter = single(TYPE.accepter);
    expect(accepter).toMatchObject({ region: answers.secondaryRegion, provider: 'aws-secondary' });
    expect(accepter.inputs).toMatchObject({ vpcPeeringConnectionId: id(single(TYPE.connection)), autoAccept: true });
  });

  it('lets each side resolve the other side\'s DNS names, each set from its own region once the connection is active', () => {
    const options = ofType(TYPE.options);
    expect(options.map((o) => ({ region: o.region, provider: o.provider, inputs: o.inputs }))).toEqual(expect.arrayContaining([
      {
        region: answers.primaryRegion,
        provider: 'aws-primary',
        inputs: { vpcPeeringConnectionId: id(single(TYPE.connection)), requester: { allowRemoteVpcDnsResolution: true } },
      },
      {
        region: answers.secondaryRegion,
        provider: 'aws-secondary',
        inputs: { vpcPeeringConnectionId: id(single(TYPE.connection)), accepter: { allowRemoteVpcDnsResolution: true } },
      },
    ]));
    expect(options).toHaveLength(2);
    for (const option of options) expect(dependencies(option)).toEqual([`${TYPE.accepter}::${single(TYPE.accepter).name}`]);
  });

  it('routes the peer block over the connection from every public and private route table of both VPCs', () => {
    const routes = ofType(TYPE.route);
    expect(routes).toHaveLength(2 * (answers.azCount + 1));
    for (const [role, region, peerCidr] of [
      ['primary', answers.primaryRegion, answers.secondaryVpcCidr],
      ['secondary', answers.secondaryRegion, answers.primaryVpcCidr],
    ]) {
      const tables = run.resources.filter((r) => r.type === TYPE.routeTable && r.parent === `tap:dr:Network::network-${role}`);
      expect(tables.map((t) => t.name).sort()).toEqual([
        `network-${role}-private-1`, `network-${role}-private-2`, ...(answers.azCount === 3 ? [`network-${role}-private-3`] : []), `network-${role}-public`,
      ]);
      for (const table of tables) {
        const toPeer = routes.filter((r) => r.inputs.routeTableId === id(table));
        expect(toPeer.map((r) => ({ region: r.region, provider: r.provider, inputs: r.inputs }))).toEqual([{
          region,
          provider: `aws-${role}`,
          inputs: { routeTableId: id(table), destinationCidrBlock: peerCidr, vpcPeeringConnectionId: id(single(TYPE.connection)) },
        }]);
      }
    }
  });

  it('makes every route wait for the accepter', () => {
    for (const route of ofType(TYPE.route)) {
      expect(dependencies(route)).toEqual([`${TYPE.accepter}::${single(TYPE.accepter).name}`]);
    }
  });

  it('names both ends of the connection for their region and suffix', () => {
    const names = [single(TYPE.connection), single(TYPE.accepter)].map((r) => (r.inputs.tags as Record<string, string>).Name);
    expect(names).toEqual([
      `vpc-peering-${answers.primaryRegion}-${answers.environmentSuffix}`,
      `vpc-peering-${answers.secondaryRegion}-${answers.environmentSuffix}`,
    ]);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(NAME_LIMITS.securityGroup);
  });

  it('exposes the connection id', () => {
    expect(run.outputs.peeringConnectionId).toBe(id(single(TYPE.connection)));
  });
});
