import { GLOBAL_WRITER_DNS_CACHE_SECONDS, MANAGED_FAILOVER_SECONDS, S3_REPLICATION_TIME_SECONDS, type Engine } from './aws-facts';
import {
  BACKUP_EXPORT_RUN_SECONDS,
  DATABASE_RECORD_TTL_SECONDS,
  MANUAL_RESPONSE_SECONDS,
  PROBE_INTERVAL_SECONDS,
  PRIMARY_ALARM_DELAY_SECONDS,
  PRIMARY_REGION_TIMEOUT_SECONDS,
  PROBE_TIMEOUT_SECONDS,
  globalDbRpoSeconds,
  inRegionRecoverySeconds,
  slowPathWindowSeconds,
} from './timings';

/**
 * The worst-case recovery time and data loss of a stack, as a sum of named terms, each one a value
 * the stack is deployed with (`timings.ts`, `aws-facts.ts`) or an answer. The answers are rejected
 * when a total misses its target, and every front end shows the same table (`formatRecoveryBudget`).
 *
 * How an unplanned failover runs (see lambda/orchestrator/decide.ts): every PROBE_INTERVAL_SECONDS the
 * orchestrator in the secondary region has the secondary's canary try the primary writer across the VPC
 * peering; once the primary has been unreachable from there for the confirmation window, and its
 * replicated heartbeat has stopped too, it checks the last known lag against the RPO target and fails
 * over (automatic) or pages (manual). Clients write through `db.<zone>`, a CNAME of the global writer
 * endpoint, which Aurora moves to the promoted cluster.
 *
 * The window depends on the primary region's RDS API, read before the decision: when it does not answer
 * (the region is down) the configured window applies, `rto`; when it answers, the primary may be down
 * only in-region, and the window is the slow path's (timings.ts slowPathWindowSeconds), `rtoRegionUp`:
 * the worst case of a failover that region's answer allows (it reports the primary failed). Both must fit
 * the RTO target.
 */

/** How the stack bounds data loss: Aurora PostgreSQL's commit bound, or alarms and the orchestrator's lag gate only. */
export type RpoEnforcement = 'block-commits' | 'alarm-only';

/** The answers the budget depends on. */
export interface BudgetInput {
  readonly engine: Engine;
  readonly rpoEnforcement: RpoEnforcement;
  readonly failoverMode: 'automatic' | 'manual';
  readonly failoverConfirmationSeconds: number;
  /** With replicas Aurora fails over in-region in about a minute; a lone writer is recreated (slow path). */
  readonly instancesPerCluster: number;
  readonly replicationLagAlarmSeconds: number;
  readonly rpoTargetSeconds: number;
  readonly rtoTargetSeconds: number;
  /** Days between backup exports to S3; the RPO of a restore from S3, shown apart from the failover RPO. */
  readonly backupExportIntervalDays?: number;
}

export interface BudgetTerm {
  readonly phase: 'detection' | 'decision' | 'promotion' | 'DNS' | 'replication' | 'backups';
  readonly term: string;
  readonly seconds: number;
  /** False for a term shown for completeness that does not add to the total (it runs in parallel, or concerns another recovery path). */
  readonly counted: boolean;
}

export interface BudgetTotal {
  readonly terms: readonly BudgetTerm[];
  readonly totalSeconds: number;
  readonly targetSeconds: number;
  readonly fits: boolean;
}

export interface RecoveryBudget {
  /** Primary region down: its RDS API does not answer (the fast path). */
  readonly rto: BudgetTotal;
  /** Primary database down while its region's RDS API answers (the slow path). */
  readonly rtoRegionUp: BudgetTotal;
  readonly rpo: BudgetTotal;
}

/**
 * Age beyond which the replicated heartbeat shows the primary has stopped writing: one probe interval
 * (the heartbeat's normal age) plus the replication lag the lag alarm tolerates.
 */
export function heartbeatStaleAfterSeconds(replicationLagAlarmSeconds: number): number {
  return PROBE_INTERVAL_SECONDS + replicationLagAlarmSeconds;
}

/** Whether the primary blocks commits beyond `rds.global_db_rpo`: only Aurora PostgreSQL can. */
export function blocksCommits(a: Pick<BudgetInput, 'engine' | 'rpoEnforcement'>): boolean {
  return a.engine === 'aurora-postgresql' && a.rpoEnforcement === 'block-commits';
}

function total(terms: BudgetTerm[], targetSeconds: number): BudgetTotal {
  const totalSeconds = terms.filter((t) => t.counted).reduce((sum, t) => sum + t.seconds, 0);
  return { terms, totalSeconds, targetSeconds, fits: totalSeconds <= targetSeconds };
}

export function recoveryBudget(a: BudgetInput): RecoveryBudget {
  const regionDown = rtoOf(a, 'fast');
  const regionUp = rtoOf(a, 'slow');
  return { rto: regionDown, rtoRegionUp: regionUp, rpo: rpoOf(a) };
}

function rtoOf(a: BudgetInput, path: 'fast' | 'slow'): BudgetTotal {
  const window: BudgetTerm = path === 'fast'
    ? { phase: 'decision', term: 'confirmation window: the primary stays unreachable from the secondary region this long while its region\'s RDS API does not answer (failoverConfirmationSeconds)', seconds: a.failoverConfirmationSeconds, counted: true }
    : {
      phase: 'decision',
      term: `slow-path window: the primary stays unreachable this long while its region's RDS API answers: the longest of failoverConfirmationSeconds (${a.failoverConfirmationSeconds} s), the primary alarm's delay (${PRIMARY_ALARM_DELAY_SECONDS} s)${a.failoverMode === 'automatic'
        ? ` and Aurora's in-region recovery (${inRegionRecoverySeconds(a.instancesPerCluster)} s with ${a.instancesPerCluster} instance(s) per cluster). It then fails over automatically only if the primary region reports the cluster or its writer failed (or a recovery from a fault still running) and the primary's alarm is in ALARM; otherwise, or during a planned change, it pages`
        : ' (failoverMode manual: the page waits for the alarm only, the person paged decides)'}`,
      seconds: slowPathWindowSeconds(a.failoverConfirmationSeconds, a.instancesPerCluster, a.failoverMode),
      counted: true,
    };
  const reachability: BudgetTerm[] = [
    { phase: 'detection', term: `the secondary's canary probes the primary writer across the VPC peering every ${PROBE_INTERVAL_SECONDS} s`, seconds: PROBE_INTERVAL_SECONDS, counted: true },
    { phase: 'detection', term: 'a probe of a writer that is gone fails after the connect timeout', seconds: PROBE_TIMEOUT_SECONDS, counted: true },
    window,
    { phase: 'decision', term: `the orchestrator's next probe after the window (every ${PROBE_INTERVAL_SECONDS} s)`, seconds: PROBE_INTERVAL_SECONDS, counted: true },
  ];
  // The heartbeat must have stopped as well. The decision times the outage from its start on both
  // counts (decide.ts outageSeconds: the first probe that found the primary unreachable, and the
  // heartbeat's own commit time), so the stale limit runs alongside the window and adds only what it
  // takes longer than the reachability path.
  const reachPath = reachability.reduce((sum, t) => sum + t.seconds, 0);
  const heartbeatPath = heartbeatStaleAfterSeconds(a.replicationLagAlarmSeconds) + PROBE_INTERVAL_SECONDS;
  const heartbeatLate = Math.max(0, heartbeatPath - reachPath);
  return total([
    ...reachability,
    {
      phase: 'decision',
      term: `that probe's read of the primary region's RDS API runs out its ${PRIMARY_REGION_TIMEOUT_SECONDS} s timeout (a region that is down does not answer)${path === 'slow' ? '; not counted: on this path the API answers' : ''}`,
      seconds: PRIMARY_REGION_TIMEOUT_SECONDS,
      counted: path === 'fast',
    },
    {
      phase: 'decision',
      term: `the replicated heartbeat is overdue (${PROBE_INTERVAL_SECONDS} s heartbeat + ${a.replicationLagAlarmSeconds} s tolerated lag + the next probe = ${heartbeatPath} s, in parallel; counts only beyond the reachability path)`,
      seconds: heartbeatLate,
      counted: heartbeatLate > 0,
    },
    ...(a.failoverMode === 'manual'
      ? [{ phase: 'decision' as const, term: 'on-call engineer runs the failover command (failoverMode manual; assumed response time)', seconds: MANUAL_RESPONSE_SECONDS, counted: true }]
      : []),
    // Shown, never counted: the automatic total holds only when the primary region reports the failure.
    ...(a.failoverMode === 'automatic' && path === 'slow'
      ? [{ phase: 'decision' as const, term: 'if the primary region reports the primary available instead (an outage only the canaries see: an AZ\'s network, a partition), the orchestrator pages and a person fails over: add the on-call response (assumed as for failoverMode manual); not counted, so the target holds automatically only when the region reports the failure', seconds: MANUAL_RESPONSE_SECONDS, counted: false }]
      : []),
    { phase: 'promotion', term: 'managed failover of the secondary cluster (FailoverGlobalCluster; AWS: "under a minute")', seconds: MANAGED_FAILOVER_SECONDS, counted: true },
    { phase: 'DNS', term: 'resolvers\' cached answer for db.<zone>, a CNAME of the global writer endpoint (record TTL)', seconds: DATABASE_RECORD_TTL_SECONDS, counted: true },
    { phase: 'DNS', term: 'resolvers\' cached answer for the global writer endpoint, which Aurora moves to the promoted cluster (AWS: keep it at about 5 s)', seconds: GLOBAL_WRITER_DNS_CACHE_SECONDS, counted: true },
  ], a.rtoTargetSeconds);
}

function rpoOf(a: BudgetInput): BudgetTotal {
  const lag: BudgetTerm = blocksCommits(a)
    ? { phase: 'replication', term: 'writes not yet replicated: rds.global_db_rpo makes the primary block commits beyond this lag', seconds: globalDbRpoSeconds(a.rpoTargetSeconds), counted: true }
    : {
      phase: 'replication',
      term: `writes not yet replicated: the orchestrator promotes only when the last known lag is within the RPO target, and otherwise pages with the estimate (${a.engine === 'aurora-mysql' ? 'Aurora MySQL has no commit bound' : 'rpoEnforcement alarm-only'})`,
      seconds: a.rpoTargetSeconds,
      counted: true,
    };
  // Not counted: the database fails over with Aurora's replica; the S3 backups serve restores (dr:restore),
  // a separate path with its own, far larger data loss.
  const restoreFromS3: BudgetTerm[] = a.backupExportIntervalDays === undefined ? [] : [{
    phase: 'backups',
    term: `restore from the S3 backups, not failover: the backup export interval (backupExportIntervalDays: ${a.backupExportIntervalDays} day(s)) is its RPO, plus up to ${BACKUP_EXPORT_RUN_SECONDS / 3600} h until the producer picks up a new snapshot and the export's own duration; not counted`,
    seconds: a.backupExportIntervalDays * 86_400,
    counted: false,
  }];
  return total([
    lag,
    ...restoreFromS3,
    { phase: 'backups', term: 'copy of each backup in the secondary bucket (S3 Replication Time Control); not counted: failover uses the replicated cluster, not the buckets', seconds: S3_REPLICATION_TIME_SECONDS, counted: false },
  ], a.rpoTargetSeconds);
}

/** The counted term that contributes most: what to shorten first. */
export function largestTerm(budget: BudgetTotal): BudgetTerm {
  return budget.terms.filter((t) => t.counted).reduce((a, b) => (b.seconds > a.seconds ? b : a));
}

/** "fits the 300 s target with 55 s to spare" or "misses the 60 s target by 5 s". */
export function verdict(b: BudgetTotal): string {
  return b.fits
    ? `fits the ${b.targetSeconds} s target with ${b.targetSeconds - b.totalSeconds} s to spare`
    : `misses the ${b.targetSeconds} s target by ${b.totalSeconds - b.targetSeconds} s`;
}

/** Markdown table lines of one total. */
function tableLines(title: string, b: BudgetTotal): string[] {
  return [
    `| ${title} | term | seconds |`,
    '|---|---|---:|',
    ...b.terms.map((t) => `| ${t.phase} | ${t.term} | ${t.counted ? t.seconds : `(${t.seconds})`} |`),
    `| **total** | ${verdict(b)} | **${b.totalSeconds}** |`,
  ];
}

/**
 * The budget as two Markdown tables (readable as plain text too): the one rendering that
 * `tap-dr new`, `yo tap-dr`, the Backstage action and the generated README all show.
 * Seconds in parentheses are shown but not counted.
 */
export function formatRecoveryBudget(budget: RecoveryBudget): string {
  return [
    ...tableLines('RTO, primary region down (its RDS API does not answer)', budget.rto), '',
    ...tableLines('RTO, primary database down while its region\'s API answers', budget.rtoRegionUp), '',
    ...tableLines('RPO (worst case)', budget.rpo),
  ].join('\n');
}
