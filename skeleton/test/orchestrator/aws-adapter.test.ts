import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeGlobalClustersCommand, FailoverGlobalClusterCommand, RDSClient } from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { PRIMARY_REGION_TIMEOUT_MS, awsPort, controlPlaneFailure, createAwsClients, dynamoState, primaryCallBound } from '../../lambda/orchestrator/aws-adapter';
import { PRIMARY, SECONDARY, SETTINGS } from './fixtures';

const rds = mockClient(RDSClient);
const lambda = mockClient(LambdaClient);
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
const dynamodb = mockClient(DynamoDBClient);
const TARGETS = {
  primaryRegion: 'us-east-1', primaryAlarmName: 'alarm-primary', primaryClusterArn: PRIMARY, secondaryCanaryFunction: 'canary-eu', secondaryClusterId: 'aurora-cluster-eu-west-1-prod',
  topicArn: 'arn:aws:sns:eu-west-1:1:t', stateTable: 'state',
};
const clients = createAwsClients('eu-west-1', 'us-east-1');
const port = awsPort(clients, SETTINGS, TARGETS, 'request-1');
const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)) as never;
const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
/** An SDK error as the client throws it: a service error carries the HTTP status, a timeout or network error none. */
const failure = (name: string, httpStatusCode?: number) => Object.assign(new Error(name), { name, $metadata: httpStatusCode === undefined ? {} : { httpStatusCode } });

beforeEach(() => {
  for (const mock of [rds, lambda, sns, cloudwatch, dynamodb]) mock.reset();
});

describe('createAwsClients', () => {
  it('talks to the secondary region, and to the primary region only for its alarm, with a short timeout and no retry', async () => {
    for (const client of [clients.rds, clients.lambda, clients.sns, clients.cloudWatch, clients.dynamodb]) expect(await client.config.region()).toBe('eu-west-1');
    expect(await clients.primaryCloudWatch.config.region()).toBe('us-east-1');
    expect(await clients.primaryCloudWatch.config.maxAttempts()).toBe(1);
    expect(await clients.primaryRds.config.region()).toBe('us-east-1');
    expect(await clients.primaryRds.config.maxAttempts()).toBe(1);
    expect(PRIMARY_REGION_TIMEOUT_MS).toBeLessThanOrEqual(5000);
  });
});

describe('awsPort.readGlobalCluster', () => {
  it('asks for this global cluster only and maps members, writer and a running operation', async () => {
    rds.on(DescribeGlobalClustersCommand, { GlobalClusterIdentifier: 'aurora-global-prod' }).resolves({
      GlobalClusters: [{
        Status: 'available',
        GlobalClusterMembers: [{ DBClusterArn: PRIMARY, IsWriter: true }, { DBClusterArn: SECONDARY, IsWriter: false }, {}],
        FailoverState: { Status: 'pending', IsDataLossAllowed: true },
      }],
    });
    expect(await port.readGlobalCluster()).toEqual({
      status: 'available',
      members: [{ arn: PRIMARY, isWriter: true }, { arn: SECONDARY, isWriter: false }, { arn: '', isWriter: false }],
      operation: { status: 'pending', dataLossAllowed: true },
    });
  });

  it('no operation, no status, no members: still a view', async () => {
    rds.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [{ FailoverState: {} }] });
    expect(await port.readGlobalCluster()).toEqual({ status: 'unknown', members: [] });
  });

  it('not found (empty list or the fault): undefined; any other error is thrown', async () => {
    rds.on(DescribeGlobalClustersCommand).resolves({});
    expect(await port.readGlobalCluster()).toBeUndefined();
    rds.on(DescribeGlobalClustersCommand).rejects(Object.assign(new Error('gone'), { name: 'GlobalClusterNotFoundFault' }));
    expect(await port.readGlobalCluster()).toBeUndefined();
    rds.on(DescribeGlobalClustersCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(port.readGlobalCluster()).rejects.toThrow('denied');
  });
});

describe('awsPort.probeSecondary', () => {
  it('invokes the secondary canary with the probe action and maps heartbeat, Aurora\'s lag and the primary\'s reachability', async () => {
    lambda.on(InvokeCommand).resolves({ Payload: payload({ ok: true, writable: false, heartbeat: { region: 'us-east-1', ageSeconds: 42.5, writtenAt: 'x' }, globalLag: { rpoLagMs: 1500, calculatedSecondsAgo: 3 }, peer: { reachable: true, writable: true } }) });
    expect(await port.probeSecondary()).toEqual({ ok: true, writable: false, heartbeatAgeSeconds: 42.5, globalLag: { rpoLagSeconds: 1.5, calculatedSecondsAgo: 3 }, primary: { reachable: true } });
    const input = lambda.commandCalls(InvokeCommand)[0].args[0].input;
    expect(input).toMatchObject({ FunctionName: 'canary-eu', InvocationType: 'RequestResponse' });
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual({ action: 'probe' });
  });

  it('an unreachable primary, a promoted secondary without a heartbeat', async () => {
    lambda.on(InvokeCommand).resolves({ Payload: payload({ ok: true, writable: true, peer: { reachable: false, cause: 'timeout', message: 'no answer' } }) });
    expect(await port.probeSecondary()).toEqual({ ok: true, writable: true, primary: { reachable: false, cause: 'timeout: no answer' } });
  });

  it('a failed canary run, one without the peer probe, a crashed function, an empty answer', async () => {
    lambda.on(InvokeCommand).resolves({ Payload: payload({ ok: false, cause: 'timeout' }) });
    expect(await port.probeSecondary()).toEqual({ ok: false, cause: 'timeout' });
    lambda.on(InvokeCommand).resolves({ Payload: payload({ ok: false }) });
    expect(await port.probeSecondary()).toEqual({ ok: false, cause: 'unknown' });
    lambda.on(InvokeCommand).resolves({ Payload: payload({ ok: true, writable: false }) });
    expect(await port.probeSecondary()).toEqual({ ok: false, cause: 'the secondary canary has no PEER_HOST, so it cannot probe the primary writer' });
    lambda.on(InvokeCommand).resolves({ FunctionError: 'Unhandled', Payload: payload({ errorMessage: 'boom' }) });
    expect(await port.probeSecondary()).toEqual({ ok: false, cause: 'the canary function failed (Unhandled): {"errorMessage":"boom"}' });
    lambda.on(InvokeCommand).resolves({ FunctionError: 'Unhandled' });
    expect(await port.probeSecondary()).toEqual({ ok: false, cause: 'the canary function failed (Unhandled): ' });
  });
});

describe('awsPort.readPrimaryAlarm', () => {

  it.each([['OK', 'ok'], ['ALARM', 'alarm'], ['INSUFFICIENT_DATA', 'insufficient-data']])('asks the primary region for its canary alarm only: %s → %s', async (state, expected) => {
    cloudwatch.on(DescribeAlarmsCommand, { AlarmNames: ['alarm-primary'] }).resolves({ MetricAlarms: [{ AlarmName: 'alarm-primary', StateValue: state as never }] });
    expect(await port.readPrimaryAlarm()).toBe(expected);
  });

  it('each call to the primary region is bounded as a whole, not only its connection (an abort signal that fires after the timeout)', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'alarm-primary', StateValue: 'OK' }] });
    await port.readPrimaryAlarm();
    const options = (cloudwatch.commandCalls(DescribeAlarmsCommand)[0].args as unknown[])[1] as { abortSignal: AbortSignal };
    expect(options.abortSignal.aborted).toBe(false);
    const bound = primaryCallBound();
    await new Promise((resolve) => setTimeout(resolve, PRIMARY_REGION_TIMEOUT_MS + 100));
    expect(bound.abortSignal.aborted).toBe(true);
  });

  it('an alarm without a state it knows is insufficient data, not OK', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'alarm-primary' }] });
    expect(await port.readPrimaryAlarm()).toBe('insufficient-data');
  });

  it('the region answers but lists no such alarm (deleted, renamed): missing', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({});
    expect(await port.readPrimaryAlarm()).toBe('missing');
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    expect(await port.readPrimaryAlarm()).toBe('missing');
  });

  it.each([
    ['a timeout', 'dark', failure('TimeoutError')],
    ['a network error', 'dark', failure('ECONNREFUSED')],
    ['a 5xx', 'dark', failure('InternalFailure', 500)],
    ['AccessDenied (HTTP 403)', 'refused', failure('AccessDenied', 403)],
    ['throttling', 'refused', failure('Throttling', 400)],
  ])('%s is %s', async (_title, expected, error) => {
    cloudwatch.on(DescribeAlarmsCommand).rejects(error);
    expect(await port.readPrimaryAlarm()).toBe(expected);
  });
});

describe('awsPort.readLagMetric', () => {
  const silence = Date.UTC(2026, 11, 1, 10);

  it('asks for AuroraGlobalDBRPOLag under both dimension sets up to the silence, and takes the latest datapoint (the larger at a tie)', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [
      { Id: 'withsource', Timestamps: [new Date(silence - 60_000), new Date(silence - 120_000)], Values: [1200, 9000] },
      { Id: 'cluster', Timestamps: [new Date(silence - 60_000)], Values: [1800] },
    ] });
    expect(await port.readLagMetric(silence)).toEqual({ ok: true, lastSeconds: 1.8 });
    const input = cloudwatch.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(input.StartTime).toEqual(new Date(silence - SETTINGS.lagEvidenceMaxAgeSeconds * 1000));
    expect(input.EndTime).toEqual(new Date(silence));
    expect(input.MetricDataQueries?.map((q) => q.MetricStat?.Metric?.Dimensions)).toEqual([
      [{ Name: 'DBClusterIdentifier', Value: 'aurora-cluster-eu-west-1-prod' }, { Name: 'SourceRegion', Value: 'us-east-1' }],
      [{ Name: 'DBClusterIdentifier', Value: 'aurora-cluster-eu-west-1-prod' }],
    ]);
    expect(input.MetricDataQueries?.[0].MetricStat).toMatchObject({ Metric: { Namespace: 'AWS/RDS', MetricName: 'AuroraGlobalDBRPOLag' }, Period: 60, Stat: 'Maximum' });
  });

  it('no datapoint before the silence: no figure', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'withsource' }] });
    expect(await port.readLagMetric(silence)).toEqual({ ok: true });
    cloudwatch.on(GetMetricDataCommand).resolves({});
    expect(await port.readLagMetric(silence)).toEqual({ ok: true });
  });
});

describe('dynamoState: the reachability record and the claims in DynamoDB', () => {
  const state = dynamoState(clients.dynamodb, 'state', 'request-1');

  it('a condition that no longer holds deletes its record', async () => {
    dynamodb.on(DeleteItemCommand).resolves({});
    expect(await state.noteSince('primary-unreachable', false, 5_000, 40_000)).toBeUndefined();
    expect(dynamodb.commandCalls(DeleteItemCommand)[0].args[0].input).toEqual({ TableName: 'state', Key: { id: { S: 'primary-unreachable' } } });
  });

  it('a condition that holds keeps the first time any run saw it (if_not_exists) while it is refreshed within the gap, and expires a day later', async () => {
    dynamodb.on(UpdateItemCommand).resolves({ Attributes: { since: { N: '1000' } } });
    expect(await state.noteSince('primary-unreachable', true, 50_000, 40_000)).toBe(1000);
    expect(dynamodb.commandCalls(UpdateItemCommand)[0].args[0].input).toEqual({
      TableName: 'state',
      Key: { id: { S: 'primary-unreachable' } },
      UpdateExpression: 'SET since = if_not_exists(since, :now), seen = :now, expiresAt = :expires',
      ConditionExpression: 'attribute_not_exists(seen) OR seen >= :oldest',
      ExpressionAttributeValues: { ':now': { N: '50000' }, ':oldest': { N: '10000' }, ':expires': { N: String(Math.floor((50_000 + 86_400_000) / 1000)) } },
      ReturnValues: 'ALL_NEW',
    });
    dynamodb.on(UpdateItemCommand).resolves({});
    expect(await state.noteSince('primary-reachable-silent', true, 7_000, 40_000)).toBe(7_000);
    expect(dynamodb.commandCalls(UpdateItemCommand)[1].args[0].input.Key).toEqual({ id: { S: 'primary-reachable-silent' } });
  });

  it('a record nobody refreshed within the gap starts again from now; other errors are thrown', async () => {
    dynamodb.on(UpdateItemCommand).rejectsOnce(conditionFailed()).resolves({ Attributes: { since: { N: '90000' } } });
    expect(await state.noteSince('primary-api-dark', true, 90_000, 40_000)).toBe(90_000);
    expect(dynamodb.commandCalls(UpdateItemCommand)[1].args[0].input).toEqual({
      TableName: 'state',
      Key: { id: { S: 'primary-api-dark' } },
      UpdateExpression: 'SET since = :now, seen = :now, expiresAt = :expires',
      ExpressionAttributeValues: { ':now': { N: '90000' }, ':expires': { N: String(Math.floor((90_000 + 86_400_000) / 1000)) } },
    });
    dynamodb.on(UpdateItemCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(state.noteSince('primary-api-dark', true, 92_000, 40_000)).rejects.toThrow('ProvisionedThroughputExceededException');
  });

  it('a claim is a conditional put: won, or lost to an unexpired claim; other errors are thrown', async () => {
    dynamodb.on(PutItemCommand).resolves({});
    expect(await state.claim('failover', 10_000, 120)).toBe(true);
    expect(dynamodb.commandCalls(PutItemCommand)[0].args[0].input).toEqual({
      TableName: 'state',
      Item: { id: { S: 'failover' }, holder: { S: 'request-1' }, expiresAt: { N: '130' } },
      ConditionExpression: 'attribute_not_exists(id) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': { N: '10' } },
    });
    dynamodb.on(PutItemCommand).rejects(conditionFailed());
    expect(await state.claim('failover', 10_000, 120)).toBe(false);
    dynamodb.on(PutItemCommand).rejects(new Error('ResourceNotFoundException'));
    await expect(state.claim('failover', 10_000, 120)).rejects.toThrow('ResourceNotFoundException');
  });

  it('a release deletes only this run\'s claim', async () => {
    dynamodb.on(DeleteItemCommand).resolves({});
    await state.release('failover');
    expect(dynamodb.commandCalls(DeleteItemCommand)[0].args[0].input).toEqual({
      TableName: 'state', Key: { id: { S: 'failover' } }, ConditionExpression: 'holder = :me', ExpressionAttributeValues: { ':me': { S: 'request-1' } },
    });
    dynamodb.on(DeleteItemCommand).rejects(conditionFailed());
    await expect(state.release('failover')).resolves.toBeUndefined();
  });
});

describe('awsPort actions', () => {
  it('failOver: FailoverGlobalCluster to the secondary with AllowDataLoss', async () => {
    rds.on(FailoverGlobalClusterCommand).resolves({});
    await port.failOver();
    expect(rds.commandCalls(FailoverGlobalClusterCommand).map((c) => c.args[0].input)).toEqual([
      { GlobalClusterIdentifier: 'aurora-global-prod', TargetDbClusterIdentifier: SECONDARY, AllowDataLoss: true },
    ]);
  });

  it('notify: publishes to the topic, the subject cut to SNS\'s 100 characters', async () => {
    sns.on(PublishCommand).resolves({});
    await port.notify('x'.repeat(150), 'body');
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([{ TopicArn: TARGETS.topicArn, Subject: 'x'.repeat(100), Message: 'body' }]);
  });

  it('now is the wall clock: state times are comparable between runs', () => {
    const before = Date.now();
    expect(port.now()).toBeGreaterThanOrEqual(before);
  });
});

describe('awsPort.readPrimaryCluster', () => {

  const members = [{ DBInstanceIdentifier: 'aurora-instance-1-us-east-1-prod', IsClusterWriter: false }, { DBInstanceIdentifier: 'aurora-instance-2-us-east-1-prod', IsClusterWriter: true }];

  it('asks the primary region for the primary cluster only, then for its writer instance only, and reports both statuses', async () => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: PRIMARY }).resolves({ DBClusters: [{ Status: 'available', DBClusterMembers: members }] });
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'aurora-instance-2-us-east-1-prod' }).resolves({ DBInstances: [{ DBInstanceStatus: 'rebooting' }] });
    expect(await port.readPrimaryCluster()).toEqual({ answered: true, status: 'available', hasWriter: true, writerStatus: 'rebooting' });
    // One call each, the instance read after the cluster's, both through the primary region's bounded client.
    expect(rds.calls().map((c) => c.args[0].constructor.name)).toEqual(['DescribeDBClustersCommand', 'DescribeDBInstancesCommand']);
    expect(rds.commandCalls(DescribeDBInstancesCommand)[0].args[0].input).toEqual({ DBInstanceIdentifier: 'aurora-instance-2-us-east-1-prod' });
  });

  it('no writer listed: no instance read, no writer status', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'failing-over', DBClusterMembers: [members[0]] }] });
    expect(await port.readPrimaryCluster()).toEqual({ answered: true, status: 'failing-over', hasWriter: false });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{}] });
    expect(await port.readPrimaryCluster()).toEqual({ answered: true, status: 'unknown', hasWriter: false });
    // A writer the answer does not name cannot be asked about.
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available', DBClusterMembers: [{ IsClusterWriter: true }] }] });
    expect(await port.readPrimaryCluster()).toEqual({ answered: true, status: 'available', hasWriter: true });
    expect(rds.commandCalls(DescribeDBInstancesCommand)).toHaveLength(0);
  });

  it.each([
    ['AccessDenied (the writer is an instance the stack did not create)', failure('AccessDenied', 403)],
    ['a timeout', failure('TimeoutError')],
    ['not found (the writer was just deleted)', failure('DBInstanceNotFound', 404)],
  ])('the writer\'s read failing with %s keeps the cluster\'s answer, without a writer status', async (_title, error) => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available', DBClusterMembers: members }] });
    rds.on(DescribeDBInstancesCommand).rejects(error);
    expect(await port.readPrimaryCluster()).toEqual({ answered: true, status: 'available', hasWriter: true });
  });

  it('the writer\'s read listing no instance, or one without a status, adds no writer status', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available', DBClusterMembers: members }] });
    rds.on(DescribeDBInstancesCommand).resolves({});
    expect(await port.readPrimaryCluster()).toEqual({ answered: true, status: 'available', hasWriter: true });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{}] });
    expect(await port.readPrimaryCluster()).toEqual({ answered: true, status: 'available', hasWriter: true });
  });

  it('no cluster listed is a refusal, not darkness', async () => {
    rds.on(DescribeDBClustersCommand).resolves({});
    expect(await port.readPrimaryCluster()).toMatchObject({ answered: false, kind: 'refused' });
  });

  it.each([
    ['a timeout', 'dark', failure('TimeoutError')],
    ['a network error', 'dark', failure('ECONNREFUSED')],
    ['a 5xx', 'dark', failure('InternalFailure', 503)],
    ['AccessDenied', 'refused', failure('AccessDenied', 403)],
    ['throttling', 'refused', failure('Throttling', 400)],
    ['not found', 'refused', failure('DBClusterNotFoundFault', 404)],
  ])('%s is %s', async (_title, kind, error) => {
    rds.on(DescribeDBClustersCommand).rejects(error);
    expect(await port.readPrimaryCluster()).toEqual({ answered: false, kind, cause: `${error.name}: ${error.message}` });
  });

  it('classifies anything without a status code as dark', () => {
    expect(controlPlaneFailure(undefined)).toBe('dark');
    expect(controlPlaneFailure(new Error('x'))).toBe('dark');
  });
});
