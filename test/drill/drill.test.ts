// The local DR drill (test/drill/scenarios.ts): every fault of issue 13's table on a real PostgreSQL
// primary and streaming standby, through the generated repository's real canary, orchestrator decision,
// failover lock and dr:drill / dr:relax phase logic. `npm run bench` prints the same figures.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DRILL, PRIMARY_REGION, SECONDARY_REGION } from './local-stack';
import { canaryImpaired, inRegionFailover, lagAboveRpoThenCrash, lagSpike, plannedSwitchover, primaryCrash, secondaryDown } from './scenarios';

const TIMEOUT = { timeout: 180_000 };
const report = (figures: object) => console.log(JSON.stringify(figures));

describe('local DR drill: PostgreSQL primary + streaming standby, the real canary and orchestrator logic', { concurrency: 1 }, () => {
  it('primary crash: failover decided and promoted within the budget, once; rows lost ≤ the RPO bound', TIMEOUT, async () => {
    const f = await primaryCrash();
    report(f);
    assert.ok(f.writesPerSecond > 50, `write load too small: ${f.writesPerSecond}/s`);
    // Before the first heartbeat has replicated there is nothing to judge the primary by; after it, it is healthy.
    assert.deepEqual(f.outcomesBeforeCrash.filter((o) => o !== 'no-heartbeat'), ['primary-healthy']);
    // A probe saw the primary unreachable before the one that decided: while the heartbeat was fresh
    // (primary-still-writing) or within the window (confirming); the outage is timed from the first.
    const beforeDecision = f.outcomesAfterCrash.slice(0, f.outcomesAfterCrash.indexOf('failing-over'));
    assert.ok(beforeDecision.some((o) => o === 'confirming' || o === 'primary-still-writing'), `outcomes: ${f.outcomesAfterCrash.join(', ')}`);
    assert.ok(f.decisionSeconds !== undefined && f.decisionSeconds >= DRILL.confirmationSeconds, `decided after ${f.decisionSeconds} s: before the confirmation window`);
    assert.ok((f.decisionSeconds as number) <= f.budgetToDecisionSeconds + 0.5, `decided after ${f.decisionSeconds} s, budget ${f.budgetToDecisionSeconds} s`);
    // Two runs decided side by side: the conditional claim let one promote.
    assert.equal(f.failOverCalls, 1);
    assert.ok(f.acted.includes('failed-over'), `acted: ${f.acted.join(', ')}`);
    assert.equal(f.acted.filter((a) => a === 'failed-over').length, 1, `acted: ${f.acted.join(', ')}`);
    assert.deepEqual(f.outcomesAfterCrash.slice(-1), ['already-promoted']);
    assert.ok(f.estimatedLossSeconds !== undefined && f.estimatedLossSeconds <= DRILL.rpoBudgetSeconds, `estimated loss ${f.estimatedLossSeconds} s`);
    assert.ok(f.promotionSeconds > 0 && f.promotionSeconds < 10, `promotion took ${f.promotionSeconds} s`);
    assert.ok(f.recoverySeconds >= (f.decisionSeconds as number), 'no write reached the standby before its promotion');
    assert.ok(f.rowsAcknowledged > 100);
    // Only rows acknowledged within the RPO bound before the crash may be missing.
    assert.ok(f.lostWindowMs <= DRILL.rpoBudgetSeconds * 1000, `a lost row was acknowledged ${f.lostWindowMs} ms before the crash`);
  });

  it('replication lag spike: no failover, writes keep succeeding on the writer, the write name never points at the standby', TIMEOUT, async () => {
    const f = await lagSpike();
    report(f);
    assert.ok(f.maxLagSeconds > DRILL.lagAllowanceSeconds, `the standby lagged only ${f.maxLagSeconds} s: the lag alarm would not have fired`);
    assert.equal(f.failOverCalls, 0);
    assert.ok(!f.outcomes.includes('failing-over'), `outcomes: ${f.outcomes.join(', ')}`);
    assert.equal(f.writeFailures, 0);
    assert.deepEqual(f.writeNameResolvedTo, [PRIMARY_REGION]);
    assert.ok(f.rowsAcknowledged > 100);
    assert.equal(f.rowsLost, 0);
    assert.equal(f.outcomeAfter, 'primary-healthy');
  });

  it('canary impaired, database healthy: no data-loss failover, a page', TIMEOUT, async () => {
    const f = await canaryImpaired();
    report(f);
    assert.equal(f.primaryAlarm, 'alarm', 'a canary that publishes nothing is an alarm (missing data breaching)');
    assert.equal(f.failOverCalls, 0);
    assert.ok(f.outcomes.includes('heartbeat-stale-primary-reachable'), `outcomes: ${f.outcomes.join(', ')}`);
    assert.equal(f.pages.length, 1, `pages: ${f.pages.join(' | ')}`);
    assert.match(f.pages[0], /heartbeat stale: lag or canary down, primary up/);
    assert.equal(f.writeFailures, 0);
    assert.equal(f.rowsLost, 0);
    assert.equal(f.outcomeAfter, 'primary-healthy');
  });

  it('lag above the RPO budget, then primary crash: no automatic promotion, a page with the estimated loss and the command', TIMEOUT, async () => {
    const f = await lagAboveRpoThenCrash();
    report({ ...f, page: f.page?.subject });
    assert.ok(f.lagAtCrashSeconds > DRILL.rpoBudgetSeconds);
    assert.equal(f.failOverCalls, 0);
    assert.ok(!f.outcomesAfterCrash.includes('failing-over'), `outcomes: ${f.outcomesAfterCrash.join(', ')}`);
    assert.ok(f.estimatedLossSeconds !== undefined && f.estimatedLossSeconds > DRILL.rpoBudgetSeconds, `estimated loss ${f.estimatedLossSeconds} s`);
    assert.match(f.page?.subject ?? '', /failover would exceed the RPO/);
    assert.match(f.page?.message ?? '', /would lose about [\d.]+ s of writes/);
    assert.match(f.page?.message ?? '', new RegExp(`npm run dr:failover -- --to ${SECONDARY_REGION} --yes`));
    // What the promotion it refused would have cost.
    assert.ok(f.rowsAtRisk > 0, 'the paused standby lacked no acknowledged row');
    assert.equal(f.rowsLost, 0);
  });

  it('secondary down: blocked commits are detected and alarmed, the relax command restores writes, no failover', TIMEOUT, async () => {
    const f = await secondaryDown();
    report(f);
    assert.ok(f.alarmSeconds <= DRILL.connectTimeoutMs / 1000 + DRILL.alarmWindowMs / 1000 + 2, `alarm after ${f.alarmSeconds} s`);
    assert.equal(f.rowsWhileBlocked, 0, 'writes went through while the standby was down');
    assert.equal(f.relax, 'relaxed');
    assert.match(f.relaxOutput[0], /^Plan: reset synchronous_standby_names/);
    assert.ok(Number.isFinite(f.restoreSeconds) && f.restoreSeconds < 5, `writes restored after ${f.restoreSeconds} s`);
    assert.equal(f.commitAlarmAfter, 'ok');
    assert.equal(f.failOverCalls, 0);
    assert.ok(f.outcomes.includes('secondary-canary-failing'), `outcomes: ${f.outcomes.join(', ')}`);
    assert.equal(f.rowsLost, 0);
  });

  it('in-region failover (writer restarts): the region\'s RDS API answers, so no cross-region failover; no row lost; writes resume on the same writer', TIMEOUT, async () => {
    const f = await inRegionFailover();
    report(f);
    // The outage outlasted the fast window, so without the control plane's answer the orchestrator would have failed over.
    assert.ok(f.maxUnreachableSeconds > DRILL.confirmationSeconds, `unreachable for at most ${f.maxUnreachableSeconds} s: within the fast window, the scenario proves nothing`);
    assert.ok(f.maxUnreachableSeconds < DRILL.inRegionRecoverySeconds, `unreachable for ${f.maxUnreachableSeconds} s: beyond the in-region recovery figure`);
    assert.equal(f.failOverCalls, 0);
    assert.ok(f.outcomes.includes('in-region-recovery'), `outcomes: ${f.outcomes.join(', ')}`);
    assert.ok(!f.outcomes.includes('failing-over'), `outcomes: ${f.outcomes.join(', ')}`);
    // No page at all: the restarted writer answers before its next heartbeat has replicated, and the
    // orchestrator gives that heartbeat its time (heartbeat-resuming) instead of paging.
    assert.deepEqual(f.pages, [], `pages: ${f.pages.join(' | ')}`);
    assert.equal(f.rowsLost, 0);
    assert.ok(f.rowsAfterRestart > 0, 'no write reached the restarted writer');
    assert.deepEqual(f.writeNameResolvedTo, [PRIMARY_REGION]);
    assert.equal(f.outcomeAfter, 'primary-healthy');
  });

  it('planned switchover and back (the dr:drill phases): zero rows lost, every phase within its budget', TIMEOUT, async () => {
    const f = await plannedSwitchover();
    report({ ...f, markdown: undefined });
    assert.deepEqual(f.adapterFailures, []);
    assert.equal(f.report.ok, true, f.markdown);
    assert.equal(f.report.writesLost, 0);
    assert.deepEqual(f.report.phases.filter((p) => p.budgetSeconds !== undefined).map((p) => [p.phase, p.ok]), [
      [`switchover ${PRIMARY_REGION} → ${SECONDARY_REGION}`, true],
      [`switchover ${SECONDARY_REGION} → ${PRIMARY_REGION}`, true],
    ]);
    assert.equal(f.finalWriter, PRIMARY_REGION);
    assert.ok(f.rowsAcknowledged > 100);
    assert.equal(f.rowsLost, 0);
    assert.match(f.markdown, /\*\*Passed\*\*/);
  });
});
