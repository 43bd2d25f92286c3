import type { GlobalClusterView, OrchestratorSettings, SecondaryProbe } from '../../lambda/orchestrator/decide';
import type { ClaimSettings } from '../../lambda/orchestrator/orchestrate';

/** The orchestrator's settings and a healthy global cluster, shared by its tests. */
export const SECONDARY = 'arn:aws:rds:eu-west-1:123456789012:cluster:aurora-cluster-eu-west-1-prod';
export const PRIMARY = 'arn:aws:rds:us-east-1:123456789012:cluster:aurora-cluster-us-east-1-prod';

export const SETTINGS: OrchestratorSettings & ClaimSettings = {
  mode: 'automatic',
  globalClusterId: 'aurora-global-prod',
  secondaryClusterArn: SECONDARY,
  secondaryRegion: 'eu-west-1',
  staleAfterSeconds: 15,
  confirmationSeconds: 20,
  slowConfirmationSeconds: 180,
  inRegionRecoverySeconds: 60,
  intervalSeconds: 10,
  remindEverySeconds: 900,
  primaryAlarmDelaySeconds: 180,
  rpoBudgetSeconds: 60,
  lagEvidenceMaxAgeSeconds: 300,
  failoverClaimSeconds: 120,
};

export const HEALTHY_CLUSTER: GlobalClusterView = {
  status: 'available',
  members: [{ arn: PRIMARY, isWriter: true }, { arn: SECONDARY, isWriter: false }],
};

/** What the secondary canary reports: a heartbeat of `age` seconds and the primary reachable or not. */
export function probe(age: number | undefined, reachable = true, extra: Partial<Extract<SecondaryProbe, { ok: true }>> = {}): SecondaryProbe {
  return {
    ok: true,
    writable: false,
    ...(age === undefined ? {} : { heartbeatAgeSeconds: age }),
    primary: reachable ? { reachable: true } : { reachable: false, cause: 'timeout: no answer within 5000 ms' },
    ...extra,
  };
}

/** The environment the Pulumi program gives the orchestrator function. */
export const ENV = {
  AWS_REGION: 'eu-west-1',
  FAILOVER_MODE: 'automatic',
  GLOBAL_CLUSTER_ID: 'aurora-global-prod',
  SECONDARY_CLUSTER_ARN: 'arn:aws:rds:eu-west-1:123456789012:cluster:aurora-cluster-eu-west-1-prod',
  PRIMARY_REGION: 'us-east-1',
  PRIMARY_CLUSTER_ARN: PRIMARY,
  INSTANCES_PER_CLUSTER: '2',
  PRIMARY_ALARM_NAME: 'alarm-db-connectivity-us-east-1-prod',
  SECONDARY_CANARY_FUNCTION: 'lambda-db-canary-eu-west-1-prod',
  TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:t',
  STATE_TABLE: 'dynamodb-failover-state-eu-west-1-prod',
  STALE_AFTER_SECONDS: '15',
  CONFIRMATION_SECONDS: '20',
  PRIMARY_ALARM_DELAY_SECONDS: '180',
  RPO_BUDGET_SECONDS: '60',
  PROBE_INTERVAL_SECONDS: '10',
  PROBE_WINDOW_SECONDS: '0',
  FAILOVER_CLAIM_SECONDS: '120',
};
