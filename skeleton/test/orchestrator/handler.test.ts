import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeGlobalClustersCommand, FailoverGlobalClusterCommand, RDSClient } from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { handler as Handler } from '../../lambda/orchestrator/handler';
import { captureOutput, lambdaContext, withEnv } from '../canary/support';
import { ENV, PRIMARY, SECONDARY } from './fixtures';

const rds = mockClient(RDSClient);
const lambda = mockClient(LambdaClient);
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
const env = { ...ENV, SECONDARY_CLUSTER_ARN: SECONDARY, POWERTOOLS_SERVICE_NAME: 'tap-dr-orchestrator-test', POWERTOOLS_METRICS_NAMESPACE: 'TapDR/Failover', POWERTOOLS_DEV: undefined, POWERTOOLS_METRICS_DISABLED: undefined };
let handler: typeof Handler;

beforeAll(async () => {
  // Powertools reads its variables when the module loads, as at a Lambda cold start.
  handler = await withEnv(env, async () => (await import('../../lambda/orchestrator/handler')).handler);
});

beforeEach(() => {
  for (const mock of [rds, lambda, sns, cloudwatch]) mock.reset();
  rds.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [{ Status: 'available', GlobalClusterMembers: [{ DBClusterArn: PRIMARY, IsWriter: true }, { DBClusterArn: SECONDARY, IsWriter: false }] }] });
  cloudwatch.on(DescribeAlarmsCommand).rejects(new Error('connect ETIMEDOUT'));
  rds.on(FailoverGlobalClusterCommand).resolves({});
  sns.on(PublishCommand).resolves({});
});

const canarySays = (value: unknown) => lambda.on(InvokeCommand).resolves({ Payload: new TextEncoder().encode(JSON.stringify(value)) as never });
const invoke = (overrides: Record<string, string | undefined> = {}) => withEnv({ ...env, ...overrides }, () => captureOutput(() => handler({}, lambdaContext())));

describe('orchestrator handler (AWS clients mocked)', () => {
  it('primary silent past the window: fails over, one ERROR log line and a FailoverDecision metric with the outcome', async () => {
    canarySays({ ok: true, writable: false, heartbeat: { region: 'us-east-1', ageSeconds: 200 } });
    const { result, output } = await invoke();
    expect(result).toEqual({ outcome: 'failing-over' });
    expect(rds.commandCalls(FailoverGlobalClusterCommand)).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(output.metrics.FailoverDecision).toMatchObject({ namespace: 'TapDR/Failover', unit: 'Count', value: 1, dimensionValues: { service: 'tap-dr-orchestrator-test', decision: 'failing-over' } });
    expect(output.logs).toEqual([expect.objectContaining({ level: 'ERROR', outcome: 'failing-over', function_request_id: 'test-request-id' })]);
  });

  it('primary healthy: no call that changes anything, an INFO line', async () => {
    canarySays({ ok: true, writable: false, heartbeat: { region: 'us-east-1', ageSeconds: 12 } });
    const { result, output } = await invoke();
    expect(result).toEqual({ outcome: 'primary-healthy' });
    expect(rds.commandCalls(FailoverGlobalClusterCommand)).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(output.logs).toEqual([expect.objectContaining({ level: 'INFO', outcome: 'primary-healthy' })]);
  });

  it('global cluster unreadable: says so in the result', async () => {
    rds.on(DescribeGlobalClustersCommand).rejects(new Error('AccessDenied'));
    canarySays({ ok: true, writable: false });
    expect((await invoke()).result).toEqual({ outcome: 'cluster-unreadable', error: 'AccessDenied' });
  });

  it('misconfigured: names the variables, counts it, touches nothing', async () => {
    const { result, output } = await invoke({ GLOBAL_CLUSTER_ID: undefined });
    expect(result).toEqual({ outcome: 'misconfigured', error: 'GLOBAL_CLUSTER_ID is not set' });
    expect(output.metrics.FailoverDecision.dimensionValues.decision).toBe('misconfigured');
    expect(rds.calls()).toHaveLength(0);
  });
});
