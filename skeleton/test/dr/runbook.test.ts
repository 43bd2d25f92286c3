import { CloudWatchClient, DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DescribeDBClusterParametersCommand,
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  ModifyDBClusterParameterGroupCommand,
  RDSClient,
  ResetDBClusterParameterGroupCommand,
  SwitchoverGlobalClusterCommand,
  type GlobalCluster,
} from '@aws-sdk/client-rds';
import { GetHealthCheckStatusCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseAnswers } from '../../lib/config/validate';
import { USAGE, fileWriter, main, repoRoot } from '../../scripts/dr/cli';
import { COMMANDS, awsClients, drTargets, type DrClients } from '../../scripts/dr/runbook';
import { runCanary, type CanaryDeps } from '../../lambda/canary/canary';
import { canaryResult } from '../../lambda/canary/result';
import type { DatabaseDriver } from '../../lambda/canary/types';

const answers = parseAnswers({ primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', environmentSuffix: 'prod', stack: 'prod', failoverMode: 'automatic', instancesPerCluster: 2, replicationLagAlarmSeconds: 5, rpoTargetSeconds: 60, rtoTargetSeconds: 300, failoverConfirmationSeconds: 180 });
const T = drTargets(answers);
const ARN = {
  'us-east-1': `arn:aws:rds:us-east-1:123456789012:cluster:${T.clusterIds['us-east-1']}`,
  'eu-west-1': `arn:aws:rds:eu-west-1:123456789012:cluster:${T.clusterIds['eu-west-1']}`,
};

const rds = { 'us-east-1': new RDSClient({ region: 'us-east-1' }), 'eu-west-1': new RDSClient({ region: 'eu-west-1' }) };
const cw = { 'us-east-1': new CloudWatchClient({ region: 'us-east-1' }), 'eu-west-1': new CloudWatchClient({ region: 'eu-west-1' }) };
const lambda = { 'us-east-1': new LambdaClient({ region: 'us-east-1' }), 'eu-west-1': new LambdaClient({ region: 'eu-west-1' }) };
const r53 = new Route53Client({ region: 'us-east-1' });
const sns = { 'us-east-1': new SNSClient({ region: 'us-east-1' }), 'eu-west-1': new SNSClient({ region: 'eu-west-1' }) };
const mocks = {
  rdsEast: mockClient(rds['us-east-1']), rdsWest: mockClient(rds['eu-west-1']), cwEast: mockClient(cw['us-east-1']), cwWest: mockClient(cw['eu-west-1']),
  lambdaEast: mockClient(lambda['us-east-1']), lambdaWest: mockClient(lambda['eu-west-1']), r53: mockClient(r53),
  snsEast: mockClient(sns['us-east-1']), snsWest: mockClient(sns['eu-west-1']),
};
const clients: DrClients = { rds: (r) => rds[r as keyof typeof rds], cloudwatch: (r) => cw[r as keyof typeof cw], lambda: (r) => lambda[r as keyof typeof lambda], route53: () => r53, sns: (r) => sns[r as keyof typeof sns] };

const cluster = (writer: 'us-east-1' | 'eu-west-1', extra: Partial<GlobalCluster> = {}): GlobalCluster => ({
  Status: 'available',
  GlobalClusterMembers: [{ DBClusterArn: ARN['us-east-1'], IsWriter: writer === 'us-east-1' }, { DBClusterArn: ARN['eu-west-1'], IsWriter: writer === 'eu-west-1' }],
  ...extra,
});

let root: string;
let out: string[];
let err: string[];
let clock: number;
let sleeps: number[];
const runIn = (env: Record<string, string>, ...argv: string[]) => main(argv, {
  root,
  env,
  clients,
  io: { out: (l) => out.push(l), err: (l) => err.push(l), now: () => clock, sleep: async (ms) => { sleeps.push(ms); clock += ms; }, write: fileWriter(root) },
});
const run = (...argv: string[]) => runIn({}, ...argv);

afterEach(() => rmSync(root, { recursive: true, force: true }));

beforeEach(() => {
  for (const mock of Object.values(mocks)) mock.reset();
  root = mkdtempSync(join(tmpdir(), 'tap-dr-runbook-'));
  writeFileSync(join(root, 'Pulumi.yaml'), 'name: TapStack\n');
  writeFileSync(join(root, '.yo-rc.json'), JSON.stringify({ 'generator-tap-dr': { answers } }));
  const config = Object.fromEntries(Object.entries(answers).filter(([k]) => k !== 'stack').map(([k, v]) => [`TapStack:${k}`, v]));
  writeFileSync(join(root, 'Pulumi.prod.yaml'), stringify({ config }));
  out = [];
  err = [];
  clock = 1_700_000_000_000;
  sleeps = [];
  mocks.rdsEast.on(DescribeGlobalClustersCommand, { GlobalClusterIdentifier: T.globalClusterId }).resolves({ GlobalClusters: [cluster('us-east-1')] });
});

describe('drTargets', () => {
  it('names the global cluster, clusters and alarms exactly as the program does', () => {
    expect(T).toEqual({
      globalClusterId: 'aurora-global-us-east-1-prod',
      regions: ['us-east-1', 'eu-west-1'],
      clusterIds: { 'us-east-1': 'aurora-cluster-us-east-1-prod', 'eu-west-1': 'aurora-cluster-eu-west-1-prod' },
      connectivityAlarms: { 'us-east-1': 'alarm-db-connectivity-us-east-1-prod', 'eu-west-1': 'alarm-db-connectivity-eu-west-1-prod' },
      commitAlarms: { 'us-east-1': 'alarm-db-commits-blocked-us-east-1-prod', 'eu-west-1': 'alarm-db-commits-blocked-eu-west-1-prod' },
      lagAlarm: { region: 'eu-west-1', name: 'alarm-replication-lag-eu-west-1-prod' },
      lagAboveRpoAlarm: { region: 'eu-west-1', name: 'alarm-lag-above-rpo-eu-west-1-prod' },
      canaries: { 'us-east-1': 'lambda-db-canary-us-east-1-prod', 'eu-west-1': 'lambda-db-canary-eu-west-1-prod' },
      parameterGroups: { 'us-east-1': 'aurora-params-us-east-1-prod', 'eu-west-1': 'aurora-params-eu-west-1-prod' },
    });
    expect(drTargets(answers, { hostedZoneId: 'Z1' }).hostedZoneId).toBe('Z1');
  });

  it('awsClients makes one client per service and region', async () => {
    const made = awsClients();
    expect(made.rds('eu-west-1')).toBe(made.rds('eu-west-1'));
    expect(await made.rds('eu-west-1').config.region()).toBe('eu-west-1');
    expect(await made.cloudwatch('us-east-1').config.region()).toBe('us-east-1');
    expect(await made.lambda('eu-west-1').config.region()).toBe('eu-west-1');
    expect(made.route53()).toBeInstanceOf(Route53Client);
    expect(await made.sns('eu-west-1').config.region()).toBe('eu-west-1');
  });
});

describe('npm run dr:status', () => {
  it('shows members with roles, the secondary lag, the alarms, and says where health checks come from', async () => {
    mocks.cwWest.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Maximum: 1200 }, { Maximum: 800 }] });
    mocks.cwEast.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ StateValue: 'OK' }] });
    mocks.cwWest.on(DescribeAlarmsCommand).resolves({});
    mocks.cwWest.on(DescribeAlarmsCommand, { AlarmNames: [T.lagAlarm.name] }).resolves({ MetricAlarms: [{ StateValue: 'ALARM' }] });
    expect(await run('status')).toBe(0);
    expect(out).toEqual([
      'Global cluster aurora-global-us-east-1-prod: available (read in us-east-1)',
      `  WRITER    us-east-1       ${ARN['us-east-1']}`,
      `  secondary eu-west-1       ${ARN['eu-west-1']}, lag 1.2 s (max of the last 5 min)`,
      '  alarm alarm-db-connectivity-us-east-1-prod (us-east-1): OK',
      '  alarm alarm-db-connectivity-eu-west-1-prod (eu-west-1): not found',
      '  alarm alarm-db-commits-blocked-us-east-1-prod (us-east-1): OK',
      '  alarm alarm-db-commits-blocked-eu-west-1-prod (eu-west-1): not found',
      '  alarm alarm-replication-lag-eu-west-1-prod (eu-west-1): ALARM',
      '  alarm alarm-lag-above-rpo-eu-west-1-prod (eu-west-1): not found',
      '  alarm topics: no primaryAlarmTopicArn / secondaryAlarmTopicArn in cfn-outputs/flat-outputs.json; cannot tell who receives the pages',
      '  health checks: no hostedZoneId in cfn-outputs/flat-outputs.json; they watch the alarms above',
    ]);
    // The dimension set Aurora publishes the lag under, in the secondary region (aws-facts.ts GLOBAL_LAG_DIMENSIONS).
    expect(mocks.cwWest.commandCalls(GetMetricStatisticsCommand)[0].args[0].input.Dimensions).toEqual([
      { Name: 'DBClusterIdentifier', Value: 'aurora-cluster-eu-west-1-prod' }, { Name: 'SourceRegion', Value: 'us-east-1' },
    ]);
  });

  it('primary region down: reads the cluster from the secondary region, and shows what it could not read', async () => {
    mocks.rdsEast.on(DescribeGlobalClustersCommand).rejects(new Error('connect ETIMEDOUT'));
    mocks.rdsWest.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [cluster('us-east-1', { FailoverState: { Status: 'failing-over', IsDataLossAllowed: true } })] });
    mocks.cwWest.on(GetMetricStatisticsCommand).resolves({});
    mocks.cwEast.on(DescribeAlarmsCommand).rejects(new Error('connect ETIMEDOUT'));
    mocks.cwWest.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ StateValue: 'OK' }] });
    mkdirSync(join(root, 'cfn-outputs'));
    writeFileSync(join(root, 'cfn-outputs', 'flat-outputs.json'), JSON.stringify({ hostedZoneId: 'Z1' }));
    mocks.r53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [
      { Name: 'db.dr.internal.', Type: 'CNAME', Failover: 'PRIMARY', HealthCheckId: 'hc-1' },
      { Name: 'db.dr.internal.', Type: 'CNAME', Failover: 'SECONDARY', HealthCheckId: 'hc-2' },
      { Name: 'dr.internal.', Type: 'SOA' },
    ] });
    mocks.r53.on(GetHealthCheckStatusCommand, { HealthCheckId: 'hc-1' }).resolves({ HealthCheckObservations: [{ StatusReport: { Status: 'Failure: alarm' } }] });
    mocks.r53.on(GetHealthCheckStatusCommand, { HealthCheckId: 'hc-2' }).resolves({ HealthCheckObservations: [{ StatusReport: { Status: 'Success: ok' } }] });
    expect(await run('status')).toBe(0);
    expect(out[0]).toBe('Global cluster aurora-global-us-east-1-prod: available, failover failing-over (read in eu-west-1)');
    expect(out[2]).toMatch(/lag: no data in the last 5 min$/);
    expect(out[3]).toBe('  alarm alarm-db-connectivity-us-east-1-prod (us-east-1): unknown (connect ETIMEDOUT)');
    expect(out.slice(-2)).toEqual(['  health check of db.dr.internal. PRIMARY: UNHEALTHY (hc-1)', '  health check of db.dr.internal. SECONDARY: healthy (hc-2)']);
  });

  it('lag that cannot be read is said so', async () => {
    mocks.cwWest.on(GetMetricStatisticsCommand).rejects(new Error('AccessDenied'));
    mocks.cwEast.on(DescribeAlarmsCommand).resolves({});
    mocks.cwWest.on(DescribeAlarmsCommand).resolves({});
    await run('status');
    expect(out[2]).toMatch(/lag unknown \(AccessDenied\)$/);
  });

  it('no region knows the global cluster: exit 2 naming what to check', async () => {
    mocks.rdsEast.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [] });
    mocks.rdsWest.on(DescribeGlobalClustersCommand).rejects(new Error('denied'));
    expect(await run('status')).toBe(2);
    expect(err).toEqual(['dr: cannot read global cluster aurora-global-us-east-1-prod (us-east-1: not found; eu-west-1: denied); check AWS credentials and TapStack:environmentSuffix / ENVIRONMENT_SUFFIX']);
  });

  it('a switchover in progress is named as one; a cluster with every member detached shows none', async () => {
    mocks.rdsEast.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [{ Status: 'available', FailoverState: { Status: 'switching-over' as never, IsDataLossAllowed: false } }] });
    mocks.cwEast.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ StateValue: 'OK' }] });
    mocks.cwWest.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ StateValue: 'OK' }] });
    expect(await run('status')).toBe(0);
    expect(out[0]).toBe('Global cluster aurora-global-us-east-1-prod: available, switchover switching-over (read in us-east-1)');
    expect(out[1]).toBe('  alarm alarm-db-connectivity-us-east-1-prod (us-east-1): OK');
    expect(mocks.cwWest.commandCalls(GetMetricStatisticsCommand)).toHaveLength(0);
  });

  it('an empty answer from the primary region is "not found" there; the secondary region is asked next', async () => {
    mocks.rdsEast.on(DescribeGlobalClustersCommand).resolves({});
    mocks.rdsWest.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [cluster('eu-west-1')] });
    mocks.cwEast.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Maximum: 250 }] });
    mocks.cwEast.on(DescribeAlarmsCommand).resolves({});
    mocks.cwWest.on(DescribeAlarmsCommand).resolves({});
    expect(await run('status')).toBe(0);
    expect(out.slice(0, 3)).toEqual([
      'Global cluster aurora-global-us-east-1-prod: available (read in eu-west-1)',
      `  secondary us-east-1       ${ARN['us-east-1']}, lag 0.25 s (max of the last 5 min)`,
      `  WRITER    eu-west-1       ${ARN['eu-west-1']}`,
    ]);
  });

  it('health checks without observations are UNHEALTHY; a zone without records shows none', async () => {
    mocks.cwWest.on(GetMetricStatisticsCommand).resolves({});
    mocks.cwEast.on(DescribeAlarmsCommand).resolves({});
    mocks.cwWest.on(DescribeAlarmsCommand).resolves({});
    mkdirSync(join(root, 'cfn-outputs'));
    writeFileSync(join(root, 'cfn-outputs', 'flat-outputs.json'), JSON.stringify({ hostedZoneId: 'Z1' }));
    mocks.r53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [{ Name: 'db.dr.internal.', Type: 'CNAME', Failover: 'PRIMARY', HealthCheckId: 'hc-1' }] });
    mocks.r53.on(GetHealthCheckStatusCommand).resolves({});
    expect(await run('status')).toBe(0);
    expect(out.at(-1)).toBe('  health check of db.dr.internal. PRIMARY: UNHEALTHY (hc-1)');
    expect(mocks.r53.commandCalls(ListResourceRecordSetsCommand)[0].args[0].input).toEqual({ HostedZoneId: 'Z1' });

    out = [];
    mocks.r53.on(ListResourceRecordSetsCommand).resolves({});
    expect(await run('status')).toBe(0);
    expect(out.at(-1)).toMatch(/^ {2}alarm topics: no primaryAlarmTopicArn/);
  });

  it('counts each alarm topic\'s confirmed subscriptions, in the topic\'s region, over every page; a topic that reaches nobody is said so', async () => {
    mocks.cwWest.on(GetMetricStatisticsCommand).resolves({});
    mocks.cwEast.on(DescribeAlarmsCommand).resolves({});
    mocks.cwWest.on(DescribeAlarmsCommand).resolves({});
    const topics = { primaryAlarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:alarms-east', secondaryAlarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms-west' };
    // The health-check alarms' topic in us-east-1 (app tier and dashboard, neither region us-east-1) is asked too.
    const healthCheckAlarmTopicArn = 'arn:aws:sns:us-east-1:123456789012:health-check-alarms';
    mkdirSync(join(root, 'cfn-outputs'));
    writeFileSync(join(root, 'cfn-outputs', 'flat-outputs.json'), JSON.stringify({ ...topics, healthCheckAlarmTopicArn }));
    mocks.snsEast.on(ListSubscriptionsByTopicCommand, { TopicArn: healthCheckAlarmTopicArn }).resolves({ Subscriptions: [{ SubscriptionArn: `${healthCheckAlarmTopicArn}:77aa` }] });
    // A paging tool subscribed outside the stack, on the second page; an email nobody confirmed.
    mocks.snsEast.on(ListSubscriptionsByTopicCommand, { TopicArn: topics.primaryAlarmTopicArn, NextToken: undefined })
      .resolves({ Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email' }], NextToken: 'page-2' });
    mocks.snsEast.on(ListSubscriptionsByTopicCommand, { TopicArn: topics.primaryAlarmTopicArn, NextToken: 'page-2' })
      .resolves({ Subscriptions: [{ SubscriptionArn: `${topics.primaryAlarmTopicArn}:4f3c`, Protocol: 'https' }] });
    mocks.snsWest.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email' }] });
    // Everything is shown first; then exit 1 naming the topic that reaches nobody (a pipeline can gate on it).
    expect(await run('status')).toBe(1);
    expect(err).toEqual([`dr: 1 alarm topic(s) reach nobody: ${topics.secondaryAlarmTopicArn}`]);
    expect(out.slice(-4, -1)).toEqual([
      `  alarm topic ${topics.primaryAlarmTopicArn}: 1 confirmed subscription(s), 1 pending confirmation`,
      `  alarm topic ${topics.secondaryAlarmTopicArn}: NO confirmed subscription (1 pending confirmation): alarms and DR pages reach nobody; subscribe your paging tool, or set alarmEmail and confirm the email`,
      `  alarm topic ${healthCheckAlarmTopicArn}: 1 confirmed subscription(s)`,
    ]);
    expect(mocks.snsEast.commandCalls(ListSubscriptionsByTopicCommand)).toHaveLength(3);

    // A page without subscriptions (the list ends on a token) counts nothing; a topic it cannot read is said so.
    out = [];
    err = [];
    mocks.snsEast.reset();
    mocks.snsEast.on(ListSubscriptionsByTopicCommand).resolvesOnce({ NextToken: 'page-2' }).resolves({ Subscriptions: [{ SubscriptionArn: `${topics.primaryAlarmTopicArn}:9a1b` }] });
    mocks.snsWest.on(ListSubscriptionsByTopicCommand).rejects(new Error('AuthorizationError'));
    expect(await run('status')).toBe(0);
    expect(err).toEqual([]);
    expect(out.slice(-4, -2)).toEqual([
      `  alarm topic ${topics.primaryAlarmTopicArn}: 1 confirmed subscription(s)`,
      `  alarm topic ${topics.secondaryAlarmTopicArn}: subscriptions unknown (AuthorizationError)`,
    ]);

    // A topic without any subscription at all.
    out = [];
    mocks.snsWest.on(ListSubscriptionsByTopicCommand).resolves({});
    expect(await run('status')).toBe(1);
    expect(out.at(-3)).toBe(`  alarm topic ${topics.secondaryAlarmTopicArn}: NO confirmed subscription: alarms and DR pages reach nobody; subscribe your paging tool, or set alarmEmail and confirm the email`);
  });

  it('no writer (a failover under way): every member is a secondary, its lag read against the primary region', async () => {
    mocks.rdsEast.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [{ Status: 'available', GlobalClusterMembers: [{ DBClusterArn: ARN['us-east-1'], IsWriter: false }, { DBClusterArn: ARN['eu-west-1'], IsWriter: false }] }] });
    mocks.cwEast.on(GetMetricStatisticsCommand).resolves({});
    mocks.cwWest.on(GetMetricStatisticsCommand).resolves({});
    mocks.cwEast.on(DescribeAlarmsCommand).resolves({});
    mocks.cwWest.on(DescribeAlarmsCommand).resolves({});
    expect(await run('status')).toBe(0);
    expect(out.slice(1, 3).map((l) => l.slice(0, 11))).toEqual(['  secondary', '  secondary']);
    expect(mocks.cwWest.commandCalls(GetMetricStatisticsCommand)[0].args[0].input.Dimensions).toContainEqual({ Name: 'SourceRegion', Value: 'us-east-1' });
  });

  it('a Route 53 error is exit 1 with its message', async () => {
    mocks.cwWest.on(GetMetricStatisticsCommand).resolves({});
    mocks.cwEast.on(DescribeAlarmsCommand).resolves({});
    mocks.cwWest.on(DescribeAlarmsCommand).resolves({});
    mkdirSync(join(root, 'cfn-outputs'));
    writeFileSync(join(root, 'cfn-outputs', 'flat-outputs.json'), JSON.stringify({ hostedZoneId: 'Z1' }));
    mocks.r53.on(ListResourceRecordSetsCommand).rejects(new Error('NoSuchHostedZone'));
    expect(await run('status')).toBe(1);
    expect(err).toEqual(['dr: NoSuchHostedZone']);
  });
});

describe('npm run dr:switchover / dr:failover / dr:failback', () => {
  // The stack bounds commits on the primary region's group only: after the writer moves, the operator is told how to bound it again.
  const NEXT_EU = `Next: once us-east-1 is a secondary with lag below 30 s (npm run dr:status), run npm run dr:relax -- --restore --yes: it sets the commit bound (rds.global_db_rpo) on eu-west-1's parameter group and clears it from us-east-1's (README: Runbook, commit bound after the writer moved).`;
  const NEXT_US = `Next: once eu-west-1 is a secondary with lag below 30 s (npm run dr:status), run npm run dr:relax -- --restore --yes: it sets the commit bound (rds.global_db_rpo) on us-east-1's parameter group and clears it from eu-west-1's (README: Runbook, commit bound after the writer moved).`;

  it('switchover without --yes prints the plan and changes nothing', async () => {
    expect(await run('switchover', '--to', 'eu-west-1')).toBe(0);
    expect(out).toEqual([
      `Plan: SwitchoverGlobalCluster aurora-global-us-east-1-prod → ${ARN['eu-west-1']} (called in us-east-1, where the writer is). Planned: Aurora waits until the target has caught up, so no data is lost; writes pause while the writer moves (AWS: about 60 s).`,
      'Nothing done: run again with --yes to do it.',
    ]);
    expect(mocks.rdsEast.commandCalls(SwitchoverGlobalClusterCommand)).toHaveLength(0);
    expect(mocks.rdsWest.commandCalls(SwitchoverGlobalClusterCommand)).toHaveLength(0);
  });

  it('switchover --yes: calls SwitchoverGlobalCluster in the writer\'s region (as AWS asks) and waits until the target holds the writer', async () => {
    mocks.rdsEast.on(SwitchoverGlobalClusterCommand).resolves({});
    mocks.rdsEast.on(DescribeGlobalClustersCommand)
      .resolvesOnce({ GlobalClusters: [cluster('us-east-1')] })
      .resolvesOnce({ GlobalClusters: [cluster('us-east-1', { FailoverState: { Status: 'switching-over' as never } })] })
      .resolves({ GlobalClusters: [cluster('eu-west-1')] });
    expect(await run('switchover', '--to', 'eu-west-1', '--yes')).toBe(0);
    expect(mocks.rdsEast.commandCalls(SwitchoverGlobalClusterCommand).map((c) => c.args[0].input)).toEqual([{ GlobalClusterIdentifier: 'aurora-global-us-east-1-prod', TargetDbClusterIdentifier: ARN['eu-west-1'] }]);
    expect(mocks.rdsWest.commandCalls(SwitchoverGlobalClusterCommand)).toHaveLength(0);
    expect(out.slice(1)).toEqual(['switchover requested.', 'Done: eu-west-1 holds the writer after 20 s. Verify with: npm run dr:status', NEXT_EU]);
  });

  it('failover --yes: FailoverGlobalCluster with AllowDataLoss, --no-wait returns at once; the plan states the data loss', async () => {
    mocks.rdsWest.on(FailoverGlobalClusterCommand).resolves({});
    expect(await run('failover', '--to', 'eu-west-1', '--yes', '--no-wait')).toBe(0);
    expect(out[0]).toMatch(/with AllowDataLoss\. Unplanned: writes not yet replicated are lost \(budget: up to 30 s of writes\)/);
    expect(mocks.rdsWest.commandCalls(FailoverGlobalClusterCommand).map((c) => c.args[0].input)).toEqual([{ GlobalClusterIdentifier: 'aurora-global-us-east-1-prod', TargetDbClusterIdentifier: ARN['eu-west-1'], AllowDataLoss: true }]);
    expect(out.slice(1)).toEqual(['failover requested.', NEXT_EU]);
  });

  it('waiting gives up after 15 minutes with a clear error', async () => {
    mocks.rdsWest.on(FailoverGlobalClusterCommand).resolves({});
    expect(await run('failover', '--to', 'eu-west-1', '--yes')).toBe(2);
    expect(err).toEqual(['dr: eu-west-1 does not hold the writer after 15 minutes; check npm run dr:status and the RDS events']);
  });

  it('failback: a switchover back to the primary region', async () => {
    mocks.rdsEast.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [cluster('eu-west-1')] });
    expect(await run('failback')).toBe(0);
    expect(out[0]).toMatch(new RegExp(`^Plan: SwitchoverGlobalCluster aurora-global-us-east-1-prod → ${ARN['us-east-1']} \\(called in eu-west-1, where the writer is\\)`));
    expect(await run('failback', '--to', 'eu-west-1')).toBe(2);
    expect(err.pop()).toBe('dr: dr:failback always returns the writer to the primary region us-east-1; for another region use dr:switchover -- --to eu-west-1');
  });

  it.each([
    [['switchover'], 'dr: --to <region> is required: us-east-1 or eu-west-1'],
    [['failover', '--to', 'eu-west-3'], 'dr: --to eu-west-3 is not a region of this stack: use us-east-1 (primary) or eu-west-1 (secondary)'],
    [['switchover', '--to', 'us-east-1'], 'dr: us-east-1 already holds the writer of aurora-global-us-east-1-prod: nothing to switchover'],
    [['failback'], 'dr: us-east-1 already holds the writer of aurora-global-us-east-1-prod: nothing to fail back'],
    [['rollback'], 'dr: unknown command "rollback": one of status, switchover, failover, failback, relax, drill, restore (--help shows them)'],
    [['switchover', '--to', 'eu-west-1', '--restore'], 'dr: --restore belongs to dr:relax, not dr:switchover'],
    [['status', '--stack', 'nope'], expect.stringMatching(/^dr: no stack config .*Pulumi\.nope\.yaml: pass --stack <name>$/)],
    [['status', '--bogus'], expect.stringMatching(/^dr: Unknown option '--bogus'/)],
  ])('%j: exit 2 with %s', async (argv, message) => {
    expect(await run(...(argv as string[]))).toBe(2);
    expect(err).toEqual([message]);
  });

  it('a bad --to is refused before anything is asked of AWS', async () => {
    expect(await run('failover', '--to', 'eu-west-3', '--yes')).toBe(2);
    expect(mocks.rdsEast.calls()).toHaveLength(0);
    expect(mocks.rdsWest.calls()).toHaveLength(0);
  });

  it('waiting polls every 10 s and rides out unreadable answers and a moment without a writer', async () => {
    mocks.rdsWest.on(FailoverGlobalClusterCommand).resolves({});
    const noWriter: GlobalCluster = { Status: 'failing-over', GlobalClusterMembers: [{ DBClusterArn: ARN['eu-west-1'], IsWriter: false }] };
    mocks.rdsEast.on(DescribeGlobalClustersCommand)
      .resolvesOnce({ GlobalClusters: [cluster('us-east-1')] })
      .rejects(new Error('connect ETIMEDOUT'));
    mocks.rdsWest.on(DescribeGlobalClustersCommand)
      .rejectsOnce(new Error('connect ETIMEDOUT'))
      .resolvesOnce({ GlobalClusters: [noWriter] })
      .resolvesOnce({ GlobalClusters: [cluster('eu-west-1', { FailoverState: { Status: 'failing-over', IsDataLossAllowed: true } })] })
      .resolves({ GlobalClusters: [cluster('eu-west-1')] });
    expect(await run('failover', '--to', 'eu-west-1', '--yes')).toBe(0);
    expect(sleeps).toEqual([10_000, 10_000, 10_000, 10_000]);
    expect(out.slice(-2)).toEqual(['Done: eu-west-1 holds the writer after 40 s. Verify with: npm run dr:status', NEXT_EU]);
  });

  it('waiting stops at 15 minutes: 90 polls of 10 s, then exit 2', async () => {
    mocks.rdsEast.on(SwitchoverGlobalClusterCommand).resolves({});
    expect(await run('switchover', '--to', 'eu-west-1', '--yes')).toBe(2);
    expect(sleeps).toHaveLength(90);
    expect(mocks.rdsEast.commandCalls(SwitchoverGlobalClusterCommand)).toHaveLength(1);
  });

  it('failback --to the primary region is the same as failback', async () => {
    mocks.rdsEast.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [cluster('eu-west-1')] });
    mocks.rdsWest.on(SwitchoverGlobalClusterCommand).resolves({});
    expect(await run('failback', '--to', 'us-east-1', '--yes', '--no-wait')).toBe(0);
    expect(mocks.rdsWest.commandCalls(SwitchoverGlobalClusterCommand).map((c) => c.args[0].input)).toEqual([{ GlobalClusterIdentifier: 'aurora-global-us-east-1-prod', TargetDbClusterIdentifier: ARN['us-east-1'] }]);
    expect(out.slice(1)).toEqual(['switchover requested.', NEXT_US]);
  });

  it('a stack that does not block commits gets no reminder to restore a bound', async () => {
    const alarmOnly = { ...answers, rpoEnforcement: 'alarm-only' as const };
    writeFileSync(join(root, '.yo-rc.json'), JSON.stringify({ 'generator-tap-dr': { answers: alarmOnly } }));
    writeFileSync(join(root, 'Pulumi.prod.yaml'), stringify({ config: { ...Object.fromEntries(Object.entries(alarmOnly).filter(([k]) => k !== 'stack').map(([k, v]) => [`TapStack:${k}`, v])) } }));
    mocks.rdsWest.on(FailoverGlobalClusterCommand).resolves({});
    expect(await run('failover', '--to', 'eu-west-1', '--yes', '--no-wait')).toBe(0);
    expect(out.slice(1)).toEqual(['failover requested.']);
  });

  it('refuses while an operation runs, and when the target cluster is not a member', async () => {
    mocks.rdsEast.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [cluster('us-east-1', { FailoverState: { Status: 'pending' } })] });
    expect(await run('failover', '--to', 'eu-west-1')).toBe(2);
    expect(err.pop()).toBe('dr: aurora-global-us-east-1-prod is busy (pending); wait until dr:status shows it available');
    mocks.rdsEast.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [{ Status: 'available', GlobalClusterMembers: [{ DBClusterArn: ARN['us-east-1'], IsWriter: true }] }] });
    expect(await run('failover', '--to', 'eu-west-1')).toBe(2);
    expect(err.pop()).toBe('dr: no cluster of aurora-global-us-east-1-prod in eu-west-1 (detached or not rejoined yet): nothing to failover to');
  });

  it('a switchover with no writer is asked of the target\'s region, whose answer says why not', async () => {
    mocks.rdsEast.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [{ Status: 'available', GlobalClusterMembers: [{ DBClusterArn: ARN['us-east-1'], IsWriter: false }, { DBClusterArn: ARN['eu-west-1'], IsWriter: false }] }] });
    mocks.rdsWest.on(SwitchoverGlobalClusterCommand).rejects(new Error('InvalidGlobalClusterStateFault'));
    expect(await run('switchover', '--to', 'eu-west-1', '--yes', '--no-wait')).toBe(1);
    expect(mocks.rdsWest.commandCalls(SwitchoverGlobalClusterCommand)).toHaveLength(1);
  });

  it('an AWS error while acting is exit 1 with its message', async () => {
    mocks.rdsEast.on(SwitchoverGlobalClusterCommand).rejects(new Error('InvalidGlobalClusterStateFault'));
    expect(await run('switchover', '--to', 'eu-west-1', '--yes')).toBe(1);
    expect(err).toEqual(['dr: InvalidGlobalClusterStateFault']);
  });

  it('bad stack config: exit 2 with the config problems', async () => {
    writeFileSync(join(root, 'Pulumi.prod.yaml'), stringify({ config: { 'TapStack:azCount': 'three' } }));
    expect(await run('status')).toBe(2);
    expect(err[0]).toMatch(/azCount = "three"/);
  });
});


describe('npm run dr:relax (secondary region down, commits blocked)', () => {
  const GROUP = 'aurora-params-us-east-1-prod';
  const WEST_GROUP = 'aurora-params-eu-west-1-prod';
  const userParameters = (value?: string) => ({ Parameters: value === undefined ? [{ ParameterName: 'max_connections', ParameterValue: '100' }] : [{ ParameterName: 'rds.global_db_rpo', ParameterValue: value }] });
  const boundIs = (value?: string, westValue?: string) => {
    mocks.rdsEast.on(DescribeDBClusterParametersCommand, { DBClusterParameterGroupName: GROUP, Source: 'user' }).resolves(userParameters(value));
    mocks.rdsWest.on(DescribeDBClusterParametersCommand, { DBClusterParameterGroupName: WEST_GROUP, Source: 'user' }).resolves(userParameters(westValue));
  };
  const writerIn = (region: 'us-east-1' | 'eu-west-1', extra: Partial<GlobalCluster> = {}) =>
    mocks.rdsEast.on(DescribeGlobalClustersCommand, { GlobalClusterIdentifier: T.globalClusterId }).resolves({ GlobalClusters: [cluster(region, extra)] });
  const changes = () => [mocks.rdsEast, mocks.rdsWest].flatMap((m) => [...m.commandCalls(ResetDBClusterParameterGroupCommand), ...m.commandCalls(ModifyDBClusterParameterGroupCommand)]);

  it('without --yes prints the plan for the writer\'s parameter group and changes nothing', async () => {
    boundIs('30');
    expect(await run('relax')).toBe(0);
    expect(out[0]).toMatch(/^Plan: reset rds\.global_db_rpo of aurora-params-us-east-1-prod \(us-east-1\) \(now 30 s\)\./);
    expect(changes()).toHaveLength(0);
  });

  it('--yes resets rds.global_db_rpo on the writer\'s group, at once', async () => {
    boundIs('30');
    mocks.rdsEast.on(ResetDBClusterParameterGroupCommand).resolves({});
    expect(await run('relax', '--yes')).toBe(0);
    expect(mocks.rdsEast.commandCalls(ResetDBClusterParameterGroupCommand).map((c) => c.args[0].input)).toEqual([
      { DBClusterParameterGroupName: GROUP, Parameters: [{ ParameterName: 'rds.global_db_rpo', ApplyMethod: 'immediate' }] },
    ]);
    // The group is the stack's: the operator learns that a deploy undoes the relaxation, and how to avoid it.
    expect(out.at(-1)).toBe('Warning: the next pulumi up sets rds.global_db_rpo back to 30 s and writes stop again while the secondary is down. Until it is back, do not deploy, or first run: pulumi config set TapStack:rpoEnforcement alarm-only (and set block-commits again after npm run dr:relax -- --restore --yes).');
  });

  it('--restore --yes sets it back to half the RPO target', async () => {
    boundIs();
    mocks.rdsEast.on(ModifyDBClusterParameterGroupCommand).resolves({});
    expect(await run('relax', '--restore', '--yes')).toBe(0);
    expect(out.join('\n')).not.toMatch(/Warning/);
    expect(mocks.rdsEast.commandCalls(ModifyDBClusterParameterGroupCommand).map((c) => c.args[0].input)).toEqual([
      { DBClusterParameterGroupName: GROUP, Parameters: [{ ParameterName: 'rds.global_db_rpo', ApplyMethod: 'immediate', ParameterValue: '30' }] },
    ]);
    expect(mocks.rdsWest.commandCalls(ResetDBClusterParameterGroupCommand)).toHaveLength(0);
  });

  it('writer in the secondary region (after a switchover or failover): lifts the bound where the writer is', async () => {
    writerIn('eu-west-1');
    boundIs('30', '30');
    mocks.rdsWest.on(ResetDBClusterParameterGroupCommand).resolves({});
    expect(await run('relax', '--yes')).toBe(0);
    expect(out[0]).toBe('The writer is in eu-west-1, not the primary region us-east-1: acting on eu-west-1\'s parameter group.');
    expect(out[1]).toMatch(/^Plan: reset rds\.global_db_rpo of aurora-params-eu-west-1-prod \(eu-west-1\) \(now 30 s\)\./);
    expect(mocks.rdsWest.commandCalls(ResetDBClusterParameterGroupCommand).map((c) => c.args[0].input.DBClusterParameterGroupName)).toEqual([WEST_GROUP]);
    // The primary region's group governs no writer now: lifting it would leave the writer's commits blocked.
    expect(mocks.rdsEast.commandCalls(ResetDBClusterParameterGroupCommand)).toHaveLength(0);
    // The stack declares no bound on eu-west-1's group: no deploy brings it back there.
    expect(out.join('\n')).not.toMatch(/Warning/);
  });

  it('writer in the secondary region: --restore --yes bounds the writer\'s commits and clears the bound the primary region\'s group still holds', async () => {
    writerIn('eu-west-1');
    boundIs('30');
    mocks.rdsWest.on(ModifyDBClusterParameterGroupCommand).resolves({});
    mocks.rdsEast.on(ResetDBClusterParameterGroupCommand).resolves({});
    expect(await run('relax', '--restore', '--yes')).toBe(0);
    expect(mocks.rdsWest.commandCalls(ModifyDBClusterParameterGroupCommand).map((c) => c.args[0].input)).toEqual([
      { DBClusterParameterGroupName: WEST_GROUP, Parameters: [{ ParameterName: 'rds.global_db_rpo', ApplyMethod: 'immediate', ParameterValue: '30' }] },
    ]);
    expect(mocks.rdsEast.commandCalls(ResetDBClusterParameterGroupCommand).map((c) => c.args[0].input)).toEqual([
      { DBClusterParameterGroupName: GROUP, Parameters: [{ ParameterName: 'rds.global_db_rpo', ApplyMethod: 'immediate' }] },
    ]);
    expect(out).toContain('Done: rds.global_db_rpo of aurora-params-us-east-1-prod (us-east-1) reset (was 30 s): the secondary\'s group keeps the default, or a failover to us-east-1 would block every commit there until eu-west-1 is rebuilt.');
    expect(out.at(-1)).toBe('Warning: the stack declares the bound on us-east-1\'s group only. While the writer is in eu-west-1, a pulumi refresh and pulumi up puts it back there and takes it off eu-west-1\'s: fail back (npm run dr:failback -- --yes) before you deploy, or run npm run dr:relax -- --restore --yes again after the deploy.');
  });

  it('--restore without --yes plans both groups and changes nothing, also when the writer\'s is already bound', async () => {
    writerIn('eu-west-1');
    boundIs('30', '30');
    expect(await run('relax', '--restore')).toBe(0);
    expect(out.slice(1)).toEqual([
      'rds.global_db_rpo of aurora-params-eu-west-1-prod (eu-west-1) is already 30 s: nothing to do.',
      'Plan: also reset rds.global_db_rpo of aurora-params-us-east-1-prod (us-east-1) (now 30 s): the secondary\'s group keeps the default, or a failover to us-east-1 would block every commit there until eu-west-1 is rebuilt.',
      'Nothing done: run again with --yes to do it.',
      expect.stringMatching(/^Warning: the stack declares the bound on us-east-1's group only\./),
    ]);
    expect(changes()).toHaveLength(0);
    out = [];
    boundIs('30');
    expect(await run('relax', '--restore')).toBe(0);
    expect(out.slice(1)).toEqual([
      expect.stringMatching(/^Plan: set rds\.global_db_rpo of aurora-params-eu-west-1-prod \(eu-west-1\) from not set/),
      'Nothing done: run again with --yes to do it.',
      expect.stringMatching(/^Plan: also reset rds\.global_db_rpo of aurora-params-us-east-1-prod \(us-east-1\) \(now 30 s\)/),
    ]);
    expect(changes()).toHaveLength(0);
  });

  it.each<[string, Partial<GlobalCluster>, RegExp]>([
    ['a failover still running', { FailoverState: { Status: 'failing-over' as never } }, /is busy \(failing-over\); restore the bound once dr:status shows it available$/],
    ['no secondary yet (the old region not rebuilt)', { GlobalClusterMembers: [{ DBClusterArn: ARN['eu-west-1'], IsWriter: true }] }, /has no secondary cluster yet: with the bound set, Aurora would block every commit of the writer in eu-west-1\./],
  ])('--restore refuses with %s: exit 2, nothing changed', async (_, extra, message) => {
    writerIn('eu-west-1', extra);
    boundIs();
    expect(await run('relax', '--restore', '--yes')).toBe(2);
    expect(err[0]).toMatch(message);
    expect(changes()).toHaveLength(0);
  });

  it('a global cluster without a writer: exit 2, nothing changed', async () => {
    writerIn('eu-west-1', { GlobalClusterMembers: [] });
    expect(await run('relax', '--yes')).toBe(2);
    expect(err).toEqual(['dr: aurora-global-us-east-1-prod has no writer (its clusters are detached): no commit bound governs anything; see npm run dr:status']);
    expect(changes()).toHaveLength(0);
  });

  it('a group without parameters is a bound not set', async () => {
    mocks.rdsEast.on(DescribeDBClusterParametersCommand).resolves({});
    expect(await run('relax', '--yes')).toBe(0);
    expect(out).toEqual([`rds.global_db_rpo of ${GROUP} (us-east-1) is already not set (commits do not wait for the secondary): nothing to do.`]);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.10.3', rpoEnforcement: 'alarm-only' }, 'Aurora MySQL has no rds.global_db_rpo'],
    [{ rpoEnforcement: 'alarm-only' }, 'rpoEnforcement is alarm-only'],
  ])('a stack that does not block commits (%j): exit 2, nothing asked of AWS', async (extra, why) => {
    const config = Object.fromEntries(Object.entries({ ...answers, ...extra }).filter(([k]) => k !== 'stack').map(([k, v]) => [`TapStack:${k}`, v]));
    writeFileSync(join(root, 'Pulumi.prod.yaml'), stringify({ config }));
    expect(await run('relax', '--yes')).toBe(2);
    expect(err).toEqual([`dr: nothing to relax: this stack does not block commits (${why})`]);
    expect(mocks.rdsEast.calls()).toHaveLength(0);
  });
});

describe('npm run dr:drill (planned switchover and back)', () => {
  type Region = 'us-east-1' | 'eu-west-1';
  let writer: Region;
  let pending: { to: Region; at: number } | undefined;
  let heartbeats: Record<string, string>;
  let lost: boolean;

  /** The global cluster as RDS shows it: a switchover takes 20 s, during which it is busy. */
  const describe = () => {
    if (pending && clock >= pending.at) {
      writer = pending.to;
      pending = undefined;
    }
    return { GlobalClusters: [cluster(writer, pending ? { FailoverState: { Status: 'switching-over' as never } } : {})] };
  };
  /** A canary answering `{ action: 'probe' }`: the writer's commits its heartbeat; both read the replicated rows. */
  const canary = (region: Region) => () => {
    const rows = Object.entries(heartbeats).map(([r, writtenAt]) => ({ region: r, writtenAt }));
    if (region !== writer) return { Payload: new TextEncoder().encode(JSON.stringify({ ok: true, writable: false, heartbeats: rows })) };
    const writtenAt = new Date(clock).toISOString();
    heartbeats[region] = writtenAt;
    return { Payload: new TextEncoder().encode(JSON.stringify({ ok: true, writable: true, commit: { ok: true, writtenAt }, heartbeats: rows })) };
  };

  beforeEach(() => {
    writer = 'us-east-1';
    pending = undefined;
    heartbeats = {};
    lost = false;
    for (const mock of [mocks.rdsEast, mocks.rdsWest]) {
      mock.on(DescribeGlobalClustersCommand).callsFake(describe);
      mock.on(SwitchoverGlobalClusterCommand).callsFake((input: { TargetDbClusterIdentifier: string }) => {
        pending = { to: input.TargetDbClusterIdentifier.split(':')[3] as Region, at: clock + 20_000 };
        if (lost) heartbeats = {};
        return {};
      });
    }
    mocks.cwWest.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Maximum: 400 }] });
    mocks.lambdaEast.on(InvokeCommand).callsFake(canary('us-east-1'));
    mocks.lambdaWest.on(InvokeCommand).callsFake(canary('eu-west-1'));
  });

  /** A Lambda response payload as the SDK hands it back. */
  const payload = (text: string) => new TextEncoder().encode(text) as never;
  const reports = () => (existsSync(join(root, 'drill-reports')) ? readdirSync(join(root, 'drill-reports')).sort() : []);

  it('without --yes prints the plan; nothing is switched, invoked or written', async () => {
    expect(await run('drill')).toBe(0);
    expect(out[0]).toMatch(/^Plan: a planned switchover of the writer from us-east-1 to eu-west-1 and back/);
    expect(out.at(-1)).toBe('Nothing done: run again with --yes to do it.');
    expect(mocks.rdsEast.commandCalls(SwitchoverGlobalClusterCommand)).toHaveLength(0);
    expect(mocks.lambdaEast.calls()).toHaveLength(0);
    expect(reports()).toEqual([]);
  });

  it('--yes: switches over in the writer\'s region each way, proves the heartbeat survived, writes both reports', async () => {
    expect(await run('drill', '--yes')).toBe(0);
    expect(mocks.rdsEast.commandCalls(SwitchoverGlobalClusterCommand).map((c) => c.args[0].input.TargetDbClusterIdentifier)).toEqual([ARN['eu-west-1']]);
    expect(mocks.rdsWest.commandCalls(SwitchoverGlobalClusterCommand).map((c) => c.args[0].input.TargetDbClusterIdentifier)).toEqual([ARN['us-east-1']]);
    expect(mocks.lambdaEast.commandCalls(InvokeCommand)[0].args[0].input).toMatchObject({ FunctionName: 'lambda-db-canary-us-east-1-prod', InvocationType: 'RequestResponse' });
    expect(JSON.parse(new TextDecoder().decode(mocks.lambdaEast.commandCalls(InvokeCommand)[0].args[0].input.Payload as Uint8Array))).toEqual({ action: 'probe' });
    const files = reports();
    expect(files).toEqual([expect.stringMatching(/^drill-.*\.json$/), expect.stringMatching(/^drill-.*\.md$/)]);
    const report = JSON.parse(readFileSync(join(root, 'drill-reports', files[0]), 'utf8'));
    expect(report).toMatchObject({ stack: 'prod', globalClusterId: 'aurora-global-us-east-1-prod', ok: true, writesLost: 0, lagBeforeSeconds: 0.4 });
    expect(report.phases.filter((p: { budgetSeconds?: number }) => p.budgetSeconds !== undefined)).toEqual([
      expect.objectContaining({ phase: 'switchover us-east-1 → eu-west-1', seconds: 20, budgetSeconds: 60, ok: true }),
      expect.objectContaining({ phase: 'switchover eu-west-1 → us-east-1', seconds: 20, budgetSeconds: 60, ok: true }),
    ]);
    expect(readFileSync(join(root, 'drill-reports', files[1]), 'utf8')).toMatch(/^# DR drill of aurora-global-us-east-1-prod \(stack prod\)\n[\s\S]*\*\*Passed\*\*/);
    expect(out.at(-1)).toBe(`Report: drill-reports/${files[1].replace(/\.md$/, '')}.md and drill-reports/${files[0]}`);
  });

  it('a heartbeat missing on the new writer: the report says so and the command fails', async () => {
    lost = true;
    expect(await run('drill', '--yes')).toBe(1);
    expect(err[0]).toMatch(/^dr: the drill failed: see drill-reports\/drill-.*\.md$/);
    const report = JSON.parse(readFileSync(join(root, 'drill-reports', reports()[0]), 'utf8'));
    expect(report).toMatchObject({ ok: false, writesLost: 2 });
  });

  it('lag that cannot be read is no lag figure, and the drill goes on', async () => {
    mocks.cwWest.on(GetMetricStatisticsCommand).rejects(new Error('AccessDenied'));
    expect(await run('drill', '--yes')).toBe(0);
    expect(out).toContain('ok   lag before: 0 s; no lag figure could be read');
    mocks.cwWest.on(GetMetricStatisticsCommand).resolves({});
    expect(await run('drill', '--yes')).toBe(0);
  });

  it('refuses to start when the writer is not in the primary region, or the cluster cannot be read', async () => {
    writer = 'eu-west-1';
    expect(await run('drill', '--yes')).toBe(2);
    expect(err.pop()).toBe('dr: the writer is in eu-west-1, not us-east-1: fail back first (npm run dr:failback -- --yes), then drill');
    mocks.rdsEast.on(DescribeGlobalClustersCommand).rejects(new Error('denied'));
    mocks.rdsWest.on(DescribeGlobalClustersCommand).rejects(new Error('denied'));
    expect(await run('drill', '--yes')).toBe(2);
    expect(err.pop()).toBe('dr: the writer is in no region, not us-east-1: fail back first (npm run dr:failback -- --yes), then drill');
  });

  it('a canary that fails or cannot commit: the drill stops there, still writes the report naming the phase, and fails', async () => {
    const failedWith = async (detail: RegExp) => {
      rmSync(join(root, 'drill-reports'), { recursive: true, force: true });
      expect(await run('drill', '--yes')).toBe(1);
      expect(err.pop()).toMatch(/^dr: the drill failed: see drill-reports\/drill-.*\.md$/);
      const report = JSON.parse(readFileSync(join(root, 'drill-reports', reports()[0]), 'utf8'));
      expect(report).toMatchObject({ ok: false, failedPhase: 'marker write in us-east-1' });
      expect(report.phases.at(-1).detail).toMatch(detail);
      expect(report).not.toHaveProperty('failbackCommand');
    };
    mocks.lambdaEast.on(InvokeCommand).resolves({ FunctionError: 'Unhandled', Payload: payload('{"errorMessage":"boom"}') });
    await failedWith(/the canary lambda-db-canary-us-east-1-prod failed \(Unhandled\): \{"errorMessage":"boom"\}/);
    mocks.lambdaEast.on(InvokeCommand).resolves({ Payload: payload(JSON.stringify({ ok: false, cause: 'timeout' })) });
    await failedWith(/the canary in us-east-1 committed no heartbeat \(timeout\): the drill needs the writer to take writes/);
    mocks.lambdaEast.on(InvokeCommand).resolves({ Payload: payload(JSON.stringify({ ok: true, writable: true, commit: { ok: false, cause: 'commit-blocked' } })) });
    await failedWith(/committed no heartbeat \(commit-blocked\)/);
    mocks.lambdaEast.on(InvokeCommand).resolves({ Payload: payload(JSON.stringify({ ok: true, writable: false })) });
    await failedWith(/committed no heartbeat \(not the writer\)/);
    mocks.lambdaEast.on(InvokeCommand).resolves({});
    await failedWith(/JSON/);
    expect(mocks.rdsEast.commandCalls(SwitchoverGlobalClusterCommand)).toHaveLength(0);
  });

  /** A cluster's endpoints as the stack gives them to its canary (lib/tap-stack.ts): cluster and reader. */
  const endpoints = (region: Region) => ({ cluster: `db.cluster-abc.${region}.rds.amazonaws.com`, reader: `db.cluster-ro-abc.${region}.rds.amazonaws.com` });
  /**
   * The global database as its endpoints behave (aws-facts.ts CLUSTER_ENDPOINTS): the writer region's
   * cluster endpoint reaches its writer; a reader endpoint balances across the replicas when there are
   * any, else reaches the writer; a secondary cluster's cluster endpoint takes no connection here.
   */
  const driverOf = (region: Region): DatabaseDriver => ({
    engine: 'aurora-postgresql',
    defaultPort: 5432,
    failureCause: () => undefined,
    async connect(options) {
      const { cluster, reader } = endpoints(region);
      const writable = region === writer && !pending && (options.host === cluster || (options.host === reader && answers.instancesPerCluster === 1));
      if (options.host === cluster && region !== writer) {
        throw Object.assign(new Error(`connect ECONNREFUSED ${options.host}`), { code: 'ECONNREFUSED' });
      }
      const rows = () => Object.entries(heartbeats).map(([r, writtenAt]) => ({ region: r, writtenAt }));
      return {
        role: async () => (writable ? { writable: true } : { writable: false, readOnlyBecause: 'pg_is_in_recovery() is true' }),
        writeHeartbeat: async (r) => {
          heartbeats[r] = new Date(clock).toISOString();
          return { region: r, writtenAt: heartbeats[r] };
        },
        readHeartbeat: async () => undefined,
        readHeartbeats: async () => rows(),
        readGlobalLag: async () => undefined,
        close: async () => undefined,
      };
    },
  });
  const realCanary = (region: Region, env: Record<string, string>) => async () => {
    const deps: CanaryDeps = {
      env: { AWS_REGION: region, DB_SECRET_ARN: `arn:aws:secretsmanager:${region}:123456789012:secret:db`, DB_NAME: 'app', DB_ENGINE: 'aurora-postgresql', DB_TLS: 'off', ...env },
      driver: driverOf(region),
      readSecret: async () => ({ username: 'admin', password: 'pw' }),
      now: () => 0,
      remainingMs: () => 30_000,
    };
    return { Payload: new TextEncoder().encode(JSON.stringify(canaryResult(await runCanary(deps, { target: 'own', detail: true })))) };
  };

  it(`the real canary logic, ${answers.instancesPerCluster} instances per cluster: both legs commit their marker: after the switchover the canary in eu-west-1 reaches the new writer through its cluster endpoint`, async () => {
    for (const [mock, region] of [[mocks.lambdaEast, 'us-east-1'], [mocks.lambdaWest, 'eu-west-1']] as const) {
      const { cluster, reader } = endpoints(region);
      mock.on(InvokeCommand).callsFake(realCanary(region, { DB_HOST: cluster, DB_READER_HOST: reader }));
    }
    expect(await run('drill', '--yes')).toBe(0);
    const report = JSON.parse(readFileSync(join(root, 'drill-reports', reports()[0]), 'utf8'));
    expect(report).toMatchObject({ ok: true, writesLost: 0 });
    expect(report.phases.map((p: { phase: string }) => p.phase)).toEqual(expect.arrayContaining(['marker write in eu-west-1', 'marker on the writer in us-east-1']));
  });

  it(`the real canary logic, ${answers.instancesPerCluster} instances per cluster: a canary given only its reader endpoint (the old wiring) commits nothing after the switchover: the drill stops, switches back, reports`, async () => {
    for (const [mock, region] of [[mocks.lambdaEast, 'us-east-1'], [mocks.lambdaWest, 'eu-west-1']] as const) {
      const { cluster, reader } = endpoints(region);
      mock.on(InvokeCommand).callsFake(realCanary(region, { DB_HOST: region === 'us-east-1' ? cluster : reader }));
    }
    expect(await run('drill', '--yes')).toBe(1);
    const report = JSON.parse(readFileSync(join(root, 'drill-reports', reports()[0]), 'utf8'));
    expect(report).toMatchObject({ ok: false, failedPhase: 'marker write in eu-west-1' });
    expect(report.phases.at(-1)).toMatchObject({ phase: 'writer back to us-east-1', ok: true });
    expect(writer).toBe('us-east-1');
  });
});

describe('--help', () => {
  it.each(COMMANDS)('dr:%s --help prints its usage and asks nothing of AWS', async (command) => {
    expect(await run(command, '--help')).toBe(0);
    expect(out).toEqual([USAGE[command]]);
    expect(USAGE[command]).toMatch(new RegExp(`^npm run dr:${command}`));
    expect(mocks.rdsEast.calls()).toHaveLength(0);
  });
});

describe('the dr:* command line', () => {
  it('no command: exit 2 naming the commands', async () => {
    expect(await run()).toBe(2);
    expect(err).toEqual(['dr: unknown command "": one of status, switchover, failover, failback, relax, drill, restore (--help shows them)']);
  });

  it('PULUMI_STACK picks the stack config, and with it the names', async () => {
    const config = Object.fromEntries(Object.entries({ ...answers, environmentSuffix: 'staging' }).filter(([k]) => k !== 'stack').map(([k, v]) => [`TapStack:${k}`, v]));
    writeFileSync(join(root, 'Pulumi.staging.yaml'), stringify({ config }));
    mocks.rdsEast.on(DescribeGlobalClustersCommand).resolves({});
    mocks.rdsWest.on(DescribeGlobalClustersCommand).resolves({});
    expect(await runIn({ PULUMI_STACK: 'staging' }, 'status')).toBe(2);
    expect(err[0]).toMatch(/^dr: cannot read global cluster aurora-global-us-east-1-staging /);
  });

  it('no .yo-rc.json, no --stack and no PULUMI_STACK: exit 2 asking which stack', async () => {
    rmSync(join(root, '.yo-rc.json'));
    expect(await run('status')).toBe(2);
    expect(err).toEqual(['dr: which stack? pass --stack <name> or set PULUMI_STACK (.yo-rc.json names none)']);
  });

  it('an empty stack config means the defaults, as for the program itself', async () => {
    writeFileSync(join(root, 'Pulumi.prod.yaml'), '');
    mocks.rdsEast.on(DescribeGlobalClustersCommand).resolves({});
    await run('status');
    expect(mocks.rdsEast.commandCalls(DescribeGlobalClustersCommand)[0].args[0].input).toEqual({ GlobalClusterIdentifier: 'aurora-global-us-east-1-dev' });
  });

  it('unreadable cfn-outputs/flat-outputs.json: exit 2 saying how to fix it', async () => {
    mkdirSync(join(root, 'cfn-outputs'));
    writeFileSync(join(root, 'cfn-outputs', 'flat-outputs.json'), '{"hostedZoneId": ');
    expect(await run('status')).toBe(2);
    expect(err[0]).toMatch(/^dr: .*cfn-outputs\/flat-outputs\.json is not JSON \(.+\): write it again with npm run outputs:flat, or delete it$/);
    expect(mocks.rdsEast.calls()).toHaveLength(0);
  });

  it('fileWriter writes under the repository, making the folders', () => {
    fileWriter(root)('drill-reports/nested/a.md', 'text');
    expect(readFileSync(join(root, 'drill-reports', 'nested', 'a.md'), 'utf8')).toBe('text');
  });

  it('repoRoot finds the folder holding Pulumi.yaml from below it, and says so when there is none', () => {
    const nested = join(root, 'bin', 'scripts', 'dr');
    mkdirSync(nested, { recursive: true });
    expect(repoRoot(nested)).toBe(root);
    const outside = mkdtempSync(join(tmpdir(), 'tap-dr-no-repo-'));
    try {
      expect(() => repoRoot(outside)).toThrow(`Pulumi.yaml not found in ${outside} or above it: run the dr:* scripts inside the repository`);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
