import { inRegionRecoverySeconds, slowPathWindowSeconds } from '../../lib/config/timings';
import type { OrchestratorSettings } from './decide';
import type { ClaimSettings } from './orchestrate';

/** A page is repeated this often while its reason lasts. */
export const REMIND_EVERY_SECONDS = 900;
/** A lag figure older than this before the primary went silent is no evidence of the loss. */
export const LAG_EVIDENCE_MAX_AGE_SECONDS = 300;

/** Where the AWS adapter finds what it reads and acts on. */
export interface AwsTargets {
  readonly primaryRegion: string;
  readonly primaryAlarmName: string;
  /** The primary cluster's ARN: read through the primary region's RDS API (DescribeDBClusters). */
  readonly primaryClusterArn: string;
  readonly secondaryCanaryFunction: string;
  /** The secondary cluster's identifier: the lag metric's DBClusterIdentifier. */
  readonly secondaryClusterId: string;
  readonly topicArn: string;
  /** The DynamoDB table of lambda/orchestrator/state.ts. */
  readonly stateTable: string;
}

export interface OrchestratorConfig {
  readonly settings: OrchestratorSettings & ClaimSettings;
  readonly targets: AwsTargets;
  /** A scheduled invocation probes for this long (0: one probe). */
  readonly windowMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The function's environment, checked: every problem at once, naming the variable, its value and what
 * is allowed. The Pulumi program (lib/failover-orchestrator.ts) sets all of them; Lambda sets AWS_REGION.
 */
export function readOrchestratorConfig(env: Env): { config: OrchestratorConfig } | { problems: string[] } {
  const problems: string[] = [];
  const text = (name: string) => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const seconds = (name: string, min: number) => {
    const raw = text(name);
    const value = Number(raw);
    if (raw && !(Number.isInteger(value) && value >= min)) problems.push(`${name} "${raw}" is not a whole number of seconds ≥ ${min}`);
    return value;
  };
  const mode = text('FAILOVER_MODE');
  if (mode && mode !== 'automatic' && mode !== 'manual') problems.push(`FAILOVER_MODE "${mode}" is neither "automatic" nor "manual"`);
  const secondaryClusterArn = text('SECONDARY_CLUSTER_ARN');
  const confirmationSeconds = seconds('CONFIRMATION_SECONDS', 0);
  const primaryAlarmDelaySeconds = seconds('PRIMARY_ALARM_DELAY_SECONDS', 0);
  const raw = text('INSTANCES_PER_CLUSTER');
  const instancesPerCluster = Number(raw);
  if (raw && !(Number.isInteger(instancesPerCluster) && instancesPerCluster >= 1)) problems.push(`INSTANCES_PER_CLUSTER "${raw}" is not a whole number ≥ 1`);
  const settings: OrchestratorSettings & ClaimSettings = {
    mode: mode as OrchestratorSettings['mode'],
    globalClusterId: text('GLOBAL_CLUSTER_ID'),
    secondaryClusterArn,
    secondaryRegion: text('AWS_REGION'),
    staleAfterSeconds: seconds('STALE_AFTER_SECONDS', 1),
    confirmationSeconds,
    slowConfirmationSeconds: slowPathWindowSeconds(confirmationSeconds, instancesPerCluster, mode === 'manual' ? 'manual' : 'automatic', primaryAlarmDelaySeconds),
    inRegionRecoverySeconds: inRegionRecoverySeconds(instancesPerCluster),
    intervalSeconds: seconds('PROBE_INTERVAL_SECONDS', 1),
    remindEverySeconds: REMIND_EVERY_SECONDS,
    primaryAlarmDelaySeconds,
    rpoBudgetSeconds: seconds('RPO_BUDGET_SECONDS', 1),
    lagEvidenceMaxAgeSeconds: LAG_EVIDENCE_MAX_AGE_SECONDS,
    failoverClaimSeconds: seconds('FAILOVER_CLAIM_SECONDS', 1),
  };
  const windowSeconds = seconds('PROBE_WINDOW_SECONDS', 0);
  const targets: AwsTargets = {
    primaryRegion: text('PRIMARY_REGION'),
    primaryAlarmName: text('PRIMARY_ALARM_NAME'),
    primaryClusterArn: text('PRIMARY_CLUSTER_ARN'),
    secondaryCanaryFunction: text('SECONDARY_CANARY_FUNCTION'),
    // arn:aws:rds:<region>:<account>:cluster:<identifier>
    secondaryClusterId: secondaryClusterArn.split(':').pop() as string,
    topicArn: text('TOPIC_ARN'),
    stateTable: text('STATE_TABLE'),
  };
  return problems.length > 0 ? { problems } : { config: { settings, targets, windowMs: windowSeconds * 1000 } };
}
