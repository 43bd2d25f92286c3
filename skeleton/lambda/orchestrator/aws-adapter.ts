import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeGlobalClustersCommand, FailoverGlobalClusterCommand, RDSClient } from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AwsTargets } from './config';
import type { CanaryReading, GlobalClusterView, OrchestratorSettings, PrimaryAlarm } from './decide';
import type { OrchestratorPort } from './orchestrate';

export interface AwsClients {
  /** RDS in the secondary region: FailoverGlobalCluster must be called in the target's region. */
  readonly rds: RDSClient;
  readonly lambda: LambdaClient;
  readonly sns: SNSClient;
  /** CloudWatch in the primary region: short timeouts, it may be the region that is down. */
  readonly primaryCloudWatch: CloudWatchClient;
}

/** Bound on calls to the primary region: a region that is down must not hold up the run. */
export const PRIMARY_REGION_TIMEOUT_MS = 3000;

export function createAwsClients(secondaryRegion: string, primaryRegion: string): AwsClients {
  return {
    rds: new RDSClient({ region: secondaryRegion }),
    lambda: new LambdaClient({ region: secondaryRegion }),
    sns: new SNSClient({ region: secondaryRegion }),
    primaryCloudWatch: new CloudWatchClient({
      region: primaryRegion,
      maxAttempts: 1,
      requestHandler: { connectionTimeout: PRIMARY_REGION_TIMEOUT_MS, requestTimeout: PRIMARY_REGION_TIMEOUT_MS, throwOnRequestTimeout: true },
    }),
  };
}

/** The orchestrator's reads and actions with AWS SDK v3 clients. */
export function awsPort(clients: AwsClients, settings: OrchestratorSettings, targets: AwsTargets): OrchestratorPort {
  return {
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

    async readSecondaryCanary(): Promise<CanaryReading> {
      const response = await clients.lambda.send(new InvokeCommand({ FunctionName: targets.secondaryCanaryFunction, InvocationType: 'RequestResponse', Payload: new TextEncoder().encode('{}') }));
      const text = new TextDecoder().decode(response.Payload ?? new Uint8Array());
      if (response.FunctionError) return { ok: false, cause: `the canary function failed (${response.FunctionError}): ${text}` };
      const result = JSON.parse(text) as { ok: boolean; cause?: string; writable?: boolean; heartbeat?: { ageSeconds: number } };
      if (!result.ok) return { ok: false, cause: result.cause ?? 'unknown' };
      return { ok: true, writable: result.writable === true, ...(result.heartbeat ? { heartbeatAgeSeconds: result.heartbeat.ageSeconds } : {}) };
    },

    async readPrimaryAlarm(): Promise<PrimaryAlarm> {
      try {
        const { MetricAlarms = [] } = await clients.primaryCloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [targets.primaryAlarmName] }));
        const state = MetricAlarms[0]?.StateValue;
        return state === 'OK' ? 'ok' : state === 'ALARM' ? 'alarm' : 'unknown';
      } catch {
        return 'unknown';
      }
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
