/**
 * The schedules, periods and TTLs the stack is built with. The components deploy these values and the
 * recovery budget (`recovery-budget.ts`) adds them up, so a change here changes both: the budget can
 * never describe a stack other than the one deployed. Pure values, no Pulumi: the generator uses them too.
 */

/** Each region's connectivity canary runs this often; the writer's run also writes the heartbeat. */
export const CANARY_INTERVAL_SECONDS = 60;
/** EventBridge schedule of the canaries: every CANARY_INTERVAL_SECONDS. */
export const CANARY_SCHEDULE = 'rate(1 minute)';

/** Standard-resolution period: Route 53 health checks can only watch alarms on such metrics. */
export const ALARM_PERIOD_SECONDS = 60;
/** Consecutive failed canary minutes before a region counts as unreachable. */
export const CONNECTIVITY_EVALUATION_PERIODS = 2;

/** Seconds resolvers may cache the database name; part of the recovery time. */
export const DATABASE_RECORD_TTL_SECONDS = 30;

/** The failover orchestrator in the secondary region runs this often. */
export const ORCHESTRATOR_INTERVAL_SECONDS = 60;
/** EventBridge schedule of the orchestrator: every ORCHESTRATOR_INTERVAL_SECONDS. */
export const ORCHESTRATOR_SCHEDULE = 'rate(1 minute)';

/**
 * With `failoverMode: manual` somebody must read the notification and run the failover command. The
 * budget assumes this long for it (page, acknowledge, check the dashboards, run one command); a team
 * that answers its pages more slowly must raise the RTO target or choose automatic failover.
 */
export const MANUAL_RESPONSE_SECONDS = 480;

/** Lowest value Aurora PostgreSQL accepts for `rds.global_db_rpo` (seconds). */
export const GLOBAL_DB_RPO_MINIMUM_SECONDS = 20;

/**
 * Value for `rds.global_db_rpo`: half the RPO target, never below what Aurora accepts. With it set, the
 * primary blocks commits while every secondary lags more than this, so no failover loses more. Half,
 * not all of it: Aurora checks the lag periodically, so the bound is approximate, and the other half
 * is the margin the budget keeps for that.
 */
export function globalDbRpoSeconds(rpoTargetSeconds: number): number {
  return Math.max(GLOBAL_DB_RPO_MINIMUM_SECONDS, Math.floor(rpoTargetSeconds / 2));
}
