import type { OrchestratorSettings } from './decide';

/** Manual mode pages again this often while the primary stays down and nobody has failed over. */
export const REMIND_EVERY_SECONDS = 900;

/** Where the AWS adapter finds what it reads and acts on. */
export interface AwsTargets {
  readonly primaryRegion: string;
  readonly primaryAlarmName: string;
  readonly secondaryCanaryFunction: string;
  readonly topicArn: string;
}

export interface OrchestratorConfig {
  readonly settings: OrchestratorSettings;
  readonly targets: AwsTargets;
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
  const settings: OrchestratorSettings = {
    mode: mode as OrchestratorSettings['mode'],
    globalClusterId: text('GLOBAL_CLUSTER_ID'),
    secondaryClusterArn: text('SECONDARY_CLUSTER_ARN'),
    secondaryRegion: text('AWS_REGION'),
    staleAfterSeconds: seconds('STALE_AFTER_SECONDS', 1),
    confirmationSeconds: seconds('CONFIRMATION_SECONDS', 0),
    intervalSeconds: seconds('INTERVAL_SECONDS', 1),
    remindEverySeconds: REMIND_EVERY_SECONDS,
  };
  const targets: AwsTargets = {
    primaryRegion: text('PRIMARY_REGION'),
    primaryAlarmName: text('PRIMARY_ALARM_NAME'),
    secondaryCanaryFunction: text('SECONDARY_CANARY_FUNCTION'),
    topicArn: text('TOPIC_ARN'),
  };
  return problems.length > 0 ? { problems } : { config: { settings, targets } };
}
