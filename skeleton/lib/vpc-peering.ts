import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { ec2NameTag, type Network } from './network';
import type { Side } from './regions';

/** One VPC of the peering: its region, its network and its block. */
export interface PeeringEnd {
  readonly side: Side;
  readonly network: Network;
  readonly cidr: string;
}

export interface VpcPeeringArgs {
  /** The primary: the connection is requested from here. */
  readonly requester: PeeringEnd;
  /** The secondary: the connection is accepted here. */
  readonly accepter: PeeringEnd;
}

/**
 * Cross-region VPC peering: each VPC routes the other's block over the connection from every
 * route table, public and private, and resolves the other's DNS hostnames to private addresses.
 */
export class VpcPeering extends pulumi.ComponentResource {
  public readonly peeringConnectionId: pulumi.Output<string>;

  constructor(name: string, args: VpcPeeringArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:VpcPeering', name, {}, opts);
    const { requester, accepter } = args;

    // Cross-region connections cannot be auto-accepted by the requester; the accepter below does it.
    const connection = new aws.ec2.VpcPeeringConnection(`${name}-request`, {
      vpcId: requester.network.vpcId,
      peerVpcId: accepter.network.vpcId,
      peerRegion: accepter.side.region,
      tags: ec2NameTag(requester.side, 'peering'),
    }, { parent: this, provider: requester.side.provider });
    const acceptance = new aws.ec2.VpcPeeringConnectionAccepter(`${name}-accept`, {
      vpcPeeringConnectionId: connection.id,
      autoAccept: true,
      tags: ec2NameTag(accepter.side, 'peering'),
    }, { parent: this, provider: accepter.side.provider });

    // Options and routes need an active connection; each side's options are set from its own region.
    const active = { parent: this, dependsOn: [acceptance] };
    new aws.ec2.PeeringConnectionOptions(`${name}-requester-dns`, {
      vpcPeeringConnectionId: connection.id,
      requester: { allowRemoteVpcDnsResolution: true },
    }, { ...active, provider: requester.side.provider });
    new aws.ec2.PeeringConnectionOptions(`${name}-accepter-dns`, {
      vpcPeeringConnectionId: connection.id,
      accepter: { allowRemoteVpcDnsResolution: true },
    }, { ...active, provider: accepter.side.provider });

    for (const [from, to] of [[requester, accepter], [accepter, requester]]) {
      const tables = [
        ...from.network.publicRouteTables.map((table, i) => ({ table, label: `public-${i + 1}` })),
        ...from.network.privateRouteTables.map((table, i) => ({ table, label: `private-${i + 1}` })),
      ];
      for (const { table, label } of tables) {
        new aws.ec2.Route(`${name}-${from.side.role}-${label}-to-peer`, {
          routeTableId: table.id,
          destinationCidrBlock: to.cidr,
          vpcPeeringConnectionId: connection.id,
        }, { ...active, provider: from.side.provider });
      }
    }

    this.peeringConnectionId = connection.id;
    this.registerOutputs({ peeringConnectionId: this.peeringConnectionId });
  }
}
