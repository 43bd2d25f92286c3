import * as pulumi from '@pulumi/pulumi';
import { NAME_LIMITS } from '../lib/config/aws-facts';
import { FAILOVER_CLAIM_SECONDS, PRIMARY_ALARM_DELAY_SECONDS, PROBE_INTERVAL_SECONDS, PROBE_WINDOW_SECONDS } from '../lib/config/timings';
import { FailoverOrchestrator, ORCHESTRATOR_TIMEOUT_SECONDS } from '../lib/failover-orchestrator';
import { OrchestratorAlarms } from '../lib/orchestrator-alarms';
import { list, only, runComponents, sharedRuns, statements } from './helpers/components';
import { MOCK_ACCOUNT } from '../scripts/offline/aws-mocks';

const SECONDARY_CLUSTER = `arn:aws:rds:eu-west-1:${MOCK_ACCOUNT}:cluster:aurora-cluster-eu-west-1-prod`;
const PRIMARY_CLUSTER = `arn:aws:rds:us-east-1:${MOCK_ACCOUNT}:cluster:aurora-cluster-us-east-1-prod`;
const PRIMARY_INSTANCES = [1, 2].map((n) => `arn:aws:rds:us-east-1:${MOCK_ACCOUNT}:db:aurora-instance-${n}-us-east-1-prod`);
const CANARY = `arn:aws:lambda:eu-west-1:${MOCK_ACCOUNT}:function:lambda-db-canary-eu-west-1-prod`;
const KEY = `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT}:key/secondary`;
const TOPIC = `arn:aws:sns:eu-west-1:${MOCK_ACCOUNT}:sns-alarms-eu-west-1-prod`;

const orchestrator = sharedRuns(async (answers: Record<string, unknown> = {}) => {
  const run = await runComponents({ primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', environmentSuffix: 'prod', failoverMode: 'automatic', instancesPerCluster: 2, failoverConfirmationSeconds: 180, replicationLagAlarmSeconds: 5, rpoTargetSeconds: 60, ...answers }, ({ answers: a, sides, root }) => {
    const component = new FailoverOrchestrator('orchestrator', {
      side: sides.secondary,
      primary: sides.primary,
      accountId: MOCK_ACCOUNT,
      runtime: a.lambdaRuntime,
      mode: a.failoverMode,
      confirmationSeconds: a.failoverConfirmationSeconds,
      instancesPerCluster: a.instancesPerCluster,
      replicationLagAlarmSeconds: a.replicationLagAlarmSeconds,
      rpoTargetSeconds: a.rpoTargetSeconds,
      globalClusterId: 'aurora-global-prod',
      secondaryClusterArn: pulumi.output(SECONDARY_CLUSTER),
      primaryClusterArn: pulumi.output(PRIMARY_CLUSTER),
      primaryInstanceArns: PRIMARY_INSTANCES.map((arn) => pulumi.output(arn)),
      secondaryCanaryFunctionName: 'lambda-db-canary-eu-west-1-prod',
      secondaryCanaryFunctionArn: CANARY,
      primaryConnectivityAlarm: { name: pulumi.output('alarm-db-connectivity-us-east-1-prod'), region: 'us-east-1', triggers: {} },
      topicArn: TOPIC,
      kmsKeyArn: KEY,
      roleArn: `arn:aws:iam::${MOCK_ACCOUNT}:role/iam-failover-prod`,
      roleName: 'iam-failover-prod',
    }, { parent: root });
    new OrchestratorAlarms('orchestrator-alarms', { side: sides.secondary, functionName: component.functionName, serviceName: component.functionName, topicArn: TOPIC }, { parent: root });
    return { functionName: component.functionName, table: component.stateTableName };
  });
  return { run, only: (type: string) => only(run, type) };
});

describe('FailoverOrchestrator', () => {
  it('runs in the secondary region as the failover role, outside the VPC, without reserved concurrency', async () => {
    const { only } = await orchestrator();
    const fn = only('aws:lambda/function:Function');
    expect(fn.provider).toBe('aws-secondary');
    expect(fn.inputs).toMatchObject({ role: `arn:aws:iam::${MOCK_ACCOUNT}:role/iam-failover-prod`, timeout: ORCHESTRATOR_TIMEOUT_SECONDS, handler: 'index.handler' });
    expect(fn.inputs).not.toHaveProperty('reservedConcurrentExecutions');
    expect(fn.inputs).not.toHaveProperty('vpcConfig');
    expect(ORCHESTRATOR_TIMEOUT_SECONDS).toBeGreaterThan(PROBE_WINDOW_SECONDS);
    expect(String(fn.inputs.name).length).toBeLessThanOrEqual(NAME_LIMITS.lambdaFunction);
  });

  it('gets its decision inputs from the answers and the budget\'s own stale threshold', async () => {
    const { only } = await orchestrator();
    const variables = (only('aws:lambda/function:Function').inputs.environment as { variables: Record<string, string> }).variables;
    expect(variables).toMatchObject({
      FAILOVER_MODE: 'automatic', GLOBAL_CLUSTER_ID: 'aurora-global-prod', SECONDARY_CLUSTER_ARN: SECONDARY_CLUSTER, PRIMARY_REGION: 'us-east-1',
      PRIMARY_ALARM_NAME: 'alarm-db-connectivity-us-east-1-prod', SECONDARY_CANARY_FUNCTION: 'lambda-db-canary-eu-west-1-prod', TOPIC_ARN: TOPIC,
      STATE_TABLE: 'dynamodb-failover-state-eu-west-1-prod', PRIMARY_CLUSTER_ARN: PRIMARY_CLUSTER, INSTANCES_PER_CLUSTER: '2',
      STALE_AFTER_SECONDS: String(PROBE_INTERVAL_SECONDS + 5), CONFIRMATION_SECONDS: '180', RPO_BUDGET_SECONDS: '60', PRIMARY_ALARM_DELAY_SECONDS: String(PRIMARY_ALARM_DELAY_SECONDS),
      PROBE_INTERVAL_SECONDS: String(PROBE_INTERVAL_SECONDS), PROBE_WINDOW_SECONDS: String(PROBE_WINDOW_SECONDS), FAILOVER_CLAIM_SECONDS: String(FAILOVER_CLAIM_SECONDS),
      POWERTOOLS_METRICS_NAMESPACE: 'TapDR/Failover',
    });
    const manual = await orchestrator({ failoverMode: 'manual' });
    expect((manual.only('aws:lambda/function:Function').inputs.environment as { variables: Record<string, string> }).variables.FAILOVER_MODE).toBe('manual');
  });

  it('is started every minute by a schedule in the secondary region, and by nothing else', async () => {
    const { run, only } = await orchestrator();
    expect(only('aws:cloudwatch/eventRule:EventRule')).toMatchObject({ provider: 'aws-secondary', inputs: expect.objectContaining({ scheduleExpression: 'rate(1 minute)' }) });
    expect(run.resources.filter((r) => r.type === 'aws:sns/topicSubscription:TopicSubscription')).toEqual([]);
    const permissions = run.resources.filter((r) => r.type === 'aws:lambda/permission:Permission').map((p) => [p.inputs.principal, p.provider]);
    expect(permissions).toEqual([['events.amazonaws.com', 'aws-secondary']]);
  });

  it('keeps its reachability record and claims in an on-demand table of the secondary region, expiring on expiresAt', async () => {
    const { run, only } = await orchestrator();
    const table = only('aws:dynamodb/table:Table');
    expect(table).toMatchObject({ provider: 'aws-secondary', inputs: expect.objectContaining({ name: 'dynamodb-failover-state-eu-west-1-prod', billingMode: 'PAY_PER_REQUEST', hashKey: 'id', attributes: [{ name: 'id', type: 'S' }], ttl: { attributeName: 'expiresAt', enabled: true } }) });
    expect(run.outputs.table).toBe('dynamodb-failover-state-eu-west-1-prod');
  });

  it('adds to the failover role only what it needs, each on one named resource (GetMetricData has none)', async () => {
    const { only } = await orchestrator();
    const policy = only('aws:iam/rolePolicy:RolePolicy');
    expect(policy.inputs.role).toBe('iam-failover-prod');
    const bySid = Object.fromEntries(statements(policy.inputs.policy).map((s) => [s.Sid, [list(s.Action), list(s.Resource)]]));
    expect(bySid).toEqual({
      WriteOwnLogs: [['logs:CreateLogStream', 'logs:PutLogEvents'], [expect.stringMatching(/:\*$/)]],
      AskTheSecondaryCanary: [['lambda:InvokeFunction'], [CANARY]],
      AskThePrimaryRegionAboutThePrimaryCluster: [['rds:DescribeDBClusters'], [PRIMARY_CLUSTER]],
      AskThePrimaryRegionAboutItsWriter: [['rds:DescribeDBInstances'], PRIMARY_INSTANCES],
      ReadThePrimaryCanaryAlarm: [['cloudwatch:DescribeAlarms'], [`arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT}:alarm:alarm-db-connectivity-us-east-1-prod`]],
      ReadTheLagBeforeTheSilence: [['cloudwatch:GetMetricData'], ['*']],
      RecordAndClaim: [['dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], [expect.stringMatching(/^arn:aws:dynamodb:eu-west-1:\d+:table\/dynamodb-failover-state-eu-west-1-prod$/)]],
      NotifyOnCall: [['sns:Publish'], [TOPIC]],
      PublishToEncryptedTopic: [['kms:GenerateDataKey', 'kms:Decrypt'], [KEY]],
    });
    // The topic's key only as SNS of the secondary region encrypting what the orchestrator publishes.
    expect(statements(policy.inputs.policy).find((s) => s.Sid === 'PublishToEncryptedTopic')?.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'sns.eu-west-1.amazonaws.com' } });
  });
});

describe('OrchestratorAlarms', () => {
  it('watch the orchestrator from the secondary region: errors, throttles, and no decision recorded (missing data breaching)', async () => {
    const { run } = await orchestrator();
    const alarms = run.resources.filter((r) => r.type === 'aws:cloudwatch/metricAlarm:MetricAlarm');
    expect(alarms.map((a) => [a.inputs.name, a.provider, a.inputs.namespace, a.inputs.metricName, a.inputs.comparisonOperator, a.inputs.threshold, a.inputs.treatMissingData])).toEqual([
      ['alarm-failover-errors-eu-west-1-prod', 'aws-secondary', 'AWS/Lambda', 'Errors', 'GreaterThanThreshold', 0, 'notBreaching'],
      ['alarm-failover-throttles-eu-west-1-prod', 'aws-secondary', 'AWS/Lambda', 'Throttles', 'GreaterThanThreshold', 0, 'notBreaching'],
      ['alarm-failover-silent-eu-west-1-prod', 'aws-secondary', 'TapDR/Failover', 'DecisionsRecorded', 'LessThanThreshold', 1, 'breaching'],
      ['alarm-failover-blind-secondary-canary-failing-eu-west-1-prod', 'aws-secondary', 'TapDR/Failover', 'FailoverDecision', 'GreaterThanThreshold', 0, 'notBreaching'],
      ['alarm-failover-blind-cluster-unreadable-eu-west-1-prod', 'aws-secondary', 'TapDR/Failover', 'FailoverDecision', 'GreaterThanThreshold', 0, 'notBreaching'],
      ['alarm-failover-blind-no-heartbeat-eu-west-1-prod', 'aws-secondary', 'TapDR/Failover', 'FailoverDecision', 'GreaterThanThreshold', 0, 'notBreaching'],
      ['alarm-failover-blind-operation-in-progress-eu-west-1-prod', 'aws-secondary', 'TapDR/Failover', 'FailoverDecision', 'GreaterThanThreshold', 0, 'notBreaching'],
      ['alarm-failover-blind-operation-in-progress-primary-down-eu-west-1-prod', 'aws-secondary', 'TapDR/Failover', 'FailoverDecision', 'GreaterThanThreshold', 0, 'notBreaching'],
      ['alarm-failover-blind-global-cluster-missing-eu-west-1-prod', 'aws-secondary', 'TapDR/Failover', 'FailoverDecision', 'GreaterThanThreshold', 0, 'notBreaching'],
      ['alarm-failover-blind-secondary-not-member-eu-west-1-prod', 'aws-secondary', 'TapDR/Failover', 'FailoverDecision', 'GreaterThanThreshold', 0, 'notBreaching'],
      ['alarm-failover-blind-primary-alarm-unreadable-eu-west-1-prod', 'aws-secondary', 'TapDR/Failover', 'FailoverDecision', 'GreaterThanThreshold', 0, 'notBreaching'],
    ]);
    // Paged when blind for minutes: every minute of the span held the outcome, under the dimensions the handler publishes it with.
    expect(alarms.slice(3).map((a) => [a.inputs.dimensions, a.inputs.evaluationPeriods, a.inputs.period])).toEqual([
      [{ service: 'lambda-failover-eu-west-1-prod', decision: 'secondary-canary-failing' }, 3, 60],
      [{ service: 'lambda-failover-eu-west-1-prod', decision: 'cluster-unreadable' }, 3, 60],
      [{ service: 'lambda-failover-eu-west-1-prod', decision: 'no-heartbeat' }, 3, 60],
      [{ service: 'lambda-failover-eu-west-1-prod', decision: 'operation-in-progress' }, 30, 60],
      [{ service: 'lambda-failover-eu-west-1-prod', decision: 'operation-in-progress-primary-down' }, 5, 60],
      [{ service: 'lambda-failover-eu-west-1-prod', decision: 'global-cluster-missing' }, 3, 60],
      [{ service: 'lambda-failover-eu-west-1-prod', decision: 'secondary-not-member' }, 3, 60],
      [{ service: 'lambda-failover-eu-west-1-prod', decision: 'primary-alarm-unreadable' }, 10, 60],
    ]);
    for (const alarm of alarms) expect(alarm.inputs.alarmActions).toEqual([TOPIC]);
    expect(alarms[2].inputs.dimensions).toEqual({ service: 'lambda-failover-eu-west-1-prod' });
    expect(alarms[0].inputs.dimensions).toEqual({ FunctionName: 'lambda-failover-eu-west-1-prod' });
  });
});
