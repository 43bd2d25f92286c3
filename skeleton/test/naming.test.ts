import { createHash } from 'node:crypto';
import { NAME_LIMITS, type NamedKind } from '../lib/config/aws-facts';
import { MAX_SUFFIX_LENGTH, NAME_HASH_LENGTH, NAME_MIN_HEAD, resourceName } from '../lib/config/naming';

const KINDS = Object.keys(NAME_LIMITS) as NamedKind[];

describe('resourceName', () => {
  it('joins {service}-{purpose}-{region}-{suffix} when the name fits', () => {
    expect(resourceName('rdsCluster', { service: 'aurora', purpose: 'cluster', region: 'us-east-1', suffix: 'synthj5p6r0e5' })).toBe(
      'aurora-cluster-us-east-1-synthj5p6r0e5',
    );
  });

  it('leaves the region out for global resources', () => {
    expect(resourceName('rdsGlobalCluster', { service: 'aurora', purpose: 'global', suffix: 'dev' })).toBe('aurora-global-dev');
  });

  it('uses the whole limit before shortening', () => {
    const suffix = 'x'.repeat(32 - 'alb-app-us-east-1-'.length);
    expect(resourceName('loadBalancer', { service: 'alb', purpose: 'app', region: 'us-east-1', suffix })).toBe(`alb-app-us-east-1-${suffix}`);
  });

  it('shortens a name over the limit to head-hash-suffix, keeping the whole suffix', () => {
    const parts = { service: 'alb', purpose: 'application', region: 'ap-southeast-2', suffix: 'synthj5p6r0e5' };
    const full = 'alb-application-ap-southeast-2-synthj5p6r0e5';
    const hash = createHash('sha256').update(full).digest('hex').slice(0, NAME_HASH_LENGTH);
    const name = resourceName('loadBalancer', parts);
    expect(name).toBe(`alb-applica-${hash}-synthj5p6r0e5`);
    expect(name).toHaveLength(NAME_LIMITS.loadBalancer);
  });

  it('drops hyphens left at the end of a cut head', () => {
    // The head is cut to 4 characters, "alb-", and the trailing hyphen is dropped.
    const name = resourceName('targetGroup', { service: 'alb', purpose: 'targets', region: 'eu-west-1', suffix: 'x'.repeat(20) });
    expect(name).toMatch(new RegExp(`^alb-[0-9a-f]{${NAME_HASH_LENGTH}}-x{20}$`));
  });

  it('is deterministic, and different full names get different shortened names', () => {
    const parts = { service: 'alb', purpose: 'application', region: 'eu-central-1', suffix: 'prod' };
    expect(resourceName('loadBalancer', parts)).toBe(resourceName('loadBalancer', { ...parts }));
    expect(resourceName('loadBalancer', parts)).not.toBe(resourceName('loadBalancer', { ...parts, region: 'eu-central-2' }));
  });

  it('fits every limit with the longest allowed suffix, keeping the suffix whole', () => {
    const suffix = 'a'.repeat(MAX_SUFFIX_LENGTH);
    for (const kind of KINDS) {
      const name = resourceName(kind, { service: 'service'.repeat(10), purpose: 'purpose'.repeat(10), region: 'ap-southeast-2', suffix });
      expect(name.length).toBeLessThanOrEqual(NAME_LIMITS[kind]);
      expect(name.endsWith(`-${suffix}`)).toBe(true);
    }
  });

  it('throws, naming the suffix and the limit, when the suffix leaves no room for the head', () => {
    const suffix = 'a'.repeat(MAX_SUFFIX_LENGTH + 1);
    expect(() => resourceName('loadBalancer', { service: 'alb', purpose: 'app', region: 'us-east-1', suffix })).toThrow(
      `environmentSuffix "${suffix}" is too long for a loadBalancer name (limit 32); at most ${MAX_SUFFIX_LENGTH} characters fit every name`,
    );
  });
});

describe('MAX_SUFFIX_LENGTH', () => {
  it('is the tightest limit minus the shortest head, the hash and two hyphens', () => {
    expect(MAX_SUFFIX_LENGTH).toBe(Math.min(...Object.values(NAME_LIMITS)) - NAME_MIN_HEAD - NAME_HASH_LENGTH - 2);
    expect(MAX_SUFFIX_LENGTH).toBe(21);
  });
});
