/**
 * The schedules, periods and TTLs the stack is built with. The components deploy these values and the
 * recovery budget (`recovery-budget.ts`) adds them up, so a change here changes both: the budget can
 * never describe a stack other than the one deployed. Pure values, no Pulumi: the generator uses them too.
 */
import { FAST_FAILOVER_PROBE_SECONDS, GLOBAL_WRITER_DNS_CACHE_SECONDS, IN_REGION_RECOVERY_SECONDS, IN_REGION_REPLICA_FAILOVER_SECONDS } from './aws-facts';

/**
 * The canaries and the orchestrator probe this often. EventBridge schedules run at most once a minute,
 * so each scheduled invocation loops, probing every PROBE_INTERVAL_SECONDS (AWS's fast-failover sample
 * does the same: FAST_FAILOVER_PROBE_SECONDS in aws-facts.ts). The writer's canary commits a heartbeat
 * on every probe.
 */
export const PROBE_INTERVAL_SECONDS = FAST_FAILOVER_PROBE_SECONDS;
/** EventBridge schedule of the canaries and the orchestrator. */
export const PROBE_SCHEDULE = 'rate(1 minute)';
/** Seconds between two scheduled invocations (PROBE_SCHEDULE). */
export const SCHEDULE_SECONDS = 60;
/**
 * How long one scheduled invocation keeps probing: a probe interval beyond the schedule, so consecutive
 * invocations overlap and an invocation that starts up to that much late leaves no gap in the probes.
 * Overlapping runs are harmless: the canary's probes are independent, the orchestrator's decision is
 * idempotent and its failover is claimed once (lambda/orchestrator/state.ts).
 */
export const PROBE_WINDOW_SECONDS = SCHEDULE_SECONDS + PROBE_INTERVAL_SECONDS;
/** Lambda timeout of a probing function: the window, the last probe and the publish after it. */
export const PROBE_FUNCTION_TIMEOUT_SECONDS = PROBE_WINDOW_SECONDS + 20;

/** Memory of each probing function (the two canaries and the orchestrator): it also sets their share of CPU. */
export const PROBE_FUNCTION_MEMORY_MB = 256;
/** Probing functions that run through every minute: the canary of each region and the orchestrator. */
export const PROBING_FUNCTIONS = 3;

/**
 * Bound on each call the orchestrator makes to the primary region (its canary alarm, its RDS API): one
 * attempt, this long. A region that is down must not hold up the probe; a call that runs out is "dark".
 */
export const PRIMARY_REGION_TIMEOUT_SECONDS = 3;

/** Connect and statement timeout of each probe: a dead writer counts as unreachable after this long. */
export const PROBE_TIMEOUT_SECONDS = 5;

/** Standard-resolution period: Route 53 health checks can only watch alarms on such metrics. */
export const ALARM_PERIOD_SECONDS = 60;
/**
 * Consecutive periods without a successful probe before a region's database counts as unreachable: one
 * minute in which none of its six probes reached it (the alarm's statistic is the period's Maximum).
 */
export const CONNECTIVITY_EVALUATION_PERIODS = 1;

/**
 * How long after a 60-second period ends its alarm may still not have evaluated it: CloudWatch evaluates an
 * alarm with a 60-second period once a minute (only alarms with 10- or 30-second periods are evaluated every
 * 10 seconds: "Using Amazon CloudWatch alarms", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html),
 * and the period's datapoints must have arrived first. AWS gives no figure for that arrival; a whole period
 * is kept for evaluation and arrival together.
 */
export const ALARM_EVALUATION_LAG_SECONDS = ALARM_PERIOD_SECONDS;

/**
 * How long the primary's connectivity alarm may still say OK after its database became unreachable: its
 * evaluation periods must fill with failed probes, the period the outage began in may still hold a
 * successful one, and the alarm must then have been evaluated (ALARM_EVALUATION_LAG_SECONDS). Until then
 * its OK is no evidence that the primary is up, and the orchestrator does not let it hold back a failover
 * (lambda/orchestrator/decide.ts); an automatic failover while the primary region answers waits for its ALARM.
 */
export const PRIMARY_ALARM_DELAY_SECONDS = ALARM_PERIOD_SECONDS * (CONNECTIVITY_EVALUATION_PERIODS + 1) + ALARM_EVALUATION_LAG_SECONDS;

/**
 * How long Aurora typically takes to restore service in the primary's own region after its writer
 * fails: a replica takes over with two or more instances per cluster, a lone writer is recreated.
 */
export function inRegionRecoverySeconds(instancesPerCluster: number): number {
  return instancesPerCluster >= 2 ? IN_REGION_REPLICA_FAILOVER_SECONDS : IN_REGION_RECOVERY_SECONDS;
}

/**
 * The slow path's window (lambda/orchestrator/decide.ts): while the primary region's RDS API still
 * answers, or refuses, the primary may be down only in-region (an in-region failover, a lone writer
 * being recreated, maintenance) or only unreachable from the secondary region, so an automatic
 * cross-region failover waits for whichever is longest: the configured window, the time the primary's
 * own alarm needs before its OK means anything, and Aurora's in-region recovery. A page (failoverMode
 * manual) loses no data, so it waits for the alarm only: the person paged sees the cluster's status in
 * it and decides. The fast path (that API dark: the region is down) waits the configured window only.
 */
export function slowPathWindowSeconds(confirmationSeconds: number, instancesPerCluster: number, failoverMode: 'automatic' | 'manual', primaryAlarmDelaySeconds = PRIMARY_ALARM_DELAY_SECONDS): number {
  const inRegion = failoverMode === 'automatic' ? inRegionRecoverySeconds(instancesPerCluster) : 0;
  return Math.max(confirmationSeconds, primaryAlarmDelaySeconds, inRegion);
}

/**
 * Seconds resolvers may cache `db.<zone>`, a CNAME of the global writer endpoint: the value AWS
 * recommends for the global writer endpoint's clients (GLOBAL_WRITER_DNS_CACHE_SECONDS).
 */
export const DATABASE_RECORD_TTL_SECONDS = GLOBAL_WRITER_DNS_CACHE_SECONDS;

/**
 * A failover claimed by one orchestrator run (lambda/orchestrator/state.ts) is left to it this long.
 * FailoverGlobalCluster answers once Aurora has registered the failover, after which every run sees it
 * in DescribeGlobalClusters; a run that died in between frees the claim after this.
 */
export const FAILOVER_CLAIM_SECONDS = 120;

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
