import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeGlobalClustersCommand, FailoverGlobalClusterCommand, RDSClient } from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { handler as Handler } from '../../lambda/orchestrator/handler';
import { DECISION_METRIC, DECISIONS_RECORDED_METRIC, FIGURE_METRICS } from '../../lambda/orchestrator/metric-names';
import { captureOutput, lambdaContext, withEnv } from '../canary/support';
import { ENV, PRIMARY, SECONDARY } from './fixtures';

const rds = mockClient(RDSClient);
const lambda = mockClient(LambdaClient);
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
const dynamodb = mockClient(DynamoDBClient);
const env = { ...ENV, SECONDARY_CLUSTER_ARN: SECONDARY, POWERTOOLS_SERVICE_NAME: 'tap-dr-orchestrator-test', POWERTOOLS_METRICS_NAMESPACE: 'TapDR/Failover', POWERTOOLS_DEV: undefined, POWERTOOLS_METRICS_DISABLED: undefined };
let handler: typeof Handler;

beforeAll(async () => {
  // Powertools reads its variables when the module loads, as at a Lambda cold start.
  handler = await withEnv(env, async () => (await import('../../lambda/orchestrator/handler')).handler);
});

beforeEach(() => {
  for (const mock of [rds, lambda, sns, cloudwatch, dynamodb]) mock.reset();
  rds.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [{ Status: 'available', GlobalClusterMembers: [{ DBClusterArn: PRIMARY, IsWriter: true }, { DBClusterArn: SECONDARY, IsWriter: false }] }] });
  cloudwatch.on(DescribeAlarmsCommand).rejects(new Error('connect ETIMEDOUT'));
  cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'withsource', Timestamps: [new Date(Date.now() - 300_000)], Values: [2000] }] });
  rds.on(FailoverGlobalClusterCommand).resolves({});
  sns.on(PublishCommand).resolves({});
  dynamodb.on(DeleteItemCommand).resolves({});
  dynamodb.on(PutItemCommand).resolves({});
  // The primary has been unreachable for 30 s, by the first run that saw it.
  dynamodb.on(UpdateItemCommand).callsFake(async () => ({ Attributes: { since: { N: String(Date.now() - 30_000) } } }));
});

const canarySays = (value: unknown) => lambda.on(InvokeCommand).resolves({ Payload: new TextEncoder().encode(JSON.stringify(value)) as never });
const invoke = (overrides: Record<string, string | undefined> = {}) => withEnv({ ...env, ...overrides }, () => captureOutput(() => handler({ source: 'aws.events' }, lambdaContext())));

describe('orchestrator handler (AWS clients mocked)', () => {
  it('primary unreachable past the window, loss within the RPO: fails over, logs an ERROR line and records the decision with its figures', async () => {
    // The heartbeat stopped 15 s before the primary became unreachable (30 s ago): about 15 s of writes at risk.
    canarySays({ ok: true, writable: false, heartbeat: { region: 'us-east-1', ageSeconds: 45, writtenAt: 'x' }, peer: { reachable: false, cause: 'timeout', message: 'no answer' } });
    const { result, output } = await invoke();
    expect(result).toEqual({ outcome: 'failing-over', probes: 1 });
    expect(rds.commandCalls(FailoverGlobalClusterCommand)).toHaveLength(1);
    expect(dynamodb.commandCalls(PutItemCommand)[0].args[0].input.Item?.holder).toEqual({ S: 'test-request-id' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(output.metrics[DECISION_METRIC]).toMatchObject({ namespace: 'TapDR/Failover', unit: 'Count', value: 1, dimensionValues: { service: 'tap-dr-orchestrator-test', decision: 'failing-over' } });
    expect(output.metrics[DECISIONS_RECORDED_METRIC]).toMatchObject({ value: 1, dimensions: [['service']] });
    expect(output.metrics[FIGURE_METRICS.estimatedLossSeconds]).toMatchObject({ unit: 'Seconds' });
    expect(output.metrics[FIGURE_METRICS.estimatedLossSeconds].value).toBeCloseTo(15, 0);
    expect(output.metrics[FIGURE_METRICS.heartbeatAgeSeconds]).toMatchObject({ value: 45 });
    expect(output.metrics[FIGURE_METRICS.unreachableSeconds].value).toBeGreaterThan(29);
    expect(output.logs).toEqual([expect.objectContaining({ level: 'ERROR', outcome: 'failing-over', function_request_id: 'test-request-id' })]);
  });

  it('primary healthy: no call that changes anything, an INFO line, no loss figure', async () => {
    canarySays({ ok: true, writable: false, heartbeat: { region: 'us-east-1', ageSeconds: 4, writtenAt: 'x' }, peer: { reachable: true, writable: true } });
    const { result, output } = await invoke();
    expect(result).toEqual({ outcome: 'primary-healthy', probes: 1 });
    expect(rds.commandCalls(FailoverGlobalClusterCommand)).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(output.metrics[FIGURE_METRICS.estimatedLossSeconds]).toBeUndefined();
    expect(output.logs).toEqual([expect.objectContaining({ level: 'INFO', outcome: 'primary-healthy' })]);
  });

  it('scheduled with a window: decides again every probe interval until the window ends, each decision recorded', async () => {
    canarySays({ ok: true, writable: false, heartbeat: { region: 'us-east-1', ageSeconds: 4, writtenAt: 'x' }, peer: { reachable: true, writable: true } });
    const started = Date.now();
    const { result, output } = await invoke({ PROBE_INTERVAL_SECONDS: '1', PROBE_WINDOW_SECONDS: '1' });
    expect(result).toEqual({ outcome: 'primary-healthy', probes: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(output.logs.filter((l) => l.outcome === 'primary-healthy')).toHaveLength(2);
  });

  it('global cluster unreadable: says so in the result', async () => {
    rds.on(DescribeGlobalClustersCommand).rejects(new Error('AccessDenied'));
    canarySays({ ok: true, writable: false });
    expect((await invoke()).result).toEqual({ outcome: 'cluster-unreadable', probes: 1, error: 'AccessDenied' });
  });

  it('misconfigured: names the variables, records it, touches nothing', async () => {
    const { result, output } = await invoke({ GLOBAL_CLUSTER_ID: undefined });
    expect(result).toEqual({ outcome: 'misconfigured', probes: 0, error: 'GLOBAL_CLUSTER_ID is not set' });
    expect(output.metrics[DECISION_METRIC].dimensionValues.decision).toBe('misconfigured');
    expect(rds.calls()).toHaveLength(0);
  });
});
