import type { GlobalClusterView, OrchestratorSettings } from '../../lambda/orchestrator/decide';

/** The orchestrator's settings and a healthy global cluster, shared by its tests. */
export const SECONDARY = 'arn:aws:rds:eu-west-1:123456789012:cluster:aurora-cluster-eu-west-1-prod';
export const PRIMARY = 'arn:aws:rds:us-east-1:123456789012:cluster:aurora-cluster-us-east-1-prod';

export const SETTINGS: OrchestratorSettings = {
  mode: 'automatic',
  globalClusterId: 'aurora-global-prod',
  secondaryClusterArn: SECONDARY,
  secondaryRegion: 'eu-west-1',
  staleAfterSeconds: 65,
  confirmationSeconds: 30,
  intervalSeconds: 60,
  remindEverySeconds: 900,
};

export const HEALTHY_CLUSTER: GlobalClusterView = {
  status: 'available',
  members: [{ arn: PRIMARY, isWriter: true }, { arn: SECONDARY, isWriter: false }],
};


/** The environment the Pulumi program gives the orchestrator function. */
export const ENV = {
  AWS_REGION: 'eu-west-1',
  FAILOVER_MODE: 'automatic',
  GLOBAL_CLUSTER_ID: 'aurora-global-prod',
  SECONDARY_CLUSTER_ARN: 'arn:aws:rds:eu-west-1:123456789012:cluster:c',
  PRIMARY_REGION: 'us-east-1',
  PRIMARY_ALARM_NAME: 'alarm-db-connectivity-us-east-1-prod',
  SECONDARY_CANARY_FUNCTION: 'lambda-db-canary-eu-west-1-prod',
  TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:t',
  STALE_AFTER_SECONDS: '65',
  CONFIRMATION_SECONDS: '30',
  INTERVAL_SECONDS: '60',
};

