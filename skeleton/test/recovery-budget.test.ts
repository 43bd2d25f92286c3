import { GLOBAL_WRITER_DNS_CACHE_SECONDS, MANAGED_FAILOVER_SECONDS } from '../lib/config/aws-facts';
import {
  blocksCommits,
  formatRecoveryBudget,
  heartbeatStaleAfterSeconds,
  largestTerm,
  recoveryBudget,
  type BudgetInput,
} from '../lib/config/recovery-budget';
import { DATABASE_RECORD_TTL_SECONDS, PRIMARY_REGION_TIMEOUT_SECONDS, PROBE_INTERVAL_SECONDS, PROBE_TIMEOUT_SECONDS, globalDbRpoSeconds } from '../lib/config/timings';
import { validateAnswers } from '../lib/config/validate';

const trading: BudgetInput = {
  engine: 'aurora-postgresql',
  rpoEnforcement: 'block-commits',
  failoverMode: 'automatic',
  failoverConfirmationSeconds: 20,
  instancesPerCluster: 2,
  replicationLagAlarmSeconds: 5,
  rpoTargetSeconds: 60,
  rtoTargetSeconds: 120,
};

describe('recoveryBudget', () => {
  it('adds up probing, confirmation, promotion and DNS from the values the stack is deployed with', () => {
    const { rto } = recoveryBudget(trading);
    const counted = rto.terms.filter((t) => t.counted).map((t) => [t.phase, t.seconds]);
    expect(counted).toEqual([
      ['detection', PROBE_INTERVAL_SECONDS], ['detection', PROBE_TIMEOUT_SECONDS], ['decision', 20], ['decision', PROBE_INTERVAL_SECONDS], ['decision', PRIMARY_REGION_TIMEOUT_SECONDS],
      ['promotion', MANAGED_FAILOVER_SECONDS], ['DNS', DATABASE_RECORD_TTL_SECONDS], ['DNS', GLOBAL_WRITER_DNS_CACHE_SECONDS],
    ]);
    // The trading requirement: at most 120 s, every term from a deployed timing.
    expect(rto.totalSeconds).toBe(10 + 5 + 20 + 10 + 3 + 60 + 5 + 5);
    expect(rto.totalSeconds).toBeLessThanOrEqual(120);
    expect(rto.fits).toBe(true);
  });

  it('counts the heartbeat path only where it outlasts the reachability path: both run in parallel', () => {
    const parallel = recoveryBudget(trading).rto.terms.find((t) => t.term.includes('heartbeat is overdue'));
    expect(parallel).toMatchObject({ phase: 'decision', seconds: 0, counted: false });
    // A lag tolerance longer than the window makes the heartbeat the slower witness.
    const slow = recoveryBudget({ ...trading, replicationLagAlarmSeconds: 50, rpoTargetSeconds: 120, rtoTargetSeconds: 300 }).rto;
    const late = slow.terms.find((t) => t.term.includes('heartbeat is overdue'));
    const heartbeatPath = heartbeatStaleAfterSeconds(50) + PROBE_INTERVAL_SECONDS;
    expect(late).toMatchObject({ seconds: heartbeatPath - (PROBE_INTERVAL_SECONDS + PROBE_TIMEOUT_SECONDS + 20 + PROBE_INTERVAL_SECONDS), counted: true });
    // The slow path's window (180 s) outlasts the heartbeat path: nothing late there.
    expect(recoveryBudget({ ...trading, replicationLagAlarmSeconds: 50, rpoTargetSeconds: 120, rtoTargetSeconds: 300 }).rtoRegionUp.totalSeconds).toBe(10 + 5 + 180 + 10 + 60 + 5 + 5);
    expect(slow.totalSeconds).toBe(recoveryBudget(trading).rto.totalSeconds + (late?.seconds ?? 0));
  });

  it('manual failover adds the on-call response the budget assumes', () => {
    const automatic = recoveryBudget(trading).rto.totalSeconds;
    const manual = recoveryBudget({ ...trading, failoverMode: 'manual' }).rto;
    expect(manual.totalSeconds - automatic).toBe(480);
    expect(manual.fits).toBe(false);
    expect(largestTerm(manual).term).toMatch(/on-call engineer/);
  });

  it('block-commits bounds data loss by rds.global_db_rpo; alarm-only by the orchestrator\'s lag gate at the RPO target', () => {
    expect(recoveryBudget(trading).rpo).toMatchObject({ totalSeconds: globalDbRpoSeconds(60), fits: true });
    const alarmOnly = recoveryBudget({ ...trading, rpoEnforcement: 'alarm-only' }).rpo;
    expect(alarmOnly).toMatchObject({ totalSeconds: 60, fits: true });
    expect(alarmOnly.terms[0].term).toMatch(/lag gate|promotes only when the last known lag/);
    const mysql = recoveryBudget({ ...trading, engine: 'aurora-mysql', rpoEnforcement: 'alarm-only' }).rpo;
    expect(mysql.terms[0].term).toMatch(/Aurora MySQL has no commit bound/);
    expect(recoveryBudget({ ...trading, rpoTargetSeconds: 15 }).rpo).toMatchObject({ totalSeconds: 20, fits: false });
  });

  it('only Aurora PostgreSQL with block-commits blocks commits', () => {
    expect(blocksCommits(trading)).toBe(true);
    expect(blocksCommits({ ...trading, rpoEnforcement: 'alarm-only' })).toBe(false);
    expect(blocksCommits({ engine: 'aurora-mysql', rpoEnforcement: 'block-commits' })).toBe(false);
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
    expect(formatRecoveryBudget({ ...recoveryBudget(trading), rpo: daily })).toContain('| (86400) |');
  });

  it('a replicated heartbeat is overdue after one probe interval plus the tolerated lag', () => {
    expect(heartbeatStaleAfterSeconds(5)).toBe(PROBE_INTERVAL_SECONDS + 5);
  });
});

describe('formatRecoveryBudget', () => {
  it('prints both tables with every term, uncounted ones in parentheses, and the verdicts', () => {
    const text = formatRecoveryBudget(recoveryBudget(trading));
    expect(text).toContain('| **total** | fits the 120 s target with 2 s to spare | **118** |');
    expect(text).toContain('| **total** | fits the 60 s target with 30 s to spare | **30** |');
    expect(text).toContain('| (900) |');
    const missed = formatRecoveryBudget(recoveryBudget({ ...trading, rtoTargetSeconds: 110 }));
    expect(missed).toContain('| **total** | misses the 110 s target by 8 s | **118** |');
  });
});

describe('answers whose budget misses a target are rejected', () => {
  const automatic = { failoverMode: 'automatic', instancesPerCluster: 2, replicationLagAlarmSeconds: 5, failoverConfirmationSeconds: 180 };

  it('names the target, its value, the largest term, and shows the table', () => {
    const result = validateAnswers({ ...automatic, rtoTargetSeconds: 270 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(problem).toMatchObject({ field: 'rtoTargetSeconds', value: 270, allowed: 'at least 278, or answers that shorten the terms of the recovery budget below' });
    expect(problem.reason).toMatch(/^is below the worst-case recovery time with the primary region down of 278 s these answers give; the largest term is decision "confirmation window/);
    expect(problem.reason).toContain('| **total** | misses the 270 s target by 8 s | **278** |');
  });

  it('rejects an RTO target that only the slow path (primary region answering) misses, with that path\'s table', () => {
    const result = validateAnswers({ ...automatic, failoverConfirmationSeconds: 20, rtoTargetSeconds: 200 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.field, p.value])).toEqual([['rtoTargetSeconds', 200]]);
    expect(result.problems[0].reason).toMatch(/^is below the worst-case recovery time with the primary region answering \(slow path\) of 275 s these answers give; the largest term is decision "slow-path window/);
  });

  it('blames the RPO target when rds.global_db_rpo cannot bound the lag that low', () => {
    const result = validateAnswers({ rpoTargetSeconds: 15, replicationLagAlarmSeconds: 5 });
    expect(result.ok ? [] : result.problems.map((p) => [p.field, p.value])).toEqual([['rpoTargetSeconds', 15]]);
  });

  it('accepts the same low RPO target when the engine cannot block commits and the lag gate bounds the loss', () => {
    expect(validateAnswers({ rpoTargetSeconds: 15, replicationLagAlarmSeconds: 5, rpoEnforcement: 'alarm-only' }).ok).toBe(true);
  });
});

describe('recoveryBudget: the two failover paths', () => {
  it('the slow path waits the longest of the window, the primary alarm\'s delay and in-region recovery; both must fit', () => {
    const replicas = recoveryBudget({ ...trading, rtoTargetSeconds: 300 });
    expect([replicas.rto.totalSeconds, replicas.rtoRegionUp.totalSeconds]).toEqual([118, 275]);
    const lone = recoveryBudget({ ...trading, instancesPerCluster: 1, failoverConfirmationSeconds: 660, rtoTargetSeconds: 900 });
    expect(lone.rtoRegionUp.terms.find((t) => t.term.startsWith('slow-path window'))?.seconds).toBe(660);
    expect([lone.rto.totalSeconds, lone.rtoRegionUp.totalSeconds]).toEqual([758, 755]);
    expect(recoveryBudget({ ...trading, rtoTargetSeconds: 200 })).toMatchObject({ rto: { fits: true }, rtoRegionUp: { fits: false } });
    // Manual: a page loses no data, so the slow path waits for the primary alarm, not for in-region recovery.
    const manual = recoveryBudget({ ...trading, failoverMode: 'manual', instancesPerCluster: 1, failoverConfirmationSeconds: 60, rtoTargetSeconds: 900 });
    expect(manual.rtoRegionUp.terms.find((t) => t.term.startsWith('slow-path window'))).toMatchObject({ seconds: 180, term: expect.stringContaining('failoverMode manual') });
    expect(formatRecoveryBudget(replicas)).toContain('| RTO, primary database down while its region\'s API answers | term | seconds |');
  });
});
