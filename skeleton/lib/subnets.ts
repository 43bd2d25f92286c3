import { formatIpv4, parseIpv4Cidr } from './config/rules';

/** Prefix bits added to the VPC block: it splits into 8 equal parts. */
const EXTRA_PREFIX_BITS = 3;
/** Private subnets start at part 4, so up to 4 AZs fit and public and private never overlap. */
const PRIVATE_FIRST_PART = 4;
/** Smallest subnet AWS allows. */
const MAX_SUBNET_PREFIX = 28;

export interface SubnetCidrs {
  readonly public: string[];
  readonly private: string[];
}

/**
 * Subnet blocks for `azCount` AZs: the VPC block split into 8 equal parts, public subnet i in
 * part i and private subnet i in part 4 + i (a /16 gives /19 subnets, a /24 gives /27 subnets).
 * Parts left over stay free for later subnets.
 */
export function subnetCidrs(vpcCidr: string, azCount: number): SubnetCidrs {
  const vpc = parseIpv4Cidr(vpcCidr);
  if (typeof vpc === 'string') throw new Error(`VPC CIDR "${vpcCidr}" ${vpc}`);
  const prefix = vpc.prefix + EXTRA_PREFIX_BITS;
  if (prefix > MAX_SUBNET_PREFIX) {
    throw new Error(`VPC CIDR "${vpcCidr}" is too small: its subnets would be /${prefix}, smaller than the /${MAX_SUBNET_PREFIX} AWS allows`);
  }
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > PRIVATE_FIRST_PART) {
    throw new Error(`azCount ${azCount} is not an integer from 1 to ${PRIVATE_FIRST_PART}`);
  }
  const size = 2 ** (32 - prefix);
  const part = (index: number) => `${formatIpv4(vpc.network + index * size)}/${prefix}`;
  const zones = Array.from({ length: azCount }, (_, i) => i);
  return {
    public: zones.map((i) => part(i)),
    private: zones.map((i) => part(PRIVATE_FIRST_PART + i)),
  };
}
