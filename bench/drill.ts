// The local DR drill's figures for `npm run bench` (the drill itself: test/drill/drill.ts).
import { DRILL, runDrill } from '../test/drill/drill';

type Line = (label: string, value: string, goal?: string) => void;

export async function printDrill(line: Line): Promise<void> {
  const f = await runDrill();
  const s = (seconds: number) => `${seconds.toFixed(3)} s`;
  console.log(`local DR drill — PostgreSQL ${f.postgresVersion} primary + streaming standby on loopback; heartbeat every ${DRILL.canaryIntervalMs} ms, lag allowance ${DRILL.lagAllowanceSeconds} s, confirmation ${DRILL.confirmationSeconds} s, orchestrator every ${DRILL.orchestratorIntervalMs} ms`);
  line('  write load before the crash', `${f.writesPerSecond} rows/s`);
  line('  heartbeat age on the standby under load, median/max', `${s(f.heartbeatAge.medianSeconds)} / ${s(f.heartbeatAge.maxSeconds)}`, `< ${DRILL.canaryIntervalMs / 1000 + DRILL.lagAllowanceSeconds} s`);
  line('  replay delay on the standby under load, median/max', `${f.replayDelay.medianMs} / ${f.replayDelay.maxMs} ms`);
  line('  crash → detected (heartbeat overdue)', s(f.detectionSeconds));
  line('  crash → failover decided', s(f.decisionSeconds), `≤ ${f.budgetToDecisionSeconds} s (budget formula, measured intervals)`);
  line('  pg_promote()', s(f.promotionSeconds));
  line('  crash → canary finds the new writer', s(f.recoverySeconds));
  line('  rows acknowledged / lost after promotion', `${f.rowsAcknowledged} / ${f.rowsLost}`);
  // Negative: acknowledged after the immediate shutdown was started, while the server was still stopping.
  const lostAt = f.lostWindowMs >= 0 ? `${f.lostWindowMs} ms before the crash` : `${-f.lostWindowMs} ms after the crash began`;
  line('  oldest lost row acknowledged', f.rowsLost === 0 ? 'none lost' : lostAt);
  line('  orchestrator outcomes after the crash', f.outcomesAfterCrash.join(' → '));
}
