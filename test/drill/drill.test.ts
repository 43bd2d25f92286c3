// The local DR drill (test/drill/drill.ts) as a test: a real primary and standby, the real canary and
// orchestrator logic, a real crash. `npm run bench` prints the same figures.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DRILL, runDrill, type DrillFigures } from './drill';

let figures: DrillFigures;

describe('local DR drill: PostgreSQL primary + streaming standby, real canary, real orchestrator decisions', () => {
  before(async () => {
    figures = await runDrill();
    console.log(JSON.stringify(figures));
  }, { timeout: 120_000 });

  it('under load the standby\'s heartbeat stays fresh, so the orchestrator never fails over a healthy primary', () => {
    assert.ok(figures.writesPerSecond > 50, `write load too small: ${figures.writesPerSecond}/s`);
    assert.ok(figures.heartbeatAge.samples >= 5);
    // Heartbeat age = replication delay + time since the last heartbeat (at most one interval).
    assert.ok(figures.heartbeatAge.maxSeconds < DRILL.canaryIntervalMs / 1000 + DRILL.lagAllowanceSeconds, `heartbeat up to ${figures.heartbeatAge.maxSeconds} s old`);
    assert.ok(figures.replayDelay.samples >= 5);
    assert.ok(figures.replayDelay.maxMs < DRILL.lagAllowanceSeconds * 1000, `replay delay up to ${figures.replayDelay.maxMs} ms`);
    assert.deepEqual(figures.outcomesBeforeCrash, ['primary-healthy']);
  });

  it('detects the crash once the heartbeat is overdue, and fails over only after the confirmation window', () => {
    const staleAfter = DRILL.canaryIntervalMs / 1000 + DRILL.lagAllowanceSeconds;
    const interval = DRILL.orchestratorIntervalMs / 1000;
    // The last heartbeat was written at most one interval before the crash.
    assert.ok(figures.detectionSeconds >= staleAfter - DRILL.canaryIntervalMs / 1000 - 0.1, `detected after ${figures.detectionSeconds} s`);
    assert.ok(figures.detectionSeconds <= staleAfter + interval + 0.5, `detected after ${figures.detectionSeconds} s`);
    assert.ok(figures.decisionSeconds - figures.detectionSeconds >= DRILL.confirmationSeconds - interval - 0.1, `confirmed after ${figures.decisionSeconds - figures.detectionSeconds} s`);
    // The stack's budget formula on the drill's measured intervals bounds the decision.
    assert.ok(figures.decisionSeconds <= figures.budgetToDecisionSeconds + 0.1, `decided after ${figures.decisionSeconds} s, budget ${figures.budgetToDecisionSeconds} s`);
    assert.deepEqual(figures.outcomesAfterCrash.slice(-1), ['already-promoted']);
    assert.ok(figures.outcomesAfterCrash.includes('confirming'));
    assert.equal(figures.outcomesAfterCrash.filter((o) => o === 'failing-over').length, 1, `outcomes: ${figures.outcomesAfterCrash.join(', ')}`);
  });

  it('promotes the standby and the canary finds the new writer', () => {
    assert.ok(figures.promotionSeconds > 0 && figures.promotionSeconds < 10, `promotion took ${figures.promotionSeconds} s`);
    assert.ok(figures.recoverySeconds >= figures.decisionSeconds);
    assert.ok(figures.recoverySeconds <= figures.decisionSeconds + figures.promotionSeconds + 1, `writable after ${figures.recoverySeconds} s`);
  });

  it('rows lost to asynchronous replication are only the last moments before the crash, within the RPO allowance', () => {
    assert.ok(figures.rowsAcknowledged > 100);
    assert.ok(figures.rowsLost >= 0 && figures.rowsLost <= figures.rowsAcknowledged);
    // Lost rows were acknowledged no earlier than the replication delay seen under load (plus scheduling slack) before the crash.
    assert.ok(figures.lostWindowMs <= Math.max(figures.replayDelay.maxMs, 0) + 250, `a lost row was acknowledged ${figures.lostWindowMs} ms before the crash`);
    assert.ok(figures.lostWindowMs <= DRILL.lagAllowanceSeconds * 1000);
    // At the measured write rate, that window cannot hold more rows than were lost.
    assert.ok(figures.rowsLost <= Math.ceil((figures.writesPerSecond * (figures.lostWindowMs + 250)) / 1000), `${figures.rowsLost} rows lost`);
  });
});
