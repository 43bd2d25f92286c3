import * as pulumi from '@pulumi/pulumi';
import { CONNECTIVITY_EVALUATION_PERIODS, HealthAlarms, LAG_METRIC } from '../lib/health-alarms';
import { DATABASE_RECORD_TTL_SECONDS, FailoverDns } from '../lib/failover-dns';
import { ofType, runComponents, sharedRuns } from './helpers/components';
import { mockId } from '../scripts/offline/aws-mocks';
import type { RecordedResource } from '../scripts/offline/recorder';

const build = sharedRuns(async (answers: Record<string, unknown>) => {
  return runComponents(answers, ({ answers: a, sides, root }) => {
    const alarms = new HealthAlarms('health', {
      primary: { side: sides.primary, canaryServiceName: 'canary-p', topicArn: 'arn:sns:primary' },
      secondary: { side: sides.secondary, canaryServiceName: 'canary-s', topicArn: 'arn:sns:secondary' },
      secondaryClusterId: 'aurora-cluster-secondary',
      lagThresholdSeconds: a.replicationLagAlarmSeconds,
    }, { parent: root });
    const dns = new FailoverDns('failover-dns', {
      global: sides.global,
      domainName: a.domainName,
      vpcs: [{ vpcId: 'vpc-primary', region: a.primaryRegion }, { vpcId: 'vpc-secondary', region: a.secondaryRegion }],
      primaryEndpoint: 'primary.cluster.example',
      secondaryEndpoint: 'secondary.cluster.example',
      primaryConnectivity: alarms.primaryConnectivity,
      secondaryConnectivity: alarms.secondaryConnectivity,
      replicationLag: alarms.replicationLag,
      forceDestroy: !a.deletionProtection,
    }, { parent: root });
    return { zoneId: dns.zoneId, record: pulumi.output(dns.recordName) };
  });
});

const trading = { primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', rpoTargetSeconds: 60, replicationLagAlarmSeconds: 5, domainName: 'trading-dr.internal' };

describe('HealthAlarms', () => {
  it('alarms on each canary in its own region, on missing data too', async () => {
    const run = await build(trading);
    const connectivity = ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm').filter((a) => a.inputs.metricName === 'DatabaseConnectivity');
    expect(connectivity.map((a) => [a.region, (a.inputs.dimensions as Record<string, string>).service])).toEqual([['us-east-1', 'canary-p'], ['eu-west-1', 'canary-s']]);
    for (const alarm of connectivity) {
      expect(alarm.inputs).toMatchObject({ namespace: 'TapDR/Canary', statistic: 'Minimum', threshold: 1, comparisonOperator: 'LessThanThreshold', period: 60, evaluationPeriods: CONNECTIVITY_EVALUATION_PERIODS, treatMissingData: 'breaching' });
    }
    expect(connectivity[0].inputs.alarmActions).toEqual(['arn:sns:primary']);
    expect(connectivity[1].inputs.alarmActions).toEqual(['arn:sns:secondary']);
  });

  it('alarms on the secondary cluster lag, in the secondary region, at the configured seconds (in ms)', async () => {
    const run = await build(trading);
    const [lag] = ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm').filter((a) => a.inputs.metricName === LAG_METRIC);
    expect(lag.region).toBe('eu-west-1');
    expect(lag.inputs).toMatchObject({ namespace: 'AWS/RDS', dimensions: { DBClusterIdentifier: 'aurora-cluster-secondary' }, threshold: 5000, comparisonOperator: 'GreaterThanThreshold', period: 60, alarmActions: ['arn:sns:secondary'] });
  });
});

describe('FailoverDns', () => {
  it('a private zone of both VPCs', async () => {
    const run = await build(trading);
    const [zone] = ofType(run, 'aws:route53/zone:Zone');
    expect(zone.inputs).toMatchObject({ name: 'trading-dr.internal', vpcs: [{ vpcId: 'vpc-primary', vpcRegion: 'us-east-1' }] });
    expect(ofType(run, 'aws:route53/zoneAssociation:ZoneAssociation').map((a) => a.inputs)).toEqual([expect.objectContaining({ vpcId: 'vpc-secondary', vpcRegion: 'eu-west-1' })]);
  });

  it('connectivity AND lag: a calculated check with two alarm children and threshold 2', async () => {
    const run = await build(trading);
    const checks = ofType(run, 'aws:route53/healthCheck:HealthCheck');
    const onAlarms = checks.filter((c) => c.inputs.type === 'CLOUDWATCH_METRIC');
    expect(onAlarms.map((c) => c.inputs.cloudwatchAlarmRegion)).toEqual(['us-east-1', 'eu-west-1', 'eu-west-1']);
    const [calculated] = checks.filter((c) => c.inputs.type === 'CALCULATED');
    expect(calculated.inputs.childHealthThreshold).toBe(2);
    const children = calculated.inputs.childHealthchecks as string[];
    expect(children).toHaveLength(2);
    const alarmOf = (id: string) => onAlarms.find((c) => mockId(c) === id)?.inputs.cloudwatchAlarmName;
    expect(children.map(alarmOf)).toEqual(['alarm-db-connectivity-us-east-1-dev', 'alarm-replication-lag-eu-west-1-dev']);
  });

  it('failover records: PRIMARY → primary writer with the calculated check, SECONDARY → secondary cluster', async () => {
    const run = await build(trading);
    const records = ofType(run, 'aws:route53/record:Record').sort((a, b) => String(a.inputs.setIdentifier).localeCompare(String(b.inputs.setIdentifier)));
    const calculated = ofType(run, 'aws:route53/healthCheck:HealthCheck').find((c) => c.inputs.type === 'CALCULATED');
    expect(records.map((r) => [r.inputs.name, (r.inputs.failoverRoutingPolicies as Array<{ type: string }>)[0].type, r.inputs.records, r.inputs.ttl])).toEqual([
      ['db.trading-dr.internal', 'PRIMARY', ['primary.cluster.example'], DATABASE_RECORD_TTL_SECONDS],
      ['db.trading-dr.internal', 'SECONDARY', ['secondary.cluster.example'], DATABASE_RECORD_TTL_SECONDS],
    ]);
    expect(records[0].inputs.healthCheckId).toBe(mockId(calculated as RecordedResource));
    expect(run.outputs.record).toBe('db.trading-dr.internal');
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
