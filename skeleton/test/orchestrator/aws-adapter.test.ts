import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeGlobalClustersCommand, FailoverGlobalClusterCommand, RDSClient } from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { PRIMARY_REGION_TIMEOUT_MS, awsPort, createAwsClients } from '../../lambda/orchestrator/aws-adapter';
import { PRIMARY, SECONDARY, SETTINGS } from './fixtures';

const rds = mockClient(RDSClient);
const lambda = mockClient(LambdaClient);
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
const TARGETS = { primaryRegion: 'us-east-1', primaryAlarmName: 'alarm-primary', secondaryCanaryFunction: 'canary-eu', topicArn: 'arn:aws:sns:eu-west-1:1:t' };
const clients = createAwsClients('eu-west-1', 'us-east-1');
const port = awsPort(clients, SETTINGS, TARGETS);
const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)) as never;

beforeEach(() => {
  for (const mock of [rds, lambda, sns, cloudwatch]) mock.reset();
});

describe('createAwsClients', () => {
  it('talks to the secondary region, and to the primary region only for its alarm, with a short timeout and no retry', async () => {
    expect(await clients.rds.config.region()).toBe('eu-west-1');
    expect(await clients.lambda.config.region()).toBe('eu-west-1');
    expect(await clients.sns.config.region()).toBe('eu-west-1');
    expect(await clients.primaryCloudWatch.config.region()).toBe('us-east-1');
    expect(await clients.primaryCloudWatch.config.maxAttempts()).toBe(1);
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

describe('awsPort.readSecondaryCanary', () => {
  it('invokes the secondary canary synchronously and reads the heartbeat age it returns', async () => {
    lambda.on(InvokeCommand, { FunctionName: 'canary-eu', InvocationType: 'RequestResponse' }).resolves({ Payload: payload({ ok: true, writable: false, heartbeat: { region: 'us-east-1', ageSeconds: 42.5 } }) });
    expect(await port.readSecondaryCanary()).toEqual({ ok: true, writable: false, heartbeatAgeSeconds: 42.5 });
  });

  it('a writable canary without a heartbeat', async () => {
    lambda.on(InvokeCommand).resolves({ Payload: payload({ ok: true, writable: true }) });
    expect(await port.readSecondaryCanary()).toEqual({ ok: true, writable: true });
  });

  it('a failed canary run, a crashed function, an empty answer', async () => {
    lambda.on(InvokeCommand).resolves({ Payload: payload({ ok: false, cause: 'timeout' }) });
    expect(await port.readSecondaryCanary()).toEqual({ ok: false, cause: 'timeout' });
    lambda.on(InvokeCommand).resolves({ Payload: payload({ ok: false }) });
    expect(await port.readSecondaryCanary()).toEqual({ ok: false, cause: 'unknown' });
    lambda.on(InvokeCommand).resolves({ FunctionError: 'Unhandled', Payload: payload({ errorMessage: 'boom' }) });
    expect(await port.readSecondaryCanary()).toEqual({ ok: false, cause: 'the canary function failed (Unhandled): {"errorMessage":"boom"}' });
    lambda.on(InvokeCommand).resolves({ FunctionError: 'Unhandled' });
    expect(await port.readSecondaryCanary()).toEqual({ ok: false, cause: 'the canary function failed (Unhandled): ' });
  });
});

describe('awsPort.readPrimaryAlarm', () => {
  it.each([['OK', 'ok'], ['ALARM', 'alarm'], ['INSUFFICIENT_DATA', 'unknown']])('%s → %s', async (state, expected) => {
    cloudwatch.on(DescribeAlarmsCommand, { AlarmNames: ['alarm-primary'] }).resolves({ MetricAlarms: [{ StateValue: state as never }] });
    expect(await port.readPrimaryAlarm()).toBe(expected);
  });

  it('no such alarm, or a primary region that does not answer: unknown', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({});
    expect(await port.readPrimaryAlarm()).toBe('unknown');
    cloudwatch.on(DescribeAlarmsCommand).rejects(new Error('connect ETIMEDOUT'));
    expect(await port.readPrimaryAlarm()).toBe('unknown');
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
});
