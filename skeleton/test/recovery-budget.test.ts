import { MANAGED_FAILOVER_SECONDS } from '../lib/config/aws-facts';
import {
  DNS_FLIP_SECONDS,
  formatRecoveryBudget,
  heartbeatStaleAfterSeconds,
  largestTerm,
  recoveryBudget,
  type BudgetInput,
} from '../lib/config/recovery-budget';
import { validateAnswers } from '../lib/config/validate';
import { ALARM_PERIOD_SECONDS, CONNECTIVITY_EVALUATION_PERIODS } from '../lib/health-alarms';
import { DATABASE_RECORD_TTL_SECONDS } from '../lib/failover-dns';

const trading: BudgetInput = {
  engine: 'aurora-postgresql',
  failoverMode: 'automatic',
  failoverConfirmationSeconds: 30,
  replicationLagAlarmSeconds: 5,
  rpoTargetSeconds: 60,
  rtoTargetSeconds: 300,
};

describe('recoveryBudget', () => {
  it('adds up detection, decision, promotion and DNS from the values the stack is deployed with', () => {
    const { rto } = recoveryBudget(trading);
    const counted = rto.terms.filter((t) => t.counted).map((t) => [t.phase, t.seconds]);
    expect(counted).toEqual([
      ['detection', 60], ['detection', 5], ['decision', 30], ['decision', 60], ['promotion', MANAGED_FAILOVER_SECONDS], ['DNS', DATABASE_RECORD_TTL_SECONDS],
    ]);
    expect(rto.totalSeconds).toBe(245);
    expect(rto.fits).toBe(true);
  });

  it('counts the DNS record flip on the alarm only where it outlasts promotion: it runs in parallel', () => {
    const flip = recoveryBudget(trading).rto.terms.find((t) => t.term.includes('connectivity alarm'));
    expect(flip).toMatchObject({ phase: 'DNS', seconds: 0, counted: false });
    expect(flip?.term).toContain(`${CONNECTIVITY_EVALUATION_PERIODS} × 60 s periods = ${DNS_FLIP_SECONDS} s`);
    // The alarm the health check watches is built from the same constants.
    expect(DNS_FLIP_SECONDS).toBe(60 + ALARM_PERIOD_SECONDS * CONNECTIVITY_EVALUATION_PERIODS);
  });

  it('manual failover adds the on-call response the budget assumes', () => {
    const automatic = recoveryBudget(trading).rto.totalSeconds;
    const manual = recoveryBudget({ ...trading, failoverMode: 'manual' }).rto;
    expect(manual.totalSeconds - automatic).toBe(480);
    expect(manual.fits).toBe(false);
    expect(largestTerm(manual).term).toMatch(/on-call engineer/);
  });

  it('PostgreSQL: data loss is bounded by rds.global_db_rpo; MySQL: only watched by the lag alarm', () => {
    expect(recoveryBudget(trading).rpo).toMatchObject({ totalSeconds: 30, fits: true });
    const mysql = recoveryBudget({ ...trading, engine: 'aurora-mysql' }).rpo;
    expect(mysql.totalSeconds).toBe(5);
    expect(mysql.terms[0].term).toMatch(/no commit bound/);
    expect(recoveryBudget({ ...trading, rpoTargetSeconds: 15 }).rpo).toMatchObject({ totalSeconds: 20, fits: false });
  });

  it('shows the backup buckets\' 15-minute replication without counting it toward the database RPO', () => {
    const backups = recoveryBudget(trading).rpo.terms.filter((t) => t.phase === 'backups');
    expect(backups).toEqual([expect.objectContaining({ seconds: 900, counted: false })]);
  });

  it('names the backup export interval as the RPO of a restore from S3, apart from (not counted in) the failover RPO', () => {
    const daily = recoveryBudget({ ...trading, backupExportIntervalDays: 1 }).rpo;
    const weekly = recoveryBudget({ ...trading, backupExportIntervalDays: 7 }).rpo;
    const restore = (b: typeof daily) => b.terms.find((t) => t.term.startsWith('restore from the S3 backups'));
    expect(restore(daily)).toMatchObject({ phase: 'backups', seconds: 86_400, counted: false });
    expect(restore(daily)?.term).toContain('backupExportIntervalDays: 1 day(s)) is its RPO');
    expect(restore(weekly)?.seconds).toBe(7 * 86_400);
    expect([daily.totalSeconds, weekly.totalSeconds]).toEqual([30, 30]);
    expect(formatRecoveryBudget({ rto: recoveryBudget(trading).rto, rpo: daily })).toContain('| (86400) |');
  });

  it('a heartbeat is overdue after one canary interval plus the tolerated lag', () => {
    expect(heartbeatStaleAfterSeconds(5)).toBe(65);
  });
});

describe('formatRecoveryBudget', () => {
  it('prints both tables with every term, uncounted ones in parentheses, and the verdicts', () => {
    const text = formatRecoveryBudget(recoveryBudget(trading));
    expect(text).toContain('| **total** | fits the 300 s target with 55 s to spare | **245** |');
    expect(text).toContain('| **total** | fits the 60 s target with 30 s to spare | **30** |');
    expect(text).toContain('| (900) |');
    const missed = formatRecoveryBudget(recoveryBudget({ ...trading, rtoTargetSeconds: 200 }));
    expect(missed).toContain('| **total** | misses the 200 s target by 45 s | **245** |');
  });
});

describe('answers whose budget misses a target are rejected', () => {
  it('names the target, its value, the largest term, and shows the table', () => {
    const result = validateAnswers({ failoverMode: 'automatic', replicationLagAlarmSeconds: 5, rtoTargetSeconds: 240, failoverConfirmationSeconds: 30 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(problem).toMatchObject({ field: 'rtoTargetSeconds', value: 240, allowed: 'at least 245, or answers that shorten the terms above' });
    expect(problem.reason).toMatch(/^is below the worst-case recovery time of 245 s these answers give; the largest term is detection "last heartbeat before the outage/);
    expect(problem.reason).toContain('| **total** | misses the 240 s target by 5 s | **245** |');
  });

  it('blames the RPO target when rds.global_db_rpo cannot bound the lag that low', () => {
    const result = validateAnswers({ rpoTargetSeconds: 15, replicationLagAlarmSeconds: 5 });
    expect(result.ok ? [] : result.problems.map((p) => [p.field, p.value])).toEqual([['rpoTargetSeconds', 15]]);
  });
});
