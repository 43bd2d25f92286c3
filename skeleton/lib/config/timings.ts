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

/**
 * Daily window (UTC) in which Aurora takes each cluster's automated snapshot (`preferredBackupWindow`).
 * The backup producer exports the newest of these snapshots to S3.
 */
export const BACKUP_WINDOW_UTC = '03:00-04:00';

/**
 * The backup producer runs this often. Each run exports the newest automated snapshot when it is due
 * (`backupExportIntervalDays` after the last exported one) and not exported yet, so a new snapshot
 * reaches S3 within this long of becoming available, and reports how old the newest completed export is.
 */
export const BACKUP_EXPORT_RUN_SECONDS = 3600;
/** EventBridge schedule of the backup producer: every BACKUP_EXPORT_RUN_SECONDS. */
export const BACKUP_EXPORT_SCHEDULE = 'rate(1 hour)';
/** Days between exports the answers accept: daily to weekly. */
export const BACKUP_EXPORT_INTERVAL_DAYS = { min: 1, max: 7 } as const;
/**
 * Hours an export may take beyond its interval before the overdue alarm fires. AWS states no export
 * duration ("can take a while depending on your database type and size"): the export first restores
 * the snapshot, then extracts it. Half a day covers the snapshot window, the hourly pickup and an export
 * of a few hundred GB; a larger database may need more (raise it here, the alarm and budget follow).
 */
export const BACKUP_EXPORT_GRACE_HOURS = 12;
