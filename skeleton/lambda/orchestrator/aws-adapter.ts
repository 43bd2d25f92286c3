import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeGlobalClustersCommand, FailoverGlobalClusterCommand, RDSClient } from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CONDITIONAL_CHECK_FAILED, GLOBAL_LAG_DIMENSIONS, RPO_LAG_METRIC, type METRIC_ALARM_STATES } from '../../lib/config/aws-facts';
import { PRIMARY_REGION_TIMEOUT_SECONDS } from '../../lib/config/timings';
import type { AwsTargets } from './config';
import type { GlobalClusterView, LagMetricReading, OrchestratorSettings, PrimaryAlarm, PrimaryClusterReading, SecondaryProbe } from './decide';
import type { OrchestratorPort } from './orchestrate';
import { secondaryProbe, type ProbeAnswer } from './probe-answer';
import type { FailoverState } from './state';

export interface AwsClients {
  /** RDS in the secondary region: FailoverGlobalCluster must be called in the target's region. */
  readonly rds: RDSClient;
  readonly lambda: LambdaClient;
  readonly sns: SNSClient;
  /** CloudWatch in the secondary region, where Aurora publishes the lag metric. */
  readonly cloudWatch: CloudWatchClient;
  readonly dynamodb: DynamoDBClient;
  /** CloudWatch in the primary region: short timeouts, it may be the region that is down. */
  readonly primaryCloudWatch: CloudWatchClient;
  /** RDS in the primary region, bounded alike: whether it answers is the evidence. */
  readonly primaryRds: RDSClient;
}

/**
 * CloudWatch's alarm states (aws-facts.ts METRIC_ALARM_STATES) as the orchestrator reads them. A state
 * this table does not know reads as insufficient data: no evidence either way.
 */
const ALARM_STATES: Readonly<Record<(typeof METRIC_ALARM_STATES)[number], PrimaryAlarm>> = { OK: 'ok', ALARM: 'alarm', INSUFFICIENT_DATA: 'insufficient-data' };

/** Bound on calls to the primary region: a region that is down must not hold up the probe. */
export const PRIMARY_REGION_TIMEOUT_MS = PRIMARY_REGION_TIMEOUT_SECONDS * 1000;

/**
 * The whole of one call to the primary region, however slowly its answer trickles in: the client's
 * timeouts bound the connection and each wait for data, not the call. An aborted call counts as dark.
 */
export const primaryCallBound = () => ({ abortSignal: AbortSignal.timeout(PRIMARY_REGION_TIMEOUT_MS) });

export function createAwsClients(secondaryRegion: string, primaryRegion: string): AwsClients {
  const primaryBound = {
    region: primaryRegion,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: PRIMARY_REGION_TIMEOUT_MS, requestTimeout: PRIMARY_REGION_TIMEOUT_MS, throwOnRequestTimeout: true },
  };
  return {
    rds: new RDSClient({ region: secondaryRegion }),
    lambda: new LambdaClient({ region: secondaryRegion }),
    sns: new SNSClient({ region: secondaryRegion }),
    cloudWatch: new CloudWatchClient({ region: secondaryRegion }),
    dynamodb: new DynamoDBClient({ region: secondaryRegion }),
    primaryCloudWatch: new CloudWatchClient(primaryBound),
    primaryRds: new RDSClient(primaryBound),
  };
}

/** The reachability record and the claims of lambda/orchestrator/state.ts, in one DynamoDB table keyed by `id`. */
export function dynamoState(client: DynamoDBClient, table: string, holder: string): FailoverState {
  const conditionFailed = (error: Error) => {
    if (error.name === CONDITIONAL_CHECK_FAILED) return false;
    throw error;
  };
  const epochSeconds = (ms: number) => String(Math.floor(ms / 1000));
  return {
    async noteSince(condition, holds, nowMs, maxGapMs) {
      if (!holds) {
        await client.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: condition } } }));
        return undefined;
      }
      const values = { ':now': { N: String(nowMs) }, ':expires': { N: epochSeconds(nowMs + 86_400_000) } };
      // The earliest time wins: if_not_exists keeps the first run's, while the record was refreshed within
      // the gap. Expires a day later, if nobody clears it.
      const kept = await client.send(new UpdateItemCommand({
        TableName: table,
        Key: { id: { S: condition } },
        UpdateExpression: 'SET since = if_not_exists(since, :now), seen = :now, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(seen) OR seen >= :oldest',
        ExpressionAttributeValues: { ...values, ':oldest': { N: String(nowMs - maxGapMs) } },
        ReturnValues: 'ALL_NEW',
      })).catch((error: Error) => {
        if (error.name === CONDITIONAL_CHECK_FAILED) return undefined;
        throw error;
      });
      if (kept) return Number(kept.Attributes?.since?.N ?? nowMs);
      // Not refreshed within the gap: start again.
      await client.send(new UpdateItemCommand({
        TableName: table,
        Key: { id: { S: condition } },
        UpdateExpression: 'SET since = :now, seen = :now, expiresAt = :expires',
        ExpressionAttributeValues: values,
      }));
      return nowMs;
    },
    async claim(key, nowMs, ttlSeconds) {
      return client.send(new PutItemCommand({
        TableName: table,
        Item: { id: { S: key }, holder: { S: holder }, expiresAt: { N: epochSeconds(nowMs + ttlSeconds * 1000) } },
        ConditionExpression: 'attribute_not_exists(id) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': { N: epochSeconds(nowMs) } },
      })).then(() => true, conditionFailed);
    },
    async release(key) {
      await client.send(new DeleteItemCommand({
        TableName: table,
        Key: { id: { S: key } },
        ConditionExpression: 'holder = :me',
        ExpressionAttributeValues: { ':me': { S: holder } },
      })).catch(conditionFailed);
    },
  };
}

/** The orchestrator's reads and actions with AWS SDK v3 clients; `runId` marks this run's claims. */
export function awsPort(clients: AwsClients, settings: OrchestratorSettings, targets: AwsTargets, runId: string): OrchestratorPort {
  return {
    now: () => Date.now(),
    state: dynamoState(clients.dynamodb, targets.stateTable, runId),

    async readGlobalCluster(): Promise<GlobalClusterView | undefined> {
      try {
        const { GlobalClusters = [] } = await clients.rds.send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: settings.globalClusterId }));
        const [cluster] = GlobalClusters;
        if (!cluster) return undefined;
        const state = cluster.FailoverState;
        return {
          status: cluster.Status ?? 'unknown',
          members: (cluster.GlobalClusterMembers ?? []).map((m) => ({ arn: m.DBClusterArn ?? '', isWriter: m.IsWriter === true })),
          ...(state?.Status ? { operation: { status: state.Status, dataLossAllowed: state.IsDataLossAllowed === true } } : {}),
        };
      } catch (error) {
        if ((error as Error).name === 'GlobalClusterNotFoundFault') return undefined;
        throw error;
      }
    },

    async probeSecondary(): Promise<SecondaryProbe> {
      const response = await clients.lambda.send(new InvokeCommand({
        FunctionName: targets.secondaryCanaryFunction,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify({ action: 'probe' })),
      }));
      const text = new TextDecoder().decode(response.Payload ?? new Uint8Array());
      if (response.FunctionError) return { ok: false, cause: `the canary function failed (${response.FunctionError}): ${text}` };
      return secondaryProbe(JSON.parse(text) as ProbeAnswer);
    },

    async readPrimaryAlarm(): Promise<PrimaryAlarm> {
      try {
        const { MetricAlarms = [] } = await clients.primaryCloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [targets.primaryAlarmName] }), primaryCallBound());
        const [alarm] = MetricAlarms;
        if (!alarm) return 'missing';
        return ALARM_STATES[alarm.StateValue as keyof typeof ALARM_STATES] ?? 'insufficient-data';
      } catch (error) {
        return controlPlaneFailure(error);
      }
    },

    async readPrimaryCluster(): Promise<PrimaryClusterReading> {
      try {
        const { DBClusters = [] } = await clients.primaryRds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: targets.primaryClusterArn }), primaryCallBound());
        const [cluster] = DBClusters;
        if (!cluster) return { answered: false, kind: 'refused', cause: `DescribeDBClusters listed no cluster ${targets.primaryClusterArn}` };
        const writer = (cluster.DBClusterMembers ?? []).find((m) => m.IsClusterWriter === true);
        const reading = { answered: true as const, status: cluster.Status ?? 'unknown', hasWriter: writer !== undefined };
        const writerStatus = writer?.DBInstanceIdentifier ? await readInstanceStatus(clients.primaryRds, writer.DBInstanceIdentifier) : undefined;
        return writerStatus === undefined ? reading : { ...reading, writerStatus };
      } catch (error) {
        return { answered: false, kind: controlPlaneFailure(error), cause: failureCause(error) };
      }
    },

    async readLagMetric(silenceStartedAtMs: number): Promise<LagMetricReading> {
      // Both dimension sets the metric may be published under (aws-facts.ts GLOBAL_LAG_DIMENSIONS).
      const values: Record<string, string> = { DBClusterIdentifier: targets.secondaryClusterId, SourceRegion: targets.primaryRegion };
      const query = (id: string, names: readonly string[]) => ({
        Id: id,
        MetricStat: {
          Metric: { Namespace: 'AWS/RDS', MetricName: RPO_LAG_METRIC, Dimensions: names.map((Name) => ({ Name, Value: values[Name] })) },
          Period: 60,
          Stat: 'Maximum',
        },
      });
      const { MetricDataResults = [] } = await clients.cloudWatch.send(new GetMetricDataCommand({
        MetricDataQueries: [query('withsource', GLOBAL_LAG_DIMENSIONS), query('cluster', ['DBClusterIdentifier'])],
        StartTime: new Date(silenceStartedAtMs - settings.lagEvidenceMaxAgeSeconds * 1000),
        EndTime: new Date(silenceStartedAtMs),
      }));
      // The latest datapoint of either set before the silence; the larger where both have it.
      const points = MetricDataResults.flatMap((r) => (r.Timestamps ?? []).map((t, i) => ({ at: t.getTime(), ms: Number(r.Values?.[i]) })));
      if (points.length === 0) return { ok: true };
      const latest = Math.max(...points.map((p) => p.at));
      return { ok: true, lastSeconds: Math.max(...points.filter((p) => p.at === latest).map((p) => p.ms)) / 1000 };
    },

    async failOver(): Promise<void> {
      await clients.rds.send(new FailoverGlobalClusterCommand({
        GlobalClusterIdentifier: settings.globalClusterId,
        TargetDbClusterIdentifier: settings.secondaryClusterArn,
        AllowDataLoss: true,
      }));
    },

    async notify(subject: string, message: string): Promise<void> {
      // SNS subjects: at most 100 characters.
      await clients.sns.send(new PublishCommand({ TopicArn: targets.topicArn, Subject: subject.slice(0, 100), Message: message }));
    },
  };
}

/**
 * The status of one DB instance (DescribeDBInstances naming it: authorized against that instance's ARN,
 * aws-facts.ts PRIMARY_WRITER_READ_ACTION), or undefined when the read fails or lists no such instance.
 * It comes after DescribeDBClusters has answered, so a failure here says nothing new about the region:
 * it leaves the cluster's reading as it was.
 */
async function readInstanceStatus(client: RDSClient, instanceIdentifier: string): Promise<string | undefined> {
  try {
    const { DBInstances = [] } = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instanceIdentifier }), primaryCallBound());
    return DBInstances[0]?.DBInstanceStatus;
  } catch {
    return undefined;
  }
}

const failureCause = (error: unknown) => `${(error as Error).name}: ${(error as Error).message}`;

/**
 * How a call to the primary region failed: `refused` when the service answered with a client error
 * (4xx: AccessDenied, throttling, not found), `dark` when it did not answer (timeout, network error,
 * no status at all) or failed on its side (5xx).
 */
export function controlPlaneFailure(error: unknown): 'dark' | 'refused' {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500 ? 'refused' : 'dark';
}
