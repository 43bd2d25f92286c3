import { ENGINES, FAMILY_SIZES, INSTANCE_SIZES } from '../lib/config/aws-facts';
import {
  allowedFamiliesFor,
  allowedInstanceClasses,
  blocksOverlap,
  compareVersions,
  engineFact,
  engineVersionProblem,
  familyVersionProblem,
  formatIpv4,
  instanceClassProblem,
  parseIpv4Cidr,
  versionLine,
} from '../lib/config/rules';

describe('parseIpv4Cidr', () => {
  it.each([
    ['10.0.0.0/16', { network: 10 * 2 ** 24, prefix: 16 }],
    ['0.0.0.0/0', { network: 0, prefix: 0 }],
    ['192.168.1.128/25', { network: 3232235904, prefix: 25 }],
  ])('parses %s', (text, block) => {
    expect(parseIpv4Cidr(text)).toEqual(block);
  });

  it.each([
    ['10.0.0/16', 'is not an IPv4 CIDR block (a.b.c.d/n)'],
    ['10.0.0.0', 'is not an IPv4 CIDR block (a.b.c.d/n)'],
    [' 10.0.0.0/16', 'is not an IPv4 CIDR block (a.b.c.d/n)'],
    ['10.0.0.256/16', 'has an octet above 255'],
    ['10.0.0.0/33', 'has a prefix length above 32'],
    ['10.0.0.1/16', 'has host bits set; the network address is 10.0.0.0/16'],
    ['10.1.2.3/8', 'has host bits set; the network address is 10.0.0.0/8'],
  ])('rejects %s: %s', (text, reason) => {
    expect(parseIpv4Cidr(text)).toBe(reason);
  });
});

describe('formatIpv4', () => {
  it('writes an address as dotted octets', () => {
    expect(formatIpv4(0)).toBe('0.0.0.0');
    expect(formatIpv4(3232235904)).toBe('192.168.1.128');
    expect(formatIpv4(2 ** 32 - 1)).toBe('255.255.255.255');
  });
});

describe('blocksOverlap', () => {
  const block = (text: string) => parseIpv4Cidr(text) as Exclude<ReturnType<typeof parseIpv4Cidr>, string>;

  it.each([
    ['10.0.0.0/16', '10.1.0.0/16', false],
    ['10.0.0.0/16', '10.0.255.0/24', true],
    ['10.0.0.0/8', '10.200.0.0/16', true],
    ['10.1.0.0/16', '10.0.0.0/16', false],
    ['10.0.0.0/24', '10.0.1.0/24', false],
  ])('%s and %s overlap: %s', (a, b, overlap) => {
    expect(blocksOverlap(block(a), block(b))).toBe(overlap);
    expect(blocksOverlap(block(b), block(a))).toBe(overlap);
  });
});

describe('engineFact', () => {
  it('returns the facts of each engine', () => {
    for (const fact of ENGINES) expect(engineFact(fact.engine)).toBe(fact);
  });
});

describe('compareVersions', () => {
  it.each([
    ['14.10', '14.9', 1],
    ['14.9', '14.10', -1],
    ['16.1', '16.1', 0],
    ['16', '16.0', 0],
    ['16.0.1', '16', 1],
    ['8.0.mysql_aurora.3.04.0', '8.0.mysql_aurora.3.10.3', -1],
    ['no digits', '0', 0],
  ])('compares %s with %s by numeric parts: %i', (a, b, order) => {
    expect(compareVersions(a, b)).toBe(order);
  });
});

describe('versionLine', () => {
  it('is the major version for Aurora PostgreSQL and the Aurora version for Aurora MySQL', () => {
    expect(versionLine('16.13')).toBe('16');
    expect(versionLine('8.0.mysql_aurora.3.10.3')).toBe('8.0.mysql_aurora.3');
  });
});

describe('engineVersionProblem', () => {
  it.each([
    ['aurora-postgresql', '16.13'],
    ['aurora-postgresql', '14.3'],
    ['aurora-postgresql', '17.4'],
    ['aurora-mysql', '8.0.mysql_aurora.3.04.0'],
    ['aurora-mysql', '8.0.mysql_aurora.3.10.3'],
  ] as const)('accepts %s %s', (engine, version) => {
    expect(engineVersionProblem(engine, version)).toBeUndefined();
  });

  it.each([
    ['aurora-postgresql', '16', 'is not a version string of Aurora PostgreSQL (e.g. 16.13)'],
    ['aurora-mysql', '3.10.3', 'is not a version string of Aurora MySQL (e.g. 8.0.mysql_aurora.3.10.3)'],
    ['aurora-postgresql', '13.9', 'is not a release line of Aurora PostgreSQL that supports global databases'],
    ['aurora-mysql', '8.0.mysql_aurora.2.11.2', 'is not a release line of Aurora MySQL that supports global databases'],
    ['aurora-postgresql', '14.2', 'is older than 14.3, the first 14.x version that supports global databases'],
    ['aurora-postgresql', '17.3', 'is older than 17.4, the first 17.x version that supports global databases'],
    [
      'aurora-mysql',
      '8.0.mysql_aurora.3.03.1',
      'is older than 8.0.mysql_aurora.3.04.0, the first 8.0.mysql_aurora.3.x version that supports global databases',
    ],
  ] as const)('rejects %s %s: %s', (engine, version, reason) => {
    expect(engineVersionProblem(engine, version)).toBe(reason);
  });

  it('accepts the default version of every engine', () => {
    for (const fact of ENGINES) expect(engineVersionProblem(fact.engine, fact.defaultVersion)).toBeUndefined();
  });

  it('takes each default version from an AWS page that lists it as a release', () => {
    for (const fact of ENGINES) {
      const release = fact.defaultVersion.replace(/^8\.0\.mysql_aurora\./, '');
      expect(fact.defaultVersionSource.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/AmazonRDS\//);
      expect(fact.defaultVersionSource.says).toContain(`${fact.label} ${release}`);
    }
  });
});

describe('instanceClassProblem', () => {
  it('accepts every family of each engine in the sizes it offers, and no other size', () => {
    for (const fact of ENGINES) {
      for (const family of fact.instanceFamilies) {
        for (const size of INSTANCE_SIZES) {
          const problem = instanceClassProblem(fact.engine, `db.${family}.${size}`);
          if (FAMILY_SIZES[family]?.includes(size)) expect(problem).toBeUndefined();
          else expect(problem).toMatch(new RegExp(`^has a size \\(${size}\\) the ${family} family does not offer`));
        }
      }
    }
    expect(INSTANCE_SIZES).toEqual(['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge', '48xlarge']);
  });

  it.each([
    ['r6g.large', 'is not an instance class (db.<family>.<size>, e.g. db.r6g.large)'],
    ['db.r6g', 'is not an instance class (db.<family>.<size>, e.g. db.r6g.large)'],
    ['db.R6G.large', 'is not an instance class (db.<family>.<size>, e.g. db.r6g.large)'],
    ['db.t4g.medium', 'is a burstable class; Aurora global databases need memory-optimized classes'],
    ['db.t3.large', 'is a burstable class; Aurora global databases need memory-optimized classes'],
    ['db.serverless', 'is Aurora Serverless v2, which this template does not deploy'],
    ['db.m6g.large', 'is not a memory-optimized family Aurora PostgreSQL offers in a global database'],
    ['db.r6gd.large', 'is not a memory-optimized family Aurora PostgreSQL offers in a global database'],
    ['db.r6g.medium', 'has a size (medium) the r6g family does not offer (it offers large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge)'],
    ['db.r6g.24xlarge', 'has a size (24xlarge) the r6g family does not offer (it offers large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge)'],
    ['db.r8g.32xlarge', 'has a size (32xlarge) the r8g family does not offer (it offers large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge, 48xlarge)'],
  ])('rejects %s for Aurora PostgreSQL: %s', (instanceClass, reason) => {
    expect(instanceClassProblem('aurora-postgresql', instanceClass)).toBe(reason);
  });
});

describe('familyVersionProblem', () => {
  it.each([
    ['aurora-postgresql', 'db.r8g.large', '14.11', 'needs Aurora PostgreSQL 14.12 or later in the 14.x line, and engineVersion is 14.11'],
    ['aurora-postgresql', 'db.r7i.xlarge', '16.2', 'needs Aurora PostgreSQL 16.3 or later in the 16.x line, and engineVersion is 16.2'],
    ['aurora-postgresql', 'db.r7g.large', '14.6', 'needs Aurora PostgreSQL 14.7 or later in the 14.x line, and engineVersion is 14.6'],
    ['aurora-mysql', 'db.r8g.large', '8.0.mysql_aurora.3.07.1', 'needs Aurora MySQL 8.0.mysql_aurora.3.08.0 or later in the 8.0.mysql_aurora.3.x line, and engineVersion is 8.0.mysql_aurora.3.07.1'],
  ] as const)('%s %s on %s: %s', (engine, instanceClass, version, reason) => {
    expect(familyVersionProblem(engine, instanceClass, version)).toBe(reason);
  });

  it.each([
    ['aurora-postgresql', 'db.r8g.large', '14.12'],
    ['aurora-postgresql', 'db.r7g.large', '15.2'],
    ['aurora-postgresql', 'db.r6g.large', '14.3'],
    ['aurora-postgresql', 'db.x2g.large', '14.3'],
    ['aurora-mysql', 'db.r7g.large', '8.0.mysql_aurora.3.04.0'],
    ['aurora-mysql', 'db.r7i.large', '8.0.mysql_aurora.3.08.0'],
  ] as const)('%s %s runs %s', (engine, instanceClass, version) => {
    expect(familyVersionProblem(engine, instanceClass, version)).toBeUndefined();
  });

  it('every family runs the default version of each engine', () => {
    for (const fact of ENGINES) {
      for (const family of fact.instanceFamilies) expect(familyVersionProblem(fact.engine, `db.${family}.large`, fact.defaultVersion)).toBeUndefined();
    }
  });

  it('names the families that run every version offered', () => {
    expect(allowedFamiliesFor('aurora-postgresql')).toBe('a class of db.r5, db.r6g, db.r6i, db.x2g (these run every version offered), or a newer engineVersion');
    expect(allowedFamiliesFor('aurora-mysql')).toBe('a class of db.r5, db.r6g, db.r6i, db.r7g, db.x2g (these run every version offered), or a newer engineVersion');
  });
});

describe('allowedInstanceClasses', () => {
  it('lists the families and sizes an engine accepts', () => {
    expect(allowedInstanceClasses('aurora-mysql')).toBe(
      `db.<family>.<size> with family r5|r6g|r6i|r7g|r7i|r8g|x2g and size ${INSTANCE_SIZES.join('|')}`,
    );
  });
});
