import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PRESETS, PRESET_NAMES } from '../../generator/answers/presets';
import { publicZoneProblem, reservedDomainProblem } from '../../skeleton/lib/config/dns-names';
import { IN_REGION_RECOVERY_SECONDS } from '../../skeleton/lib/config/aws-facts';
import { recoveryBudget } from '../../skeleton/lib/config/recovery-budget';
import { PRIMARY_ALARM_DELAY_SECONDS } from '../../skeleton/lib/config/timings';
import { validateAnswers } from '../../skeleton/lib/config/validate';
import { HEALTHCARE_ANSWERS } from '../helpers/team-domain';

const doc = (name: string) => readFileSync(new URL(`../../docs/requirements/${name}`, import.meta.url), 'utf8');

/** Each row: the preset's value and the sentence of the requirement document it comes from. */
type Row = readonly [field: string, actual: unknown, expected: unknown, quote: string];

function checkRows(document: string, rows: readonly Row[]): void {
  for (const [field, actual, expected, quote] of rows) {
    assert.deepEqual(actual, expected, `${field}: preset has ${JSON.stringify(actual)}`);
    assert.ok(document.includes(quote), `${field}: the document no longer says "${quote}"`);
  }
}

describe('trading preset reproduces trading-platform-dr.md', () => {
  const text = doc('trading-platform-dr.md');
  const a = PRESETS.trading.answers;
  it('matches the document numbers and choices', () => {
    checkRows(text, [
      ['primaryRegion', a.primaryRegion, 'us-east-1', 'spans us-east-1 as the primary region and eu-west-1 as the secondary'],
      ['secondaryRegion', a.secondaryRegion, 'eu-west-1', 'secondary in eu-west-1'],
      ['instanceClass', a.instanceClass, 'db.r6g.large', 'Use r6g.large instance type for Aurora clusters'],
      ['backupRetentionDays', a.backupRetentionDays, 7, 'Configure automatic backups with 7-day retention'],
      ['rpoTargetSeconds', a.rpoTargetSeconds, 60, 'RPO target: Under 1 minute'],
      ['rtoTargetSeconds', a.rtoTargetSeconds, 300, 'RTO target: Under 5 minutes'],
      ['replicationLagAlarmSeconds', a.replicationLagAlarmSeconds, 5, 'Set up CloudWatch alarms for replication lag exceeding 5 seconds'],
      ['backupRetentionS3Days', a.backupRetentionS3Days, 30, 'lifecycle policies to retain backups for exactly 30 days'],
      ['deletionProtection', a.deletionProtection, true, 'Enable deletion protection on production resources but allow programmatic override'],
      ['failoverMode', a.failoverMode, 'automatic', 'automatic failover capabilities'],
      ['tags.Environment', a.tags.Environment, 'production', 'Tag all resources with Environment=production and DisasterRecovery=enabled'],
    ]);
  });
  it('leaves the healthcare-only tiers off', () => {
    assert.deepEqual([a.appTier, a.eventBridge, a.dashboard], [false, false, false]);
  });
  it('is valid and the RPO/RTO targets are the strict ones (< 1 min, < 5 min)', () => {
    const result = validateAnswers(a);
    assert.ok(result.ok);
    assert.ok(result.answers.rpoTargetSeconds <= 60 && result.answers.rtoTargetSeconds <= 300);
    assert.ok(result.answers.replicationLagAlarmSeconds < result.answers.rpoTargetSeconds);
  });
  it('its recovery budget fits RTO < 5 min and RPO < 1 min on both paths; the region-down path within 120 s (issue 13)', () => {
    const result = validateAnswers(a);
    assert.ok(result.ok);
    const { rto, rtoRegionUp, rpo } = recoveryBudget(result.answers);
    // Region down (us-east-1's RDS API dark): probe 10 + connect timeout 5 + window 20 + next probe 10 + that
    // probe's 3 s RDS timeout + managed failover 60 + DNS 5 + 5.
    assert.equal(result.answers.failoverConfirmationSeconds, 20);
    assert.deepEqual([rto.totalSeconds, rpo.totalSeconds], [118, 30]);
    assert.ok(rto.totalSeconds <= 120);
    // Region answering: the slow window is the primary's own alarm delay (it outlasts an in-region failover to a replica).
    assert.equal(rtoRegionUp.totalSeconds, 10 + 5 + PRIMARY_ALARM_DELAY_SECONDS + 10 + 60 + 5 + 5);
    assert.ok(rtoRegionUp.totalSeconds < 300 && rpo.totalSeconds <= 60 * 0.85);
  });
});

describe('healthcare preset reproduces healthcare-saas-dr.md', () => {
  const text = doc('healthcare-saas-dr.md');
  const a = PRESETS.healthcare.answers;
  it('matches the document numbers and choices', () => {
    checkRows(text, [
      ['primaryRegion', a.primaryRegion, 'us-east-1', 'spanning us-east-1 (primary) and us-west-2 (DR)'],
      ['secondaryRegion', a.secondaryRegion, 'us-west-2', 'Secondary Aurora PostgreSQL cluster in us-west-2'],
      ['engine', a.engine, 'aurora-postgresql', 'Use **Amazon RDS Aurora PostgreSQL** for Global Database'],
      ['rpoTargetSeconds', a.rpoTargetSeconds, 900, 'strict RPO and RTO requirements of 15 minutes'],
      ['rtoTargetSeconds', a.rtoTargetSeconds, 900, 'strict RPO and RTO requirements of 15 minutes'],
      ['azCount', a.azCount, 3, 'private subnets across 3 availability zones'],
      ['primaryVpcCidr', a.primaryVpcCidr, '10.0.0.0/16', '10.0.0.0/16 for us-east-1'],
      ['secondaryVpcCidr', a.secondaryVpcCidr, '10.1.0.0/16', '10.1.0.0/16 for us-west-2'],
      ['environmentSuffix', a.environmentSuffix, 'synthj5p6r0e5', 'TapStack:environmentSuffix: synthj5p6r0e5'],
      ['deletionProtection', a.deletionProtection, false, 'Aurora clusters must have skipFinalSnapshot: true and deletionProtection: false'],
      ['instanceClass', a.instanceClass, 'db.r5.large', 'Current: db.r5.large instances'],
      ['appTier', a.appTier, true, 'Application Load Balancers in each region'],
      ['appLambdaInVpc', a.appLambdaInVpc, true, 'Proper VPC integration for Lambda functions'],
      ['natGatewayCount', a.natGatewayCount, 0, 'Consider: Use VPC endpoints for AWS services to reduce NAT Gateway dependency'],
      ['cloudWatchEndpoints', a.cloudWatchEndpoints, false, 'Consider cost optimization: evaluate if Lambda needs VPC or if VPC endpoints can reduce NAT Gateway costs'],
      ['healthCheckIntervalSeconds', a.healthCheckIntervalSeconds, 30, '30-second health check intervals with 3 failure threshold'],
      ['healthCheckFailureThreshold', a.healthCheckFailureThreshold, 3, '30-second health check intervals with 3 failure threshold'],
      ['eventBridge', a.eventBridge, true, 'EventBridge event buses in both regions'],
      ['dashboard', a.dashboard, true, 'CloudWatch dashboard showing metrics from both regions'],
      ['failoverMode', a.failoverMode, 'automatic', 'automatically fail over if the primary region goes down'],
    ]);
  });
  it('asks for the public domain instead of inventing one: without it, that is the one problem', () => {
    assert.equal('publicDomainName' in a, false);
    const result = validateAnswers(a);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems.map((p) => [p.field, p.reason]), [['publicDomainName', 'is required when appTier is true, and no preset can know it']]);
  });
  it('is valid with the team\'s domain, and its default engine version is PostgreSQL 14.6 or later', () => {
    const result = validateAnswers(HEALTHCARE_ANSWERS);
    assert.ok(result.ok);
    const [major, minor] = result.answers.engineVersion.split('.').map(Number);
    assert.ok(major > 14 || (major === 14 && minor >= 6), `engineVersion ${result.answers.engineVersion}`);
  });
  it('its recovery budget fits the 15-minute targets', () => {
    const result = validateAnswers(HEALTHCARE_ANSWERS);
    assert.ok(result.ok);
    const { rto, rtoRegionUp, rpo } = recoveryBudget(result.answers);
    // Fast path: 10 + 5 + 180 (the window, as long as the slow path's) + 10 + 3 (the RDS timeout with us-east-1
    // down) + 60 + 5 + 5; the slow path waits the same 180 s, the primary alarm's delay, without the timeout.
    assert.deepEqual([rto.totalSeconds, rtoRegionUp.totalSeconds, rpo.totalSeconds], [278, 275, 450]);
    assert.ok(rto.fits && rtoRegionUp.fits && rpo.fits);
  });
  it('keeps the NAT gateway count configurable, as the document asks', () => {
    assert.ok(text.includes('Make instance class and NAT Gateway count configurable'));
    const result = validateAnswers({ ...HEALTHCARE_ANSWERS, natGatewayCount: 3 });
    assert.ok(result.ok);
    assert.equal(result.answers.natGatewayCount, 3);
  });

  it('fails over automatically with a replica per cluster; with a lone writer only after Aurora\'s in-region recovery time', () => {
    // A lone writer lost with its AZ is not recreated elsewhere: the preset keeps a reader in another AZ.
    assert.equal(a.instancesPerCluster, 2);
    // The fast path waits as long as the slow one: a partition from us-west-2 looks like us-east-1 down.
    assert.equal(a.failoverConfirmationSeconds, 180);
    // A team that trades the replica for cost must also wait out the lone writer's recreation, or is refused, naming the field.
    const result = validateAnswers({ ...HEALTHCARE_ANSWERS, instancesPerCluster: 1 });
    assert.deepEqual(!result.ok && result.problems.map((p) => p.field), ['instancesPerCluster']);
    assert.ok(validateAnswers({ ...HEALTHCARE_ANSWERS, instancesPerCluster: 1, failoverConfirmationSeconds: IN_REGION_RECOVERY_SECONDS + 60 }).ok);
  });
  it('keeps the document cheaper option out: db.t4g.medium cannot join a global database', () => {
    assert.ok(text.includes('db.t4g.medium'));
    const result = validateAnswers({ ...a, instanceClass: 'db.t4g.medium' });
    assert.equal(result.ok, false);
  });
});

describe('presets must deploy', () => {
  it('no preset carries a zone name Route 53 refuses or a public zone that can never be delegated', () => {
    for (const name of PRESET_NAMES) {
      const answers: Record<string, unknown> = PRESETS[name].answers;
      assert.equal(reservedDomainProblem(String(answers.domainName)), undefined, `${name}: domainName ${String(answers.domainName)}`);
      if (answers.publicDomainName !== undefined) assert.equal(publicZoneProblem(String(answers.publicDomainName)), undefined, name);
    }
  });
});
