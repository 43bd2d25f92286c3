import { MANAGED_FAILOVER_SECONDS, S3_REPLICATION_TIME_SECONDS, type Engine } from './aws-facts';
import {
  ALARM_PERIOD_SECONDS,
  BACKUP_EXPORT_RUN_SECONDS,
  CANARY_INTERVAL_SECONDS,
  CONNECTIVITY_EVALUATION_PERIODS,
  DATABASE_RECORD_TTL_SECONDS,
  MANUAL_RESPONSE_SECONDS,
  ORCHESTRATOR_INTERVAL_SECONDS,
  globalDbRpoSeconds,
} from './timings';

/**
 * The worst-case recovery time and data loss of a stack, as a sum of named terms, each one a value
 * the stack is deployed with (`timings.ts`, `aws-facts.ts`) or an answer. The answers are rejected
 * when a total misses its target, and every front end shows the same table (`formatRecoveryBudget`).
 *
 * How an unplanned failover runs (see lambda/orchestrator/decide.ts): the primary's canary writes a
 * heartbeat every minute; the orchestrator in the secondary region runs every minute, asks the
 * secondary's canary how old the replicated heartbeat is, and once it is overdue by more than the
 * lag allowance plus the confirmation window, fails over (automatic) or pages (manual).
 */

/** The answers the budget depends on. */
export interface BudgetInput {
  readonly engine: Engine;
  readonly failoverMode: 'automatic' | 'manual';
  readonly failoverConfirmationSeconds: number;
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
  readonly rto: BudgetTotal;
  readonly rpo: BudgetTotal;
}

/** Time until `db.<zone>` points at the secondary: the primary connectivity alarm must fire first. */
export const DNS_FLIP_SECONDS = CANARY_INTERVAL_SECONDS + ALARM_PERIOD_SECONDS * CONNECTIVITY_EVALUATION_PERIODS;

/**
 * Age beyond which the replicated heartbeat shows the primary has stopped writing: one canary interval
 * (the heartbeat's normal age) plus the replication lag the lag alarm tolerates.
 */
export function heartbeatStaleAfterSeconds(replicationLagAlarmSeconds: number): number {
  return CANARY_INTERVAL_SECONDS + replicationLagAlarmSeconds;
}

function total(terms: BudgetTerm[], targetSeconds: number): BudgetTotal {
  const totalSeconds = terms.filter((t) => t.counted).reduce((sum, t) => sum + t.seconds, 0);
  return { terms, totalSeconds, targetSeconds, fits: totalSeconds <= targetSeconds };
}

export function recoveryBudget(a: BudgetInput): RecoveryBudget {
  const toPromotion: BudgetTerm[] = [
    { phase: 'detection', term: `last heartbeat before the outage: the primary canary writes one every ${CANARY_INTERVAL_SECONDS} s`, seconds: CANARY_INTERVAL_SECONDS, counted: true },
    { phase: 'detection', term: 'replication lag tolerated before the heartbeat counts as overdue (replicationLagAlarmSeconds)', seconds: a.replicationLagAlarmSeconds, counted: true },
    { phase: 'decision', term: 'confirmation window: the heartbeat stays overdue this long (failoverConfirmationSeconds)', seconds: a.failoverConfirmationSeconds, counted: true },
    { phase: 'decision', term: `next orchestrator run in the secondary region (every ${ORCHESTRATOR_INTERVAL_SECONDS} s)`, seconds: ORCHESTRATOR_INTERVAL_SECONDS, counted: true },
    ...(a.failoverMode === 'manual'
      ? [{ phase: 'decision' as const, term: 'on-call engineer runs the failover command (failoverMode manual; assumed response time)', seconds: MANUAL_RESPONSE_SECONDS, counted: true }]
      : []),
    { phase: 'promotion', term: 'managed failover of the secondary cluster (FailoverGlobalCluster; AWS: "under a minute")', seconds: MANAGED_FAILOVER_SECONDS, counted: true },
  ];
  const promoted = toPromotion.reduce((sum, t) => sum + t.seconds, 0);
  // The record moves on the alarm, in parallel with the orchestrator; it adds only what it takes longer.
  const dnsLate = Math.max(0, DNS_FLIP_SECONDS - promoted);
  const rto = total([
    ...toPromotion,
    {
      phase: 'DNS',
      term: `db.<zone> moves to the secondary after the primary connectivity alarm (canary ${CANARY_INTERVAL_SECONDS} s + ${CONNECTIVITY_EVALUATION_PERIODS} × ${ALARM_PERIOD_SECONDS} s periods = ${DNS_FLIP_SECONDS} s, in parallel; counts only beyond promotion)`,
      seconds: dnsLate,
      counted: dnsLate > 0,
    },
    { phase: 'DNS', term: `resolvers' cached answer for db.<zone> expires (record TTL)`, seconds: DATABASE_RECORD_TTL_SECONDS, counted: true },
  ], a.rtoTargetSeconds);

  const lag: BudgetTerm = a.engine === 'aurora-postgresql'
    ? { phase: 'replication', term: 'writes not yet replicated: rds.global_db_rpo makes the primary block commits beyond this lag', seconds: globalDbRpoSeconds(a.rpoTargetSeconds), counted: true }
    : { phase: 'replication', term: 'writes not yet replicated: the lag alarm threshold (Aurora MySQL has no commit bound; the alarm only reports a larger lag)', seconds: a.replicationLagAlarmSeconds, counted: true };
  // Not counted: the database fails over with Aurora's replica; the S3 backups serve restores (dr:restore),
  // a separate path with its own, far larger data loss.
  const restoreFromS3: BudgetTerm[] = a.backupExportIntervalDays === undefined ? [] : [{
    phase: 'backups',
    term: `restore from the S3 backups, not failover: the backup export interval (backupExportIntervalDays: ${a.backupExportIntervalDays} day(s)) is its RPO, plus up to ${BACKUP_EXPORT_RUN_SECONDS / 3600} h until the producer picks up a new snapshot and the export's own duration; not counted`,
    seconds: a.backupExportIntervalDays * 86_400,
    counted: false,
  }];
  const rpo = total([
    lag,
    ...restoreFromS3,
    { phase: 'backups', term: 'copy of each backup in the secondary bucket (S3 Replication Time Control); not counted: failover uses the replicated cluster, not the buckets', seconds: S3_REPLICATION_TIME_SECONDS, counted: false },
  ], a.rpoTargetSeconds);
  return { rto, rpo };
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
  return [...tableLines('RTO (worst case)', budget.rto), '', ...tableLines('RPO (worst case)', budget.rpo)].join('\n');
}
