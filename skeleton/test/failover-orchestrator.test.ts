import * as pulumi from '@pulumi/pulumi';
import { NAME_LIMITS } from '../lib/config/aws-facts';
import { FailoverOrchestrator, ORCHESTRATOR_TIMEOUT_SECONDS } from '../lib/failover-orchestrator';
import { list, only, runComponents, sharedRuns, statements } from './helpers/components';
import { MOCK_ACCOUNT } from '../scripts/offline/aws-mocks';

const SECONDARY_CLUSTER = `arn:aws:rds:eu-west-1:${MOCK_ACCOUNT}:cluster:aurora-cluster-eu-west-1-prod`;
const CANARY = `arn:aws:lambda:eu-west-1:${MOCK_ACCOUNT}:function:lambda-db-canary-eu-west-1-prod`;
const KEY = `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT}:key/secondary`;
const TOPIC = `arn:aws:sns:eu-west-1:${MOCK_ACCOUNT}:sns-alarms-eu-west-1-prod`;
const PRIMARY_TOPIC = `arn:aws:sns:us-east-1:${MOCK_ACCOUNT}:sns-alarms-us-east-1-prod`;

const orchestrator = sharedRuns(async (answers: Record<string, unknown> = {}) => {
  const run = await runComponents({ primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', environmentSuffix: 'prod', failoverMode: 'automatic', failoverConfirmationSeconds: 30, replicationLagAlarmSeconds: 5, ...answers }, ({ answers: a, sides, root }) => {
    const component = new FailoverOrchestrator('orchestrator', {
      side: sides.secondary,
      primary: sides.primary,
      accountId: MOCK_ACCOUNT,
      runtime: a.lambdaRuntime,
      mode: a.failoverMode,
      confirmationSeconds: a.failoverConfirmationSeconds,
      replicationLagAlarmSeconds: a.replicationLagAlarmSeconds,
      globalClusterId: 'aurora-global-prod',
      secondaryClusterArn: pulumi.output(SECONDARY_CLUSTER),
      secondaryCanaryFunctionName: 'lambda-db-canary-eu-west-1-prod',
      secondaryCanaryFunctionArn: CANARY,
      primaryConnectivityAlarm: { name: pulumi.output('alarm-db-connectivity-us-east-1-prod'), region: 'us-east-1' },
      primaryTopicArn: PRIMARY_TOPIC,
      topicArn: TOPIC,
      kmsKeyArn: KEY,
      roleArn: `arn:aws:iam::${MOCK_ACCOUNT}:role/iam-failover-prod`,
      roleName: 'iam-failover-prod',
    }, { parent: root });
    return { functionName: component.functionName };
  });
  return { run, only: (type: string) => only(run, type) };
});

describe('FailoverOrchestrator', () => {
  it('runs in the secondary region as the failover role, without reserved concurrency', async () => {
    const { only } = await orchestrator();
    const fn = only('aws:lambda/function:Function');
    expect(fn.provider).toBe('aws-secondary');
    expect(fn.inputs).toMatchObject({ role: `arn:aws:iam::${MOCK_ACCOUNT}:role/iam-failover-prod`, timeout: ORCHESTRATOR_TIMEOUT_SECONDS, handler: 'index.handler' });
    expect(fn.inputs.reservedConcurrentExecutions).toBeUndefined();
    expect(String(fn.inputs.name).length).toBeLessThanOrEqual(NAME_LIMITS.lambdaFunction);
  });

  it('gets its decision inputs from the answers and the budget\'s own stale threshold', async () => {
    const { only } = await orchestrator();
    const variables = (only('aws:lambda/function:Function').inputs.environment as { variables: Record<string, string> }).variables;
    expect(variables).toMatchObject({
      FAILOVER_MODE: 'automatic', GLOBAL_CLUSTER_ID: 'aurora-global-prod', SECONDARY_CLUSTER_ARN: SECONDARY_CLUSTER, PRIMARY_REGION: 'us-east-1',
      PRIMARY_ALARM_NAME: 'alarm-db-connectivity-us-east-1-prod', SECONDARY_CANARY_FUNCTION: 'lambda-db-canary-eu-west-1-prod', TOPIC_ARN: TOPIC,
      STALE_AFTER_SECONDS: '65', CONFIRMATION_SECONDS: '30', INTERVAL_SECONDS: '60', POWERTOOLS_METRICS_NAMESPACE: 'TapDR/Failover',
    });
    const manual = await orchestrator({ failoverMode: 'manual' });
    expect((manual.only('aws:lambda/function:Function').inputs.environment as { variables: Record<string, string> }).variables.FAILOVER_MODE).toBe('manual');
  });

  it('is started every minute by a schedule in the secondary region, and by the primary alarm topic', async () => {
    const { run, only } = await orchestrator();
    expect(only('aws:cloudwatch/eventRule:EventRule')).toMatchObject({ provider: 'aws-secondary', inputs: expect.objectContaining({ scheduleExpression: 'rate(1 minute)' }) });
    const subscription = only('aws:sns/topicSubscription:TopicSubscription');
    // Subscriptions live with their topic, in the primary region.
    expect(subscription).toMatchObject({ provider: 'aws-primary', inputs: expect.objectContaining({ topic: PRIMARY_TOPIC, protocol: 'lambda' }) });
    const permissions = run.resources.filter((r) => r.type === 'aws:lambda/permission:Permission').map((p) => [p.inputs.principal, p.provider]).sort();
    expect(permissions).toEqual([['events.amazonaws.com', 'aws-secondary'], ['sns.amazonaws.com', 'aws-secondary']]);
  });

  it('adds to the failover role only what it needs, each on one named resource', async () => {
    const { only } = await orchestrator();
    const policy = only('aws:iam/rolePolicy:RolePolicy');
    expect(policy.inputs.role).toBe('iam-failover-prod');
    const bySid = Object.fromEntries(statements(policy.inputs.policy).map((s) => [s.Sid, [list(s.Action), list(s.Resource)]]));
    expect(bySid).toEqual({
      WriteOwnLogs: [['logs:CreateLogStream', 'logs:PutLogEvents'], [expect.stringMatching(/:\*$/)]],
      AskTheSecondaryCanary: [['lambda:InvokeFunction'], [CANARY]],
      ReadThePrimaryCanaryAlarm: [['cloudwatch:DescribeAlarms'], [`arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT}:alarm:alarm-db-connectivity-us-east-1-prod`]],
      NotifyOnCall: [['sns:Publish'], [TOPIC]],
      PublishToEncryptedTopic: [['kms:GenerateDataKey', 'kms:Decrypt'], [KEY]],
    });
    // The topic's key only as SNS of the secondary region encrypting what the orchestrator publishes.
    expect(statements(policy.inputs.policy).find((s) => s.Sid === 'PublishToEncryptedTopic')?.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'sns.eu-west-1.amazonaws.com' } });
  });
});
