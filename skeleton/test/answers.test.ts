import { TEAM_DOMAIN } from './helpers/team-domain';
import {
  ANSWER_KEYS,
  RESERVED_TAG_KEYS,
  answersJsonSchema,
  answersSchema,
  crossFieldIssues,
  defaultRpoEnforcement,
  fieldKind,
  withDerivedDefaults,
} from '../lib/config/answers-schema';
import { IN_REGION_RECOVERY_SECONDS, REGIONS } from '../lib/config/aws-facts';
import { allowedInstanceClasses } from '../lib/config/rules';
import { PRIMARY_ALARM_DELAY_SECONDS } from '../lib/config/timings';
import {
  InvalidAnswersError,
  fieldProblems,
  formatProblem,
  parseAnswers,
  validateAnswers,
  type Problem,
} from '../lib/config/validate';

/** [field, value as reported, reason] of every problem, in the order they are reported. */
type Reported = [field: string, value: unknown, reason: string];

function problemsOf(input: unknown): Problem[] {
  const result = validateAnswers(input);
  if (result.ok) throw new Error(`expected problems, got valid answers: ${JSON.stringify(result.answers)}`);
  return result.problems;
}

function reported(input: unknown): Reported[] {
  return problemsOf(input).map((p) => [p.field, p.value, p.reason]);
}

const long = (n: number) => 'a'.repeat(n);

describe('validateAnswers: each field on its own', () => {
  it('accepts no answers at all: every field has a valid default', () => {
    const result = validateAnswers({});
    expect(result.ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, Reported[]]>([
    ['name with a space', { name: 'Tap DR' }, [['name', 'Tap DR', 'has characters or a shape that is not allowed']]],
    ['name over 214 characters', { name: long(215) }, [['name', long(215), 'is too long']]],
    ['environmentSuffix in capitals', { environmentSuffix: 'Prod' }, [['environmentSuffix', 'Prod', 'has characters or a shape that is not allowed']]],
    [
      'empty environmentSuffix',
      { environmentSuffix: '' },
      [
        ['environmentSuffix', '', 'is too short'],
        ['environmentSuffix', '', 'has characters or a shape that is not allowed'],
      ],
    ],
    ['environmentSuffix over 21 characters', { environmentSuffix: long(22) }, [['environmentSuffix', long(22), 'is too long']]],
    ['stack with a space', { stack: 'my stack' }, [['stack', 'my stack', 'has characters or a shape that is not allowed']]],
    ['stack over 100 characters', { stack: long(101) }, [['stack', long(101), 'is too long']]],
    ['unknown region', { primaryRegion: 'mars-north-1' }, [['primaryRegion', 'mars-north-1', 'is not one of the allowed values']]],
    ['unknown engine', { engine: 'postgres' }, [['engine', 'postgres', 'is not one of the allowed values']]],
    ['empty engineVersion', { engineVersion: '' }, [['engineVersion', '', 'is too short']]],
    ['instanceClass as a number', { instanceClass: 42 }, [['instanceClass', 42, 'is a number, not a string']]],
    ['no instances', { instancesPerCluster: 0 }, [['instancesPerCluster', 0, 'is too small']]],
    ['17 instances', { instancesPerCluster: 17 }, [['instancesPerCluster', 17, 'is too large']]],
    ['a fraction of an instance', { instancesPerCluster: 1.5 }, [['instancesPerCluster', 1.5, 'is a number, not an integer']]],
    ['a number written as text', { instancesPerCluster: '2' }, [['instancesPerCluster', '2', 'is a string, not a number']]],
    ['36 days of backups', { backupRetentionDays: 36 }, [['backupRetentionDays', 36, 'is too large']]],
    ['an RPO of 0 s', { rpoTargetSeconds: 0 }, [['rpoTargetSeconds', 0, 'is too small']]],
    ['an RTO over a day', { rtoTargetSeconds: 86_401 }, [['rtoTargetSeconds', 86_401, 'is too large']]],
    ['azCount as an object', { azCount: {} }, [['azCount', {}, 'is an object, not a number']]],
    ['a negative NAT count', { natGatewayCount: -1 }, [['natGatewayCount', -1, 'is too small']]],
    ['appTier as "yes"', { appTier: 'yes' }, [['appTier', 'yes', 'is a string, not a boolean']]],
    ['deletionProtection as "false"', { deletionProtection: 'false' }, [['deletionProtection', 'false', 'is a string, not a boolean']]],
    ['an unknown failover mode', { failoverMode: 'sometimes' }, [['failoverMode', 'sometimes', 'is not one of the allowed values']]],
    ['a one-label domain', { domainName: 'localhost' }, [['domainName', 'localhost', 'is not a valid DNS zone name']]],
    ['a domain in capitals', { domainName: 'DR.example.com' }, [['domainName', 'DR.example.com', 'is not a valid DNS zone name']]],
    ['a label starting with "-"', { domainName: '-dr.example.com' }, [['domainName', '-dr.example.com', 'is not a valid DNS zone name']]],
    ['a numeric top-level label', { domainName: 'dr.10' }, [['domainName', 'dr.10', 'is not a valid DNS zone name']]],
    ['a domain over 253 characters', { domainName: `${`${long(63)}.`.repeat(4)}com` }, [['domainName', `${`${long(63)}.`.repeat(4)}com`, 'is not a valid DNS zone name']]],
    ['an alarm address without "@"', { alarmEmail: 'dba-team' }, [['alarmEmail', 'dba-team', 'is not a valid email']]],
    ['S3 retention over ten years', { backupRetentionS3Days: 3651 }, [['backupRetentionS3Days', 3651, 'is too large']]],
    ['an unsupported Lambda runtime', { lambdaRuntime: 'nodejs18.x' }, [['lambdaRuntime', 'nodejs18.x', 'is not one of the allowed values']]],
    ['tags as text', { tags: 'CostCenter=4711' }, [['tags', 'CostCenter=4711', 'is a string, not a record']]],
    ['tags as a list', { tags: ['CostCenter'] }, [['tags', ['CostCenter'], 'is a list, not a record']]],
    ['tags as null', { tags: null }, [['tags', null, 'is null, not a record']]],
    ['a tag value that is a number', { tags: { CostCenter: 4711 } }, [['tags.CostCenter', 4711, 'is a number, not a string']]],
    ['a tag without a value', { tags: { CostCenter: undefined } }, [['tags.CostCenter', undefined, 'is required']]],
    ['an owner that is not an entity reference', { owner: 'DBA Team' }, [['owner', 'DBA Team', 'has characters or a shape that is not allowed']]],
    ['an answer this template does not know', { region: 'us-east-1' }, [['region', 'us-east-1', 'is not an answer this template knows']]],
    ['an answer with an empty name', { '': 'us-east-1' }, [['(empty key)', 'us-east-1', 'is not an answer this template knows']]],
  ])('reports %s', (_title, given, expected) => {
    expect(reported(given)).toEqual(expected);
  });

  it("keeps zod's own words for a check this module does not word (a symbol tag key, only possible from code)", () => {
    expect(reported({ tags: { [Symbol('CostCenter')]: '4711' } })).toEqual([['tags.Symbol(CostCenter)', undefined, 'Invalid key in record']]);
  });

  it('reports what is allowed with every field problem', () => {
    expect(problemsOf({ azCount: 4 })).toEqual([
      { field: 'azCount', value: 4, reason: 'is too large', allowed: '2 or 3, and no more than the region has' },
    ]);
  });

  it('treats an empty or null alarm e-mail and owner as not given (what portal forms send)', () => {
    const result = validateAnswers({ alarmEmail: '', owner: null });
    expect(result.ok && result.answers).not.toHaveProperty('alarmEmail');
    expect(result.ok && result.answers).not.toHaveProperty('owner');
  });

  it('accepts a scoped package name, an e-mail address, an owner and user tags', () => {
    const result = validateAnswers({
      name: '@bank/payments-dr',
      alarmEmail: 'dba-team@bank.example',
      owner: 'group:default/dba-team',
      tags: { Environment: 'production', CostCenter: '4711', 'app:tier': 'db' },
    });
    expect(result).toMatchObject({ ok: true, answers: { name: '@bank/payments-dr', owner: 'group:default/dba-team' } });
  });

  it.each([
    ['nothing', undefined, 'is nothing'],
    ['null', null, 'is null'],
    ['a list', [], 'is a list'],
    ['text', 'name=tap-dr', 'is a string'],
  ])('reports answers that are %s as a whole', (_title, input, reason) => {
    expect(problemsOf(input)).toEqual([{ field: '(answers)', value: input, reason, allowed: 'an object of answers' }]);
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY]])('reports %p for a number field as not a finite number', (value) => {
    expect(reported({ azCount: value })).toEqual([['azCount', value, 'is not a finite number']]);
  });
});

describe('validateAnswers: rules between fields', () => {
  it.each<[string, Record<string, unknown>, Reported[]]>([
    ['the same region twice', { primaryRegion: 'eu-west-1', secondaryRegion: 'eu-west-1' }, [['secondaryRegion', 'eu-west-1', 'is the same as the primary region']]],
    ['a primary region equal to the default secondary', { primaryRegion: 'us-west-2' }, [['secondaryRegion', 'us-west-2', 'is the same as the primary region']]],
    ['a primary region without Aurora PostgreSQL global databases', { primaryRegion: 'ca-west-1' }, [['primaryRegion', 'ca-west-1', 'does not offer Aurora PostgreSQL global databases']]],
    [
      'a secondary region without Aurora MySQL global databases',
      { engine: 'aurora-mysql', secondaryRegion: 'ap-east-2' },
      [['secondaryRegion', 'ap-east-2', 'does not offer Aurora MySQL global databases']],
    ],
    ['more AZs than the secondary region has', { secondaryRegion: 'us-west-1' }, [['azCount', 3, 'is more than the 2 Availability Zones of us-west-1']]],
    ['an engine version too old for global databases', { engineVersion: '14.2' }, [['engineVersion', '14.2', 'is older than 14.3, the first 14.x version that supports global databases']]],
    [
      'a PostgreSQL version for Aurora MySQL',
      { engine: 'aurora-mysql', engineVersion: '16.13' },
      [['engineVersion', '16.13', 'is not a version string of Aurora MySQL (e.g. 8.0.mysql_aurora.3.10.3)']],
    ],
    ['a burstable instance class', { instanceClass: 'db.t4g.medium' }, [['instanceClass', 'db.t4g.medium', 'is a burstable class; Aurora global databases need memory-optimized classes']]],
    ['an empty instance class', { instanceClass: '' }, [['instanceClass', '', 'is not an instance class (db.<family>.<size>, e.g. db.r6g.large)']]],
    ['a size the family does not offer', { instanceClass: 'db.r7g.24xlarge' }, [['instanceClass', 'db.r7g.24xlarge', 'has a size (24xlarge) the r7g family does not offer (it offers large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge)']]],
    [
      'a family newer than the engine version',
      { instanceClass: 'db.r8g.large', engineVersion: '15.4' },
      [['instanceClass', 'db.r8g.large', 'needs Aurora PostgreSQL 15.7 or later in the 15.x line, and engineVersion is 15.4']],
    ],
    ['more NAT gateways than AZs', { azCount: 2, natGatewayCount: 3 }, [['natGatewayCount', 3, 'is more than the AZ count (2)']]],
    ['the application tier without its public domain', { appTier: true }, [['publicDomainName', undefined, 'is required when appTier is true, and no preset can know it']]],
    [
      'a private zone Route 53 refuses',
      { domainName: 'healthcare-dr.example.com' },
      [['domainName', 'healthcare-dr.example.com', 'is under example.com, which Route 53 refuses as "reserved by AWS" (RFC 2606 documentation names: example.com, example.net, example.org and their subdomains)']],
    ],
    [
      'a public zone the DNS root never delegates',
      { appTier: true, publicDomainName: 'dr.hospital.internal' },
      [['publicDomainName', 'dr.hospital.internal', 'is under .internal, which the DNS root never delegates (RFC 6761, RFC 6762, ICANN), so a public zone there can never answer on the internet']],
    ],
    [
      'a private zone named like the public zone',
      { appTier: true, publicDomainName: TEAM_DOMAIN, domainName: TEAM_DOMAIN },
      [['domainName', TEAM_DOMAIN, `is the public zone's name (${TEAM_DOMAIN}); inside the VPCs the private zone would answer for it and app.${TEAM_DOMAIN} would not resolve`]],
    ],
    [
      'a private zone above the public zone',
      { appTier: true, publicDomainName: TEAM_DOMAIN, domainName: 'northwind-clinics.net' },
      [['domainName', 'northwind-clinics.net', `contains app.${TEAM_DOMAIN}; inside the VPCs the private zone answers every name below it, so app.${TEAM_DOMAIN} would not resolve there`]],
    ],
    ['a hosted zone ID with its /hostedzone/ prefix', { publicHostedZoneId: '/hostedzone/Z0123' }, [['publicHostedZoneId', '/hostedzone/Z0123', 'has characters or a shape that is not allowed']]],
    [
      'a primary region without RDS snapshot export',
      { engine: 'aurora-mysql', primaryRegion: 'ap-southeast-5', secondaryRegion: 'ap-southeast-1' },
      [['primaryRegion', 'ap-southeast-5', 'does not offer RDS snapshot export to S3, which writes the database backups into the primary backup bucket']],
    ],
    [
      'S3 retention no longer than the backup export interval',
      { backupRetentionS3Days: 7, backupExportIntervalDays: 7 },
      [['backupRetentionS3Days', 7, 'is not longer than the backup export interval (7 days), so an export could expire before the next one lands']],
    ],
    ['a backup export interval over a week', { backupExportIntervalDays: 8 }, [['backupExportIntervalDays', 8, 'is too large']]],
    [
      'a lag alarm equal to the RPO target',
      { rpoTargetSeconds: 60, replicationLagAlarmSeconds: 60 },
      [['replicationLagAlarmSeconds', 60, 'is not below the RPO target (60 s), so the alarm would fire only after the target is missed']],
    ],
    [
      'an RPO target below the default lag alarm',
      { rpoTargetSeconds: 30 },
      [['replicationLagAlarmSeconds', 60, 'is not below the RPO target (30 s), so the alarm would fire only after the target is missed']],
    ],
    [
      'commit blocking asked of Aurora MySQL',
      { engine: 'aurora-mysql', rpoEnforcement: 'block-commits' },
      [['rpoEnforcement', 'block-commits', 'needs Aurora PostgreSQL: Aurora MySQL has no rds.global_db_rpo to block commits with']],
    ],
    [
      'automatic failover of a lone writer within the in-region recovery time',
      { failoverMode: 'automatic', instancesPerCluster: 1, failoverConfirmationSeconds: 600 },
      [['instancesPerCluster', 1, 'is 1 with failoverMode automatic and a 600 s confirmation window: a lone writer that fails is recreated in its own region, which AWS says typically takes less than 10 minutes, so a data-losing cross-region failover would race the in-region recovery']],
    ],
    ['a VPC block that is not a CIDR', { primaryVpcCidr: '10.0.0.0' }, [['primaryVpcCidr', '10.0.0.0', 'is not an IPv4 CIDR block (a.b.c.d/n)']]],
    ['a VPC block with host bits', { secondaryVpcCidr: '10.1.0.1/16' }, [['secondaryVpcCidr', '10.1.0.1/16', 'has host bits set; the network address is 10.1.0.0/16']]],
    ['a VPC block larger than /16', { primaryVpcCidr: '10.0.0.0/8' }, [['primaryVpcCidr', '10.0.0.0/8', 'has prefix /8']]],
    ['a VPC block smaller than /24', { secondaryVpcCidr: '10.1.0.0/28' }, [['secondaryVpcCidr', '10.1.0.0/28', 'has prefix /28']]],
    [
      'overlapping VPC blocks',
      { secondaryVpcCidr: '10.0.128.0/17' },
      [['secondaryVpcCidr', '10.0.128.0/17', 'overlaps the primary VPC (10.0.0.0/16); peered VPCs need disjoint blocks']],
    ],
    ['an empty tag key', { tags: { '': 'x' } }, [['tags.', 'x', 'tag key "" must be 1 to 128 characters']]],
    ['a tag key over 128 characters', { tags: { [long(129)]: 'x' } }, [[`tags.${long(129)}`, 'x', `tag key "${long(129)}" must be 1 to 128 characters`]]],
    ['a tag value over 256 characters', { tags: { Team: long(257) } }, [['tags.Team', long(257), 'tag "Team" has a value longer than 256 characters']]],
    ['a tag key with the aws: prefix', { tags: { 'AWS:Owner': 'x' } }, [['tags.AWS:Owner', 'x', 'tag key "AWS:Owner" uses the reserved aws: prefix']]],
    ['a tag key with "|"', { tags: { 'Cost|Center': 'x' } }, [['tags.Cost|Center', 'x', 'tag "Cost|Center" uses characters AWS does not allow in tags']]],
    ['a tag value with "#"', { tags: { Team: 'dba#1' } }, [['tags.Team', 'dba#1', 'tag "Team" uses characters AWS does not allow in tags']]],
    ...RESERVED_TAG_KEYS.map((key): [string, Record<string, unknown>, Reported[]] => [
      `the stack's own tag ${key}`,
      { tags: { [key]: 'x' } },
      [[`tags.${key}`, 'x', `tag key "${key}" is set by the stack on every resource and cannot be overridden`]],
    ]),
  ])('reports %s', (_title, given, expected) => {
    expect(reported(given)).toEqual(expected);
  });

  it('says what would be accepted instead', () => {
    const allowed = (input: Record<string, unknown>) => problemsOf(input).map((p) => p.allowed);
    expect(allowed({ primaryRegion: 'eu-west-1', secondaryRegion: 'eu-west-1' })).toEqual(['a region other than the primary region']);
    expect(allowed({ secondaryRegion: 'us-west-1' })).toEqual(['at most 2 in us-west-1']);
    expect(allowed({ azCount: 2, natGatewayCount: 3 })).toEqual(['an integer from 0 to 2']);
    expect(allowed({ rpoTargetSeconds: 60, replicationLagAlarmSeconds: 60 })).toEqual(['an integer from 1 to 59']);
    expect(allowed({ backupRetentionS3Days: 3, backupExportIntervalDays: 3 })).toEqual(['an integer from 4 to 3650']);
    expect(allowed({ engine: 'aurora-mysql', primaryRegion: 'ap-southeast-5', secondaryRegion: 'ap-southeast-1' })[0]).not.toContain('ap-southeast-5');
    // With an engine that failed its own check, every region that exports is offered.
    expect(problemsOf({ engine: 'oracle', primaryRegion: 'ap-southeast-5' }).find((p) => p.field === 'primaryRegion')?.allowed).toMatch(/ca-west-1/);
    expect(allowed({ engineVersion: '13.9' })).toEqual(['Aurora PostgreSQL ≥ 14.3 | ≥ 15.2 | ≥ 16.1 | ≥ 17.4']);
    expect(allowed({ engine: 'aurora-mysql', instanceClass: 'db.t3.medium' })).toEqual([allowedInstanceClasses('aurora-mysql')]);
    expect(allowed({ engine: 'aurora-mysql', rpoEnforcement: 'block-commits' })).toEqual(['alarm-only for Aurora MySQL']);
    expect(allowed({ failoverMode: 'automatic', failoverConfirmationSeconds: 60 })).toEqual([
      `2 or more instances per cluster (a replica takes over in-region in under a minute), or failoverConfirmationSeconds above ${IN_REGION_RECOVERY_SECONDS}, or failoverMode manual`,
    ]);
    const offered = REGIONS.filter((r) => r.globalDatabase.includes('aurora-postgresql')).map((r) => r.code);
    expect(allowed({ primaryRegion: 'ca-west-1' })).toEqual([`one of ${offered.join(', ')}`]);
  });

  it('checks every field, skips the rules whose inputs are bad, and sorts the problems by field', () => {
    expect(
      reported({
        tags: 'x',
        primaryVpcCidr: 5,
        rpoTargetSeconds: 'x',
        natGatewayCount: 'x',
        azCount: 9,
        engineVersion: '9.6',
        instanceClass: 'db.t4g.medium',
        engine: 'oracle',
        primaryRegion: 'mars-north-1',
        regions: ['us-east-1'],
      }),
    ).toEqual([
      ['regions', ['us-east-1'], 'is not an answer this template knows'],
      ['primaryRegion', 'mars-north-1', 'is not one of the allowed values'],
      ['engine', 'oracle', 'is not one of the allowed values'],
      ['rpoTargetSeconds', 'x', 'is a string, not a number'],
      ['primaryVpcCidr', 5, 'is a number, not a string'],
      ['azCount', 9, 'is too large'],
      ['natGatewayCount', 'x', 'is a string, not a number'],
      ['tags', 'x', 'is a string, not a record'],
    ]);
  });

  it('lets automatic failover through with a replica in-region (any window: the slow path waits out an in-region failover), a window beyond in-region recovery, or manual mode', () => {
    expect(validateAnswers({ failoverMode: 'automatic', instancesPerCluster: 2, failoverConfirmationSeconds: PRIMARY_ALARM_DELAY_SECONDS }).ok).toBe(true);
    expect(validateAnswers({ failoverMode: 'automatic', instancesPerCluster: 2, failoverConfirmationSeconds: 0 }).ok).toBe(true);
    expect(validateAnswers({ failoverMode: 'automatic', instancesPerCluster: 1, failoverConfirmationSeconds: IN_REGION_RECOVERY_SECONDS }).ok).toBe(false);
    expect(validateAnswers({ failoverMode: 'automatic', instancesPerCluster: 1, failoverConfirmationSeconds: IN_REGION_RECOVERY_SECONDS + 1 }).ok).toBe(true);
    expect(validateAnswers({ failoverMode: 'manual', instancesPerCluster: 1, failoverConfirmationSeconds: 60 }).ok).toBe(true);
    expect(validateAnswers({ engine: 'aurora-mysql', rpoEnforcement: 'alarm-only' }).ok).toBe(true);
    expect(validateAnswers({ engine: 'aurora-postgresql', rpoEnforcement: 'alarm-only' }).ok).toBe(true);
  });

  it('finds nothing to report when no field is there', () => {
    expect(crossFieldIssues({})).toEqual([]);
  });
});

describe('fieldProblems', () => {
  const given = { azCount: 2, natGatewayCount: 3, tags: { Region: 'x', 'aws:team': 'y' } };

  it('keeps the problems of one field, its map entries included', () => {
    expect(fieldProblems('natGatewayCount', given).map((p) => p.field)).toEqual(['natGatewayCount']);
    expect(fieldProblems('tags', given).map((p) => p.field)).toEqual(['tags.Region', 'tags.aws:team']);
  });

  it('is empty for a field without problems, whether or not other fields have some', () => {
    expect(fieldProblems('azCount', given)).toEqual([]);
    expect(fieldProblems('azCount', {})).toEqual([]);
  });
});

describe('valid answers', () => {
  it('come back with defaults filled in, in the order of the fields', () => {
    const result = validateAnswers({ secondaryRegion: 'eu-west-1', engine: 'aurora-mysql' });
    expect(result.ok).toBe(true);
    const answers = result.ok ? result.answers : undefined;
    expect(Object.keys(answers ?? {})).toEqual(ANSWER_KEYS.filter((k) => !['alarmEmail', 'owner', 'publicDomainName', 'publicHostedZoneId'].includes(k)));
    expect(answers).toMatchObject({ engineVersion: '8.0.mysql_aurora.3.10.3', environmentSuffix: 'dev', stack: 'dev' });
  });

  it('keep an engine version that was given', () => {
    expect(parseAnswers({ engineVersion: '15.4' }).engineVersion).toBe('15.4');
  });
});

describe('withDerivedDefaults', () => {
  it("fills in the engine's default version only when there is an engine and no version", () => {
    expect(withDerivedDefaults({ engine: 'aurora-postgresql' })).toMatchObject({ engine: 'aurora-postgresql', engineVersion: '16.13' });
    expect(withDerivedDefaults({ engine: 'aurora-postgresql', engineVersion: '14.6' })).toMatchObject({ engine: 'aurora-postgresql', engineVersion: '14.6' });
    expect(withDerivedDefaults({})).toEqual({});
  });

  it("fills in the engine's RPO enforcement: PostgreSQL blocks commits, MySQL cannot; a given one is kept", () => {
    expect(withDerivedDefaults({ engine: 'aurora-postgresql' }).rpoEnforcement).toBe('block-commits');
    expect(withDerivedDefaults({ engine: 'aurora-mysql' }).rpoEnforcement).toBe('alarm-only');
    expect(withDerivedDefaults({ engine: 'aurora-postgresql', rpoEnforcement: 'alarm-only' }).rpoEnforcement).toBe('alarm-only');
    expect(parseAnswers({}).rpoEnforcement).toBe(defaultRpoEnforcement(parseAnswers({}).engine));
  });

  it('puts the settings of a tier that is off back to their defaults, as the stack config leaves them out', () => {
    const settings = { publicDomainName: TEAM_DOMAIN, healthCheckIntervalSeconds: 10 as const };
    expect(withDerivedDefaults({ appTier: false, ...settings })).toEqual({ appTier: false, healthCheckIntervalSeconds: 30 });
    expect(withDerivedDefaults({ appTier: true, ...settings })).toEqual({ appTier: true, ...settings });
    expect(withDerivedDefaults(settings)).toEqual(settings);
    const result = validateAnswers({ appTier: false, ...settings });
    expect(result.ok && [result.answers.publicDomainName, result.answers.healthCheckIntervalSeconds]).toEqual([undefined, 30]);
  });
});

describe('answersSchema (the zod form of the same rules)', () => {
  it('fills defaults and the engine default version', () => {
    expect(answersSchema.parse({ engine: 'aurora-mysql' })).toMatchObject({ engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.10.3', azCount: 3 });
  });

  it('reports a rule between fields as a custom issue with what is allowed', () => {
    const result = answersSchema.safeParse({ primaryRegion: 'eu-west-1', secondaryRegion: 'eu-west-1' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        code: 'custom',
        path: ['secondaryRegion'],
        message: 'is the same as the primary region',
        params: { allowed: 'a region other than the primary region' },
      }),
    ]);
  });
});

describe('answersJsonSchema and fieldKind', () => {
  it('gives a fresh copy each time, so callers cannot change it for others', () => {
    const first = answersJsonSchema();
    (first.properties as Record<string, unknown>).name = 'changed';
    expect((answersJsonSchema().properties as Record<string, unknown>).name).not.toBe('changed');
  });

  it.each([
    ['azCount', 'integer'],
    ['rpoTargetSeconds', 'integer'],
    ['healthCheckIntervalSeconds', 'integer'],
    ['appTier', 'boolean'],
    ['deletionProtection', 'boolean'],
    ['tags', 'map'],
    ['name', 'string'],
    ['engineVersion', 'string'],
    ['alarmEmail', 'string'],
  ] as const)('%s is written and read as %s', (key, kind) => {
    expect(fieldKind(key)).toBe(kind);
  });

  it('matches the type of every default value', () => {
    const answers = parseAnswers({});
    const typeOf = { integer: 'number', boolean: 'boolean', map: 'object', string: 'string' } as const;
    for (const key of ANSWER_KEYS) {
      if (answers[key] !== undefined) expect([key, typeof answers[key]]).toEqual([key, typeOf[fieldKind(key)]]);
    }
  });
});

describe('messages', () => {
  it('formatProblem shows field, value, reason and what is allowed', () => {
    expect(formatProblem({ field: 'azCount', value: 'three', reason: 'is a string, not a number', allowed: '2 or 3' })).toBe(
      'azCount = "three": is a string, not a number. Allowed: 2 or 3.',
    );
    expect(formatProblem({ field: 'tags.Team', value: undefined, reason: 'is required', allowed: 'a value' })).toBe(
      'tags.Team: is required. Allowed: a value.',
    );
  });

  it('formatProblem ends each part with one full stop, also after a parser message that ends in a colon or a full stop', () => {
    expect(formatProblem({ field: 'file', value: 'a.yaml', reason: 'is not valid YAML: bad indent at line 1, column 4:', allowed: 'YAML.' })).toBe(
      'file = "a.yaml": is not valid YAML: bad indent at line 1, column 4. Allowed: YAML.',
    );
  });

  it('formatProblem puts a table that comes with a reason under the line, indented, after what is allowed', () => {
    expect(formatProblem({ field: 'rtoTargetSeconds', value: 60, reason: 'is below the budget\n| a | b |\n\n| c | d |', allowed: 'at least 245' })).toBe(
      'rtoTargetSeconds = 60: is below the budget. Allowed: at least 245.\n    | a | b |\n\n    | c | d |',
    );
  });

  it('parseAnswers throws an InvalidAnswersError listing every problem', () => {
    let error: unknown;
    try {
      parseAnswers({ azCount: 1, stack: 'my stack' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidAnswersError);
    expect(error).toMatchObject({ name: 'InvalidAnswersError', problems: [{ field: 'stack' }, { field: 'azCount' }] });
    expect((error as Error).message).toBe(
      'Invalid answers:\n' +
        '  - stack = "my stack": has characters or a shape that is not allowed. Allowed: letters, digits, "-", "_" or ".", at most 100 characters.\n' +
        '  - azCount = 1: is too small. Allowed: 2 or 3, and no more than the region has.',
    );
  });

  it('InvalidAnswersError takes the context of its caller', () => {
    expect(new InvalidAnswersError([], 'Invalid stack config').message).toBe('Invalid stack config:\n');
  });
});
