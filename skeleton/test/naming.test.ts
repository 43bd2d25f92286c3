import { createHash } from 'node:crypto';
import { NAME_LIMITS, REGIONS, type NamedKind } from '../lib/config/aws-facts';
import { MAX_REGION_SHORT_LENGTH, MAX_SUFFIX_LENGTH, NAME_HASH_LENGTH, NAME_MIN_HEAD, regionShortCode, resourceName } from '../lib/config/naming';

const KINDS = Object.keys(NAME_LIMITS) as NamedKind[];

describe('resourceName', () => {
  it('joins {service}-{purpose}-{region}-{suffix} when the name fits', () => {
    expect(resourceName('rdsCluster', { service: 'aurora', purpose: 'cluster', region: 'us-east-1', suffix: 'synthj5p6r0e5' })).toBe(
      'aurora-cluster-us-east-1-synthj5p6r0e5',
    );
  });

  it('has no form without a region: a global resource is named with the primary region', () => {
    expect(resourceName('rdsGlobalCluster', { service: 'aurora', purpose: 'global', region: 'us-east-1', suffix: 'dev' })).toBe('aurora-global-us-east-1-dev');
  });

  it('uses the whole limit before shortening', () => {
    const suffix = 'x'.repeat(32 - 'alb-app-us-east-1-'.length);
    expect(resourceName('loadBalancer', { service: 'alb', purpose: 'app', region: 'us-east-1', suffix })).toBe(`alb-app-us-east-1-${suffix}`);
  });

  it('shortens a name over the limit to head-region-hash-suffix, keeping the region and the suffix whole', () => {
    const parts = { service: 'alb', purpose: 'application', region: 'us-east-1', suffix: 'synthj5p6' };
    const full = 'alb-application-us-east-1-synthj5p6';
    const hash = createHash('sha256').update(full).digest('hex').slice(0, NAME_HASH_LENGTH);
    const name = resourceName('loadBalancer', parts);
    expect(name).toBe(`alb-a-us-east-1-${hash}-synthj5p6`);
    expect(name).toHaveLength(NAME_LIMITS.loadBalancer);
  });

  it("uses the region's AZ ID prefix where even the whole region code does not fit", () => {
    const parts = { service: 'alb', purpose: 'application', region: 'ap-southeast-2', suffix: 'synthj5p6r0e5' };
    const hash = createHash('sha256').update('alb-application-ap-southeast-2-synthj5p6r0e5').digest('hex').slice(0, NAME_HASH_LENGTH);
    expect(resourceName('loadBalancer', parts)).toBe(`alb-a-apse2-${hash}-synthj5p6r0e5`);
  });

  it('drops hyphens left at the end of a cut head', () => {
    // Room for 4 characters of head, "alb-": the trailing hyphen is dropped.
    const name = resourceName('targetGroup', { service: 'alb', purpose: 'targets', region: 'eu-west-1', suffix: 'x'.repeat(15) });
    expect(name).toMatch(new RegExp(`^alb-euw1-[0-9a-f]{${NAME_HASH_LENGTH}}-x{15}$`));
  });

  it('is deterministic, and different full names get different shortened names', () => {
    const parts = { service: 'alb', purpose: 'application', region: 'eu-central-1', suffix: 'prod' };
    expect(resourceName('loadBalancer', parts)).toBe(resourceName('loadBalancer', { ...parts }));
    expect(resourceName('loadBalancer', parts)).not.toBe(resourceName('loadBalancer', { ...parts, region: 'eu-central-2' }));
  });

  it('fits every limit with the longest allowed suffix in every region, keeping the suffix and a region whole', () => {
    const suffix = 'a'.repeat(MAX_SUFFIX_LENGTH);
    for (const kind of KINDS) {
      for (const region of REGIONS) {
        const name = resourceName(kind, { service: 'service'.repeat(10), purpose: 'purpose'.repeat(10), region: region.code, suffix });
        expect(name.length).toBeLessThanOrEqual(NAME_LIMITS[kind]);
        expect(name.endsWith(`-${suffix}`)).toBe(true);
        expect(name.includes(`-${region.code}-`) || name.includes(`-${region.azIdPrefix}-`)).toBe(true);
      }
    }
  });

  it('throws, naming the suffix and the limit, when the suffix leaves no room for the head', () => {
    const suffix = 'a'.repeat(MAX_SUFFIX_LENGTH + 1);
    expect(() => resourceName('loadBalancer', { service: 'alb', purpose: 'app', region: 'ap-southeast-2', suffix })).toThrow(
      `environmentSuffix "${suffix}" is too long for a loadBalancer name (limit 32); at most ${MAX_SUFFIX_LENGTH} characters fit every name`,
    );
  });
});

describe('regionShortCode', () => {
  it("is the region's AZ ID prefix, unique per region", () => {
    expect(regionShortCode('us-east-1')).toBe('use1');
    expect(regionShortCode('ap-southeast-5')).toBe('apse5');
    expect(new Set(REGIONS.map((r) => r.azIdPrefix)).size).toBe(REGIONS.length);
  });

  it('refuses a region the template does not know', () => {
    expect(() => regionShortCode('mars-north-1')).toThrow('"mars-north-1" is not a region this template knows');
  });
});

describe('MAX_SUFFIX_LENGTH', () => {
  it('is the tightest limit minus the shortest head, the longest short region, the hash and three hyphens', () => {
    expect(MAX_REGION_SHORT_LENGTH).toBe(5);
    expect(MAX_SUFFIX_LENGTH).toBe(Math.min(...Object.values(NAME_LIMITS)) - NAME_MIN_HEAD - MAX_REGION_SHORT_LENGTH - NAME_HASH_LENGTH - 3);
    expect(MAX_SUFFIX_LENGTH).toBe(15);
  });
});
