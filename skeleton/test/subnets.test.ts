import { blocksOverlap, parseIpv4Cidr, type Ipv4Block } from '../lib/config/rules';
import { subnetCidrs } from '../lib/subnets';

const block = (cidr: string) => parseIpv4Cidr(cidr) as Ipv4Block;
const inside = (inner: Ipv4Block, outer: Ipv4Block) =>
  inner.prefix >= outer.prefix && inner.network >= outer.network &&
  inner.network + 2 ** (32 - inner.prefix) <= outer.network + 2 ** (32 - outer.prefix);

describe('subnetCidrs', () => {
  it('puts public subnet i in the i-th eighth of the VPC and private subnet i in the (4 + i)-th', () => {
    expect(subnetCidrs('10.0.0.0/16', 3)).toEqual({
      public: ['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19'],
      private: ['10.0.128.0/19', '10.0.160.0/19', '10.0.192.0/19'],
    });
  });

  it.each(['10.0.0.0/16', '172.16.0.0/20', '192.168.4.0/22', '10.9.8.0/24'])(
    'carves %s into subnets 3 bits longer, inside the VPC and disjoint',
    (vpcCidr) => {
      const vpc = block(vpcCidr);
      for (const azCount of [1, 2, 3, 4]) {
        const { public: pub, private: priv } = subnetCidrs(vpcCidr, azCount);
        const all = [...pub, ...priv].map(block);
        expect(all).toHaveLength(2 * azCount);
        for (const [i, subnet] of all.entries()) {
          expect(subnet.prefix).toBe(vpc.prefix + 3);
          expect(inside(subnet, vpc)).toBe(true);
          for (const other of all.slice(i + 1)) expect(blocksOverlap(subnet, other)).toBe(false);
        }
      }
    },
  );

  it('gives /27 subnets to a /24 VPC', () => {
    expect(subnetCidrs('10.9.8.0/24', 2)).toEqual({
      public: ['10.9.8.0/27', '10.9.8.32/27'],
      private: ['10.9.8.128/27', '10.9.8.160/27'],
    });
  });

  it('is deterministic: the same block and AZ count give the same subnets', () => {
    expect(subnetCidrs('10.1.0.0/16', 3)).toEqual(subnetCidrs('10.1.0.0/16', 3));
  });

  it('rejects a block that is not a network CIDR, naming the block and the problem', () => {
    expect(() => subnetCidrs('10.0.0.1/16', 2)).toThrow('VPC CIDR "10.0.0.1/16" has host bits set; the network address is 10.0.0.0/16');
  });

  it('rejects a VPC whose subnets would be smaller than /28', () => {
    expect(subnetCidrs('10.0.0.0/25', 1).public).toEqual(['10.0.0.0/28']);
    expect(() => subnetCidrs('10.0.0.0/26', 1)).toThrow('VPC CIDR "10.0.0.0/26" is too small: its subnets would be /29, smaller than the /28 AWS allows');
  });

  it.each([0, 5, 1.5])('rejects %p AZs', (azCount) => {
    expect(() => subnetCidrs('10.0.0.0/16', azCount)).toThrow(`azCount ${azCount} is not an integer from 1 to 4`);
  });
});
