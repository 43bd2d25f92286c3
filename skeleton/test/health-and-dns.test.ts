import * as pulumi from '@pulumi/pulumi';
import { GLOBAL_LAG_DIMENSIONS } from '../lib/config/aws-facts';
import { COMMIT_BLOCKED_ALARM, CONNECTIVITY_EVALUATION_PERIODS, HealthAlarms, LAG_METRIC } from '../lib/health-alarms';
import { DATABASE_RECORD_TTL_SECONDS, FailoverDns } from '../lib/failover-dns';
import { PRIMARY_ALARM_DELAY_SECONDS } from '../lib/config/timings';
import { ofType, runComponents, sharedRuns } from './helpers/components';
import { mockId } from '../scripts/offline/aws-mocks';
import type { RecordedResource } from '../scripts/offline/recorder';

const GLOBAL_WRITER = 'aurora-global-dev.global-abcdefghijkl.global.rds.amazonaws.com';
const SECONDARY_READERS = 'aurora-cluster-eu-west-1-dev.cluster-ro-abcdefghijkl.eu-west-1.rds.amazonaws.com';

const build = sharedRuns(async (answers: Record<string, unknown>, blocksCommits?: boolean) => {
  return runComponents(answers, ({ answers: a, sides, root }) => {
    const alarms = new HealthAlarms('health', {
      primary: { side: sides.primary, canaryServiceName: 'canary-p', topicArn: 'arn:sns:primary' },
      secondary: { side: sides.secondary, canaryServiceName: 'canary-s', topicArn: 'arn:sns:secondary' },
      secondaryClusterId: 'aurora-cluster-secondary',
      lagThresholdSeconds: a.replicationLagAlarmSeconds,
      rpoTargetSeconds: a.rpoTargetSeconds,
      blocksCommits: blocksCommits ?? true,
    }, { parent: root });
    const dns = new FailoverDns('failover-dns', {
      global: sides.global,
      domainName: a.domainName,
      vpcs: [{ vpcId: 'vpc-primary', region: a.primaryRegion }, { vpcId: 'vpc-secondary', region: a.secondaryRegion }],
      globalWriterEndpoint: GLOBAL_WRITER,
      secondaryReaderEndpoint: SECONDARY_READERS,
      secondaryConnectivity: alarms.secondaryConnectivity,
      replicationLag: alarms.replicationLag,
      forceDestroy: !a.deletionProtection,
    }, { parent: root });
    return { zoneId: dns.zoneId, record: pulumi.output(dns.recordName), read: pulumi.output(dns.readRecordName), alarms: pulumi.all(alarms.alarmNames) };
  });
});

const trading = { primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', rpoTargetSeconds: 60, replicationLagAlarmSeconds: 5, domainName: 'trading-dr.internal' };
const alarmsOf = (run: Awaited<ReturnType<typeof build>>) => ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm');

describe('HealthAlarms', () => {
  it('alarms when no probe of a minute reached the database, in each region, on missing data too', async () => {
    const run = await build(trading);
    const connectivity = alarmsOf(run).filter((a) => a.inputs.metricName === 'DatabaseReachable');
    expect(connectivity.map((a) => [a.region, (a.inputs.dimensions as Record<string, string>).service])).toEqual([['us-east-1', 'canary-p'], ['eu-west-1', 'canary-s']]);
    for (const alarm of connectivity) {
      expect(alarm.inputs).toMatchObject({ namespace: 'TapDR/Canary', statistic: 'Maximum', threshold: 1, comparisonOperator: 'LessThanThreshold', period: 60, evaluationPeriods: CONNECTIVITY_EVALUATION_PERIODS, treatMissingData: 'breaching' });
    }
    expect(connectivity[0].inputs.alarmActions).toEqual(['arn:sns:primary']);
    expect(connectivity[1].inputs.alarmActions).toEqual(['arn:sns:secondary']);
    // The orchestrator trusts the primary's OK only after the alarm could have noticed an outage: its
    // evaluation periods filled with failed probes, plus the period the outage began in, plus the minute
    // CloudWatch may take to evaluate a 60-second alarm.
    const { period, evaluationPeriods } = connectivity[0].inputs as { period: number; evaluationPeriods: number };
    expect(PRIMARY_ALARM_DELAY_SECONDS).toBeGreaterThanOrEqual(period * (evaluationPeriods + 1) + period);
  });

  it('alarms when the writer answers but commits nothing, in whichever region holds it, to that region\'s topic', async () => {
    const run = await build(trading);
    const blocked = alarmsOf(run).filter((a) => a.inputs.metricName === COMMIT_BLOCKED_ALARM.metric);
    expect(blocked.map((a) => [a.region, a.inputs.name, (a.inputs.dimensions as Record<string, string>).service, (a.inputs.alarmActions as string[])[0]])).toEqual([
      ['us-east-1', 'alarm-db-commits-blocked-us-east-1-dev', 'canary-p', 'arn:sns:primary'],
      ['eu-west-1', 'alarm-db-commits-blocked-eu-west-1-dev', 'canary-s', 'arn:sns:secondary'],
    ]);
    expect(blocked[0].inputs).toMatchObject({ statistic: 'Maximum', threshold: 1, comparisonOperator: 'LessThanThreshold', evaluationPeriods: 2, treatMissingData: 'notBreaching' });
    expect(blocked[0].inputs.alarmDescription).toMatch(/rds\.global_db_rpo blocks commits .* npm run dr:relax/);
    const alarmOnly = alarmsOf(await build(trading, false)).find((a) => a.inputs.metricName === COMMIT_BLOCKED_ALARM.metric);
    expect(alarmOnly?.inputs.alarmDescription).not.toMatch(/global_db_rpo/);
  });

  it('alarms on the secondary\'s lag, above the threshold and above the RPO, under the published dimension set, missing data breaching', async () => {
    const run = await build(trading);
    const lag = alarmsOf(run).filter((a) => a.inputs.metricName === LAG_METRIC);
    // Commits blocked at half the 60 s RPO target: the second alarm fires at that bound, where lag stops growing.
    expect(lag.map((a) => [a.inputs.name, a.inputs.threshold])).toEqual([['alarm-replication-lag-eu-west-1-dev', 5000], ['alarm-lag-above-rpo-eu-west-1-dev', 30_000]]);
    for (const alarm of lag) {
      expect(alarm.region).toBe('eu-west-1');
      expect(Object.keys(alarm.inputs.dimensions as object)).toEqual([...GLOBAL_LAG_DIMENSIONS]);
      expect(alarm.inputs).toMatchObject({ namespace: 'AWS/RDS', dimensions: { DBClusterIdentifier: 'aurora-cluster-secondary', SourceRegion: 'us-east-1' }, comparisonOperator: 'GreaterThanThreshold', period: 60, treatMissingData: 'breaching', alarmActions: ['arn:sns:secondary'] });
    }
    expect(lag[1].inputs.alarmDescription).toMatch(/^The secondary lags more than 30 s, the commit bound \(rds.global_db_rpo\).*the primary is blocking every commit/);
    const alarmOnly = alarmsOf(await build(trading, false)).find((a) => a.inputs.name === 'alarm-lag-above-rpo-eu-west-1-dev');
    expect(alarmOnly?.inputs.threshold).toBe(60_000);
    expect(alarmOnly?.inputs.alarmDescription).toMatch(/RPO target of 60 s.*orchestrator will page instead of promoting$/);
  });

  it('lists every alarm it made', async () => {
    const run = await build(trading);
    expect([...(run.outputs.alarms as string[])].sort()).toEqual(alarmsOf(run).map((a) => a.inputs.name).sort());
  });
});

describe('FailoverDns', () => {
  it('a private zone of both VPCs', async () => {
    const run = await build(trading);
    const [zone] = ofType(run, 'aws:route53/zone:Zone');
    expect(zone.inputs).toMatchObject({ name: 'trading-dr.internal', vpcs: [{ vpcId: 'vpc-primary', vpcRegion: 'us-east-1' }] });
    expect(ofType(run, 'aws:route53/zoneAssociation:ZoneAssociation').map((a) => a.inputs)).toEqual([expect.objectContaining({ vpcId: 'vpc-secondary', vpcRegion: 'eu-west-1' })]);
  });

  it('db.<zone> is one CNAME of the global writer endpoint: no health check, no routing policy, a short TTL', async () => {
    const run = await build(trading);
    const writes = ofType(run, 'aws:route53/record:Record').filter((r) => r.inputs.name === 'db.trading-dr.internal');
    expect(writes).toHaveLength(1);
    expect(writes[0].inputs).toEqual(expect.objectContaining({ type: 'CNAME', records: [GLOBAL_WRITER], ttl: DATABASE_RECORD_TTL_SECONDS }));
    expect(writes[0].inputs).not.toHaveProperty('healthCheckId');
    expect(writes[0].inputs).not.toHaveProperty('failoverRoutingPolicies');
    expect(DATABASE_RECORD_TTL_SECONDS).toBeLessThanOrEqual(5);
    expect(run.outputs.record).toBe('db.trading-dr.internal');
  });

  it('read.<zone>: the secondary\'s readers while reachable AND within the lag alarm, else the writer', async () => {
    const run = await build(trading);
    const reads = ofType(run, 'aws:route53/record:Record').filter((r) => r.inputs.name === 'read.trading-dr.internal')
      .sort((a, b) => String(a.inputs.setIdentifier).localeCompare(String(b.inputs.setIdentifier)));
    const checks = ofType(run, 'aws:route53/healthCheck:HealthCheck');
    const calculated = checks.find((c) => c.inputs.type === 'CALCULATED') as RecordedResource;
    expect(reads.map((r) => [r.inputs.setIdentifier, (r.inputs.failoverRoutingPolicies as Array<{ type: string }>)[0].type, r.inputs.records, r.inputs.healthCheckId])).toEqual([
      ['secondary-readers', 'PRIMARY', [SECONDARY_READERS], mockId(calculated)],
      ['writer', 'SECONDARY', [GLOBAL_WRITER], undefined],
    ]);
    expect(calculated.inputs.childHealthThreshold).toBe(2);
    const onAlarms = checks.filter((c) => c.inputs.type === 'CLOUDWATCH_METRIC');
    const alarmOf = (id: string) => onAlarms.find((c) => mockId(c) === id)?.inputs.cloudwatchAlarmName;
    expect((calculated.inputs.childHealthchecks as string[]).map(alarmOf)).toEqual(['alarm-db-connectivity-eu-west-1-dev', 'alarm-replication-lag-eu-west-1-dev']);
    expect(run.outputs.read).toBe('read.trading-dr.internal');
  });

  it('every check on an alarm carries the alarm\'s settings as triggers, so a changed alarm reaches Route 53\'s copy', async () => {
    const run = await build(trading);
    const onAlarms = ofType(run, 'aws:route53/healthCheck:HealthCheck').filter((c) => c.inputs.type === 'CLOUDWATCH_METRIC');
    expect(onAlarms).toHaveLength(2);
    for (const check of onAlarms) {
      expect(check.inputs.insufficientDataHealthStatus).toBe('Unhealthy');
      expect(check.inputs.triggers).toMatchObject({ alarmName: check.inputs.cloudwatchAlarmName, statistic: 'Maximum', period: '60', treatMissingData: 'breaching' });
    }
    const lag = onAlarms.find((c) => c.inputs.cloudwatchAlarmName === 'alarm-replication-lag-eu-west-1-dev') as RecordedResource;
    expect(lag.inputs.triggers).toMatchObject({ threshold: '5000', metricName: LAG_METRIC, dimensions: JSON.stringify({ DBClusterIdentifier: 'aurora-cluster-secondary', SourceRegion: 'us-east-1' }) });
    const changed = await build({ ...trading, replicationLagAlarmSeconds: 7 });
    const changedLag = ofType(changed, 'aws:route53/healthCheck:HealthCheck').find((c) => c.inputs.cloudwatchAlarmName === 'alarm-replication-lag-eu-west-1-dev');
    expect((changedLag?.inputs.triggers as Record<string, string>).threshold).toBe('7000');
  });

  it('the zone is force-destroyable only when deletion protection is off', async () => {
    expect(ofType(await build({ ...trading, deletionProtection: true }), 'aws:route53/zone:Zone')[0].inputs.forceDestroy).toBe(false);
    expect(ofType(await build({ ...trading, deletionProtection: false }), 'aws:route53/zone:Zone')[0].inputs.forceDestroy).toBe(true);
  });

  it('every DNS resource is global (primary API) and every alarm regional', async () => {
    const run = await build(trading);
    for (const r of run.resources.filter((x) => x.type.startsWith('aws:route53/'))) expect(r.provider).toBe('aws-global');
  });
});
